import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewMemberFile } from '../../../electron/members/import/index.ts';
import { Corpus, csv, member, VIETNAMESE } from './corpus.ts';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await Corpus.create();
});
afterAll(() => corpus.remove());

describe('previewMemberFile', () => {
  it('gives headers, guessed mapping, dropped columns and the first 20 rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => member(i + 1));
    const path = await corpus.file('p.csv', csv(rows));
    const p = await previewMemberFile(path);
    expect(p.kind).toBe('csv');
    expect(p.encoding).toBe('utf8');
    expect(p.headers[0]).toBe('Member ID');
    expect(p.mapping.memberId).toBe(0);
    expect(p.missing).toEqual([]);
    expect(p.dropped.map((d) => d.column)).toEqual(['Phone', 'Date of Birth', 'Notes']);
    expect(p.rows.map((r) => r.rowNumber)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(p.fatal).toBeUndefined();
  });

  it('masks SSN-like values and reports them', async () => {
    const path = await corpus.file('p-ssn.csv', csv([member(1), member(2, { Notes: 'SSN 123-45-6789' })]));
    const p = await previewMemberFile(path);
    expect(p.fatal).toEqual({ code: 'import.ssnValue', details: { rows: [3], count: 1, columns: ['Notes'] } });
    expect(JSON.stringify(p)).not.toContain('123-45-6789');
    expect(p.rows[1]!.cells[15]).toBe('SSN •••-••-••••');
  });

  it('works for XLSX, UTF-16 and an encoding override, and reports fatal file problems', async () => {
    const x = await previewMemberFile(await corpus.xlsx());
    expect(x.kind).toBe('xlsx');
    expect(x.rows[0]!.cells[2]).toBe(VIETNAMESE.last);
    const u = await previewMemberFile(await corpus.utf16le());
    expect(u.encoding).toBe('utf16le');
    expect(u.delimiter).toBe('\t');
    const forced = await previewMemberFile(await corpus.windows1252(), { encoding: 'windows1252' });
    expect(forced.rows[0]!.cells[1]).toBe('José');
    expect((await previewMemberFile(await corpus.binaryGarbage())).fatal).toEqual({ code: 'import.notText' });
    expect((await previewMemberFile(await corpus.csvCase('ssnColumn'))).fatal?.code).toBe('import.ssnColumn');
    expect((await previewMemberFile(await corpus.csvCase('headerOnly'))).fatal?.code).toBe('import.headerOnly');
    expect((await previewMemberFile(await corpus.csvCase('noIdColumn'))).missing).toContain('memberId');
  });

  it('stops reading early on a large file', async () => {
    const path = await corpus.bigCsv(50_000);
    const started = performance.now();
    const p = await previewMemberFile(path);
    expect(p.rows).toHaveLength(20);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
