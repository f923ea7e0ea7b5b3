import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import type { Font, Subset } from '@pdf-lib/fontkit';
import { cleanLine } from './text.ts';
import { MergeError } from './types.ts';

/** Metrics in PDF glyph space (1/1000 em), read once per font. */
export type FontFace = {
  font: Font;
  psName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
};

const faces = new Map<string, FontFace>();

const keys = new WeakMap<Uint8Array, string>();
/**
 * SHA-256 of bytes, remembered per buffer: a worker is handed the same font and literature buffers for every batch
 * of a job, and hashing them (some 1.2 MB) per batch was measurable. Callers never change a buffer they pass in.
 */
export function contentKey(bytes: Uint8Array): string {
  let k = keys.get(bytes);
  if (k === undefined) {
    k = createHash('sha256').update(bytes).digest('hex');
    keys.set(bytes, k);
  }
  return k;
}

/** Parses the font once per process (keyed by its hash): workers handle many batches with the same font. */
export function loadFace(bytes: Uint8Array): FontFace {
  const key = contentKey(bytes);
  const hit = faces.get(key);
  if (hit) return hit;
  let font: Font;
  try {
    font = fontkit.create(bytes);
  } catch {
    throw new MergeError('merge.fontUnreadable', 'The address font could not be read.');
  }
  const k = 1000 / font.unitsPerEm;
  const h = font.glyphForCodePoint(0x48).bbox; // 'H': DejaVu's OS/2 table has no capHeight
  const face: FontFace = {
    font,
    psName: (font.postscriptName ?? 'LitDeskFont').replace(/[^A-Za-z0-9-]/g, ''),
    unitsPerEm: font.unitsPerEm,
    ascent: Math.round(font.ascent * k),
    descent: Math.round(font.descent * k),
    capHeight: Math.round((font.capHeight || h.maxY) * k),
    bbox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY].map((v) => Math.round(v * k)) as [number, number, number, number],
  };
  faces.set(key, face);
  return face;
}

/**
 * A glyph as used in one batch: its CID in that batch's subset (4 hex digits), its advance and its ink's vertical
 * extent (bounding box top and bottom) in font units. A glyph without ink (space) has top -Infinity, bottom +Infinity.
 */
export type BatchGlyph = { cid: number; hex: string; advance: number; codePoint: number; top: number; bottom: number };

/** Advance and ink extent of a character, font units; undefined when the font lacks it. Cached per face. */
export type GlyphMetrics = { advance: number; top: number; bottom: number };
const metricsCache = new WeakMap<FontFace, Map<number, GlyphMetrics | null>>();
export function glyphMetrics(face: FontFace, codePoint: number): GlyphMetrics | undefined {
  let cache = metricsCache.get(face);
  if (!cache) metricsCache.set(face, (cache = new Map()));
  const hit = cache.get(codePoint);
  if (hit !== undefined) return hit ?? undefined;
  if (!face.font.hasGlyphForCodePoint(codePoint)) {
    cache.set(codePoint, null);
    return undefined;
  }
  const g = face.font.glyphForCodePoint(codePoint);
  const b = g.bbox;
  const inked = Number.isFinite(b.maxY) && Number.isFinite(b.minY) && b.maxY > b.minY;
  const m = { advance: g.advanceWidth, top: inked ? b.maxY : -Infinity, bottom: inked ? b.minY : Infinity };
  cache.set(codePoint, m);
  return m;
}

/**
 * Per-character glyph cache for one output file. Each character maps to exactly one glyph (no shaping): NFC text
 * in Latin scripts needs none, and one glyph per character keeps the ToUnicode map exact, so pdftotext and
 * screen readers get the name back character for character. Subset CIDs are handed out in first-use order, which
 * is deterministic for the same pieces in the same order.
 */
export class BatchGlyphs {
  readonly face: FontFace;
  readonly used: BatchGlyph[] = [];
  private readonly subset: Subset;
  private readonly byCodePoint = new Map<number, BatchGlyph>();
  private readonly byGlyphId = new Map<number, BatchGlyph>();
  /** The same entries for code points below 0x2000 (Latin, Vietnamese) in a flat array: a piece looks up ~70. */
  private readonly low: Array<BatchGlyph | undefined> = new Array<BatchGlyph | undefined>(0x2000).fill(undefined);

  constructor(face: FontFace) {
    this.face = face;
    this.subset = face.font.createSubset();
  }

  /** Undefined when the font has no glyph for the character (it would print as an empty box). */
  get(codePoint: number): BatchGlyph | undefined {
    const fast = codePoint < 0x2000 ? this.low[codePoint] : undefined;
    if (fast) return fast;
    const hit = this.byCodePoint.get(codePoint);
    if (hit) return hit;
    if (!this.face.font.hasGlyphForCodePoint(codePoint)) return undefined;
    const g = this.face.font.glyphForCodePoint(codePoint);
    let entry = this.byGlyphId.get(g.id);
    if (!entry) {
      const cid = this.subset.includeGlyph(g.id);
      const m = glyphMetrics(this.face, codePoint) as GlyphMetrics;
      entry = { cid, hex: cid.toString(16).padStart(4, '0'), advance: g.advanceWidth, codePoint, top: m.top, bottom: m.bottom };
      this.byGlyphId.set(g.id, entry);
      this.used.push(entry);
    }
    this.byCodePoint.set(codePoint, entry);
    if (codePoint < 0x2000) this.low[codePoint] = entry;
    return entry;
  }

  encodeSubset(): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const parts: Uint8Array[] = [];
      const s = this.subset.encodeStream() as unknown as NodeJS.EventEmitter; // fontkit's stream type omits 'error'
      s.on('data', (b: Uint8Array) => parts.push(b));
      s.on('end', () => resolve(Buffer.concat(parts)));
      s.on('error', reject);
    });
  }
}

/** Characters of `texts` (after NFC) that the font cannot print. Run before a merge, over the whole audience. */
export function checkCoverage(font: Uint8Array, texts: Iterable<string>): { missing: Array<{ char: string; codePoint: string }> } {
  const f = loadFace(font).font;
  const seen = new Set<number>();
  const missing: Array<{ char: string; codePoint: string }> = [];
  for (const text of texts) {
    for (const ch of cleanLine(text)) {
      const cp = ch.codePointAt(0) as number;
      if (seen.has(cp)) continue;
      seen.add(cp);
      if (!f.hasGlyphForCodePoint(cp)) missing.push({ char: ch, codePoint: codePointLabel(cp) });
    }
  }
  return { missing };
}

export function codePointLabel(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}
