import type { BatchGlyphs, FontFace } from './font.ts';
import { codePointLabel, glyphMetrics } from './font.ts';
import { IMB, toleranceBox, type InnerBox } from './geometry.ts';
import { cleanLine, num } from './text.ts';
import { MergeError, type Geometry } from './types.ts';

/** USPS asks for address type of at least 8 pt; LitDesk never goes below it and never squeezes glyphs (no Tz). */
export const MIN_SIZE = 8;
export const MAX_SIZE = 10;
const LEADING = 1.2;
/** Vertical play the size tries to leave each way before it settles for less (never below MIN_SIZE): 1/8 in. */
const PLAY_TARGET = 9;

const BAR_RE = /^[ADTF]{65}$/;

/**
 * Bars drawn in a coordinate system scaled so that the bar pitch is 1 unit across and BAR_UNIT points up: every
 * number in a bar's `re` is then a small integer (or the one width), which keeps the content stream short. The
 * stream is deflated once per piece and deflate's work grows with its input: this cut the address stream from about
 * 1,520 to 1,260 bytes and the merge's CPU by several per cent (docs/DESIGN-NOTES.md, "Print round 3").
 */
export const BAR_UNIT = (() => {
  const mid = IMB.full / 2;
  const lo = mid - IMB.tracker / 2;
  const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-6;
  for (let n = 1; n <= 1000; n++) {
    const u = IMB.full / n;
    if (whole(lo / u) && whole(IMB.tracker / u) && whole(u * 1000)) return u; // num() writes 3 decimals
  }
  return 1;
})();

/** `${i} y w h re\n` for bar i (0-64) of each kind, indexed [i * 4 + kind] with kinds in BAR_KINDS order. */
const BAR_KINDS = 'FADT';
const BAR_TEXT: string[] = (() => {
  const w = num(IMB.barWidth / IMB.pitch);
  const u = (v: number) => num(v / BAR_UNIT);
  const mid = IMB.full / 2;
  const lo = mid - IMB.tracker / 2; // tracker bottom
  const hi = mid + IMB.tracker / 2; // tracker top
  const ops = [
    ` 0 ${w} ${u(IMB.full)} re\n`, // F
    ` ${u(lo)} ${w} ${u(IMB.full - lo)} re\n`, // A
    ` 0 ${w} ${u(hi)} re\n`, // D
    ` ${u(lo)} ${w} ${u(IMB.tracker)} re\n`, // T
  ];
  const out: string[] = [];
  for (let i = 0; i < 65; i++) for (const op of ops) out.push(i + op);
  return out;
})();

const KIND: Record<string, number> = { F: 0, A: 1, D: 2, T: 3 };

/**
 * The bars in groups of four: one form XObject per combination of four bar kinds (4^4 = 256), written once per batch
 * file (write-batch.ts); a piece draws bars 1-64 as 16 of those forms, stepping four pitches after each, and bar 65
 * as one `re`. The same rectangles as drawing every bar (pdftoppm and the IMb decode test read the same bars), in a
 * third of the bytes: the address stream is deflated once per piece, and deflate's work grows with its input
 * (1,260 -> 620 bytes before deflate; merge CPU in docs/DESIGN-NOTES.md, "Print, third stop").
 */
export const BAR_GROUPS = 256;
export const BAR_GROUP_HEIGHT = num(IMB.full / BAR_UNIT);
/** Content of bar-group form k: the kinds of its four bars are k's base-4 digits, most significant first. */
export function barGroupContent(k: number): string {
  let out = '';
  for (let j = 0; j < 4; j++) out += BAR_TEXT[j * 4 + ((k >> (6 - 2 * j)) & 3)] as string;
  return out + 'f';
}
export const barGroupName = (k: number): string => 'B' + k.toString(16).padStart(2, '0');
/** `/Bkk Do` then a step of four pitches, per group form. */
const GROUP_TEXT: string[] = Array.from({ length: BAR_GROUPS }, (_, k) => `/${barGroupName(k)} Do 1 0 0 1 4 0 cm\n`);

/** One line's measure in em: advance width, and its ink's top and bottom relative to its baseline. */
type LineMeasure = { width: number; top: number; bottom: number };

/**
 * Where one address block goes, in points. The barcode sits BELOW the last line: the last line is the city line,
 * folded to A-Z and digits, so its ink bottom is the baseline give or take a digit's overshoot and the clear zone
 * above the bars does not depend on whose name is printed; above the name line the clear zone would have to clear
 * Vietnamese stacked capitals (Ễ reaches 1.06 em, above the font's 0.93 em ascent), which would make every block
 * taller. Every number is the one written into the page, so the check below checks what prints.
 */
export type BlockLayout = {
  size: number;
  leading: number;
  x: number;
  firstBaseline: number;
  /** Ink extent of the text (glyph bounding boxes) and of the bars. */
  textTop: number;
  textBottom: number;
  textRight: number;
  barBottom: number | null;
  barTop: number | null;
  /** The whole block's ink box. */
  ink: InnerBox;
  /** How far the insert can move up or down with every glyph and bar still in the tolerance box. */
  play: number;
};

export type FitProblem = { why: 'tall' | 'wide'; line?: number };

/** Block geometry from line measures; a FitProblem when it cannot keep 8 pt inside the tolerance box. */
function place(m: LineMeasure[], hasBars: boolean, g: Geometry): BlockLayout | FitProblem {
  const box = toleranceBox(g);
  const availW = box.x1 - box.x0;
  const availH = box.y1 - box.y0;
  let kTop = -Infinity;
  let kBottom = Infinity;
  let widest = 0;
  let widestLine = 0;
  m.forEach((l, i) => {
    if (Number.isFinite(l.top)) kTop = Math.max(kTop, l.top - i * LEADING);
    if (Number.isFinite(l.bottom)) kBottom = Math.min(kBottom, l.bottom - i * LEADING);
    if (l.width > widest) [widest, widestLine] = [l.width, i];
  });
  if (!Number.isFinite(kTop)) [kTop, kBottom] = [0, 0];
  const k = kTop - kBottom;
  const barBlock = hasBars ? IMB.gap + IMB.full : 0;
  const sizeW = widest > 0 ? availW / widest : MAX_SIZE;
  if (sizeW < MIN_SIZE) return { why: 'wide', line: widestLine };
  const sizeH = k > 0 ? (availH - 2 * PLAY_TARGET - barBlock) / k : MAX_SIZE;
  // Floor to 0.01 pt so that rounding can never push the block past its box.
  const size = Math.floor(Math.min(MAX_SIZE, sizeW, Math.max(MIN_SIZE, sizeH)) * 100) / 100;
  const height = size * k + barBlock;
  if (height > availH + 1e-9) return { why: 'tall' };
  const leading = Math.floor(size * LEADING * 1000) / 1000;
  // Recompute with the written leading so the numbers checked are the numbers printed.
  let top = -Infinity;
  let bottom = Infinity;
  m.forEach((l, i) => {
    if (Number.isFinite(l.top)) top = Math.max(top, l.top * size - i * leading);
    if (Number.isFinite(l.bottom)) bottom = Math.min(bottom, l.bottom * size - i * leading);
  });
  if (!Number.isFinite(top)) [top, bottom] = [0, 0];
  const inkH = top - bottom + barBlock;
  const play = Math.max(0, (availH - inkH) / 2);
  // Centred vertically, rounded to the 0.001 pt the content stream writes.
  const firstBaseline = Math.round((box.y1 - play - top) * 1000) / 1000;
  const textTop = firstBaseline + top;
  const textBottom = firstBaseline + bottom;
  const barTop = hasBars ? textBottom - IMB.gap : null;
  const barBottom = barTop === null ? null : barTop - IMB.full;
  const x = box.x0;
  const textRight = x + widest * size;
  const ink = { x0: x, y0: barBottom ?? textBottom, x1: Math.max(textRight, hasBars ? x + IMB_LEN : x), y1: textTop };
  return { size, leading, x, firstBaseline, textTop, textBottom, textRight, barBottom, barTop, ink, play };
}

const IMB_LEN = (IMB.bars - 1) * IMB.pitch + IMB.barWidth;

/** Printable ASCII and Latin/Vietnamese letters with single spaces, no control characters: already clean. */
// eslint-disable-next-line no-control-regex
const CLEAN = /^(?:[^\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+(?: [^\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+)*)$/;
/**
 * CLEAN, and every character one that NFC leaves alone whatever follows it (ASCII, Latin-1 to IPA, Latin Extended
 * Additional with the Vietnamese letters; no combining marks): cleanLine would return such a line unchanged.
 */
export const PRINT_READY = /^[\u0021-\u007e\u00a1-\u02ff\u1e00-\u1eff]+(?: [\u0021-\u007e\u00a1-\u02ff\u1e00-\u1eff]+)*$/;
const TABLE_SIZE = 0x2000;
type MetricTable = { known: Uint8Array; advance: Float64Array; top: Float64Array; bottom: Float64Array };
const tables = new WeakMap<FontFace, MetricTable>();
/** Flat per-face metric arrays for the first 8,192 code points (Latin, Vietnamese): import measures every member. */
function metricTable(face: FontFace): MetricTable {
  let t = tables.get(face);
  if (!t) {
    t = { known: new Uint8Array(TABLE_SIZE), advance: new Float64Array(TABLE_SIZE), top: new Float64Array(TABLE_SIZE), bottom: new Float64Array(TABLE_SIZE) };
    tables.set(face, t);
  }
  return t;
}

/**
 * Whether an address block (lines already in print form) fits the envelope window at 8 pt or more, from the font's
 * glyph metrics alone: what import and merge.start ask before any file is written. Undefined when it fits.
 */
export function blockFit(face: FontFace, lines: readonly string[], hasBars: boolean, g: Geometry): FitProblem | undefined {
  const cleaned: string[] = [];
  for (const l of lines) {
    // Stored print lines are already clean; cleaning is only paid for the rare line that is not.
    const c = CLEAN.test(l) ? l : cleanLine(l);
    if (c.length > 0) cleaned.push(c);
  }
  if (cleaned.length === 0) return undefined;
  const t = metricTable(face);
  const upm = face.unitsPerEm;
  const m: LineMeasure[] = [];
  for (const line of cleaned) {
    let units = 0;
    let top = -Infinity;
    let bottom = Infinity;
    for (let i = 0; i < line.length; ) {
      let cp = line.charCodeAt(i);
      if (cp >= 0xd800 && cp < 0xdc00) cp = line.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      let advance: number;
      let gt: number;
      let gb: number;
      if (cp < TABLE_SIZE && t.known[cp] === 1) {
        advance = t.advance[cp] as number;
        gt = t.top[cp] as number;
        gb = t.bottom[cp] as number;
      } else {
        const gm = glyphMetrics(face, cp);
        if (!gm) return undefined; // a missing glyph is checkCoverage's finding, not a fit problem
        if (cp < TABLE_SIZE) [t.known[cp], t.advance[cp], t.top[cp], t.bottom[cp]] = [1, gm.advance, gm.top, gm.bottom];
        [advance, gt, gb] = [gm.advance, gm.top, gm.bottom];
      }
      units += advance;
      if (gt > top) top = gt;
      if (gb < bottom) bottom = gb;
    }
    m.push({ width: units / upm, top: top / upm, bottom: bottom / upm });
  }
  const r = place(m, hasBars, g);
  return 'why' in r ? r : undefined;
}

/**
 * The piece check run before a batch is written: the block's ink (glyph bounding boxes and bars) inside the
 * tolerance box, type at 8 pt or more, and the bars' clear zone (0.028 in) to the nearest glyph ink.
 */
export function checkLayout(l: BlockLayout, g: Geometry, piece: number): void {
  const box = toleranceBox(g);
  const eps = 0.002;
  const broken = (why: string): never => {
    throw new MergeError('merge.pieceCheckFailed', 'A piece failed the print check before its batch was written.', { piece, why });
  };
  if (l.size < MIN_SIZE) broken('size');
  if (l.ink.x0 < box.x0 - eps || l.ink.x1 > box.x1 + eps) broken('sideways');
  if (l.ink.y0 < box.y0 - eps || l.ink.y1 > box.y1 + eps) broken('vertical');
  if (l.barTop !== null && l.textBottom - l.barTop < IMB.clearZone - eps) broken('clearZone');
}

/** Lays out one piece's block (measuring the glyphs the batch embeds); throws MergeError naming only the piece. */
export function layoutBlock(lines: string[], imb: string | undefined, g: Geometry, glyphs: BatchGlyphs, piece: number): { layout: BlockLayout; runs: string[] } {
  const runs: string[] = [];
  const measures: LineMeasure[] = [];
  const upm = glyphs.face.unitsPerEm;
  for (const raw of lines) {
    // Print lines built at import are already clean and NFC: cleaning is paid only for a line that may not be.
    const line = PRINT_READY.test(raw) ? raw : cleanLine(raw);
    if (line.length === 0) continue;
    let hex = '';
    let units = 0;
    let top = -Infinity;
    let bottom = Infinity;
    for (let i = 0; i < line.length; ) {
      const cp = line.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      const gl = glyphs.get(cp);
      if (!gl) throw new MergeError('merge.missingGlyph', `The address font has no glyph for ${codePointLabel(cp)}.`, { piece, codePoint: codePointLabel(cp) });
      hex += gl.hex;
      units += gl.advance;
      if (gl.top > top) top = gl.top;
      if (gl.bottom < bottom) bottom = gl.bottom;
    }
    runs.push(hex);
    measures.push({ width: units / upm, top: top / upm, bottom: bottom / upm });
  }
  if (runs.length === 0) throw new MergeError('merge.emptyAddress', 'A piece has no address lines.', { piece });
  if (imb !== undefined && !BAR_RE.test(imb)) throw new MergeError('merge.badBarcode', 'A barcode is not 65 bars of A, D, T and F.', { piece });
  const r = place(measures, imb !== undefined, g);
  if ('why' in r) {
    if (r.why === 'tall') throw new MergeError('merge.addressTooTall', 'An address has too many lines for the envelope window at 8 pt.', { piece, lines: runs.length });
    throw new MergeError('merge.addressTooWide', 'An address line is too long for the envelope window at 8 pt.', { piece, line: (r.line ?? 0) + 1 });
  }
  checkLayout(r, g, piece);
  return { layout: r, runs };
}

/**
 * The content stream of a laid-out block: the lines left-aligned, then the bars below the last line. `groups`: the
 * page's resources hold the bar-group forms (BAR_GROUPS, barGroupName), so bars 1-64 are drawn with them.
 */
export function blockContent(l: BlockLayout, runs: readonly string[], imb: string | undefined, groups = false): string {
  let out = `0 g BT /F1 ${num(l.size)} Tf ${num(l.leading)} TL ${num(l.x)} ${num(l.firstBaseline)} Td`;
  for (let i = 0; i < runs.length; i++) out += (i > 0 ? ' T*' : '') + ` <${runs[i]}> Tj`;
  out += ' ET\n';
  if (imb && l.barBottom !== null) {
    out += `q ${num(IMB.pitch)} 0 0 ${num(BAR_UNIT)} ${num(l.x)} ${num(l.barBottom)} cm\n`;
    if (groups) {
      for (let i = 0; i < 64; i += 4) {
        out += GROUP_TEXT[(KIND[imb[i] as string]! << 6) | (KIND[imb[i + 1] as string]! << 4) | (KIND[imb[i + 2] as string]! << 2) | KIND[imb[i + 3] as string]!] as string;
      }
      out += BAR_TEXT[KIND[imb[64] as string]!] as string; // bar 65, at the origin the groups stepped to
    } else {
      for (let i = 0; i < 65; i++) out += BAR_TEXT[i * 4 + BAR_KINDS.indexOf(imb[i] as string)] as string;
    }
    out += 'f Q\n';
  }
  return out;
}

/**
 * Content stream drawing one address block in the window's tolerance box (see BlockLayout). Throws MergeError with
 * the piece's position only, never its text.
 */
export function addressContent(lines: string[], imb: string | undefined, g: Geometry, glyphs: BatchGlyphs, piece: number, groups = false): string {
  const { layout, runs } = layoutBlock(lines, imb, g, glyphs, piece);
  return blockContent(layout, runs, imb, groups);
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
