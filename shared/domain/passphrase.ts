import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

// NIST SP 800-63B-4 for a single-factor memorised secret: at least 15 characters, checked against lists of
// commonly used or compromised values, no composition rules. zxcvbn's dictionaries are the blocklist; its score
// (0-4) also drives the strength meter, so the meter and the rule can never disagree.
export const MIN_PASSPHRASE_LENGTH = 15;
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
const estimator = (): ZxcvbnFactory =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
  }));

export type PassphraseVerdict = {
  ok: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  /** i18n key of the reason when not ok. */
  reason?: 'passphrase.tooShort' | 'passphrase.common' | 'passphrase.containsLogin';
};

export function judgePassphrase(passphrase: string, context: string[] = []): PassphraseVerdict {
  const length = [...passphrase].length;
  const result = estimator().check(passphrase.slice(0, 200), context);
  const score = result.score as PassphraseVerdict['score'];
  if (length < MIN_PASSPHRASE_LENGTH) return { ok: false, score: Math.min(score, 1) as PassphraseVerdict['score'], reason: 'passphrase.tooShort' };
  const lower = passphrase.toLowerCase();
  if (context.some((c) => c.length >= 3 && lower.includes(c.toLowerCase())) && score < 4) {
    return { ok: false, score, reason: 'passphrase.containsLogin' };
  }
  if (score < MIN_SCORE) return { ok: false, score, reason: 'passphrase.common' };
  return { ok: true, score };
}
