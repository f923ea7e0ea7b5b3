// Literature shape rules at intake (issue 15 §3): the election's bleed and landscape rules refuse with a specific
// code naming the page, /Rotate in any spelling and inherited boxes are applied, and a file already normalised is
// stored byte for byte again (so the proof's SHA-256, which the candidate signs off, cannot drift).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkLiterature, type LiteratureRules } from '../../../electron/requests/literature/intake.ts';
import { planPage } from '../../../electron/requests/literature/normalise.ts';
import { tempDir } from '../../support/backend.ts';
import { bleedCropPdf, bleedTrimPdf, diffFraction, landscapePdf, pdfOf, PORTRAIT_DESIGN, rasterise, rotatedPdf, uprightPdf } from '../../support/shapes.ts';

const letter: LiteratureRules = { pageSize: 'letter', maxPages: 4, colour: true };
const pdfinfo = (bytes: Uint8Array): string => {
  const f = path.join(tempDir('litdesk-shape-'), 'f.pdf');
  fs.writeFileSync(f, bytes);
  return execFileSync('pdfinfo', ['-f', '1', '-l', '9', f], { encoding: 'utf8' });
};
async function accepted(bytes: Uint8Array, rules = letter) {
  const r = await checkLiterature(bytes, rules);
  if (!r.ok) throw new Error(`refused: ${r.code} ${JSON.stringify(r.details)}`);
  return r;
}

describe('the election decides bleed and landscape', () => {
  it('bleed "refuse": a CropBox file with marks outside and a PDF/X TrimBox file are refused, naming the page and both sizes', async () => {
    for (const f of [bleedCropPdf, bleedTrimPdf]) {
      expect(await checkLiterature(await f(), { ...letter, bleed: 'refuse' })).toEqual({
        ok: false, code: 'literature.bleedNotAllowed',
        details: { page: 1, fileIn: { widthIn: 9, heightIn: 11.5 }, pageIn: { widthIn: 8.5, heightIn: 11 } },
      });
    }
    // A file without bleed passes the same rule: the rule is about the file's boxes, never its content.
    await accepted(await uprightPdf(), { ...letter, bleed: 'refuse' });
  });

  it('bleed "trim" (and elections saved before the rule): stored as the trimmed Letter page', async () => {
    for (const rules of [letter, { ...letter, bleed: 'trim' as const }]) {
      const r = await accepted(await bleedTrimPdf(), rules);
      expect(pdfinfo(r.cleaned)).toMatch(/^Page\s+1 size:\s+612 x 792 pts/m);
    }
  });

  it('landscape "refuse" names the page (the second here); "turn" stores it portrait', async () => {
    const doc = await pdfOf([{ media: [0, 0, 612, 792], ops: PORTRAIT_DESIGN }, { media: [0, 0, 792, 612], ops: '0 g 10 10 50 50 re f' }]);
    expect(await checkLiterature(doc, { ...letter, landscape: 'refuse' })).toEqual({ ok: false, code: 'literature.landscapeNotAllowed', details: { page: 2 } });
    // A portrait design that is only stored sideways (/Rotate 90) is not landscape and passes the refusing rule.
    await accepted(await rotatedPdf(), { ...letter, landscape: 'refuse' });
    const turned = await accepted(await landscapePdf(), { ...letter, landscape: 'turn' });
    expect(pdfinfo(turned.cleaned)).toMatch(/^Page\s+1 size:\s+612 x 792 pts \(letter\)\nPage\s+1 rot:\s+0$/m);
  });

  it('every message names its facts in plain words in en, es and vi', () => {
    for (const lng of ['en', 'es', 'vi']) {
      const t = JSON.parse(fs.readFileSync(`renderer/src/i18n/locales/${lng}/elections.json`, 'utf8')).errors.literature;
      expect(t.bleedNotAllowed).toMatch(/\{\{page\}\}.*\{\{fileIn\.widthIn\}\}.*\{\{pageIn\.heightIn\}\}/);
      expect(t.landscapeNotAllowed).toMatch(/\{\{page\}\}/);
    }
  });
});

describe('rotation and inherited boxes', () => {
  it('/Rotate -270, 450 and 90 inherited from the page tree all mean a quarter turn clockwise', async () => {
    const design = rasterise(await uprightPdf(), 1, 36);
    for (const spelling of [-270, 450]) {
      const f = await pdfOf([{ media: [0, 0, 792, 612], rotate: spelling, ops: `q 0 1 -1 0 792 0 cm\n${PORTRAIT_DESIGN}\nQ` }]);
      const r = await accepted(f);
      expect(diffFraction(rasterise(r.cleaned, 1, 36), design, { dpi: 36 }), `Rotate ${spelling}`).toBe(0);
    }
    // Rotate and CropBox set on the Pages node, not on the page (inheritable, PDF 32000-1 Table 30).
    const doc = await PDFDocument.load(await pdfOf([{ media: [0, 0, 792, 612], ops: `q 0 1 -1 0 792 0 cm\n${PORTRAIT_DESIGN}\nQ` }]));
    const pages = doc.catalog.lookup(PDFName.of('Pages')) as import('pdf-lib').PDFDict;
    pages.set(PDFName.of('Rotate'), doc.context.obj(90));
    pages.set(PDFName.of('CropBox'), doc.context.obj([0, 0, 792, 612]));
    const r = await accepted(await doc.save());
    expect(diffFraction(rasterise(r.cleaned, 1, 36), design, { dpi: 36 })).toBe(0);
  });

  it('plans: a landscape box with /Rotate 90 is portrait (no turn); a landscape page is turned; bleed is seen', () => {
    expect(planPage({ media: [0, 0, 792, 612], page: [0, 0, 792, 612], rotate: 90, unit: 1 })).toMatchObject({ width: 612, height: 792, turned: false, bleed: false });
    expect(planPage({ media: [0, 0, 792, 612], page: [0, 0, 792, 612], rotate: 0, unit: 1 })).toMatchObject({ width: 612, height: 792, turned: true });
    expect(planPage({ media: [0, 0, 648, 828], page: [18, 18, 630, 810], rotate: 0, unit: 1 })).toMatchObject({ width: 612, height: 792, bleed: true, matrix: [1, 0, 0, 1, -18, -18] });
  });
});

describe('normalising is done once', () => {
  it('stored literature submitted again is stored byte for byte (same SHA-256), so its proof cannot change', async () => {
    for (const f of [rotatedPdf, bleedCropPdf, landscapePdf, uprightPdf]) {
      const once = await accepted(await f());
      const twice = await accepted(once.cleaned);
      expect(twice.sha256).toBe(once.sha256);
    }
  });

  it('qpdf finds nothing wrong in the stored files', async () => {
    for (const f of [rotatedPdf, bleedCropPdf, bleedTrimPdf, landscapePdf]) {
      const file = path.join(tempDir('litdesk-shape-'), 'f.pdf');
      fs.writeFileSync(file, (await accepted(await f())).cleaned);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
    }
  });
});
