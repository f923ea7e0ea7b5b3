// Who may not pay for a campaign (LMRDA 401(g), 29 U.S.C. 481(g)): no money of a labor organization or of an employer
// may promote any candidate. The committee records the union's names and its members' employers; this pure matcher
// (issue 13 §6) compares a payer's name, and the account holder's as written on the cheque or transfer, with them.
//
// It folds case, accents, punctuation, spacing, token order, common abbreviations ("Hosp." for "Hospital") and
// acronyms both ways ("S.E.I.U.", "SEIU503" and "Service Employees International Union Local 503" are all the union
// "SEIU Local 503"). Verdicts:
// - 'refused': the name is made only of a protected name (and words that say nothing, such as "Local", "Inc.",
//   "General Fund"), however written;
// - 'review': not that, but not clearly different either: a protected name among other words ("Friends of Local 42
//   members"), a distinctive word of one ("Acme Hardware" beside the employer "Acme Hospital"), or a name that reads
//   like a labor organization ("Teamsters Local 117"). A second committee member looks before the payment counts;
//   that review is how a genuine "Friends of Local 42 members" gets through;
// - 'clear' otherwise.

export const PROTECTED_KINDS = ['legalName', 'commonName', 'acronym', 'affiliate', 'employer'] as const;
export type ProtectedKind = (typeof PROTECTED_KINDS)[number];
export type ProtectedName = { kind: ProtectedKind; name: string };
export type PayerStatus = 'clear' | 'review' | 'refused';
export type PayerVerdict = {
  status: PayerStatus;
  /** The protected name the payer was found to be or to resemble; null for 'clear' and for a union-like name. */
  match: ProtectedName | null;
  /** Why, in one word: 'same' (refused), 'contains', 'resembles' or 'unionLike' (review), null (clear). */
  why: 'same' | 'contains' | 'resembles' | 'unionLike' | null;
};

/** Words that say nothing about who the payer is: they never make a name different, nor distinctive. */
const FILLER = new Set(['the', 'of', 'and', 'for', 'a', 'an', 'at', 'in', 'on', 'local', 'no', 'nr', 'num', 'number', 'inc',
  'incorporated', 'llc', 'llp', 'ltd', 'limited', 'co', 'corp', 'corporation', 'company', 'fund', 'funds', 'account', 'acct',
  'general', 'treasury', 'operating', 'chapter', 'unit', 'branch', 'dba', 'plc']);
/** Common words of union and employer names: shared with a protected name, they alone do not call for review. */
const GENERIC = new Set(['union', 'unions', 'international', 'national', 'employees', 'employee', 'workers', 'worker', 'service', 'services',
  'council', 'federation', 'association', 'members', 'member', 'friends', 'committee', 'campaign', 'hospital', 'health', 'center',
  'medical', 'public', 'state', 'county', 'city', 'united', 'american', 'america', 'labor', 'trades', 'district',
  'regional', 'region', 'joint', 'board', 'organization', 'group', 'care', 'systems', 'university', 'school', 'community',
  'people', 'citizens', 'elect', 're', 'vote', 'support', 'supporters', 'saint', 'mount', 'north', 'south', 'east', 'west',
  'new', 'first', 'department', 'management', 'foundation', 'trust', 'bank', 'credit', 'oregon', 'california', 'washington']);
/** Abbreviations written on cheques, folded to the word (and British spellings to American). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  intl: 'international', int: 'international', internat: 'international', natl: 'national', nat: 'national', assn: 'association',
  assoc: 'association', hosp: 'hospital', hosps: 'hospital', hospitals: 'hospital', univ: 'university', dept: 'department',
  fed: 'federation', amer: 'american', emp: 'employees', empl: 'employees', emps: 'employees', employee: 'employees',
  svc: 'service', svcs: 'services', serv: 'service', mgmt: 'management', ctr: 'center', cntr: 'center', centre: 'center',
  med: 'medical', wkrs: 'workers', wrkrs: 'workers', worker: 'workers', bd: 'board', dist: 'district', reg: 'regional',
  cncl: 'council', coun: 'council', comm: 'committee', cmte: 'committee', utd: 'united', mt: 'mount', st: 'saint',
  hlth: 'health', sys: 'systems', system: 'systems', labour: 'labor', organisation: 'organization', org: 'organization',
  bros: 'brothers', bro: 'brothers', hq: 'headquarters', tchrs: 'teachers', educ: 'education',
};
/** Words that name a labor organization: a payer called so is reviewed even when no recorded name matches. */
const UNION_WORDS = new Set(['union', 'unions', 'brotherhood', 'teamsters', 'aflcio', 'guild', 'federation', 'council']);

const isNumber = (t: string): boolean => /^\d+$/.test(t);
const isWord = (t: string): boolean => !isNumber(t);

/**
 * Case-, accent- and punctuation-blind tokens of a name: letters glued to digits split ("SEIU503" -> seiu 503), single
 * letters joined ("S.E.I.U." and "S E I U" -> seiu), "&" read as "and", abbreviations folded, numbers without leading
 * zeros.
 */
export function payerTokens(name: string): string[] {
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/đ/g, 'd').replace(/ø/g, 'o').replace(/ß/g, 'ss').replace(/&/g, ' and ').replace(/['’`]/g, '')
    .replace(/afl\s*-?\s*cio/g, 'aflcio')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2').replace(/(\p{N})(\p{L})/gu, '$1 $2')
    // "Local #503", "No. 503": the mark says nothing.
    .replace(/#/g, ' ');
  const raw = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out: string[] = [];
  let run = '';
  for (const t of raw) {
    if (t.length === 1 && /\p{L}/u.test(t)) { run += t; continue; }
    if (run) { out.push(run); run = ''; }
    out.push(t);
  }
  if (run) out.push(run);
  return out.map((t) => ABBREVIATIONS[t] ?? t).map((t) => (isNumber(t) ? String(Number(t)) : t));
}

/** The tokens that say who the payer is (filler words dropped). */
export const significantTokens = (name: string): string[] => payerTokens(name).filter((t) => !FILLER.has(t));

/** The initials of a name's words with its numbers: "Service Employees International Union Local 503" -> [seiu, 503]. */
function acronymForm(tokens: readonly string[]): string[] {
  const words = tokens.filter(isWord);
  if (words.length < 2) return [];
  return [words.map((w) => w[0]).join(''), ...tokens.filter(isNumber)];
}

/** Every form a protected name can take: its own significant tokens, and its acronym with its numbers. */
export function protectedForms(name: string): string[][] {
  const tokens = significantTokens(name);
  const forms = [tokens];
  const acronym = acronymForm(tokens);
  if (acronym.length > 0) forms.push(acronym);
  return forms.filter((f) => f.length > 0);
}

/**
 * The payer's tokens, and the same with every run of two or more words whose initials spell a protected acronym
 * collapsed to that acronym ("Service Employees International Union" -> seiu when "SEIU" is protected).
 */
function payerReadings(tokens: readonly string[], acronyms: ReadonlySet<string>): string[][] {
  const collapsed: string[] = [];
  let changed = false;
  for (let i = 0; i < tokens.length;) {
    let took = 0;
    for (let j = tokens.length; j >= i + 2 && took === 0; j--) {
      const run = tokens.slice(i, j);
      if (run.every(isWord) && acronyms.has(run.map((w) => w[0]).join(''))) took = j - i;
    }
    if (took > 0) {
      collapsed.push(tokens.slice(i, i + took).map((w) => w[0]).join(''));
      i += took; changed = true;
    } else {
      collapsed.push(tokens[i]!); i += 1;
    }
  }
  return changed ? [[...tokens], collapsed] : [[...tokens]];
}

/** Two tokens name the same thing: equal, or (words of 4+ letters) one the other's abbreviation by truncation. */
const same = (a: string, b: string): boolean =>
  a === b || (isWord(a) && isWord(b) && Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

const distinctive = (t: string): boolean => isNumber(t) || (!GENERIC.has(t) && t.length >= 3);

const RANK: Record<PayerStatus, number> = { clear: 0, review: 1, refused: 2 };

function judgeReading(tokens: readonly string[], names: readonly ProtectedName[]): PayerVerdict {
  const covered = new Set<number>();
  let contained: ProtectedName | null = null;
  let resembles: ProtectedName | null = null;
  for (const n of names) {
    for (const form of protectedForms(n.name)) {
      // Each word of the form takes its own place in the payer's name ("Riverside Riverside" needs two).
      const taken = new Set<number>();
      const hits = form.map((f) => {
        const h = tokens.findIndex((t, i) => !taken.has(i) && same(t, f));
        if (h >= 0) taken.add(h);
        return h;
      });
      if (hits.every((h) => h >= 0)) {
        contained ??= n;
        for (const h of hits) covered.add(h);
      }
      // A distinctive part of a protected name (a number, or a word that is not a common one) calls for a second look.
      if (!resembles && form.some((f) => distinctive(f) && tokens.some((t) => same(t, f)))) resembles = n;
    }
  }
  if (contained && tokens.every((_, i) => covered.has(i))) return { status: 'refused', match: contained, why: 'same' };
  if (contained) return { status: 'review', match: contained, why: 'contains' };
  if (resembles) return { status: 'review', match: resembles, why: 'resembles' };
  const credit = tokens.indexOf('credit');
  const unionLike = tokens.some((t, i) => UNION_WORDS.has(t) && !(t === 'union' && credit >= 0 && credit === i - 1));
  if (unionLike) return { status: 'review', match: null, why: 'unionLike' };
  return { status: 'clear', match: null, why: null };
}

/**
 * The protected words a payer may have spelled out in full: recorded acronyms, words written in capitals or with
 * dots ("SEIU", "S.E.I.U."), and short words (5 letters or fewer) that are not common ones.
 */
function acronymsOf(names: readonly ProtectedName[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    const capitals = n.name.split(/\s+/).filter((w) => /^(\p{Lu}\.?){2,}\d*,?$/u.test(w) || /^(\p{L}\.){2,}/u.test(w));
    const capitalTokens = new Set(capitals.flatMap((w) => payerTokens(w)));
    for (const t of significantTokens(n.name)) {
      if (isWord(t) && t.length >= 2 && (n.kind === 'acronym' || capitalTokens.has(t) || (t.length <= 5 && !GENERIC.has(t)))) out.add(t);
    }
  }
  return out;
}

/** Judges one name (a payer's, or an account holder's) against the protected names. */
export function judgePayer(name: string, names: readonly ProtectedName[]): PayerVerdict {
  const raw = payerTokens(name);
  const tokens = raw.filter((t) => !FILLER.has(t));
  // "Local 42" is only filler and a number: the number alone still names a local.
  if (tokens.length === 0) return { status: 'clear', match: null, why: null };
  const acronyms = acronymsOf(names);
  let worst: PayerVerdict = { status: 'clear', match: null, why: null };
  for (const reading of payerReadings(tokens, acronyms)) {
    const v = judgeReading(reading, names);
    if (RANK[v.status] > RANK[worst.status]) worst = v;
  }
  if (worst.status === 'clear' && raw.includes('local') && tokens.some(isNumber)) return { status: 'review', match: null, why: 'unionLike' };
  return worst;
}

/** The stricter verdict over several names (the payer's and the account holder's). */
export function judgeNames(names: readonly string[], protectedNames: readonly ProtectedName[]): PayerVerdict {
  let worst: PayerVerdict = { status: 'clear', match: null, why: null };
  for (const n of names) {
    const v = judgePayer(n, protectedNames);
    if (RANK[v.status] > RANK[worst.status]) worst = v;
  }
  return worst;
}

/** One key per name however it is written: same tokens in any order ("Pérez, Ana" and "ANA PEREZ"). */
export const nameKey = (name: string): string => [...significantTokens(name)].sort().join(' ');

/** Whether two names are the same party as far as writing goes (case, accents, punctuation, order, abbreviations). */
export const sameParty = (a: string, b: string): boolean => {
  const ka = nameKey(a);
  return ka.length > 0 && ka === nameKey(b);
};

/**
 * Variants a union body's or an employer's name is often written as, for the chair to confirm at setup: its acronym
 * (with its local number), without "Inc."-like words, with its common abbreviations ("Hosp." for "Hospital"), with "&"
 * for "and" and back. The matcher folds most of these already; recording the confirmed ones keeps the list readable
 * and makes the acronym itself protected.
 */
export function suggestVariants(name: string): string[] {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const words = trimmed.split(' ');
  const out: string[] = [];
  const add = (v: string): void => {
    const t = v.trim().replace(/\s+/g, ' ').replace(/[\s,;:-]+$/u, '');
    if (t.length >= 2 && t.toLowerCase() !== trimmed.toLowerCase() && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  };
  const tokens = significantTokens(trimmed);
  const acronym = acronymForm(tokens);
  // Two-letter acronyms, and ones that spell a word saying nothing ("LLC"), are too common to protect.
  if (acronym.length > 0 && acronym[0]!.length >= 3 && !FILLER.has(acronym[0]!)) {
    const letters = acronym[0]!.toUpperCase();
    const numbers = acronym.slice(1);
    add([letters, ...numbers].join(' '));
    if (numbers.length > 0) { add(`${letters} Local ${numbers.join(' ')}`); add(`${letters}${numbers.join('')}`); }
  }
  const plain = (w: string): string => w.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]/gu, '');
  const noSuffix = words.filter((w) => plain(w) === 'local' || !FILLER.has(plain(w)) || isNumber(plain(w))).join(' ');
  if (noSuffix.length > 0) add(noSuffix);
  const shortFor = new Map<string, string>();
  for (const [k, v] of Object.entries(ABBREVIATIONS)) if (k.length >= 3 && k.length < v.length && !shortFor.has(v)) shortFor.set(v, k);
  const abbreviated = words.map((w) => {
    const s = shortFor.get(plain(w));
    return s ? `${s[0]!.toUpperCase()}${s.slice(1)}.` : w;
  }).join(' ');
  add(abbreviated);
  if (/\band\b/i.test(trimmed)) add(trimmed.replace(/\band\b/gi, '&'));
  else if (trimmed.includes('&')) add(trimmed.replace(/\s*&\s*/g, ' and '));
  return out;
}
