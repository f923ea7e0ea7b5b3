import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Corpus, SPANISH, VIETNAMESE } from './corpus.ts';
import { readAll } from './helpers.ts';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await Corpus.create();
});
afterAll(() => corpus.remove());

describe('XLSX', () => {
  it('reads the first sheet made by exceljs: names exact, numeric cells as text, row numbers as shown', async () => {
    const { members, report } = await readAll(await corpus.xlsx());
    expect(report.kind).toBe('xlsx');
    expect(report.fatal).toBeUndefined();
    expect(members.map((m) => m.rowNumber)).toEqual([2, 4, 5]);
    expect(members[0]).toMatchObject({ memberId: '1001', firstName: VIETNAMESE.first, lastName: VIETNAMESE.last, zip: '02134' });
    expect(members[1]).toMatchObject({ firstName: SPANISH.first, lastName: SPANISH.last });
    expect(members[2]!.local).toBe('101'); // a formula cell's cached result
    expect(report.warnings).toEqual([{ row: 5, code: 'row.formulaCell', field: 'local' }]);
    expect(report.problems).toEqual([{ row: 6, code: 'row.duplicateId', field: 'memberId', details: { firstRow: 4 } }]);
  });

  it('never writes worksheet text to a temp file (plain exceljs streaming would)', async () => {
    const path = await corpus.xlsx();
    const dir = await mkdtemp(join(tmpdir(), 'litdesk-tmpwatch-'));
    const saved = process.env.TMPDIR;
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => seen.push(String(name)));
    try {
      process.env.TMPDIR = dir;
      const { report } = await readAll(path);
      expect(report.valid).toBe(3);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);

      // Control: the same file through exceljs's own streaming reader does use a temp file.
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {});
      for await (const sheet of reader) for await (const _row of sheet) void _row;
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      watcher.close();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a workbook with no shared strings (inline strings) still streams', async () => {
    const path = join(corpus.dir, 'inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = writer.addWorksheet('M');
    ws.addRow(['Member ID', 'Name', 'Address', 'City', 'State', 'Zip']).commit();
    ws.addRow([7, VIETNAMESE.full, '1 Main St', 'Boston', 'MA', 2134]).commit();
    ws.commit();
    await writer.commit();
    const { members, report } = await readAll(path);
    expect(report.fatal).toBeUndefined();
    expect(members.map((m) => [m.fullName, m.zip])).toEqual([[VIETNAMESE.full, '02134']]);
  });

  it('refuses a file that is not a workbook', async () => {
    expect((await readAll(await corpus.notZipXlsx())).report.fatal).toMatchObject({ code: 'import.badXlsx' });
    expect((await readAll(await corpus.corruptXlsx())).report.fatal).toMatchObject({ code: 'import.badXlsx' });
    expect((await readAll(await corpus.legacyXls())).report.fatal).toEqual({ code: 'import.badXlsx', details: { reason: 'legacyXls' } });
  });

  it('a ZIP without worksheets, and a workbook with a damaged sheet', async () => {
    const empty = join(corpus.dir, 'nosheet.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['Member ID']);
    await wb.xlsx.writeFile(empty);
    // Damage the sheet's compressed bytes in place (after its local header).
    const { readFile, writeFile } = await import('node:fs/promises');
    const buf = await readFile(empty);
    const at = buf.indexOf('xl/worksheets/sheet1.xml');
    for (let i = at + 40; i < at + 200; i++) buf[i] = 0x41;
    await writeFile(empty, buf);
    expect((await readAll(empty)).report.fatal).toMatchObject({ code: 'import.badXlsx' });
  });
});
