// An Intelligent Mail barcode DECODER written from USPS-B-3200 for the tests, run backwards from the bars: the tests
// read bars off the printed page (pdftoppm pixels) and check what a mail-processing machine would read — the
// tracking code and the routing code (ZIP, ZIP+4, ZIP+4+delivery point) — not what the encoder says it wrote.
import { imbFrameCheckSequence } from '../../shared/domain/imb/imb.ts';
import { BAR_SOURCES, TABLE_2_OF_13, TABLE_5_OF_13 } from '../../shared/domain/imb/tables.ts';

export type DecodedImb = { tracking: string; routing: string };

const CODEWORD_OF = (() => {
  const m = new Map<number, number>();
  TABLE_5_OF_13.forEach((c, i) => m.set(c, i));
  TABLE_2_OF_13.forEach((c, i) => m.set(c, 1287 + i));
  return m;
})();

/** 65 bars (A/D/T/F) to tracking and routing; throws when the bars are not a valid barcode (bad character, CRC). */
export function decodeImb(bars: string): DecodedImb {
  if (!/^[ADTF]{65}$/.test(bars)) throw new Error(`not 65 bars: ${bars}`);
  // Step 6 backwards: bars to the ten 13-bit characters.
  const chars = new Array<number>(10).fill(0);
  BAR_SOURCES.forEach((s, i) => {
    const b = bars[i]!;
    if (b === 'D' || b === 'F') chars[s.descenderCharacter]! |= 1 << s.descenderBit;
    if (b === 'A' || b === 'F') chars[s.ascenderCharacter]! |= 1 << s.ascenderBit;
  });
  // Step 5 backwards: a character found in neither table is inverted, and its inversion is one bit of the FCS.
  let fcs = 0;
  const words = chars.map((c, i) => {
    const direct = CODEWORD_OF.get(c);
    if (direct !== undefined) return direct;
    const inverted = CODEWORD_OF.get(~c & 0x1fff);
    if (inverted === undefined) throw new Error(`character ${i} is not an IMb character`);
    fcs |= 1 << i;
    return inverted;
  });
  // Steps 3-4 backwards: FCS bit 10 in codeword A, orientation in J (even), then base 1365 / 636.
  if (words[0]! > 658) {
    fcs |= 0x400;
    words[0] = words[0]! - 659;
  }
  if (words[9]! % 2 !== 0) throw new Error('codeword J is odd: bars read upside down');
  let value = BigInt(words[0]!);
  for (let i = 1; i <= 8; i++) value = value * 1365n + BigInt(words[i]!);
  value = value * 636n + BigInt(words[9]! / 2);
  if (imbFrameCheckSequence(value) !== fcs) throw new Error('frame check sequence does not match');
  // Step 1 backwards: 18 digits base 10, the barcode identifier's second digit base 5, its first base 10.
  let rest = value;
  let tail = '';
  for (let i = 0; i < 18; i++) {
    tail = String(rest % 10n) + tail;
    rest /= 10n;
  }
  const second = rest % 5n;
  rest /= 5n;
  const first = rest % 10n;
  rest /= 10n;
  const tracking = `${first}${second}${tail}`;
  let routing: string;
  if (rest === 0n) routing = '';
  else if (rest <= 100_000n) routing = String(rest - 1n).padStart(5, '0');
  else if (rest <= 1_000_100_000n) routing = String(rest - 100_001n).padStart(9, '0');
  else routing = String(rest - 1_000_100_001n).padStart(11, '0');
  return { tracking, routing };
}

/**
 * Reads the 65 bars of the barcode printed in a grey image (pdftoppm -gray, PGM) inside the given pixel rectangle:
 * the lowest band of ink there is the bars (LitDesk prints them below the last address line). Each bar is a run of
 * dark columns; its ink's top and bottom against the band's say whether it has an ascender and a descender.
 */
export function readBarsFromPixels(img: { width: number; height: number; pixels: Uint8Array }, box: { x0: number; y0: number; x1: number; y1: number }): string {
  const dark = (x: number, y: number) => img.pixels[y * img.width + x]! < 128;
  // The band: from the lowest dark row upwards while rows keep ink (the clear zone above the bars is white).
  let bottom = -1;
  for (let y = box.y1 - 1; y >= box.y0 && bottom < 0; y--) for (let x = box.x0; x < box.x1; x++) if (dark(x, y)) { bottom = y; break; }
  if (bottom < 0) throw new Error('no ink in the box');
  let top = bottom;
  const rowInk = (y: number) => { for (let x = box.x0; x < box.x1; x++) if (dark(x, y)) return true; return false; };
  while (top - 1 >= box.y0 && rowInk(top - 1)) top--;
  const h = bottom - top + 1;
  // Bars: runs of columns with ink in the band.
  const bars: string[] = [];
  let x = box.x0;
  while (x < box.x1) {
    let inkTop = Infinity;
    let inkBottom = -Infinity;
    const colInk = (cx: number) => {
      let any = false;
      for (let y = top; y <= bottom; y++) if (dark(cx, y)) { any = true; inkTop = Math.min(inkTop, y); inkBottom = Math.max(inkBottom, y); }
      return any;
    };
    if (!colInk(x)) { x++; continue; }
    while (x < box.x1 && colInk(x)) x++;
    const ascender = inkTop - top < h * 0.15;
    const descender = bottom - inkBottom < h * 0.15;
    bars.push(ascender ? (descender ? 'F' : 'A') : descender ? 'D' : 'T');
  }
  return bars.join('');
}
