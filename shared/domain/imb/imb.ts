// Intelligent Mail barcode encoder, USPS-B-3200 section 2.2 (steps 1-6). Pure: runs in the backend and the browser.
import { BAR_SOURCES, TABLE_2_OF_13, TABLE_5_OF_13 } from './tables.ts';

export type ImbField = 'tracking' | 'routing' | 'barcodeId' | 'serviceType' | 'mailerId' | 'serial';
export type ImbProblemCode =
  | 'imb.badTracking'
  | 'imb.badRouting'
  | 'imb.badBarcodeId'
  | 'imb.badServiceType'
  | 'imb.badMailerId'
  | 'imb.badSerial';
export interface ImbProblem {
  field: ImbField;
  code: ImbProblemCode;
}
export type ImbResult<T> = { ok: true; value: T } | { ok: false; problems: ImbProblem[] };

/** One bar: T tracker, A ascender, D descender, F full. */
export type ImbBar = 'T' | 'A' | 'D' | 'F';

const DIGITS = /^[0-9]*$/;

/** Tracking code: 20 digits, the barcode identifier's second digit 0-4 (USPS-B-3200 2.1.3). */
export function validTracking(tracking: string): boolean {
  return typeof tracking === 'string' && tracking.length === 20 && DIGITS.test(tracking) && tracking[1]! <= '4';
}

/** Routing code: the delivery point ZIP as 0, 5, 9 or 11 digits. */
export function validRouting(routing: string): boolean {
  return typeof routing === 'string' && DIGITS.test(routing) && [0, 5, 9, 11].includes(routing.length);
}

/** Step 1: routing and tracking into one 102-bit integer (inputs already validated). */
export function imbBinaryData(tracking: string, routing: string): bigint {
  let value = 0n;
  if (routing.length > 0) value = BigInt(routing) + 1n;
  if (routing.length >= 9) value += 100_000n;
  if (routing.length === 11) value += 1_000_000_000n;
  value = value * 10n + BigInt(tracking[0]!);
  value = value * 5n + BigInt(tracking[1]!);
  for (let i = 2; i < 20; i++) value = value * 10n + BigInt(tracking[i]!);
  return value;
}

/** Step 2: CRC-11 (generator 0xF35, preset 0x7FF) over the 102 data bits, most significant first. */
export function imbFrameCheckSequence(value: bigint): number {
  const generator = 0x0f35;
  let fcs = 0x07ff;
  for (let bit = 101; bit >= 0; bit--) {
    const dataBit = Number((value >> BigInt(bit)) & 1n);
    const top = (fcs >> 10) & 1;
    fcs = (fcs << 1) & 0x7ff;
    if (top ^ dataBit) fcs ^= generator & 0x7ff;
  }
  return fcs;
}

/** Steps 3-4: codewords A..J (J in base 636, the rest base 1365), orientation in J, FCS bit 10 in A. */
export function imbCodewords(value: bigint, fcs: number): number[] {
  const words = new Array<number>(10).fill(0);
  let rest = value;
  words[9] = Number(rest % 636n);
  rest /= 636n;
  for (let i = 8; i >= 1; i--) {
    words[i] = Number(rest % 1365n);
    rest /= 1365n;
  }
  words[0] = Number(rest);
  words[9] = words[9]! * 2;
  if (fcs & 0x400) words[0] = words[0]! + 659;
  return words;
}

/** Step 5: codewords to 13-bit characters; FCS bits 0-9 invert characters A-J. */
export function imbCharacters(words: number[], fcs: number): number[] {
  return words.map((word, i) => {
    const character = word < 1287 ? TABLE_5_OF_13[word]! : TABLE_2_OF_13[word - 1287]!;
    return fcs & (1 << i) ? ~character & 0x1fff : character;
  });
}

/** Step 6: characters to the 65 bars, left to right. */
export function imbBarsFromCharacters(chars: number[]): string {
  let out = '';
  for (const source of BAR_SOURCES) {
    const descender = (chars[source.descenderCharacter]! >> source.descenderBit) & 1;
    const ascender = (chars[source.ascenderCharacter]! >> source.ascenderBit) & 1;
    out += descender ? (ascender ? 'F' : 'D') : ascender ? 'A' : 'T';
  }
  return out;
}

/**
 * Encodes a tracking code (20 digits) and a routing code (the delivery ZIP: '', 5, 9 or 11 digits) into the 65
 * bars of an Intelligent Mail barcode, as a string of A/D/T/F.
 */
export function encodeImb(tracking: string, routing: string): ImbResult<string> {
  const problems: ImbProblem[] = [];
  if (!validTracking(tracking)) problems.push({ field: 'tracking', code: 'imb.badTracking' });
  if (!validRouting(routing)) problems.push({ field: 'routing', code: 'imb.badRouting' });
  if (problems.length > 0) return { ok: false, problems };
  const limbs = binaryLimbs(tracking, routing);
  const fcs = limbsFrameCheckSequence(limbs);
  return { ok: true, value: imbBarsFromCharacters(imbCharacters(limbsCodewords(limbs, fcs), fcs)) };
}

// Steps 1-4 again, in plain numbers: the 102-bit value as four 26-bit limbs (least significant first). A production
// job encodes one barcode per piece, a million per job, and BigInt arithmetic made this ~10 µs a barcode (a sixth of
// the job's main-thread time in the profile); limbs take ~1 µs. The BigInt functions above stay as the reference
// the unit test compares these with.
const LIMB = 2 ** 26;
const LIMB_MASK = LIMB - 1;

function mulAdd(limbs: number[], m: number, add: number): void {
  let carry = add;
  for (let i = 0; i < 4; i++) {
    const x = limbs[i]! * m + carry;
    limbs[i] = x & LIMB_MASK;
    carry = Math.floor(x / LIMB);
  }
}

/** Divides in place by a small divisor; returns the remainder. */
function divSmall(limbs: number[], d: number): number {
  let rem = 0;
  for (let i = 3; i >= 0; i--) {
    const cur = rem * LIMB + limbs[i]!;
    const q = Math.floor(cur / d);
    limbs[i] = q;
    rem = cur - q * d;
  }
  return rem;
}

function binaryLimbs(tracking: string, routing: string): number[] {
  // Routing + offsets stays below 2^37: exact in a double, then split into limbs.
  let start = 0;
  if (routing.length > 0) start = Number(routing) + 1;
  if (routing.length >= 9) start += 100_000;
  if (routing.length === 11) start += 1_000_000_000;
  const limbs = [start % LIMB, Math.floor(start / LIMB), 0, 0];
  mulAdd(limbs, 10, tracking.charCodeAt(0) - 48);
  mulAdd(limbs, 5, tracking.charCodeAt(1) - 48);
  for (let i = 2; i < 20; i++) mulAdd(limbs, 10, tracking.charCodeAt(i) - 48);
  return limbs;
}

function limbsFrameCheckSequence(limbs: readonly number[]): number {
  let fcs = 0x07ff;
  for (let bit = 101; bit >= 0; bit--) {
    const dataBit = (limbs[(bit / 26) | 0]! >>> (bit % 26)) & 1;
    const top = (fcs >> 10) & 1;
    fcs = (fcs << 1) & 0x7ff;
    if (top ^ dataBit) fcs ^= 0x0f35 & 0x7ff;
  }
  return fcs;
}

function limbsCodewords(value: readonly number[], fcs: number): number[] {
  const rest = [...value];
  const words = new Array<number>(10).fill(0);
  words[9] = divSmall(rest, 636) * 2;
  for (let i = 8; i >= 1; i--) words[i] = divSmall(rest, 1365);
  words[0] = rest[0]! + rest[1]! * LIMB;
  if (fcs & 0x400) words[0] = words[0]! + 659;
  return words;
}

/** The limb path's intermediate results, for the unit test that compares them with the BigInt reference. */
export const imbLimbsForTest = { binaryLimbs, limbsFrameCheckSequence, limbsCodewords, toBigInt: (l: readonly number[]) => l.reduceRight((v, x) => v * BigInt(LIMB) + BigInt(x), 0n) };

export interface ImbTrackingParts {
  /** 2 digits, second digit 0-4 (00 unless the presort requires otherwise). */
  barcodeId: string;
  /** 3-digit service type identifier (STID). */
  serviceType: string;
  /** 6 digits (000000-899999) or 9 digits (900000000-999999999), assigned by USPS. */
  mailerId: string;
  /** The mailer's piece number: up to 9 digits with a 6-digit mailer ID, up to 6 with a 9-digit one. */
  serial: string | number;
}

/** Builds the 20-digit tracking code; the serial is left-padded with zeros to fill the remaining digits. */
export function imbTrackingCode(parts: ImbTrackingParts): ImbResult<string> {
  const problems: ImbProblem[] = [];
  const { barcodeId, serviceType, mailerId } = parts;
  if (!(typeof barcodeId === 'string' && /^[0-9][0-4]$/.test(barcodeId))) {
    problems.push({ field: 'barcodeId', code: 'imb.badBarcodeId' });
  }
  if (!(typeof serviceType === 'string' && /^[0-9]{3}$/.test(serviceType))) {
    problems.push({ field: 'serviceType', code: 'imb.badServiceType' });
  }
  // 000000 is not an ID USPS assigns: a placeholder left in the settings must not reach a print file.
  const sixDigitMailer = typeof mailerId === 'string' && /^[0-8][0-9]{5}$/.test(mailerId) && mailerId !== '000000';
  const nineDigitMailer = typeof mailerId === 'string' && /^9[0-9]{8}$/.test(mailerId);
  if (!sixDigitMailer && !nineDigitMailer) problems.push({ field: 'mailerId', code: 'imb.badMailerId' });
  const serialLength = nineDigitMailer ? 6 : 9;
  const serialText = typeof parts.serial === 'number' ? serialFromNumber(parts.serial) : parts.serial;
  if (!(typeof serialText === 'string' && /^[0-9]+$/.test(serialText) && serialText.length <= serialLength)) {
    problems.push({ field: 'serial', code: 'imb.badSerial' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: barcodeId + serviceType + mailerId + (serialText as string).padStart(serialLength, '0') };
}

function serialFromNumber(serial: number): string | undefined {
  return Number.isSafeInteger(serial) && serial >= 0 ? String(serial) : undefined;
}
