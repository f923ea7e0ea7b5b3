// Image resolution and colour preflight at intake (issue 15 §7), as the election's uniform rules: every picture must
// print at the election's resolution or more, and "black and white only" refuses a page painted in colour, naming
// the page (and the resolution found) in plain words before any quote. poppler's pdfimages -list is the independent
// judge of pixels per inch and of each image's colour space.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkLiterature, type LiteratureRules } from '../../../electron/requests/literature/intake.ts';
import { tempDir } from '../../support/backend.ts';

const rules: LiteratureRules = { pageSize: 'letter', maxPages: 4, colour: true };
type Img = { name: string; w: number; h: number; cs: 'DeviceGray' | 'DeviceRGB' | 'DeviceCMYK' | 'IndexedGreyRGB'; fill?: number[] };

/** Pages drawn with raw operators and images of exact pixel sizes (uncompressed samples, flate-encoded). */
async function pdf(pages: Array<{ ops: string; images?: Img[]; forms?: Array<{ name: string; ops: string; matrix: number[]; images: Img[] }>; rotate?: number; media?: number[] }>): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const ctx = doc.context;
  const image = (i: Img) => {
    const comps = i.cs === 'DeviceRGB' ? 3 : i.cs === 'DeviceCMYK' ? 4 : 1;
    const data = new Uint8Array(i.w * i.h * comps);
    for (let p = 0; p < data.length; p++) data[p] = i.fill ? i.fill[p % comps]! : (p * 37) % 256;
    const cs = i.cs === 'IndexedGreyRGB' ? ctx.obj([PDFName.of('Indexed'), PDFName.of('DeviceRGB'), 255, ctx.flateStream(Uint8Array.from({ length: 768 }, (_, k) => Math.floor(k / 3)))]) : PDFName.of(i.cs);
    return ctx.register(ctx.flateStream(data, { Type: 'XObject', Subtype: 'Image', Width: i.w, Height: i.h, ColorSpace: cs, BitsPerComponent: 8 }));
  };
  for (const p of pages) {
    const page = doc.addPage([612, 792]);
    if (p.media) page.node.set(PDFName.of('MediaBox'), ctx.obj(p.media));
    if (p.rotate) page.node.set(PDFName.of('Rotate'), ctx.obj(p.rotate));
    const xo: Record<string, unknown> = {};
    for (const i of p.images ?? []) xo[i.name] = image(i);
    for (const f of p.forms ?? []) {
      const fx: Record<string, unknown> = {};
      for (const i of f.images) fx[i.name] = image(i);
      xo[f.name] = ctx.register(ctx.flateStream(f.ops, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 612, 792], Matrix: f.matrix, Resources: { XObject: fx } } as never));
    }
    page.node.set(PDFName.of('Resources'), ctx.obj({ XObject: xo } as never));
    page.node.set(PDFName.of('Contents'), ctx.register(ctx.flateStream(p.ops)));
  }
  return doc.save();
}

/** pdfimages -list: per image, its page, colour column and x/y pixels per inch. */
function pdfimages(bytes: Uint8Array): Array<{ page: number; color: string; xppi: number; yppi: number }> {
  const f = path.join(tempDir('litdesk-pre-'), 'f.pdf');
  fs.writeFileSync(f, bytes);
  return execFileSync('pdfimages', ['-list', f], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim()).map((l) => {
    const c = l.trim().split(/\s+/);
    return { page: Number(c[0]), color: c[5]!, xppi: Number(c[12]), yppi: Number(c[13]) };
  });
}

const gray300 = (name = 'Im1'): Img => ({ name, w: 300, h: 300, cs: 'DeviceGray' });

describe('image resolution', () => {
  it('a 300 x 300 pixel picture printed 2 in square is 150 dpi: passes a 150 dpi rule, refused by a 200 dpi rule with the page and dpi', async () => {
    const bytes = await pdf([{ ops: 'q 1 0 0 1 0 0 cm Q' }, { ops: 'q 144 0 0 144 100 500 cm /Im1 Do Q', images: [gray300()] }]);
    expect(pdfimages(bytes)).toEqual([{ page: 2, color: 'gray', xppi: 150, yppi: 150 }]);
    expect((await checkLiterature(bytes, { ...rules, minImageDpi: 150 })).ok).toBe(true);
    expect(await checkLiterature(bytes, { ...rules, minImageDpi: 200 })).toEqual({ ok: false, code: 'literature.imageResolutionTooLow', details: { page: 2, dpi: 150, min: 200 } });
  });

  it('the placed size is followed through nested forms, a stretch on one axis and a rotated page', async () => {
    // Inside a form scaled by 2: the 300 px picture prints 4 in wide, 2 in high -> 75 dpi across (pdfimages agrees).
    const bytes = await pdf([{
      media: [0, 0, 792, 612], rotate: 90, ops: 'q 1 0 0 1 10 10 cm /Fm1 Do Q',
      forms: [{ name: 'Fm1', matrix: [2, 0, 0, 1, 0, 0], ops: 'q 144 0 0 144 20 20 cm /Im1 Do Q', images: [gray300()] }],
    }]);
    expect(pdfimages(bytes)[0]).toMatchObject({ xppi: 75, yppi: 150 });
    expect(await checkLiterature(bytes, { ...rules, minImageDpi: 100 })).toEqual({ ok: false, code: 'literature.imageResolutionTooLow', details: { page: 1, dpi: 75, min: 100 } });
  });

  it('an inline image counts; a 1 x 1 pixel stretched over the page (a flat fill) does not; without the rule nothing is checked', async () => {
    const inline = await pdf([{ ops: `q 288 0 0 288 100 100 cm BI /W 20 /H 20 /CS /G /BPC 8 ID ${'x'.repeat(400)} EI Q` }]);
    expect(await checkLiterature(inline, { ...rules, minImageDpi: 72 })).toEqual({ ok: false, code: 'literature.imageResolutionTooLow', details: { page: 1, dpi: 5, min: 72 } });
    const fill = await pdf([{ ops: 'q 612 0 0 792 0 0 cm /Im1 Do Q', images: [{ name: 'Im1', w: 1, h: 1, cs: 'DeviceGray' }] }]);
    expect((await checkLiterature(fill, { ...rules, minImageDpi: 300 })).ok).toBe(true);
    expect((await checkLiterature(inline, rules)).ok).toBe(true);
  });
});

describe('black and white only', () => {
  const bw: LiteratureRules = { ...rules, colour: false };
  it('refuses a colour picture (pdfimages: rgb) and a red fill, naming the page; grey in RGB or CMYK passes', async () => {
    const photo = await pdf([{ ops: '0 g 10 10 20 20 re f' }, { ops: 'q 144 0 0 144 100 500 cm /Im1 Do Q', images: [{ name: 'Im1', w: 300, h: 300, cs: 'DeviceRGB' }] }]);
    expect(pdfimages(photo)[0]!.color).toBe('rgb');
    expect(await checkLiterature(photo, bw)).toEqual({ ok: false, code: 'literature.colourNotAllowed', details: { page: 2 } });
    expect(await checkLiterature(await pdf([{ ops: '1 0 0 rg 10 10 200 200 re f' }]), bw)).toEqual({ ok: false, code: 'literature.colourNotAllowed', details: { page: 1 } });
    expect(await checkLiterature(await pdf([{ ops: '0 0 1 RG 4 w 10 10 m 200 200 l S' }]), bw)).toMatchObject({ ok: false, code: 'literature.colourNotAllowed' });
    const greys = await pdf([{ ops: '0.5 0.5 0.5 rg 10 10 200 200 re f 0 0 0 1 k 10 300 100 100 re f /DeviceGray cs 0.3 sc 300 300 50 50 re f' }]);
    expect((await checkLiterature(greys, bw)).ok).toBe(true);
  });

  it('grey pictures pass, also as an indexed palette whose entries are all grey; the same files pass a colour election', async () => {
    const pics = await pdf([{ ops: 'q 144 0 0 144 100 500 cm /Im1 Do Q q 144 0 0 144 300 500 cm /Im2 Do Q', images: [gray300(), { name: 'Im2', w: 300, h: 300, cs: 'IndexedGreyRGB' }] }]);
    expect(pdfimages(pics).map((i) => i.color)).toEqual(['gray', 'index']);
    expect((await checkLiterature(pics, bw)).ok).toBe(true);
    expect((await checkLiterature(await pdf([{ ops: '1 0 0 rg 10 10 200 200 re f' }]), rules)).ok).toBe(true);
  });

  it('colour hidden in a form drawn by the page is found', async () => {
    const bytes = await pdf([{ ops: '/Fm1 Do', forms: [{ name: 'Fm1', matrix: [1, 0, 0, 1, 0, 0], ops: '0 1 0 0 k 0 0 50 50 re f', images: [] }] }]);
    expect(await checkLiterature(bytes, bw)).toEqual({ ok: false, code: 'literature.colourNotAllowed', details: { page: 1 } });
  });

  it('the messages say it in plain words, in en, es and vi', () => {
    for (const lng of ['en', 'es', 'vi']) {
      const t = JSON.parse(fs.readFileSync(`renderer/src/i18n/locales/${lng}/elections.json`, 'utf8')).errors.literature;
      expect(t.imageResolutionTooLow).toMatch(/\{\{page\}\}.*\{\{dpi\}\}.*\{\{min\}\}/);
      expect(t.colourNotAllowed).toMatch(/\{\{page\}\}/);
    }
  });
});
