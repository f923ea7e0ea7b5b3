import { rmSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { blockContent, encodeLine, layoutBlock } from './address.ts';
import { BatchGlyphs, loadFace } from './font.ts';
import { reserveFontRefs, writeFontObjects } from './font-objects.ts';
import { innerBox, LETTER_H, LETTER_W, SIDEWAYS, toleranceBox, validateGeometry } from './geometry.ts';
import { commitPart, PdfFile } from './pdf-file.ts';
import { num } from './text.ts';
import { MergeError, type Geometry } from './types.ts';
import { writeFailed } from './write-batch.ts';

export type CalibrationLabels = { title: string; instructions: string[]; specimen: string[] };

const IN = 72;
/** The USPS-B-3200 worked example (tracking 01234567094987654321, routing 01234567891). */
const SAMPLE_IMB = 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA';

const DEFAULT_LABELS: CalibrationLabels = {
  title: 'LitDesk envelope calibration sheet',
  instructions: [
    'Print at 100% (turn off "fit to page"), fold as for mailing and insert in the envelope.',
    'Solid box: the envelope window. Dotted box: the window less its 1/8 in clear space.',
    'Dashed box: the tolerance box. Every address and barcode stays inside it, so with the sheet moved 1/4 in left or',
    'right the address still keeps 1/8 in from the window edges. The dotted box must show through the window.',
  ],
  specimen: ['SPECIMEN ADDRESS NGUYỄN THỊ HƯƠNG', '1234 MAIN ST APT 5', 'ANYTOWN CA 90000-1234'],
};

/** One page: window outline, clear-space outline, a specimen address with barcode, rulers and the window's numbers. */
export async function writeCalibrationSheet(geometry: Geometry, font: Uint8Array, outPath: string, labels: CalibrationLabels = DEFAULT_LABELS): Promise<{ bytes: number; sha256: string }> {
  validateGeometry(geometry);
  const glyphs = new BatchGlyphs(loadFace(font));
  const box = innerBox(geometry);
  const tol = toleranceBox(geometry);
  let content = '';
  content += `q 0 G .75 w ${num(geometry.windowX)} ${num(geometry.windowY)} ${num(geometry.windowW)} ${num(geometry.windowH)} re S Q\n`;
  content += `q 0 G .3 w [1 1.5] 0 d ${num(box.x0)} ${num(box.y0)} ${num(box.x1 - box.x0)} ${num(box.y1 - box.y0)} re S Q\n`;
  // The tolerance box is drawn just outside its edges (half a line width), so its stroke never touches the ink inside.
  content += `q 0 G .5 w [3 2] 0 d ${num(tol.x0 - 0.25)} ${num(tol.y0 - 0.25)} ${num(tol.x1 - tol.x0 + 0.5)} ${num(tol.y1 - tol.y0 + 0.5)} re S Q\n`;
  const { layout, runs } = layoutBlock(labels.specimen, SAMPLE_IMB, geometry, glyphs, 0);
  content += blockContent(layout, runs, SAMPLE_IMB);
  content += rulers();

  const text = (x: number, y: number, size: number, s: string) =>
    `BT /F1 ${num(size)} Tf ${num(x)} ${num(y)} Td <${encodeLine(glyphs, s, 0).hex}> Tj ET\n`;
  content += text(72, 740, 14, labels.title);
  labels.instructions.forEach((line, i) => (content += text(72, 720 - i * 12, 9, line)));
  const f = (v: number) => (v / IN).toFixed(3).replace(/\.?0+$/, '');
  const facts = [
    `Window: ${f(geometry.windowW)} x ${f(geometry.windowH)} in, ${f(geometry.windowX)} in from the left edge, ${f(geometry.windowY)} in from the bottom edge.`,
    `Clear space: ${f(geometry.clear)} in. Address: ${geometry.mode === 'window' ? 'on literature page 1' : 'on a separate first page'}.`,
    `Tolerance box: ${f(tol.x1 - tol.x0)} x ${f(tol.y1 - tol.y0)} in, ${f(tol.x0)} in from the left edge, ${f(tol.y0)} in from the bottom edge.`,
    `Sideways play: ${f(SIDEWAYS)} in each way.`,
    `Specimen: ${num(layout.size)} pt type, barcode below the last line, vertical play ${f(layout.play)} in each way.`,
  ];
  facts.forEach((line, i) => (content += text(72, 330 - i * 12, 9, line)));
  for (let i = 1; i <= 2; i++) content += text(20, (LETTER_H * i) / 3 + 3, 7, 'fold');

  const part = outPath + '.part';
  let file: PdfFile;
  try {
    file = PdfFile.open(part, false);
  } catch (e) {
    throw writeFailed(e);
  }
  try {
    const catalog = file.alloc();
    const pages = file.alloc();
    const page = file.alloc();
    const stream = file.alloc();
    const fontRefs = reserveFontRefs(file);
    file.object(catalog, `<</Type/Catalog/Pages ${pages} 0 R>>`);
    file.object(pages, `<</Type/Pages/Count 1/Kids[${page} 0 R]>>`);
    file.object(page, `<</Type/Page/Parent ${pages} 0 R/MediaBox[0 0 ${LETTER_W} ${LETTER_H}]/Resources<</Font<</F1 ${fontRefs.type0} 0 R>>>>/Contents ${stream} 0 R>>`);
    file.stream(stream, deflateSync(Buffer.from(content, 'latin1')), '/Filter/FlateDecode');
    await writeFontObjects(file, fontRefs, glyphs);
    const r = file.finish(catalog);
    commitPart(outPath);
    return r;
  } catch (e) {
    file.abandon();
    rmSync(part, { force: true });
    throw e instanceof MergeError ? e : writeFailed(e);
  }
}

/** Ticks every 1/8 in along the left and bottom edges (longer each 1/2 in and inch), inch numbers, fold marks. */
function rulers(): string {
  let out = 'q 0 G .4 w\n';
  for (let i = 1; i < LETTER_H / (IN / 8); i++) {
    const y = (i * IN) / 8;
    const len = i % 8 === 0 ? 18 : i % 4 === 0 ? 12 : 6;
    out += `0 ${num(y)} m ${len} ${num(y)} l S\n`;
  }
  for (let i = 1; i < LETTER_W / (IN / 8); i++) {
    const x = (i * IN) / 8;
    const len = i % 8 === 0 ? 18 : i % 4 === 0 ? 12 : 6;
    out += `${num(x)} 0 m ${num(x)} ${len} l S\n`;
  }
  out += '[4 3] 0 d\n';
  for (let i = 1; i <= 2; i++) out += `0 ${num((LETTER_H * i) / 3)} m 60 ${num((LETTER_H * i) / 3)} l S\n`;
  return out + 'Q\n';
}
