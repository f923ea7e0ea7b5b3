import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import { nameLine, normaliseName } from '../../shared/domain/address/name.ts';
import { normaliseAddress, type AddressProblem } from '../../shared/domain/address/pub28.ts';
import { foldToAscii } from '../../shared/domain/address/text.ts';
import type { MemberRecord } from './import/types.ts';
import { printFit, type PrintFitProblem } from '../merge/print-fit.ts';

/** What the writer needs of one member: the parser's record without its row number. */
export type MemberInput = Omit<MemberRecord, 'rowNumber'>;

/** One member as stored: the list's values as given (NFC) and the Publication 28 lines printed on pieces. */
export type StoredMember = Pick<MemberInput,
  'memberId' | 'firstName' | 'lastName' | 'fullName' | 'address1' | 'address2' | 'city' | 'state' | 'zip'> & {
  email: string | null;
  local: string | null;
  worksite: string | null;
  shift: string | null;
  statusRaw: string;
  printName: string;
  printDelivery: string;
  printSecondary: string | null;
  printLastLine: string;
  zip5: string;
  zip4: string | null;
  /** Two digits after the ZIP+4 (IMb routing code ZIP+4+DP); null without a ZIP+4 or when the list has none. */
  deliveryPoint: string | null;
  /** Canonical JSON (sorted keys) of the non-empty segment values. */
  segments: string;
  /** Publication 28 lines above the delivery line (C/O, building), JSON array, or null. */
  above: string | null;
};

/**
 * Refused: the address cannot be read (`problems`), or it reads but cannot print in an envelope window at 8 pt or
 * more (`fit`: a line to shorten, or too many lines), found here so that no job ever fails on it.
 */
export type PreparedMember = { ok: true; member: StoredMember } | { ok: false; problems: AddressProblem[]; fit?: PrintFitProblem };

// Printable ASCII is already NFC: only non-ASCII text pays for the Unicode normaliser (a fifth of preparing a member).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const nfc = (s: string | undefined): string => {
  const v = s ?? '';
  return (PRINTABLE_ASCII.test(v) ? v : v.normalize('NFC')).trim();
};
const orNull = (s: string): string | null => (s === '' ? null : s);

/** Normalises one member for storage. The same function serves import, corrections and the test seeder. */
export function prepareMember(m: MemberInput): PreparedMember {
  const fullName = normaliseName(m.fullName || `${m.firstName} ${m.lastName}`);
  const address1 = nfc(m.address1);
  const address2 = nfc(m.address2);
  const city = nfc(m.city);
  const state = nfc(m.state);
  const zip = nfc(m.zip);
  const pub28 = normaliseAddress({ line1: address1, line2: address2, city, state, zip });
  if (!pub28.ok) return { ok: false, problems: pub28.problems };
  const a = pub28.address;
  const printName = nameLine(fullName);
  const fit = printFit(printName, a);
  if (fit) return { ok: false, problems: [], fit };
  const segments: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.segments ?? {})) {
    const v = nfc(value);
    if (v !== '') segments[nfc(name)] = v;
  }
  return {
    ok: true,
    member: {
      memberId: nfc(m.memberId),
      firstName: normaliseName(m.firstName),
      lastName: normaliseName(m.lastName),
      fullName,
      address1, address2, city, state, zip,
      email: orNull(nfc(m.email)),
      local: orNull(nfc(m.local)),
      worksite: orNull(nfc(m.worksite)),
      shift: orNull(nfc(m.shift)),
      statusRaw: nfc(m.status),
      printName,
      printDelivery: a.delivery,
      printSecondary: a.secondary ?? null,
      printLastLine: a.lastLine,
      zip5: a.zip5,
      zip4: a.zip4 ?? null,
      // Only with a ZIP+4 (the import refuses a row otherwise; a correction that drops the +4 drops it too).
      deliveryPoint: a.zip4 && m.deliveryPoint && /^[0-9]{2}$/.test(m.deliveryPoint) ? m.deliveryPoint : null,
      segments: canonicalJson(segments),
      above: a.above && a.above.length > 0 ? JSON.stringify(a.above) : null,
    },
  };
}

/** Lower-case ASCII words of a name for diacritic-insensitive prefix search ("Nguyễn" -> "nguyen", "Đức" -> "duc"). */
export function searchWords(...names: string[]): string[] {
  const words = new Set<string>();
  for (const name of names) for (const w of nameWords(name)) words.add(w);
  return [...words];
}

// The words of one name, remembered: a list repeats its first and last names (measured: folding and splitting them
// was a quarter of preparing a member). A name of several space-separated parts is the parts' words in order when each
// part folds to ASCII (folding works character by character and a space only separates), so full names hit the
// cache through their parts. A bounded cache, emptied when full.
const WORDS_CACHE_MAX = 50_000;
const wordsCache = new Map<string, readonly string[] | null>();
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

function nameWords(name: string): readonly string[] {
  if (name.includes(' ')) {
    const words: string[] = [];
    for (const part of name.split(' ')) {
      const w = partWords(part);
      if (w === null) return splitWords(foldToAscii(name).toLowerCase());
      words.push(...w);
    }
    return words;
  }
  return partWords(name) ?? splitWords(foldToAscii(name).toLowerCase());
}

/** The words of a name part without spaces, or null when it does not fold to ASCII. */
function partWords(part: string): readonly string[] | null {
  let words = wordsCache.get(part);
  if (words !== undefined) return words;
  const folded = foldToAscii(part).toLowerCase();
  // Printable ASCII after folding: letters and digits are a-z and 0-9, so the Unicode classes split the same way.
  words = !NOT_PRINTABLE_ASCII.test(folded) ? folded.split(/[^a-z0-9]+/).filter((w) => w !== '') : null;
  if (wordsCache.size >= WORDS_CACHE_MAX) wordsCache.clear();
  wordsCache.set(part, words);
  return words;
}

function splitWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Folds a search query the same way as the stored words. */
export function queryWords(query: string): string[] {
  return foldToAscii(query.normalize('NFC')).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}
