// Text hidden under the window knock-out is removed from the printed page (issue 15 §8): a mail house's text
// extraction of the window reads the member's address and nothing of the literature. Checked on a real production
// job and on the proof with pdftotext over the window area, for text in a standard font (widths from its metrics),
// in an embedded Unicode font (two-byte codes, /W widths, set with TJ kerning) and on a page stored with /Rotate 90.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/backend.ts';
import { clearCopy } from '../../support/mail-house.ts';
import { diffFraction, rasterise } from '../../support/shapes.ts';
import { ELECTION } from '../elections/helpers.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob } from './world.ts';

const W = { x: ELECTION.print.windowXPt, y: ELECTION.print.windowYPt, w: ELECTION.print.windowWPt, h: ELECTION.print.windowHPt };
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
/** pdftotext of page 1 inside a rectangle (points, from the bottom-left), as poppler crops: -x -y -W -H from the top. */
const textIn = (file: string, r: { x: number; y: number; w: number; h: number }): string =>
  run('pdftotext', ['-f', '1', '-l', '1', '-x', String(Math.floor(r.x)), '-y', String(Math.floor(792 - r.y - r.h)), '-W', String(Math.ceil(r.w)), '-H', String(Math.ceil(r.h)), file, '-']);
const page1 = (file: string): string => run('pdftotext', ['-f', '1', '-l', '1', file, '-']);

async function literature(rotated: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const page = doc.addPage([612, 792]);
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  const dejavu = await doc.embedFont(fs.readFileSync('resources/fonts/DejaVuSans.ttf'), { subset: true });
  page.drawText('Vote for Maria Lopez', { x: 72, y: 720, size: 24, font: helv });
  page.drawText('SECRETHELVETICA under the window', { x: 80, y: 620, size: 12, font: helv });
  page.drawText('BÍMẬT tiếng Việt dưới cửa sổ', { x: 80, y: 595, size: 12, font: dejavu });
  // Starts inside the window and runs out past its right edge (x = 387): the part outside stays.
  page.drawText('INSIDE-EDGE then OUTSIDETAIL', { x: 300, y: 575, size: 12, font: helv });
  const bytes = await doc.save();
  if (!rotated) return bytes;
  // The same page stored sideways: a 792 x 612 box with /Rotate 90 and its content turned to match.
  const src = await PDFDocument.load(bytes);
  const out = await PDFDocument.create({ updateMetadata: false });
  const [emb] = await out.embedPdf(src, [0]);
  const p = out.addPage([792, 612]);
  p.node.set(PDFName.of('Rotate'), out.context.obj(90));
  p.drawPage(emb!, { x: 792, y: 0, rotate: degrees(90) });
  return out.save();
}

async function produce(lit: Uint8Array) {
  const world = await buildMergeWorld({ members: 12, seeds: 1, literature: lit });
  const { client, backend } = await openCopy(world);
  const proof = await client.call('requests.proof', { requestId: world.requestId });
  const dir = tempDir('litdesk-knock-');
  const proofFile = path.join(dir, 'proof.pdf');
  fs.writeFileSync(proofFile, Buffer.from(proof.base64, 'base64'));
  const folder = outputFolder(backend);
  const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 });
  expect((await waitForJob(client, jobId)).status).toBe('done');
  const [job] = await client.call('merge.jobs', { requestId: world.requestId });
  const printed = await clearCopy(path.join(folder, job!.batches[0]!.fileName));
  const name = backend.vault!.db.prepare('SELECT print_name FROM members WHERE active = 1 ORDER BY zip5, zip4, id LIMIT 1').pluck().get() as string;
  backend.lock('test');
  return { proofFile, printed, name };
}

describe('the window reads the address only', () => {
  for (const rotated of [false, true]) {
    it(`printed page 1 and the proof: no literature text under the window, the rest kept${rotated ? ' (page stored with /Rotate 90)' : ''}`, async () => {
      const lit = await literature(rotated);
      // The fixture really has text there: a viewer's text layer reads it in the window area.
      const litFile = path.join(tempDir('litdesk-knock-'), 'lit.pdf');
      fs.writeFileSync(litFile, lit);
      expect(textIn(litFile, W)).toMatch(/SECRETHELVETICA[\s\S]*BÍMẬT[\s\S]*INSIDE-EDGE/);
      const { proofFile, printed } = await produce(lit);
      for (const file of [printed, proofFile]) {
        const inWindow = textIn(file, W);
        expect(inWindow).not.toMatch(/SECRET|HELVETICA|BÍMẬT|Việt|cửa|INSIDE|EDGE|under/);
        const all = page1(file);
        expect(all).toContain('Vote for Maria Lopez');
        expect(all).toContain('OUTSIDETAIL');
        expect(all).not.toContain('SECRETHELVETICA');
      }
      // The printed window holds an address (its last line: CITY ST ZIP).
      expect(textIn(printed, W)).toMatch(/ [A-Z]{2} \d{5}/);
      // Proof and print still agree pixel for pixel outside the window.
      expect(diffFraction(rasterise(proofFile, 1, 50), rasterise(printed, 1, 50), { dpi: 50, skip: [W] })).toBeLessThanOrEqual(0.005);
      expect(run('qpdf', ['--check', printed])).toMatch(/No syntax or stream encoding errors/);
    }, 120_000);
  }
});
