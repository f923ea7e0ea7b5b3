// Preflight at intake (issue 15): with the election's "fonts must be embedded" rule, a file that only names a font
// is refused, naming the fonts, in plain words; a file with its fonts embedded passes. poppler's pdffonts is the
// independent judge of what is embedded.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLiterature, type LiteratureRules } from '../../../electron/requests/literature/intake.ts';

const dir = mkdtempSync(join(tmpdir(), 'litdesk-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FONT = readFileSync(new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url));
const rules: LiteratureRules = { pageSize: 'letter', maxPages: 4, colour: true, fontsEmbedded: true };

async function pdf(kind: 'standard' | 'embedded'): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const page = doc.addPage([612, 792]);
  if (kind === 'standard') {
    page.drawText('Vote Alex Rivera', { x: 72, y: 700, size: 20, font: await doc.embedFont(StandardFonts.Helvetica) });
    page.drawText('for President', { x: 72, y: 660, size: 20, font: await doc.embedFont(StandardFonts.TimesRomanBold) });
  } else {
    page.drawText('Bầu cho Nguyễn Thị Hương', { x: 72, y: 700, size: 20, font: await doc.embedFont(FONT, { subset: true }) });
  }
  return doc.save();
}

/** pdffonts' "emb" column for every font of the file. */
function pdffonts(bytes: Uint8Array): Array<{ name: string; emb: boolean }> {
  const f = join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, bytes);
  const lines = execFileSync('pdffonts', [f], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => ({ name: l.split(/\s+/)[0]!, emb: / (yes|no) +(yes|no) +(yes|no) +\d+ +\d+ *$/.exec(l)![1] === 'yes' }));
}

describe('fonts embedded', () => {
  it('refuses a file whose fonts are only named (pdffonts: emb no), naming them', async () => {
    const bytes = await pdf('standard');
    expect(pdffonts(bytes)).toEqual([{ name: 'Helvetica', emb: false }, { name: 'Times-Bold', emb: false }]);
    expect(await checkLiterature(bytes, rules)).toEqual({ ok: false, code: 'literature.fontsNotEmbedded', details: { fonts: 'Helvetica, Times-Bold' } });
  });

  it('accepts a file with its fonts embedded (pdffonts: emb yes)', async () => {
    const bytes = await pdf('embedded');
    expect(pdffonts(bytes).every((f) => f.emb)).toBe(true);
    const r = await checkLiterature(bytes, rules);
    expect(r.ok).toBe(true);
  });

  it('is a rule of the election: without it (elections saved before the rule) named fonts pass as before', async () => {
    const { fontsEmbedded: _off, ...old } = rules;
    expect((await checkLiterature(await pdf('standard'), old)).ok).toBe(true);
  });

  it('says so in plain words in every language, with the font names', () => {
    for (const lng of ['en', 'es', 'vi']) {
      const text = readFileSync(`renderer/src/i18n/locales/${lng}/elections.json`, 'utf8');
      expect(text).toMatch(/"fontsNotEmbedded": "[^"]*\{\{fonts\}\}/);
    }
  });
});
