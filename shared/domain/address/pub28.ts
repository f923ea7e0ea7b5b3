// Mailing addresses in USPS Publication 28 style: upper case, no punctuation except the ZIP+4 hyphen (and the
// '/' of a fraction and of "C/O", '-' inside a primary or secondary number, '#' as a unit designator), standard suffix,
// directional and unit abbreviations, the unit at the end of the delivery line, last line "CITY ST 12345-6789".
// Pure and dependency-free: the backend and the renderer both use it.
import { buildDelivery } from './delivery.ts';
import { normaliseState } from './states.ts';
import { cityWords, hasUnspellable, tokenSegments } from './text.ts';
import { formatZip, parseZip } from './zip.ts';

export { normaliseState, STATE_CODES } from './states.ts';
export { formatZip, parseZip, validZip } from './zip.ts';
export type { Zip } from './zip.ts';
export { normaliseName } from './name.ts';
export { addressBlockLines, PUB28_MAX_LINE } from './block.ts';
export type { AddressBlock, AddressBlockProblem } from './block.ts';

/** An address as given in the union's list. */
export interface AddressInput {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  zip: string;
}

export type AddressField = 'line1' | 'line2' | 'city' | 'state' | 'zip';
export type AddressProblemCode =
  | 'address.missingStreet'
  | 'address.missingCity'
  | 'address.missingState'
  | 'address.unknownState'
  | 'address.missingZip'
  | 'address.badZip'
  | 'address.tooLong';
/** Not fatal: the address is usable but something was left out of it. */
export type AddressWarningCode = 'address.unspellableCharacters';

export interface AddressProblem {
  field: AddressField;
  code: AddressProblemCode;
}
export interface AddressWarning {
  field: AddressField;
  code: AddressWarningCode;
}

export interface Pub28Address {
  /** Delivery address line; when `secondary` is set, the line ends with it. */
  delivery: string;
  /** Secondary unit(s), e.g. "APT 4B". */
  secondary?: string;
  /** Lines printed above the delivery line (building name, "C O ...", a street next to a PO box). */
  above?: string[];
  city: string;
  /** Two-letter code (state, DC, territory, or AA/AE/AP). */
  state: string;
  zip5: string;
  zip4?: string;
  /** "CITY ST 12345-6789". */
  lastLine: string;
}

export type Pub28Result =
  | { ok: true; address: Pub28Address; warnings: AddressWarning[] }
  | { ok: false; problems: AddressProblem[] };

const MILITARY_STATES: ReadonlySet<string> = new Set(['AA', 'AE', 'AP']);
const MILITARY_CITIES: ReadonlySet<string> = new Set(['APO', 'FPO', 'DPO']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/**
 * Longest field accepted, in UTF-16 units. A Publication 28 line is at most 40-64 characters; anything far longer
 * is not an address (a shifted column, a pasted document) and is refused rather than parsed.
 */
export const ADDRESS_FIELD_MAX = 256;
const FIELDS: readonly AddressField[] = ['line1', 'line2', 'city', 'state', 'zip'];

/** Normalises one member's address. Never throws; problems come back as values with stable codes. */
export function normaliseAddress(input: AddressInput): Pub28Result {
  const tooLong = FIELDS.filter((field) => text(input?.[field]).length > ADDRESS_FIELD_MAX);
  if (tooLong.length > 0) return { ok: false, problems: tooLong.map((field) => ({ field, code: 'address.tooLong' })) };
  const first = normaliseOnce(input);
  if (!first.ok) return first;
  // Reading the result back must give the result (the list is re-imported and compared). A few odd inputs only
  // settle on the second reading ("1 SUITE" + "#1" reads back as "1 STE 1"); settle them here, at a measured
  // cost of one more pass per address.
  let address = first.address;
  for (let pass = 0; pass < 3; pass++) {
    const again = normaliseOnce(addressAsInput(address));
    if (!again.ok || sameAddress(again.address, address)) break;
    address = again.address;
  }
  return { ok: true, address, warnings: first.warnings };
}

function sameAddress(a: Pub28Address, b: Pub28Address): boolean {
  return (
    a.delivery === b.delivery &&
    a.secondary === b.secondary &&
    (a.above ?? []).join('\n') === (b.above ?? []).join('\n') &&
    a.lastLine === b.lastLine
  );
}

// Compiled once per city and state (a list has few): compiling it for every address was a tenth of normalising one.
const lastLinePatterns = new Map<string, RegExp>();
function lastLinePattern(source: string): RegExp {
  let re = lastLinePatterns.get(source);
  if (!re) {
    re = new RegExp(source);
    if (lastLinePatterns.size >= 10_000) lastLinePatterns.clear();
    lastLinePatterns.set(source, re);
  }
  return re;
}

function normaliseOnce(input: AddressInput): Pub28Result {
  const line1 = text(input?.line1);
  const line2 = text(input?.line2);
  const problems: AddressProblem[] = [];
  const warnings: AddressWarning[] = [];

  const cityText = text(input?.city);
  const city = cityWords(cityText);
  const stateText = text(input?.state);
  const state = normaliseState(stateText);
  // An overseas military address (Pub 28 225): APO/FPO/DPO with AA/AE/AP; its delivery line is UNIT/PSC/CMR + BOX.
  const military = (state !== undefined && MILITARY_STATES.has(state)) || MILITARY_CITIES.has(city);
  // A line that repeats the last line ("FPO AP 96616" typed under the ship's name) is not a delivery line.
  const lastLineRe = lastLinePattern(`^${city} ${state ?? '[A-Z]{2}'}(?: [0-9]{5}(?:-?[0-9]{4})?)?$`);
  const notLastLine = (segments: string[][]) => segments.filter((t) => !(city.length > 0 && lastLineRe.test(t.join(' '))));
  const segments1 = tokenSegments(line1);
  const segments2 = notLastLine(tokenSegments(line2));
  const delivery = buildDelivery(segments2.length > 0 ? notLastLine(segments1) : segments1, segments2, military);
  if (delivery === undefined) problems.push({ field: 'line1', code: 'address.missingStreet' });

  if (city.length === 0) problems.push({ field: 'city', code: 'address.missingCity' });

  if (state === undefined) {
    problems.push({ field: 'state', code: stateText.trim() === '' ? 'address.missingState' : 'address.unknownState' });
  }

  const zipText = text(input?.zip);
  const zip = parseZip(zipText, state);
  if (zip === undefined) {
    problems.push({ field: 'zip', code: zipText.trim() === '' ? 'address.missingZip' : 'address.badZip' });
  }

  if (problems.length > 0 || delivery === undefined || state === undefined || zip === undefined) {
    return { ok: false, problems };
  }

  if (hasUnspellable(line1)) warnings.push({ field: 'line1', code: 'address.unspellableCharacters' });
  if (hasUnspellable(line2)) warnings.push({ field: 'line2', code: 'address.unspellableCharacters' });
  if (hasUnspellable(cityText)) warnings.push({ field: 'city', code: 'address.unspellableCharacters' });

  const address: Pub28Address = {
    delivery: delivery.delivery,
    city,
    state,
    zip5: zip.zip5,
    lastLine: `${city} ${state} ${formatZip(zip)}`,
  };
  if (delivery.secondary !== undefined) address.secondary = delivery.secondary;
  if (delivery.above.length > 0) address.above = delivery.above;
  if (zip.zip4 !== undefined) address.zip4 = zip.zip4;
  return { ok: true, address, warnings };
}

/**
 * The normalised address written back as input: normalising it again gives the same address (the property the
 * tests check, and what re-import relies on when a stored address is compared with a new one).
 */
export function addressAsInput(address: Pub28Address): AddressInput {
  const above = address.above ?? [];
  const zip = address.zip4 === undefined ? address.zip5 : `${address.zip5}-${address.zip4}`;
  if (above.length === 0) return { line1: address.delivery, city: address.city, state: address.state, zip };
  return { line1: above.join(', '), line2: address.delivery, city: address.city, state: address.state, zip };
}
