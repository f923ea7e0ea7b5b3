// The delivery address line (Publication 28 sections 23-29): primary number, predirectional, street name, suffix,
// postdirectional, then the secondary unit last; or a PO box, rural route or highway contract box.
import { DIRECTIONALS, STREET_SUFFIXES, twoWordDirectional } from './street-words.ts';
import { isDesignator, isUnitNumber, unitAt, unitsFrom } from './units.ts';

export interface Delivery {
  /** The whole delivery line, secondary unit included at its end. */
  delivery: string;
  /** The secondary unit(s) that end the delivery line, e.g. "APT 4B". */
  secondary?: string;
  /** Lines printed above the delivery line: a building name, "C O ...", or a street when the PO box is used. */
  above: string[];
}

type Kind = 'street' | 'box' | 'other';
interface Segment {
  kind: Kind;
  /** The normalised line without its units. */
  core: string;
  /** The same words, unabbreviated: used when an unnumbered line is printed above the delivery line. */
  plain: string;
  units: string[];
}

const PO_BOX_PREFIXES: ReadonlyArray<readonly string[]> = [
  ['POST', 'OFFICE', 'BOX'],
  ['POST', 'OFFICE', 'DRAWER'],
  ['P', 'O', 'BOX'],
  ['P', 'O', 'B'],
  ['PO', 'BOX'],
  ['PO', 'DRAWER'],
  ['POBOX'],
  ['POB'],
  ['BOX'],
  ['DRAWER'],
];

const RURAL_PREFIXES: ReadonlyArray<readonly [readonly string[], string]> = [
  [['RURAL', 'ROUTE'], 'RR'],
  [['RURAL', 'RTE'], 'RR'],
  [['RURAL', 'RT'], 'RR'],
  [['R', 'R'], 'RR'],
  [['RR'], 'RR'],
  [['RFD'], 'RR'],
  [['HIGHWAY', 'CONTRACT'], 'HC'],
  [['HWY', 'CONTRACT'], 'HC'],
  [['STAR', 'ROUTE'], 'HC'],
  [['HC'], 'HC'],
];

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((word, i) => tokens[i] === word);
}

/** A box number: a token with a digit, or a single letter (PO boxes can be lettered). */
function boxNumber(tokens: readonly string[], at: number): { value: string; next: number } | undefined {
  const skip = tokens[at] === '#' || tokens[at] === 'NO' ? 1 : 0;
  const value = tokens[at + skip];
  if (!isUnitNumber(value)) return undefined;
  return { value: value.replace(/\//g, '-'), next: at + skip + 1 };
}

/** "PO BOX 77", "RR 2 BOX 152", "HC 68 BOX 23", with any units after them. */
function boxSegment(tokens: readonly string[]): Segment | undefined {
  for (const prefix of PO_BOX_PREFIXES) {
    if (!startsWith(tokens, prefix)) continue;
    const number = boxNumber(tokens, prefix.length);
    if (!number) continue;
    const { units, end } = unitsFrom(tokens, number.next);
    if (end !== tokens.length) continue;
    const core = `PO BOX ${number.value}`;
    return { kind: 'box', core, plain: core, units };
  }
  for (const [prefix, standard] of RURAL_PREFIXES) {
    if (!startsWith(tokens, prefix)) continue;
    const route = boxNumber(tokens, prefix.length);
    if (!route) continue;
    let core = `${standard} ${route.value}`;
    let next = route.next;
    if (tokens[next] === 'BOX') {
      const box = boxNumber(tokens, next + 1);
      if (box) {
        core += ` BOX ${box.value}`;
        next = box.next;
      }
    }
    const { units, end } = unitsFrom(tokens, next);
    if (end !== tokens.length) continue;
    return { kind: 'box', core, plain: core, units };
  }
  return undefined;
}

/** Designators of a military delivery line (Pub 28 225, DMM 602.1.5): UNIT only in a military last line. */
const MILITARY_WORDS: ReadonlySet<string> = new Set(['UNIT', 'PSC', 'CMR']);

/**
 * "UNIT 2050 BOX 4190", "PSC 802 BOX 74", "CMR 1250", also written "PSC 2, PO BOX 7" or "PSC 2 BOX # 7". A military
 * box is "BOX", never "PO BOX". UNIT is an ordinary secondary designator outside an APO/FPO/DPO last line, so it is
 * read this way only when `military`; PSC (Postal Service Center) and CMR (Community Mail Room) mean nothing else.
 */
function militarySegment(tokens: readonly string[], military: boolean): Segment | undefined {
  const word = tokens[0];
  if (word === undefined || !MILITARY_WORDS.has(word) || (word === 'UNIT' && !military)) return undefined;
  // UNIT, PSC and CMR numbers are plain digits; "UNIT 12-A" is an apartment-style unit, not a military one.
  const number = boxNumber(tokens, 1);
  if (!number || !/^[0-9]+$/.test(number.value)) return undefined;
  let core = `${word} ${number.value}`;
  let next = number.next;
  const boxAt = tokens[next] === 'BOX' ? next + 1 : tokens[next] === 'PO' && tokens[next + 1] === 'BOX' ? next + 2 : -1;
  if (boxAt > 0) {
    const box = boxNumber(tokens, boxAt);
    if (!box) return undefined;
    core += ` BOX ${box.value}`;
    next = box.next;
  }
  // A lone "UNIT 12" is the secondary unit it looks like; a military UNIT line always carries its box.
  if (next !== tokens.length || (word === 'UNIT' && boxAt < 0)) return undefined;
  return { kind: 'box', core, plain: core, units: [] };
}

/** The number of a plain "PO BOX n" segment with nothing else in it, for joining to a military line. */
function plainBoxNumber(tokens: readonly string[]): string | undefined {
  const box = boxSegment(tokens);
  return box && box.core.startsWith('PO BOX ') && box.units.length === 0 ? box.core.slice('PO BOX '.length) : undefined;
}

/**
 * "PSC 2" on one line and "PO BOX 7" on the other (either order), or "PO BOX 4190 UNIT 2050" on one line: one
 * military delivery line, "PSC 2 BOX 7", "UNIT 2050 BOX 4190" (the unit first, as DMM 602.1.5 writes it).
 */
function joinMilitary(segments: string[][], military: boolean): string[][] {
  const out = segments.map((tokens) => {
    if (!military || tokens[0] === 'UNIT') return tokens;
    const box = boxSegment(tokens);
    const unit = box?.units.length === 1 ? box.units[0]!.split(' ') : undefined;
    if (box && box.core.startsWith('PO BOX ') && unit && unit[0] === 'UNIT' && unit.length === 2 && /^[0-9]+$/.test(unit[1]!)) {
      return ['UNIT', unit[1]!, 'BOX', box.core.slice('PO BOX '.length)];
    }
    return tokens;
  });
  const unitAt = out.findIndex((t) => t.length === 2 && MILITARY_WORDS.has(t[0]!) && (military || t[0] !== 'UNIT') && /^[0-9]+$/.test(t[1]!));
  if (unitAt < 0) return out;
  const boxAt = out.findIndex((t) => plainBoxNumber(t) !== undefined);
  if (boxAt < 0) return out;
  const joined = [...out[unitAt]!, 'BOX', plainBoxNumber(out[boxAt]!)!];
  return out.flatMap((t, i) => (i === unitAt ? [joined] : i === boxAt ? [] : [t]));
}

/** Street name words: hyphens and stray slashes or pound signs become spaces. */
function nameWords(tokens: readonly string[]): string[] {
  const words: string[] = [];
  for (const token of tokens) {
    if (!/[-/#]/.test(token)) words.push(token);
    else for (const part of token.split(/[-/#]+/)) if (part.length > 0) words.push(part);
  }
  return words;
}

function isDirectional(token: string | undefined): boolean {
  return token !== undefined && DIRECTIONALS.has(token);
}

/** Primary number, directionals and suffix of a street line without its units. */
function streetCore(tokens: readonly string[]): string {
  const out: string[] = [];
  let rest = tokens.filter((t) => t !== '#');
  const first = rest[0];
  if (first !== undefined && /[0-9]/.test(first)) {
    // Hyphenated primary numbers ("123-45", Queens) and lettered ones ("12A") are kept whole.
    out.push(first.replace(/\//g, '-'));
    rest = rest.slice(1);
    if (rest[0] !== undefined && /^[0-9]+\/[0-9]+$/.test(rest[0])) {
      out.push(rest[0]);
      rest = rest.slice(1);
    }
  }
  let words = nameWords(rest);

  // Postdirectional: the last word, when something comes before it ("MAIN ST NORTH" -> "MAIN ST N"). Not after a
  // unit word: "SUITE N" would read back as suite N.
  let post: string | undefined;
  const lastPair = twoWordDirectional(words[words.length - 2], words[words.length - 1]);
  const beforeLast = words[words.length - 2];
  if (lastPair !== undefined && words.length >= 3) {
    post = lastPair;
    words = words.slice(0, -2);
  } else if (
    words.length >= 2 &&
    isDirectional(words[words.length - 1]) &&
    !isDirectional(beforeLast) &&
    !isDesignator(beforeLast)
  ) {
    post = DIRECTIONALS.get(words[words.length - 1]!);
    words = words.slice(0, -1);
  }

  // Suffix: the last remaining word, when a name comes before it ("COURT STREET" -> "COURT ST").
  let suffix: string | undefined;
  const last = words[words.length - 1];
  if (words.length >= 2 && last !== undefined && STREET_SUFFIXES.has(last)) {
    suffix = STREET_SUFFIXES.get(last);
    words = words.slice(0, -1);
  }

  // Predirectional: the first word, when a name remains after it; "NORTH ST" keeps NORTH as the name.
  let pre: string | undefined;
  const firstPair = twoWordDirectional(words[0], words[1]);
  if (firstPair !== undefined && words.length >= 3) {
    pre = firstPair;
    words = words.slice(2);
  } else if (words.length >= 2 && isDirectional(words[0])) {
    pre = DIRECTIONALS.get(words[0]!);
    words = words.slice(1);
  }

  return [...out, pre, ...words, suffix, post].filter((t): t is string => t !== undefined).join(' ');
}

/** "C O", "CARE OF" at the start of an attention line -> "C/O", the one slash kept outside a fraction. */
function careOf(words: string[]): string[] {
  if (words[0] === 'C' && words[1] === 'O' && words.length > 2) return ['C/O', ...words.slice(2)];
  if (words[0] === 'CARE' && words[1] === 'OF' && words.length > 2) return ['C/O', ...words.slice(2)];
  return words;
}

/** Units at the start of a street line ("APT 4B 123 MAIN ST") and at its end ("123 MAIN ST APT 4B"). */
function streetSegment(tokens: readonly string[]): Segment {
  const leading = unitsFrom(tokens, 0);
  // Only take leading units when a street follows (a lone "REAR" line is handled by the caller).
  const body = leading.end < tokens.length ? tokens.slice(leading.end) : tokens;
  const units = leading.end < tokens.length ? [...leading.units] : [];
  // unitTail[k]: the tokens from k to the end are all units (computed right to left, so a long line stays linear).
  const unitTail = new Array<boolean>(body.length + 1).fill(false);
  unitTail[body.length] = true;
  for (let k = body.length - 1; k >= 1; k--) {
    const match = unitAt(body, k);
    unitTail[k] = match !== undefined && k + match.length <= body.length && unitTail[k + match.length] === true;
  }
  let coreTokens = body;
  for (let k = 1; k < body.length; k++) {
    if (!unitTail[k]) continue;
    const tail = unitsFrom(body, k);
    // A bare REAR/FRNT/UPPR only counts after number, name and suffix ("12 MAIN ST REAR"), not in "12 LAKE FRONT".
    const bare = unitAt(body, k)!.length === 1;
    const previous = body[k - 1]!;
    if (bare && (k < 3 || !(STREET_SUFFIXES.has(previous) || isDirectional(previous)))) continue;
    coreTokens = body.slice(0, k);
    units.push(...tail.units);
    break;
  }
  const core = streetCore(coreTokens);
  const numbered = /^[0-9]/.test(coreTokens.filter((t) => t !== '#')[0] ?? '');
  const plain = careOf(nameWords(coreTokens)).join(' ');
  return { kind: numbered ? 'street' : 'other', core, plain, units };
}

function classify(tokens: readonly string[], fromLine2: boolean, line1HasStreet: boolean, military: boolean): Segment | 'units' {
  const soldier = militarySegment(tokens, military);
  if (soldier) return soldier;
  const all = unitsFrom(tokens, 0);
  if (all.end === tokens.length) return 'units';
  // A line 2 holding only "4B" next to a street is the unit number without its designator: "# 4B" (Pub 28 214).
  if (fromLine2 && line1HasStreet && tokens.length === 1 && /^[0-9A-Z]{1,6}$/.test(tokens[0]!) && isUnitNumber(tokens[0])) {
    return 'units';
  }
  return boxSegment(tokens) ?? streetSegment(tokens);
}

/** The test streetSegment applies before it reads a trailing bare designator as a unit. */
function endsLikeStreet(core: string): boolean {
  const tokens = core.split(' ');
  const last = tokens[tokens.length - 1];
  return tokens.length >= 3 && last !== undefined && (STREET_SUFFIXES.has(last) || isDirectional(last));
}

/** "RR 2, BOX 152": a box written after a comma belongs to the route before it. */
function joinRuralBoxes(segments: string[][]): string[][] {
  const out: string[][] = [];
  for (const tokens of segments) {
    const previous = out[out.length - 1];
    if (previous !== undefined && tokens[0] === 'BOX') {
      const joined = [...previous, ...tokens];
      const box = boxSegment(joined);
      if (box !== undefined && !box.core.startsWith('PO ')) {
        out[out.length - 1] = joined;
        continue;
      }
    }
    out.push(tokens);
  }
  return out;
}

/**
 * Builds the delivery line from line 1 and line 2. The delivery line is the last street or box among them
 * (Pub 28: mail goes to the address on the line just above the city line); units anywhere move to its end, except
 * those of a second street or box, which stay on that line. Returns undefined when there is nothing to deliver to.
 */
export function buildDelivery(rawLine1: string[][], rawLine2: string[][], military = false): Delivery | undefined {
  // Military parts may be split across the two lines: join them first, keeping which line each segment came from.
  const joined = joinMilitary([...rawLine1, ...rawLine2], military);
  const split = joined.length === rawLine1.length + rawLine2.length ? rawLine1.length : Math.min(rawLine1.length, joined.length);
  const segmentsLine1 = joinRuralBoxes(joined.slice(0, split));
  const segmentsLine2 = joinRuralBoxes(joined.slice(split));
  const line1 = segmentsLine1.map((tokens) => classify(tokens, false, false, military));
  const line1HasStreet = line1.some((s) => s !== 'units' && s.kind !== 'other');
  const line2 = segmentsLine2.map((tokens) => classify(tokens, true, line1HasStreet, military));
  const tokensOf = [...segmentsLine1, ...segmentsLine2];

  const looseUnits: string[] = [];
  const segments: Segment[] = [];
  for (const [i, segment] of [...line1, ...line2].entries()) {
    if (segment === 'units') {
      const tokens = tokensOf[i]!;
      const read = unitsFrom(tokens, 0);
      looseUnits.push(...(read.end === tokens.length ? read.units : [`# ${tokens[0]}`]));
    } else if (segment.core.length === 0) {
      looseUnits.push(...segment.units);
    } else {
      segments.push(segment);
    }
  }

  let chosen = -1;
  for (let i = segments.length - 1; i >= 0 && chosen < 0; i--) if (segments[i]!.kind !== 'other') chosen = i;
  // No primary number anywhere ("ONE MAIN ST", "GENERAL DELIVERY"): deliver to the last line with words.
  if (chosen < 0) chosen = segments.length - 1;
  const target = segments[chosen];
  if (target === undefined) return undefined;

  const targetUnits = [...target.units];
  const above: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (i === chosen) continue;
    if (segment.kind === 'other') {
      above.push(segment.plain);
      targetUnits.push(...segment.units);
    } else {
      above.push([segment.core, ...segment.units].join(' '));
    }
  }
  // The same unit on both lines ("123 MAIN ST APT 4B" and "APT 4B") is written once.
  const units = [...new Set([...targetUnits, ...looseUnits])];
  // A bare REAR or UPPR can end the delivery line only where it cannot be read as part of the street name: after
  // a box, or after number + name + suffix or directional. Elsewhere it goes on its own line directly above the
  // delivery line, where Publication 28 also allows the secondary address.
  const bareFits = target.kind === 'box' || (target.kind === 'street' && endsLikeStreet(target.core));
  const bare = bareFits ? [] : units.filter((u) => !u.includes(' '));
  if (bare.length > 0) above.push(bare.join(' '));
  const secondary = units.filter((u) => !bare.includes(u)).join(' ');
  if (secondary.length === 0) return { delivery: target.core, above };
  return { delivery: `${target.core} ${secondary}`, secondary, above };
}
