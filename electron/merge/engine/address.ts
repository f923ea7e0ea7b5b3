import type { BatchGlyphs } from './font.ts';
import { codePointLabel } from './font.ts';
import { IMB, type InnerBox } from './geometry.ts';
import { cleanLine, num } from './text.ts';
import { MergeError } from './types.ts';

const MAX_SIZE = 10;
/** Below this the address is squeezed horizontally (Tz) rather than made smaller still. */
const MIN_SIZE = 7;
const LEADING = 1.2;

const BAR_RE = /^[ADTF]{65}$/;

/** Bars drawn in a coordinate system scaled so that the bar pitch is 1 unit: short, repetitive, compresses well. */
const BAR_OPS: Record<string, string> = (() => {
  const w = num(IMB.barWidth / IMB.pitch);
  const mid = IMB.full / 2;
  const lo = mid - IMB.tracker / 2; // tracker bottom
  const hi = mid + IMB.tracker / 2; // tracker top
  return {
    F: ` 0 ${w} ${num(IMB.full)} re\n`,
    A: ` ${num(lo)} ${w} ${num(IMB.full - lo)} re\n`,
    D: ` 0 ${w} ${num(hi)} re\n`,
    T: ` ${num(lo)} ${w} ${num(IMB.tracker)} re\n`,
  };
})();

/**
 * Content stream drawing one address block inside the window's clear area: the IMb on top (its clear zone below
 * it), then the lines, left-aligned, at up to 10 pt, smaller when the block would not fit. Throws MergeError with
 * the piece's position only, never its text.
 */
export function addressContent(lines: string[], imb: string | undefined, box: InnerBox, glyphs: BatchGlyphs, piece: number): string {
  const face = glyphs.face;
  const runs: string[] = [];
  const widths: number[] = [];
  for (const raw of lines) {
    const line = cleanLine(raw);
    if (line.length === 0) continue;
    const run = encodeLine(glyphs, line, piece);
    runs.push(run.hex);
    widths.push(run.units / face.unitsPerEm);
  }
  if (runs.length === 0) throw new MergeError('merge.emptyAddress', 'A piece has no address lines.', { piece });
  if (imb !== undefined && !BAR_RE.test(imb)) {
    throw new MergeError('merge.badBarcode', 'A barcode is not 65 bars of A, D, T and F.', { piece });
  }

  const asc = face.ascent / 1000;
  const desc = -face.descent / 1000;
  const barBlock = imb ? IMB.full + IMB.gap : 0;
  const availH = box.y1 - box.y0 - barBlock;
  const availW = box.x1 - box.x0;
  const perSize = (runs.length - 1) * LEADING + asc + desc; // block height per point of font size
  const widest = Math.max(...widths);
  // Floor to 0.01 pt so that rounding can never push the block past the clear space.
  let size = Math.floor(Math.min(MAX_SIZE, availH / perSize, availW / widest) * 100) / 100;
  if (availH / perSize < MIN_SIZE) {
    throw new MergeError('merge.addressTooTall', 'An address has too many lines for the envelope window.', { piece, lines: runs.length });
  }
  size = Math.max(size, MIN_SIZE);
  const leading = Math.floor(size * LEADING * 100) / 100;

  let out = '';
  if (imb) {
    out += `q ${num(IMB.pitch)} 0 0 1 ${num(box.x0)} ${num(box.y1 - IMB.full)} cm\n`;
    for (let i = 0; i < 65; i++) out += i + (BAR_OPS[imb[i] as string] as string);
    out += 'f Q\n';
  }
  const firstBaseline = Math.floor((box.y1 - barBlock - asc * size) * 100) / 100;
  out += `0 g BT /F1 ${num(size)} Tf ${num(leading)} TL ${num(box.x0)} ${num(firstBaseline)} Td`;
  for (let i = 0; i < runs.length; i++) {
    const w = (widths[i] as number) * size;
    const squeeze = w > availW ? Math.floor((availW / w) * 10000) / 100 : 100;
    if (i > 0) out += ' T*';
    out += squeeze < 100 ? ` ${num(squeeze)} Tz <${runs[i]}> Tj 100 Tz` : ` <${runs[i]}> Tj`;
  }
  return out + ' ET\n';
}

/** Glyph codes (hex) and advance (font units) of an already cleaned line, one glyph per character. */
export function encodeLine(glyphs: BatchGlyphs, line: string, piece: number): { hex: string; units: number } {
  let hex = '';
  let units = 0;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const g = glyphs.get(cp);
    if (!g) {
      throw new MergeError('merge.missingGlyph', `The address font has no glyph for ${codePointLabel(cp)}.`, { piece, codePoint: codePointLabel(cp) });
    }
    hex += g.hex;
    units += g.advance;
  }
  return { hex, units };
}
