// The three lookup tables of USPS-B-3200 (Intelligent Mail barcode), section 2.2.5-2.2.6 and Appendix.

/** Reverses the low 13 bits of a value (bit 0 <-> bit 12). */
function reverse13(value: number): number {
  let reversed = 0;
  for (let bit = 0; bit < 13; bit++) {
    if (value & (1 << bit)) reversed |= 1 << (12 - bit);
  }
  return reversed;
}

function popCount13(value: number): number {
  let count = 0;
  for (let bit = 0; bit < 13; bit++) if (value & (1 << bit)) count++;
  return count;
}

/**
 * The "N of 13" character table, built the way the specification's reference code builds it: every 13-bit
 * value with N bits set, in ascending order; a value and its bit-reverse fill the table from the front as a pair,
 * and values that are their own reverse (palindromes) fill it from the back.
 */
function nOf13Table(n: number, length: number): Uint16Array {
  const table = new Uint16Array(length);
  let lower = 0;
  let upper = length - 1;
  for (let value = 0; value < 8192; value++) {
    if (popCount13(value) !== n) continue;
    const reversed = reverse13(value);
    if (reversed < value) continue;
    if (reversed === value) {
      table[upper--] = value;
    } else {
      table[lower++] = value;
      table[lower++] = reversed;
    }
  }
  if (lower !== upper + 1) throw new Error(`imb: ${n}-of-13 table did not fill exactly`);
  return table;
}

/** Codewords 0..1286 map to the 1,287 characters with five bars set. */
export const TABLE_5_OF_13: Uint16Array = nOf13Table(5, 1287);
/** Codewords 1287..1364 map to the 78 characters with two bars set. */
export const TABLE_2_OF_13: Uint16Array = nOf13Table(2, 78);

/**
 * Bar-to-character mapping (USPS-B-3200 Table 22), bars 1..65 left to right: "<descender character><bit>
 * <ascender character><bit>". A bar has its descender when that bit of that character is 1, its ascender likewise.
 * This table is fixed by the specification; it cannot be derived.
 */
const BAR_TABLE: readonly string[] = [
  'H2 E3', 'B10 A0', 'J12 C8', 'F5 G11', 'I9 D1',
  'A1 F12', 'C5 B8', 'E4 J11', 'G3 I10', 'D9 H6',
  'F11 B4', 'I5 C12', 'J10 A2', 'H1 G7', 'D6 E9',
  'A3 I6', 'G4 C7', 'B1 J9', 'H10 F2', 'E0 D8',
  'G2 A4', 'I11 B0', 'J8 D12', 'C6 H7', 'F1 E10',
  'B12 G9', 'H3 I0', 'F8 J7', 'E6 C10', 'D4 A5',
  'I4 F7', 'H11 B9', 'G0 J6', 'A6 E8', 'C1 D2',
  'F9 I12', 'E11 G1', 'J5 H4', 'D3 B2', 'A7 C0',
  'B3 E1', 'G10 D5', 'I7 J4', 'C11 F6', 'A8 H12',
  'E2 I1', 'F10 D0', 'J3 A9', 'G5 C4', 'H8 B7',
  'F0 E5', 'C3 A10', 'G12 J2', 'D11 B6', 'I8 H9',
  'F4 A11', 'B5 C2', 'J1 E12', 'I3 G6', 'H0 D7',
  'E7 H5', 'A12 B11', 'C9 J0', 'G8 F3', 'D10 I2',
];

export interface BarSource {
  descenderCharacter: number;
  descenderBit: number;
  ascenderCharacter: number;
  ascenderBit: number;
}

function parseCell(cell: string): [number, number] {
  const character = cell.charCodeAt(0) - 'A'.charCodeAt(0);
  const bit = Number(cell.slice(1));
  if (!(character >= 0 && character <= 9 && Number.isInteger(bit) && bit >= 0 && bit <= 12)) {
    throw new Error(`imb: bad bar table cell ${cell}`);
  }
  return [character, bit];
}

export const BAR_SOURCES: readonly BarSource[] = BAR_TABLE.map((row) => {
  const [descender = '', ascender = ''] = row.split(' ');
  const [descenderCharacter, descenderBit] = parseCell(descender);
  const [ascenderCharacter, ascenderBit] = parseCell(ascender);
  return { descenderCharacter, descenderBit, ascenderCharacter, ascenderBit };
});
