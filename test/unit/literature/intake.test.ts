import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as F from '../../../electron/requests/literature/hostile-fixtures.ts';
import { checkLiterature } from '../../../electron/requests/literature/intake.ts';
import type { IntakeResult, LiteratureRules } from '../../../electron/requests/literature/intake.ts';
import { findActiveNames } from '../../../electron/requests/literature/scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'litdesk-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const letter: LiteratureRules = { pageSize: 'letter', maxPages: 4, colour: false };
let fileNo = 0;
const write = (bytes: Uint8Array, name = 'f'): string => {
  const path = join(dir, `${name}-${fileNo++}.pdf`);
  writeFileSync(path, bytes);
  return path;
};
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'latin1' });

function accepted(result: IntakeResult): Extract<IntakeResult, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.code} ${JSON.stringify(result.details)}`);
  return result;
}

// The cleaned file must satisfy the real tools: qpdf finds no error or warning (execFileSync throws on exit 2 or 3),
// pdfinfo sees the pages and the sheet, and qpdf's uncompressed QDF form holds none of the active names.
function checkCleaned(cleaned: Uint8Array, pages: number, sizePts: string): string {
  const path = write(cleaned, 'clean');
  run('qpdf', ['--check', path]);
  const info = run('pdfinfo', [path]);
  expect(info).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
  expect(info).toMatch(new RegExp(`^Page size:\\s+${sizePts} pts`, 'm'));
  const qdf = join(dir, `qdf-${fileNo++}.pdf`);
  run('qpdf', ['--qdf', '--object-streams=disable', path, qdf]);
  const text = readFileSync(qdf, 'latin1');
  expect(text.match(/\/(JavaScript|JS|Launch|EmbeddedFiles?|AA|AcroForm|OpenAction|XFA|SubmitForm|ResetForm|URI|FileAttachment)\b/g)).toBeNull();
  return text;
}

describe('refusals: each names its technical rule', () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string][] = [
    ['truncated at half', F.truncatedPdf, 'literature.damaged'],
    ['header and %%EOF around garbage', F.garbagePdf, 'literature.damaged'],
    ['page tree that loops', F.loopingPageTreePdf, 'literature.damaged'],
    ['zero pages', F.zeroPagePdf, 'literature.noPages'],
    ['a PNG', F.pngNotPdf, 'literature.notPdf'],
    ['plain text', F.textNotPdf, 'literature.notPdf'],
    ['hand-built /Encrypt trailer', F.handEncryptedPdf, 'literature.encrypted'],
  ];
  for (const [name, build, code] of cases) {
    it(name, async () => {
      const result = await checkLiterature(await build(), letter);
      expect(result.ok ? 'accepted' : result.code).toBe(code);
    });
  }

  it('empty input is not a PDF', async () => {
    expect(await checkLiterature(new Uint8Array(0), letter)).toMatchObject({ ok: false, code: 'literature.notPdf' });
  });

  it('files encrypted by qpdf (AES-256 with a user password, AES-128 with none, with object streams)', async () => {
    const clean = write(await F.cleanLetterPdf());
    const variants: string[][] = [
      ['--encrypt', 'user', 'owner', '256', '--'],
      ['--encrypt', '', 'owner', '128', '--use-aes=y', '--'],
      ['--object-streams=generate', '--encrypt', 'user', 'owner', '256', '--'],
    ];
    for (const args of variants) {
      const out = join(dir, `enc-${fileNo++}.pdf`);
      run('qpdf', [...args, clean, out]);
      const result = await checkLiterature(new Uint8Array(readFileSync(out)), letter);
      expect(result).toEqual({ ok: false, code: 'literature.encrypted', details: {} });
    }
  });

  it('A4 in a Letter election: page, size found in inches, size expected', async () => {
    const result = await checkLiterature(await F.a4Pdf(), letter);
    expect(result).toEqual({
      ok: false,
      code: 'literature.wrongPageSize',
      details: {
        page: 1,
        found: { widthIn: 8.27, heightIn: 11.69 },
        expected: 'letter',
        expectedIn: { widthIn: 8.5, heightIn: 11 },
      },
    });
  });

  it('Letter in a Legal election', async () => {
    const result = await checkLiterature(await F.cleanLetterPdf(), { ...letter, pageSize: 'legal' });
    expect(result).toMatchObject({ ok: false, code: 'literature.wrongPageSize', details: { page: 1, expected: 'legal' } });
  });

  it('400 pages against a 4-page limit, refused in well under a second', async () => {
    const bytes = await F.manyPagesPdf(400);
    const started = performance.now();
    const result = await checkLiterature(bytes, letter);
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: false, code: 'literature.tooManyPages', details: { pages: 400, max: 4 } });
    expect(ms).toBeLessThan(1000);
  });

  it('one page over the limit; exactly at the limit is fine', async () => {
    const bytes = await F.cleanLetterPdf();
    expect(await checkLiterature(bytes, { ...letter, maxPages: 1 })).toEqual({
      ok: false,
      code: 'literature.tooManyPages',
      details: { pages: 2, max: 1 },
    });
    expect((await checkLiterature(bytes, { ...letter, maxPages: 2 })).ok).toBe(true);
  });

  it('over the byte cap, before any parsing', async () => {
    const bytes = await F.cleanLetterPdf();
    const result = await checkLiterature(bytes, { ...letter, maxBytes: 1000 });
    expect(result).toEqual({ ok: false, code: 'literature.tooLarge', details: { bytes: bytes.length, max: 1000 } });
  });

  it('a name the final scan cannot tell from active content is refused, not guessed at', async () => {
    const result = await checkLiterature(await F.resourceNamedJsPdf(), letter);
    expect(result).toEqual({ ok: false, code: 'literature.activeContent', details: { names: ['JS'] } });
  });
});

describe('accepted files come back cleaned', () => {
  it('the clean Letter file keeps its pages and text, loses nothing, and hashes stably', async () => {
    const bytes = await F.cleanLetterPdf();
    const result = accepted(await checkLiterature(bytes, letter));
    expect(result.pages).toBe(2);
    expect(result.removed).toEqual([]);
    expect(result.sha256).toBe(createHash('sha256').update(result.cleaned).digest('hex'));
    expect(accepted(await checkLiterature(bytes, letter)).sha256).toBe(result.sha256);
    checkCleaned(result.cleaned, 2, '612 x 792');
    const text = run('pdftotext', [write(result.cleaned), '-']);
    expect(text).toContain(F.pageText(1));
    expect(text).toContain(F.pageText(2));
  });

  it('the colour rule never refuses (it prices, it does not judge)', async () => {
    expect((await checkLiterature(await F.cleanLetterPdf(), { ...letter, colour: true })).ok).toBe(true);
  });

  it('landscape Letter is the same sheet and is accepted, turned onto the portrait sheet; A4 passes an A4 election', async () => {
    const landscape = accepted(await checkLiterature(await F.landscapeLetterPdf(), letter));
    checkCleaned(landscape.cleaned, 1, '612 x 792');
    const a4 = accepted(await checkLiterature(await F.a4Pdf(), { ...letter, pageSize: 'a4' }));
    checkCleaned(a4.cleaned, 1, '595.28 x 841.89');
  });

  const hostile: [string, () => Promise<Uint8Array>, string[], RegExp][] = [
    ['document JavaScript (names tree, open action, page, link, outline)', F.javascriptPdf, ['JavaScript'], /app\.alert/],
    ['the same with names spelt in #xx escapes', F.escapedNamesPdf, ['JavaScript'], /app\.alert/],
    ['launch actions and a web link', F.launchPdf, ['launch action', 'web link'], /cmd\.exe|\/bin\/sh|example\.invalid/],
    ['an embedded file and a file attachment', F.embeddedFilePdf, ['embedded file'], /fake executable|invoice\.exe/],
    ['a form with XFA, keystroke JavaScript, submit and reset', F.formPdf, ['form', 'JavaScript', 'form action'], /collect|xdp:xdp|event\.rc/],
  ];
  for (const [name, build, words, leftovers] of hostile) {
    it(name, async () => {
      const result = accepted(await checkLiterature(await build(), letter));
      expect(result.pages).toBe(2);
      expect([...result.removed].sort()).toEqual([...words].sort());
      expect(findActiveNames(result.cleaned)).toEqual([]);
      const qdf = checkCleaned(result.cleaned, 2, '612 x 792');
      expect(qdf).not.toMatch(leftovers);
      const text = run('pdftotext', [write(result.cleaned), '-']);
      expect(text).toContain(F.pageText(2));
    });
  }

  it('hostile content inside object streams is cleaned too', async () => {
    const js = write(await F.javascriptPdf());
    const packed = join(dir, `objstm-${fileNo++}.pdf`);
    run('qpdf', ['--object-streams=generate', js, packed]);
    const result = accepted(await checkLiterature(new Uint8Array(readFileSync(packed)), letter));
    expect(result.removed).toEqual(['JavaScript']);
    expect(checkCleaned(result.cleaned, 2, '612 x 792')).not.toMatch(/app\.alert/);
  });
});

describe('final byte scan', () => {
  const scan = (s: string): string[] => findActiveNames(new TextEncoder().encode(s));
  it('finds names, also through #xx escapes', () => {
    expect(scan('1 0 obj << /S /JavaScript /J#53 (x) >> endobj')).toEqual(['JavaScript', 'JS']);
    expect(scan('<< /Type /Catalog /Open#41ction 3 0 R /AA << >> >>')).toEqual(['OpenAction', 'AA']);
  });
  it('ignores strings, hex strings, comments and stream data, and longer names', () => {
    expect(scan('<< /Title (about /JavaScript \\) /JS) /Id <2f4a53> >> % /Launch\n /JSX /AAA')).toEqual([]);
    expect(scan('1 0 obj << /Length 12 >> stream\n/JS /Launch\nendstream endobj 2 0 obj << /AA 1 >> endobj')).toEqual(['AA']);
  });
});
