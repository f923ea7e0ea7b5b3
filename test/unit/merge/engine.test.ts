// Merge engine on real files, checked with real poppler and qpdf (no mocks): page counts, exact Unicode text,
// address inside the window's clear space, rendered ink, determinism, atomic writes, coverage, the worker pool.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLiterature, syntheticPieces } from '../../../bench/merge-data.ts';
import {
  checkCoverage, DEFAULT_GEOMETRY, IMB, MergeError, toleranceBox, runBatches, writeBatch, writeCalibrationSheet,
  type Geometry, type Piece,
} from '../../../electron/merge/engine/index.ts';

const FONT = readFileSync(new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url));
const IMB_EXAMPLE = 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA';

const NAMES = [
  'NGUYỄN THỊ HƯƠNG', 'TRẦN VĂN ĐỨC', 'JOSÉ MUÑOZ PEÑA', 'Nguyễn Thị Hương', 'PHẠM QUỐC TUẤN', 'HOÀNG NGỌC YẾN',
  'ĐẶNG HỮU CƯỜNG', 'Lê Thị Hằng', 'MARÍA JESÚS IBÁÑEZ', 'ÓSCAR NÚÑEZ ORDÓÑEZ', 'Ramón Castañeda', 'FRANÇOIS LEFÈVRE',
  'ZOË BJÖRK', 'ŁUKASZ DVOŘÁK', 'SØREN ØSTERGÅRD', 'GÜNTHER MÜLLER', 'ŠTĚPÁN ŠIMEK', 'ÆLFRIC ÞÓRSSON', 'MAŁGORZATA WÓJCIK',
];

let dir: string;
let literature: Uint8Array;

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);

function piecesFor(names: string[]): Piece[] {
  return names.map((name, i) => ({ lines: [name, `${100 + i} MAIN ST APT ${i + 1}`, `GARDEN GROVE CA 92840-${String(1000 + i)}`], imb: IMB_EXAMPLE }));
}

type Word = { xMin: number; yMin: number; xMax: number; yMax: number; text: string };
function words(file: string, page: number): Word[] {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  const out: Word[] = [];
  for (const m of html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    out.push({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]!.replace(/&amp;/g, '&') });
  }
  return out;
}

/**
 * Address words on `page` (those overlapping the window) must all lie inside the tolerance box: the window less the
 * clear space, less the 1/4 in sideways play on the left and right.
 */
function expectAddressInsideClearSpace(file: string, page: number, g: Geometry, lines: string[]): void {
  const box = toleranceBox(g);
  // pdftotext -bbox uses a top-left origin.
  const inWindow = words(file, page).filter((w) => w.xMax > g.windowX && w.xMin < g.windowX + g.windowW && 792 - w.yMin > g.windowY && 792 - w.yMax < g.windowY + g.windowH);
  const eps = 0.01;
  for (const w of inWindow) {
    expect(w.xMin, w.text).toBeGreaterThanOrEqual(box.x0 - eps);
    expect(w.xMax, w.text).toBeLessThanOrEqual(box.x1 + eps);
    expect(792 - w.yMax, w.text).toBeGreaterThanOrEqual(box.y0 - eps);
    expect(792 - w.yMin, w.text).toBeLessThanOrEqual(box.y1 + eps);
  }
  const tokens = lines.flatMap((l) => l.normalize('NFC').split(' '));
  expect(inWindow.map((w) => w.text)).toEqual(tokens);
}

/** Dark pixels in a crop of `page` rendered at 72 dpi grayscale (PGM), box in PDF points. */
function darkPixels(file: string, page: number, x0: number, y0: number, x1: number, y1: number): number {
  const r = spawnSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-gray',
    '-x', String(Math.floor(x0)), '-y', String(Math.floor(792 - y1)), '-W', String(Math.ceil(x1 - x0)), '-H', String(Math.ceil(y1 - y0)), file]);
  const buf = r.stdout as Buffer;
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  const pixels = buf.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'litdesk-merge-test-'));
  literature = await makeLiterature(4, [90, 60]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeBatch, window mode', () => {
  const g = DEFAULT_GEOMETRY;
  let file: string;
  let pieces: Piece[];
  beforeAll(async () => {
    pieces = piecesFor(NAMES);
    // Decomposed input (NFD) must print and extract as the composed name.
    pieces.push({ lines: ['Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031bng', '9 OAK AVE', 'HOUSTON TX 77036'], imb: IMB_EXAMPLE });
    // The longest name Publication 28's 40 characters allow, in wide capitals: fits at 8 pt or more, never squeezed.
    pieces.push({ lines: ['MARÍA ÁNGELES HERNÁNDEZ-CASTAÑEDA MUÑOZ', '1 MAIN ST', 'MIAMI FL 33135'] });
    // Five lines: the font shrinks to fit under the barcode.
    pieces.push({ lines: ['TRẦN VĂN ĐỨC', 'C/O ĐẶNG HỮU CƯỜNG', 'ATTN LOCAL 1877', '200 BOLSA AVE STE 4', 'WESTMINSTER CA 92683-1234'], imb: IMB_EXAMPLE });
    file = join(dir, 'window.pdf');
    const r = await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: file });
    expect(r.pieces).toBe(pieces.length);
    expect(r.pages).toBe(pieces.length * 4);
    expect(r.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(r.bytes).toBe(readFileSync(file).length);
  });

  it('has pieces x literature pages (pdfinfo)', () => {
    expect(pageCount(file)).toBe(pieces.length * 4);
  });

  it('round-trips every name exactly through pdftotext', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain('Nguyễn Thị Hương'.normalize('NFC'));
    expect(text).not.toContain('\u0302'); // no stray combining marks from the NFD input
  });

  it('keeps every address word inside the window less the 1/8 in clear space (pdftotext -bbox)', () => {
    for (let i = 0; i < pieces.length; i++) expectAddressInsideClearSpace(file, i * 4 + 1, g, pieces[i]!.lines);
  });

  it('prints ink in the address area: bars and text glyphs are not blank (pdftoppm)', () => {
    const box = toleranceBox(g);
    // Three lines and the bars below them, centred: the bars' top is below the box's middle.
    const mid = (box.y0 + box.y1) / 2;
    const textInk = darkPixels(file, 1, box.x0, mid, box.x1, box.y1);
    const barsInk = darkPixels(file, 1, box.x0, box.y0, box.x1, mid - IMB.full);
    expect(barsInk).toBeGreaterThan(65 * 3);
    expect(textInk).toBeGreaterThan(300);
    // Literature page 1 and page 2 are drawn too (forms shared by all pieces).
    expect(darkPixels(file, 1, 72, 730, 400, 760)).toBeGreaterThan(100);
    expect(darkPixels(file, 6, 72, 730, 400, 760)).toBeGreaterThan(100);
  });

  it('passes qpdf --check', () => {
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(r.stdout).toContain('No syntax or stream encoding errors');
    expect(r.status).toBe(0);
  });

  it('is deterministic: the same inputs give byte-identical files, also with object streams', async () => {
    const again = join(dir, 'window-again.pdf');
    await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: again });
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
    const os1 = await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: join(dir, 'os1.pdf'), objectStreams: true });
    const os2 = await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: join(dir, 'os2.pdf'), objectStreams: true });
    expect(os1.sha256).toBe(os2.sha256);
    expect(os1.bytes).toBeLessThan(readFileSync(file).length);
    const r = spawnSync('qpdf', ['--check', join(dir, 'os1.pdf')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(pageCount(join(dir, 'os1.pdf'))).toBe(pieces.length * 4);
    expect(run('pdftotext', ['-enc', 'UTF-8', join(dir, 'os1.pdf'), '-'])).toContain('ŁUKASZ DVOŘÁK');
  });
});

describe('writeBatch, separate address page', () => {
  it('adds one address page per piece, address inside the clear space, literature after it (simplex: no padding)', async () => {
    const g: Geometry = { ...DEFAULT_GEOMETRY, mode: 'addressPage', sides: 'simplex' };
    const pieces = piecesFor(NAMES.slice(0, 5));
    const file = join(dir, 'address-page.pdf');
    const r = await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: file });
    expect(r.pages).toBe(5 * 5);
    expect(pageCount(file)).toBe(25);
    for (let i = 0; i < 5; i++) {
      expectAddressInsideClearSpace(file, i * 5 + 1, g, pieces[i]!.lines);
      expect(run('pdftotext', ['-f', String(i * 5 + 2), '-l', String(i * 5 + 2), file, '-'])).toContain('page 1');
    }
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
  });

  it('duplex: address page + 4 literature pages = 5, padded with a blank back to 6, so each piece starts on its own sheet', async () => {
    const g: Geometry = { ...DEFAULT_GEOMETRY, mode: 'addressPage', sides: 'duplex' };
    const pieces = piecesFor(NAMES.slice(0, 4));
    const file = join(dir, 'address-page-duplex.pdf');
    const r = await writeBatch({ literature, pieces, geometry: g, font: FONT, outPath: file });
    expect(r.pages).toBe(4 * 6);
    expect(pageCount(file)).toBe(24);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    for (let i = 0; i < 4; i++) {
      // Sheet i*3+1 front: this member's address; its back (page 6 of the piece) is blank: no text, no ink.
      expectAddressInsideClearSpace(file, i * 6 + 1, g, pieces[i]!.lines);
      expect(run('pdftotext', ['-f', String(i * 6 + 6), '-l', String(i * 6 + 6), file, '-']).trim()).toBe('');
      expect(darkPixels(file, i * 6 + 6, 0, 0, 612, 792)).toBe(0);
    }
  });

  it('duplex is the default when the geometry does not say (old elections), and even pieces get no padding', async () => {
    const { sides: _omit, ...g } = { ...DEFAULT_GEOMETRY, mode: 'addressPage' as const };
    const odd = await writeBatch({ literature, pieces: piecesFor(NAMES.slice(0, 2)), geometry: g, font: FONT, outPath: join(dir, 'default-sides.pdf') });
    expect(odd.pages).toBe(2 * 6);
    const even = await writeBatch({ literature, pieces: piecesFor(NAMES.slice(0, 2)), geometry: DEFAULT_GEOMETRY, font: FONT, outPath: join(dir, 'even.pdf') });
    expect(even.pages).toBe(2 * 4);
  });
});

describe('failures leave nothing behind', () => {
  it('a character the font lacks is found by checkCoverage and refused by writeBatch, naming only the code point', async () => {
    expect(checkCoverage(FONT, NAMES).missing).toEqual([]);
    expect(checkCoverage(FONT, ['LÝ 中 MINH', 'ĐỖ']).missing).toEqual([{ char: '中', codePoint: 'U+4E2D' }]);
    const out = join(dir, 'missing.pdf');
    const pieces = piecesFor(NAMES.slice(0, 3));
    pieces.push({ lines: ['SECRETNAME 中', '1 MAIN ST', 'MIAMI FL 33135'] });
    const err = await writeBatch({ literature, pieces, geometry: DEFAULT_GEOMETRY, font: FONT, outPath: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MergeError);
    expect((err as MergeError).code).toBe('merge.missingGlyph');
    expect((err as MergeError).details).toEqual({ piece: 3, codePoint: 'U+4E2D' });
    expect(JSON.stringify(err) + String(err)).not.toContain('SECRETNAME');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(out + '.part')).toBe(false);
  });

  it('refuses a malformed barcode, an address with too many lines, and a window outside the page', async () => {
    const out = join(dir, 'bad.pdf');
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: MergeError) => e.code);
    expect(await code(writeBatch({ literature, pieces: [{ lines: ['A'], imb: 'ADTX' }], geometry: DEFAULT_GEOMETRY, font: FONT, outPath: out }))).toBe('merge.badBarcode');
    const tall = { lines: Array.from({ length: 9 }, (_, i) => `LINE ${i}`), imb: IMB_EXAMPLE };
    expect(await code(writeBatch({ literature, pieces: [tall], geometry: DEFAULT_GEOMETRY, font: FONT, outPath: out }))).toBe('merge.addressTooTall');
    // Too wide at 8 pt: refused, never squeezed below it (import finds these first; this is the last line of defence).
    const wide = { lines: ['MARÍA DE LOS ÁNGELES HERNÁNDEZ-CASTAÑEDA Y GONZÁLEZ DE LA PEÑA', '1 MAIN ST', 'MIAMI FL 33135'], imb: IMB_EXAMPLE };
    const good = piecesFor(NAMES.slice(0, 3));
    const err = await writeBatch({ literature, pieces: [...good, wide], geometry: DEFAULT_GEOMETRY, font: FONT, outPath: out }).catch((e: MergeError) => e);
    expect((err as MergeError).code).toBe('merge.addressTooWide');
    expect((err as MergeError).details).toEqual({ piece: 3, line: 1 });
    expect(await code(writeBatch({ literature, pieces: [], geometry: { ...DEFAULT_GEOMETRY, windowX: 400 }, font: FONT, outPath: out }))).toBe('merge.badGeometry');
    expect(readdirSync(dir).filter((f) => f.startsWith('bad.pdf'))).toEqual([]);
  });
});

describe('worker pool', () => {
  it('writes batches in worker threads, in order, identical to writing them inline, with progress', async () => {
    const out = join(dir, 'pool');
    const tasks = [0, 1, 2].map((b) => ({ pieces: syntheticPieces(11, b * 40, 40), outPath: join(dir, `pool-${b}.pdf`) }));
    const seen: number[] = [];
    const r = await runBatches({ literature, font: FONT, geometry: DEFAULT_GEOMETRY, batches: tasks, workers: 2, onProgress: (p) => seen.push(p.piecesDone) });
    expect(r.batches.map((b) => b.index)).toEqual([0, 1, 2]);
    expect(r.pieces).toBe(120);
    expect(r.pages).toBe(480);
    expect(seen.at(-1)).toBe(120);
    const inline = await writeBatch({ literature, font: FONT, geometry: DEFAULT_GEOMETRY, pieces: tasks[1]!.pieces, outPath: out + '-inline.pdf' });
    expect(r.batches[1]!.sha256).toBe(inline.sha256);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('cancels: rejects with merge.cancelled, deletes partial files, keeps finished batches whole', async () => {
    const sub = mkdtempSync(join(dir, 'cancel-'));
    const ac = new AbortController();
    function* tasks() {
      for (let b = 0; b < 40; b++) yield { pieces: syntheticPieces(3, b * 2000, 2000), outPath: join(sub, `c-${b}.pdf`) };
    }
    const err = await runBatches({
      literature, font: FONT, geometry: DEFAULT_GEOMETRY, batches: tasks(), workers: 2, signal: ac.signal,
      onProgress: (p) => { if (p.piecesDone >= 500) ac.abort(); },
    }).catch((e: unknown) => e);
    expect((err as MergeError).code).toBe('merge.cancelled');
    const left = readdirSync(sub);
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(left.length).toBeLessThan(40);
    for (const f of left) expect(pageCount(join(sub, f))).toBe(8000);
  });

  it('reports a failing batch with its code and stops', async () => {
    const tasks = [{ pieces: [{ lines: ['中'] }], outPath: join(dir, 'fail.pdf') }];
    const err = await runBatches({ literature, font: FONT, geometry: DEFAULT_GEOMETRY, batches: tasks, workers: 1 }).catch((e: unknown) => e);
    expect((err as MergeError).code).toBe('merge.missingGlyph');
    expect(existsSync(join(dir, 'fail.pdf.part'))).toBe(false);
  });
});

describe('calibration sheet', () => {
  it('is one page with the window outline, a specimen address inside the clear space, and the window numbers', async () => {
    const file = join(dir, 'calibration.pdf');
    await writeCalibrationSheet(DEFAULT_GEOMETRY, FONT, file);
    expect(pageCount(file)).toBe(1);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('NGUYỄN THỊ HƯƠNG');
    expect(text).toContain('Window: 4.5 x 1.125 in');
    const box = toleranceBox(DEFAULT_GEOMETRY);
    expect(darkPixels(file, 1, box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1)).toBeGreaterThan(300);
    // The outline itself: ink along the window's left edge.
    expect(darkPixels(file, 1, DEFAULT_GEOMETRY.windowX - 1, DEFAULT_GEOMETRY.windowY + 10, DEFAULT_GEOMETRY.windowX + 1, DEFAULT_GEOMETRY.windowY + 60)).toBeGreaterThan(20);
  });
});
