// Literature a candidate's design program really produces, built at the object level with pdf-lib so each box and
// rotation sits where the program puts it (issue 15 §3), and a small raster reader over pdftoppm's PGM output.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { tempDir } from './backend.ts';

/** The design as the candidate sees it, drawn on an upright Letter page: asymmetric, so a turn or a mirror shows. */
export const PORTRAIT_DESIGN = [
  '0 g 40 690 160 70 re f', // black block, top left
  '0.5 g 0 0 30 792 re f', // grey bar along the left edge, printed to the edge (bleeds in the bleed file)
  '0 g 400 40 170 50 re f', // black block, bottom right
  '0 G 6 w 300 200 m 500 400 l S', // a diagonal
  'BT /F1 34 Tf 0 g 420 700 Td (VOTE) Tj ET',
].join('\n');

/** A landscape design (792 x 612). */
export const LANDSCAPE_DESIGN = [
  '0 g 40 510 200 70 re f',
  '0 g 600 40 150 50 re f',
  '0 G 6 w 300 200 m 500 400 l S',
  'BT /F1 34 Tf 0 g 450 520 Td (VOTE) Tj ET',
].join('\n');

type PageSpec = { media: number[]; ops: string; crop?: number[]; trim?: number[]; bleed?: number[]; rotate?: number };

export async function pdfOf(pages: PageSpec[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const p of pages) {
    const page = doc.addPage([612, 792]);
    const n = page.node;
    n.set(PDFName.of('MediaBox'), doc.context.obj(p.media));
    if (p.crop) n.set(PDFName.of('CropBox'), doc.context.obj(p.crop));
    if (p.trim) n.set(PDFName.of('TrimBox'), doc.context.obj(p.trim));
    if (p.bleed) n.set(PDFName.of('BleedBox'), doc.context.obj(p.bleed));
    if (p.rotate !== undefined) n.set(PDFName.of('Rotate'), doc.context.obj(p.rotate));
    n.setFontDictionary(PDFName.of('F1'), font.ref);
    n.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(p.ops)));
  }
  return doc.save({ useObjectStreams: false });
}

/** Crop marks: short hairlines off each corner of the trimmed page, in the margin outside it (as InDesign draws them). */
const cropMarks = (x0: number, y0: number, x1: number, y1: number): string => {
  const l: string[] = ['0 G 0.5 w'];
  for (const [x, y, dx, dy] of [[x0, y0, -1, -1], [x1, y0, 1, -1], [x0, y1, -1, 1], [x1, y1, 1, 1]] as const) {
    l.push(`${x} ${y + dy * 3} m ${x} ${y + dy * 15} l S`, `${x + dx * 3} ${y} m ${x + dx * 15} ${y} l S`);
  }
  return l.join('\n');
};

/** The upright reference itself. */
export const uprightPdf = (): Promise<Uint8Array> => pdfOf([{ media: [0, 0, 612, 792], ops: PORTRAIT_DESIGN }]);

/** A portrait design saved as a landscape box with /Rotate 90 (how scanners and some exporters write it). */
export const rotatedPdf = (): Promise<Uint8Array> =>
  // (X, Y) on the upright page is drawn at (792 - Y, X) in the 792 x 612 box; /Rotate 90 turns it back for display.
  pdfOf([{ media: [0, 0, 792, 612], rotate: 90, ops: `q 0 1 -1 0 792 0 cm\n${PORTRAIT_DESIGN}\nQ` }]);

/** 1/4 in bleed all round, crop marks in the bleed area, CropBox on the trim (what "PDF with bleed" often writes). */
export const bleedCropPdf = (): Promise<Uint8Array> =>
  pdfOf([{
    media: [0, 0, 648, 828], crop: [18, 18, 630, 810],
    // The grey bar runs out to the edge of the bleed, as a bleed design does.
    ops: `0.5 g 0 0 48 828 re f\nq 1 0 0 1 18 18 cm\n${PORTRAIT_DESIGN}\nQ\n${cropMarks(18, 18, 630, 810)}`,
  }]);

/** PDF/X style: MediaBox with marks, BleedBox, TrimBox; no CropBox, so a viewer shows the marks (and so did proof). */
export const bleedTrimPdf = (): Promise<Uint8Array> =>
  pdfOf([{
    media: [0, 0, 648, 828], bleed: [9, 9, 639, 819], trim: [18, 18, 630, 810],
    ops: `0.5 g 9 9 39 810 re f\nq 1 0 0 1 18 18 cm\n${PORTRAIT_DESIGN}\nQ\n${cropMarks(18, 18, 630, 810)}`,
  }]);

export const landscapePdf = (): Promise<Uint8Array> => pdfOf([{ media: [0, 0, 792, 612], ops: LANDSCAPE_DESIGN }]);

export type Raster = { width: number; height: number; data: Uint8Array };

/**
 * Page `page` of a PDF in 8-bit grey at `dpi`, through poppler's pdftoppm (which honours /Rotate; with `cropBox` it
 * shows the CropBox as a viewer does, else the MediaBox).
 */
export function rasterise(pdf: Uint8Array | string, page = 1, dpi = 50, cropBox = false): Raster {
  const dir = tempDir('litdesk-raster-');
  const file = typeof pdf === 'string' ? pdf : path.join(dir, 'in.pdf');
  if (typeof pdf !== 'string') fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), ...(cropBox ? ['-cropbox'] : []), '-singlefile', file, path.join(dir, 'out')]);
  const raw = fs.readFileSync(path.join(dir, 'out.pgm'));
  fs.rmSync(dir, { recursive: true, force: true });
  // P5\n<w> <h>\n<max>\n<bytes>
  const head = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(raw.subarray(0, 64).toString('latin1'));
  if (!head) throw new Error('not a PGM');
  return { width: Number(head[1]), height: Number(head[2]), data: raw.subarray(head[0].length) };
}

/** The raster turned a quarter turn anticlockwise (its top to the left). */
export function turnAnticlockwise(r: Raster): Raster {
  const out = new Uint8Array(r.width * r.height);
  // New width = old height; new (x', y') with y' from the top: source (x, y) goes to (y, W - 1 - x).
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) out[(r.width - 1 - x) * r.height + y] = r.data[y * r.width + x]!;
  return { width: r.height, height: r.width, data: out };
}

/** Rectangle in points from the bottom-left (PDF), excluded from a comparison. */
export type PtRect = { x: number; y: number; w: number; h: number };

/**
 * Pixels that differ by more than `level` grey levels, as a fraction of the pixels compared, leaving out the
 * `skip` rectangles (grown by `marginPx`). Rasters of different sizes differ completely.
 */
export function diffFraction(a: Raster, b: Raster, o: { dpi: number; skip?: PtRect[]; level?: number; marginPx?: number } ): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const level = o.level ?? 64;
  const m = o.marginPx ?? 2;
  const px = o.dpi / 72;
  const skips = (o.skip ?? []).map((r) => ({
    x0: Math.floor(r.x * px) - m, x1: Math.ceil((r.x + r.w) * px) + m,
    y0: Math.floor(a.height - (r.y + r.h) * px) - m, y1: Math.ceil(a.height - r.y * px) + m,
  }));
  let compared = 0;
  let differ = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (skips.some((s) => x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1)) continue;
      compared++;
      if (Math.abs(a.data[y * a.width + x]! - b.data[y * a.width + x]!) > level) differ++;
    }
  }
  return differ / compared;
}

/** Fraction of dark pixels (< 128) inside a rectangle in points. */
export function darkIn(r: Raster, dpi: number, rect: PtRect): number {
  const px = dpi / 72;
  let n = 0;
  let dark = 0;
  for (let y = Math.floor(r.height - (rect.y + rect.h) * px); y < Math.ceil(r.height - rect.y * px); y++) {
    for (let x = Math.floor(rect.x * px); x < Math.ceil((rect.x + rect.w) * px); x++) {
      if (x < 0 || y < 0 || x >= r.width || y >= r.height) continue;
      n++;
      if (r.data[y * r.width + x]! < 128) dark++;
    }
  }
  return n === 0 ? 0 : dark / n;
}
