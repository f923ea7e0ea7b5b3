import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

// NIST SP 800-63B-4 for a single-factor memorised secret: at least 15 characters, checked against lists of
// commonly used or compromised values, no composition rules. zxcvbn's dictionaries are the blocklist; its score
// (0-4) also drives the strength meter, so the meter and the rule can never disagree.
export const MIN_PASSPHRASE_LENGTH = 15;
export const MIN_SCORE = 3;

/**
 * Words an insider guesses first on a union election committee's workstation (NIST SP 800-63B-4 asks for
 * "context-specific words"): the union movement's own vocabulary, election words, LitDesk's own names, and the
 * big unions' initials. The union's name, local number and election names are added per vault (see `context`).
 */
export const LITDESK_VOCABULARY = [
  'litdesk', 'lit', 'desk', 'union', 'unions', 'local', 'locals', 'solidarity', 'forever', 'strike', 'strikers', 'picket',
  'contract', 'bargaining', 'steward', 'stewards', 'brother', 'sister', 'brothers', 'sisters', 'comrade', 'workers',
  'worker', 'labor', 'labour', 'united', 'unite', 'together', 'power', 'members', 'member', 'membership', 'election',
  'elections', 'elect', 'vote', 'votes', 'voting', 'ballot', 'ballots', 'candidate', 'candidates', 'campaign',
  'committee', 'chair', 'chairperson', 'staff', 'auditor', 'officer', 'officers', 'president', 'secretary',
  'treasurer', 'delegate', 'literature', 'mailing', 'mail', 'vault', 'passphrase', 'password', 'seiu', 'afscme',
  'teamsters', 'ibt', 'uaw', 'afl', 'cio', 'aflcio', 'ufcw', 'cwa', 'ibew', 'unite', 'here', 'aft', 'nea', 'usw',
  'iam', 'liuna', 'atu', 'twu', 'ilwu', 'nnu', 'cna', 'afge', 'nalc', 'apwu', 'opeiu', 'iatse', 'sag', 'aftra',
  'lmrda', 'dol', 'olms', 'nlrb', 'forward', 'rise', 'rising', 'stronger', 'fight', 'fighting', 'justice',
];

let factory: ZxcvbnFactory | undefined;
const estimator = (): ZxcvbnFactory =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, litdesk: LITDESK_VOCABULARY },
    graphs: common.adjacencyGraphs,
  }));

export type PassphraseVerdict = {
  ok: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  /** i18n key of the reason when not ok. */
  reason?: 'passphrase.tooShort' | 'passphrase.common' | 'passphrase.containsLogin' | 'passphrase.context';
};

/** Letters a passphrase must hold outside the vocabulary, the vault's context words and numbers. */
export const MIN_OWN_LETTERS = 8;

/** The vault's own words, split so each one is guessable on its own: "SEIU Local 503" gives seiu, local, 503. */
export function contextWords(texts: Array<string | null | undefined>): string[] {
  const words = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    const lower = t.normalize('NFC').toLowerCase();
    words.add(lower);
    for (const w of lower.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 2) words.add(w);
  }
  return [...words];
}

/**
 * One rule for the UI meter and the core. `identity` is who the passphrase is for (login, display name): containing
 * it is refused outright below the top score. `surroundings` is the vault's context (union name, local number,
 * election names): those words count as guessed first, like the LitDesk vocabulary.
 */
export function judgePassphrase(passphrase: string, identity: string[] = [], surroundings: string[] = []): PassphraseVerdict {
  const length = [...passphrase].length;
  const userInputs = contextWords([...identity, ...surroundings]);
  const result = estimator().check(passphrase.slice(0, 200), userInputs);
  const score = result.score as PassphraseVerdict['score'];
  if (length < MIN_PASSPHRASE_LENGTH) return { ok: false, score: Math.min(score, 1) as PassphraseVerdict['score'], reason: 'passphrase.tooShort' };
  const lower = passphrase.toLowerCase();
  if (identity.some((c) => c.length >= 3 && lower.includes(c.toLowerCase())) && score < 4) {
    return { ok: false, score, reason: 'passphrase.containsLogin' };
  }
  // zxcvbn scores any run of words high (it assumes the attacker does not know the words); an insider does, so the
  // words outside the union's and LitDesk's vocabulary must carry the strength on their own.
  const known = new Set([...LITDESK_VOCABULARY, ...userInputs]);
  const own = lower.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w && !known.has(w) && !/^\p{N}+$/u.test(w));
  if ([...own.join('')].length < MIN_OWN_LETTERS) return { ok: false, score: Math.min(score, 2) as PassphraseVerdict['score'], reason: 'passphrase.context' };
  if (score < MIN_SCORE) return { ok: false, score, reason: 'passphrase.common' };
  return { ok: true, score };
}
