// Literature normalised at intake to what prints (issue 15 §3), end to end on a real vault: a /Rotate 90 page, a
// bleed file with crop marks (CropBox on the trim, and PDF/X style TrimBox without CropBox) and a landscape page go
// through intake, the proof the candidate signs off and a real production job. poppler rasterises the proof's page 1
// and the printed page 1; they must match each other and the design as the candidate drew it, pixel for pixel
// outside the envelope window (where the proof shows a specimen and the print a member). Before the fix the merge
// drew the rotated page sideways at 77 % and the bleed file with its marks at 94 %: tens of percent of pixels differ.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/backend.ts';
import { describe, expect, it } from 'vitest';
import { clearCopy } from '../../support/mail-house.ts';
import {
  bleedCropPdf, bleedTrimPdf, darkIn, diffFraction, landscapePdf, rasterise, rotatedPdf, turnAnticlockwise, uprightPdf, type Raster,
} from '../../support/shapes.ts';
import { ELECTION } from '../elections/helpers.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob } from './world.ts';

const DPI = 50;
const WINDOW = { x: ELECTION.print.windowXPt, y: ELECTION.print.windowYPt, w: ELECTION.print.windowWPt, h: ELECTION.print.windowHPt };
/**
 * Tolerance: at most 0.5 % of the compared pixels may differ by more than 64 of 255 grey levels. The proof draws the
 * normalised page directly and the print draws it as a form scaled by exactly 1, so the same vectors land on the same
 * pixels and only anti-aliasing along edges can round differently (measured: 0 % proof against print; 0.11 % for the
 * landscape print against the viewer's picture turned by the test, text edges). With normalisation switched off the
 * rotated page differs on 16 % of the pixels and the bleed files on 6-8 % (their proofs are not even Letter), so the
 * margin cannot hide a page drawn sideways at 77 % or with its marks at 94 %.
 */
const TOLERANCE = 0.005;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

async function printAndProof(literature: Uint8Array) {
  const world = await buildMergeWorld({ members: 24, seeds: 1, literature });
  const { client, backend } = await openCopy(world);
  const proof = await client.call('requests.proof', { requestId: world.requestId });
  const proofPdf = Buffer.from(proof.base64, 'base64');
  const folder = outputFolder(backend);
  const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 });
  expect((await waitForJob(client, jobId)).status).toBe('done');
  const [job] = await client.call('merge.jobs', { requestId: world.requestId });
  const printed = await clearCopy(path.join(folder, job!.batches[0]!.fileName));
  const stored = backend.vault!.db.prepare('SELECT bytes FROM literature ORDER BY id DESC LIMIT 1').pluck().get() as Buffer;
  backend.lock('test');
  return { proofPdf, printed, stored };
}

function expectLetterUpright(info: string): void {
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => m[1]);
  const rots = [...info.matchAll(/^Page\s+\d+ rot:\s+(\d+)$/gm)].map((m) => m[1]);
  expect(sizes.length).toBeGreaterThan(0);
  expect(new Set(sizes)).toEqual(new Set(['612 x 792 pts (letter)']));
  expect(new Set(rots)).toEqual(new Set(['0']));
}

async function check(literature: Uint8Array, expected: Raster) {
  const { proofPdf, printed, stored } = await printAndProof(literature);
  // pdfinfo: the stored literature, the proof and every printed page are upright Letter.
  for (const f of [stored, proofPdf]) expectLetterUpright(pdfinfoOf(f));
  expectLetterUpright(run('pdfinfo', ['-f', '1', '-l', '4', printed]));
  expect(run('qpdf', ['--check', printed])).toMatch(/No syntax or stream encoding errors/);
  const proofRaster = rasterise(proofPdf, 1, DPI);
  const printRaster = rasterise(printed, 1, DPI);
  const proofVsPrint = diffFraction(proofRaster, printRaster, { dpi: DPI, skip: [WINDOW] });
  const printVsDesign = diffFraction(printRaster, expected, { dpi: DPI, skip: [WINDOW] });
  return { proofVsPrint, printVsDesign, printRaster };
}

function pdfinfoOf(bytes: Uint8Array): string {
  const f = path.join(tempDir('litdesk-shape-'), 'f.pdf');
  fs.writeFileSync(f, bytes);
  return run('pdfinfo', ['-f', '1', '-l', '1', f]);
}

describe('literature prints as its proof shows', () => {
  it('a portrait design saved as a /Rotate 90 landscape box: upright, full size, proof = print = design', async () => {
    const design = rasterise(await uprightPdf(), 1, DPI);
    const file = await rotatedPdf();
    // The fixture is right: a viewer (pdftoppm honours /Rotate) shows exactly the upright design.
    expect(diffFraction(rasterise(file, 1, DPI), design, { dpi: DPI })).toBe(0);
    const r = await check(file, design);
    expect(r.proofVsPrint).toBeLessThanOrEqual(TOLERANCE);
    expect(r.printVsDesign).toBeLessThanOrEqual(TOLERANCE);
    // Full size, not 77 %: the top-left block is where the design put it.
    expect(darkIn(r.printRaster, DPI, { x: 44, y: 694, w: 152, h: 62 })).toBeGreaterThan(0.95);
  }, 120_000);

  it('bleed with crop marks outside a CropBox: trimmed to the page, no marks, 100 %', async () => {
    const design = rasterise(await uprightPdf(), 1, DPI);
    const file = await bleedCropPdf();
    // A viewer shows the CropBox: the design, no marks.
    expect(diffFraction(rasterise(file, 1, DPI, true), design, { dpi: DPI })).toBe(0);
    const r = await check(file, design);
    expect(r.proofVsPrint).toBeLessThanOrEqual(TOLERANCE);
    expect(r.printVsDesign).toBeLessThanOrEqual(TOLERANCE);
    // Where marks would land at 94 % (inside the sheet's corners): white.
    for (const corner of [{ x: 590, y: 0 }, { x: 590, y: 770 }]) expect(darkIn(r.printRaster, DPI, { ...corner, w: 22, h: 22 })).toBe(0);
  }, 120_000);

  it('PDF/X style (TrimBox, BleedBox, marks on the MediaBox, no CropBox): the TrimBox is the page', async () => {
    const design = rasterise(await uprightPdf(), 1, DPI);
    const r = await check(await bleedTrimPdf(), design);
    expect(r.proofVsPrint).toBeLessThanOrEqual(TOLERANCE);
    expect(r.printVsDesign).toBeLessThanOrEqual(TOLERANCE);
  }, 120_000);

  it('a landscape page is turned a quarter turn anticlockwise onto the portrait sheet, and the proof shows it so', async () => {
    const file = await landscapePdf();
    // The expectation is the viewer's own landscape picture turned by the test, not by the code under test.
    const design = turnAnticlockwise(rasterise(file, 1, DPI));
    const r = await check(file, design);
    expect(r.proofVsPrint).toBeLessThanOrEqual(TOLERANCE);
    expect(r.printVsDesign).toBeLessThanOrEqual(TOLERANCE);
  }, 120_000);
});
