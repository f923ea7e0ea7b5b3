// Secondary unit designators (Publication 28, Appendix C2). Designators that need a number ("range") are only
// recognised with one; the others (REAR, FRNT, ...) stand alone or take an optional number.

const WITH_RANGE: ReadonlyArray<readonly string[]> = [
  ['APT', 'APARTMENT', 'APTS', 'APMT'],
  ['BLDG', 'BUILDING', 'BLD', 'BLDNG'],
  ['DEPT', 'DEPARTMENT', 'DEP'],
  ['FL', 'FLOOR', 'FLR'],
  ['HNGR', 'HANGAR', 'HANGER'],
  ['KEY'],
  ['LOT'],
  ['PIER'],
  ['RM', 'ROOM'],
  ['SLIP'],
  ['SPC', 'SPACE'],
  ['STOP'],
  ['STE', 'SUITE', 'SUIT', 'STES'],
  ['TRLR', 'TRAILER'],
  ['UNIT', 'UNT'],
  ['#'],
];

const WITHOUT_RANGE: ReadonlyArray<readonly string[]> = [
  ['BSMT', 'BASEMENT'],
  ['FRNT', 'FRONT'],
  ['LBBY', 'LOBBY'],
  ['LOWR', 'LOWER'],
  ['OFC', 'OFFICE'],
  ['PH', 'PENTHOUSE'],
  ['REAR'],
  ['SIDE'],
  ['UPPR', 'UPPER'],
];

function index(rows: ReadonlyArray<readonly string[]>): Map<string, string> {
  return new Map(rows.flatMap(([standard = '', ...spellings]) => [standard, ...spellings].map((s) => [s, standard])));
}

const RANGED: ReadonlyMap<string, string> = index(WITH_RANGE);
const UNRANGED: ReadonlyMap<string, string> = index(WITHOUT_RANGE);

/** Any spelling of a designator, with or without a number ("SUITE", "STE", "REAR", "#"). */
export function isDesignator(token: string | undefined): boolean {
  return token !== undefined && (RANGED.has(token) || UNRANGED.has(token));
}

/** A secondary number: has a digit, or is a single letter ("APT B"). */
export function isUnitNumber(token: string | undefined): token is string {
  return token !== undefined && token !== '#' && (/[0-9]/.test(token) || /^[A-Z]$/.test(token));
}

export interface UnitMatch {
  /** Normalised text, e.g. "APT 4B", "# 12", "REAR". */
  text: string;
  /** How many tokens it used. */
  length: number;
}

const ORDINAL_WORDS: ReadonlyMap<string, string> = new Map([
  ['FIRST', '1'], ['SECOND', '2'], ['THIRD', '3'], ['FOURTH', '4'], ['FIFTH', '5'], ['SIXTH', '6'], ['SEVENTH', '7'],
  ['EIGHTH', '8'], ['NINTH', '9'], ['TENTH', '10'],
]);

/** "2ND" -> "2", "THIRD" -> "3"; undefined for anything that is not an ordinal. */
function ordinal(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const m = /^([0-9]{1,3})(?:ST|ND|RD|TH)$/.exec(token);
  return m ? String(Number(m[1])) : ORDINAL_WORDS.get(token);
}

/**
 * Reads one secondary unit starting at tokens[at]: "APT 4B", "APT # 4B", "# 4B", "REAR", "PH 2". A floor written
 * the way people say it ("2ND FLOOR", "THIRD FL", "FLOOR 2ND") is the designator and its number: "FL 2" (Pub 28 C2).
 */
export function unitAt(tokens: readonly string[], at: number): UnitMatch | undefined {
  const word = tokens[at];
  if (word === undefined) return undefined;
  const floorNumber = ordinal(word);
  if (floorNumber !== undefined && RANGED.get(tokens[at + 1] ?? '') === 'FL') return { text: `FL ${floorNumber}`, length: 2 };
  const ranged = RANGED.get(word);
  if (ranged !== undefined) {
    // "APT # 4B" and "APT NO 4B": the pound sign or "NO" adds nothing once a designator is given.
    const skip = ranged !== '#' && (tokens[at + 1] === '#' || tokens[at + 1] === 'NO') ? 1 : 0;
    const value = tokens[at + 1 + skip];
    if (ranged === 'FL' && ordinal(value) !== undefined) return { text: `FL ${ordinal(value)}`, length: 2 + skip };
    if (isUnitNumber(value)) return { text: `${ranged} ${unitNumber(value)}`, length: 2 + skip };
    return undefined;
  }
  const unranged = UNRANGED.get(word);
  if (unranged !== undefined) {
    const value = tokens[at + 1];
    if (isUnitNumber(value)) return { text: `${unranged} ${unitNumber(value)}`, length: 2 };
    return { text: unranged, length: 1 };
  }
  return undefined;
}

/** Keeps '-' inside a unit number ("4-B"); a slash there is not a fraction, so it becomes a hyphen. */
function unitNumber(token: string): string {
  return token.replace(/\//g, '-');
}

/** Reads consecutive units starting at tokens[at]. Returns the units and the index after the last one. */
export function unitsFrom(tokens: readonly string[], at: number): { units: string[]; end: number } {
  const units: string[] = [];
  let i = at;
  for (let match = unitAt(tokens, i); match !== undefined; match = unitAt(tokens, i)) {
    units.push(match.text);
    i += match.length;
  }
  return { units, end: i };
}
