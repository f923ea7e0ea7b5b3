// Geometry from ink (issue 15) over a 20,000-piece job of Vietnamese names, checked on the written files:
//  - every word of every block (pdftotext -bbox, then each glyph's bounding box from the font) lies inside the
//    tolerance box, so with the insert moved 1/4 in sideways the address keeps 1/8 in from the window's edges;
//  - type is 8 pt or more;
//  - on rendered pixels (pdftoppm) of the pieces with the tallest stacked capitals and of a spread of others:
//    no ink in the window outside the tolerance box, and at least 0.028 in of white between the bars and the text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLiterature, prng } from '../../../bench/merge-data.ts';
import { DEFAULT_GEOMETRY, IMB, runBatches, type Piece } from '../../../electron/merge/engine/index.ts';

const MIN_SIZE = 8; // USPS: address type of at least 8 pt

const FONT = readFileSync(new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url));
const font = fontkit.create(FONT);
const PIECES = 20_000;
const BATCH = 5_000;
const g = DEFAULT_GEOMETRY;
// The tolerance box from the rule itself, not from the engine: the window less 1/8 in on every side, less the 1/4 in
// of sideways play on the left and right (so a change to the engine's box cannot make this test agree with it).
const tol = { x0: g.windowX + 9 + 18, y0: g.windowY + 9, x1: g.windowX + g.windowW - 9 - 18, y1: g.windowY + g.windowH - 9 };

// Family and given names full of the capitals that rise above the font's ascent (Ố Ễ Ỗ Ồ Ấ Ế Ầ) or hang below the
// baseline (Ặ Ọ Ợ), in every line position.
const FAMILY = ['NGUYỄN', 'TRẦN', 'ĐỖ', 'HỒ', 'LÊ', 'PHẠM', 'VÕ', 'ĐẶNG', 'NGÔ'];
const MIDDLE = ['THỊ', 'VĂN', 'QUỐC', 'HỮU', 'NGỌC', 'TẤN', 'XUÂN'];
const GIVEN = ['HƯƠNG', 'TIẾN', 'YẾN', 'ỐC', 'ỒNG', 'ẤN', 'CƯỜNG', 'LỄ', 'PHƯỢNG', 'ẦU', 'ỖN'];
const ABOVE = ['C/O ĐỖ QUỐC TIẾN', 'TÒA NHÀ ẤN ĐỘ', 'ATTN HỒ THỊ YẾN'];

function pieces(): Piece[] {
  const r = prng(15);
  const pick = <T,>(a: T[]): T => a[Math.floor(r() * a.length)] as T;
  const out: Piece[] = [];
  for (let i = 0; i < PIECES; i++) {
    const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}${r() < 0.3 ? ` ${pick(GIVEN)}` : ''}`;
    const lines = [name];
    const extra = Math.floor(r() * 3); // 3, 4 or 5 lines
    for (let k = 0; k < extra; k++) lines.push(pick(ABOVE));
    lines.push(`${1 + Math.floor(r() * 19999)} BOLSA AVE${r() < 0.4 ? ` APT ${1 + Math.floor(r() * 400)}` : ''}`);
    lines.push(`WESTMINSTER CA 9268${Math.floor(r() * 10)}-${String(1000 + Math.floor(r() * 8999))}`);
    let imb = '';
    for (let b = 0; b < 65; b++) imb += 'ADTF'[Math.floor(r() * 4)];
    out.push({ lines, imb });
  }
  return out;
}

type Word = { page: number; xMin: number; yMin: number; xMax: number; yMax: number; text: string };
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const out: Word[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') { page++; continue; }
    out.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! });
  }
  return out;
}

/** PDF-space ink box of a word from its pdftotext box: the font box gives size and baseline, the glyphs their ink. */
function ink(w: Word): { size: number; x0: number; x1: number; top: number; bottom: number } {
  const k = 1000 / font.unitsPerEm;
  const asc = Math.round(font.ascent * k) / 1000;
  const desc = Math.round(font.descent * k) / 1000;
  const size = (w.yMax - w.yMin) / (asc - desc);
  const baseline = 792 - w.yMax - desc * size;
  let top = -Infinity;
  let bottom = Infinity;
  for (const ch of w.text) {
    const b = font.glyphForCodePoint(ch.codePointAt(0)!).bbox;
    if (!Number.isFinite(b.maxY)) continue;
    top = Math.max(top, b.maxY / font.unitsPerEm);
    bottom = Math.min(bottom, b.minY / font.unitsPerEm);
  }
  return { size, x0: w.xMin, x1: w.xMax, top: baseline + top * size, bottom: baseline + bottom * size };
}

/** Grayscale crops (PGM) of odd pages `first..last` of `file` at `dpi`, `box` in PDF points. */
function crops(file: string, dir: string, first: number, last: number, dpi: number, box: { x0: number; y0: number; x1: number; y1: number }) {
  const s = dpi / 72;
  const prefix = join(dir, `c-${first}`);
  execFileSync('pdftoppm', ['-gray', '-o', '-r', String(dpi), '-f', String(first), '-l', String(last),
    '-x', String(Math.floor(box.x0 * s)), '-y', String(Math.floor((792 - box.y1) * s)),
    '-W', String(Math.ceil((box.x1 - box.x0) * s)), '-H', String(Math.ceil((box.y1 - box.y0) * s)), file, prefix]);
  return readdirSync(dir).filter((f) => f.startsWith(`c-${first}-`)).sort().map((f) => {
    const buf = readFileSync(join(dir, f));
    rmSync(join(dir, f));
    const h = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
    return { w: +h[1]!, h: +h[2]!, px: buf.subarray(h[0].length), ox: Math.floor(box.x0 * s), oy: Math.floor((792 - box.y1) * s) };
  });
}

let dir: string;
let files: string[];
let all: Piece[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'litdesk-clearance-'));
  all = pieces();
  const literature = await makeLiterature(2, [90, 60]);
  const tasks = Array.from({ length: PIECES / BATCH }, (_, b) => ({ pieces: all.slice(b * BATCH, (b + 1) * BATCH), outPath: join(dir, `b${b}.pdf`) }));
  const r = await runBatches({ literature, font: FONT, geometry: g, batches: tasks, workers: 2 });
  expect(r.pieces).toBe(PIECES);
  files = tasks.map((t) => t.outPath);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 20,000-piece job of Vietnamese names', () => {
  it('every glyph of every block lies in the tolerance box, at 8 pt or more (pdftotext -bbox + glyph bounding boxes)', () => {
    let checked = 0;
    const bad: string[] = [];
    let maxTop = -Infinity;
    let minBottom = Infinity;
    for (const file of files) {
      const inWindow = words(file).filter((w) => w.page % 2 === 1 && w.xMax > g.windowX && w.xMin < g.windowX + g.windowW
        && 792 - w.yMin > g.windowY && 792 - w.yMax < g.windowY + g.windowH);
      const pages = new Set<number>();
      for (const w of inWindow) {
        const i = ink(w);
        pages.add(w.page);
        if (i.size < MIN_SIZE - 0.01 || i.x0 < tol.x0 - 0.05 || i.x1 > tol.x1 + 0.05 || i.top > tol.y1 + 0.05 || i.bottom < tol.y0 - 0.05) {
          bad.push(`${file} page ${w.page} "${w.text}": ${JSON.stringify(i)}`);
        }
        maxTop = Math.max(maxTop, i.top);
        minBottom = Math.min(minBottom, i.bottom);
        checked++;
      }
      expect(pages.size).toBe(BATCH);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(PIECES * 6);
    // The stacked capitals did reach above the font's ascent, so the check had something to catch.
    expect(maxTop).toBeGreaterThan(tol.y1 - 9);
  }, 300_000);

  it('rendered pixels: no ink in the window outside the tolerance box, and >= 0.028 in of white above the bars', () => {
    const dpi = 300;
    const px = dpi / 72;
    const clearZonePx = Math.floor(0.028 * dpi); // USPS-B-3200: 0.028 in above and below the bars
    const window = { x0: g.windowX, y0: g.windowY, x1: g.windowX + g.windowW, y1: g.windowY + g.windowH };
    let pieceCount = 0;
    let minGap = Infinity;
    // The first 150 pieces of each batch (odd pages: each piece's page 1), the tall 5-line blocks among them included.
    for (const file of files) {
      for (const c of crops(file, dir, 1, 300, dpi, window)) {
        pieceCount++;
        const dark = (x: number, y: number) => (c.px[y * c.w + x] as number) < 160;
        // Tolerance box in crop pixels, one pixel of anti-aliasing allowed.
        const tx0 = Math.floor(tol.x0 * px) - c.ox - 1;
        const tx1 = Math.ceil(tol.x1 * px) - c.ox + 1;
        const ty0 = Math.floor((792 - tol.y1) * px) - c.oy - 1;
        const ty1 = Math.ceil((792 - tol.y0) * px) - c.oy + 1;
        const rowInk: boolean[] = [];
        let outside = 0;
        for (let y = 0; y < c.h; y++) {
          let any = false;
          for (let x = 0; x < c.w; x++) {
            if (!dark(x, y)) continue;
            any = true;
            if (x < tx0 || x > tx1 || y < ty0 || y > ty1) outside++;
          }
          rowInk.push(any);
        }
        expect(outside, 'dark pixels in the window outside the tolerance box').toBe(0);
        // From the bottom: the bars' band, then white, then the text.
        let y = c.h - 1;
        while (y >= 0 && !rowInk[y]) y--;
        const barsBottom = y;
        while (y >= 0 && rowInk[y]) y--;
        expect(barsBottom - y, 'bar band height').toBeGreaterThanOrEqual(Math.floor(IMB.full * px) - 2);
        let gap = 0;
        while (y >= 0 && !rowInk[y]) { gap++; y--; }
        minGap = Math.min(minGap, gap);
        expect(gap).toBeGreaterThanOrEqual(clearZonePx);
      }
    }
    expect(pieceCount).toBe(600);
    expect(minGap).toBeGreaterThanOrEqual(clearZonePx);
  }, 300_000);
});
