import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from './corpus.ts';
import { codes, readAll } from './helpers.ts';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await Corpus.create();
});
afterAll(() => corpus.remove());

describe('row problems, by row as the spreadsheet numbers them', () => {
  it('a good file has none', async () => {
    const { members, report } = await readAll(await corpus.csvCase('good'));
    expect(report.fatal).toBeUndefined();
    expect(report.problems).toEqual([]);
    expect(members.map((m) => m.rowNumber)).toEqual([2, 3, 4]);
    expect(report.statusValues).toEqual({ Active: 3 });
    expect(report.dropped.map((d) => [d.column, d.reason])).toEqual([
      ['Phone', 'drop.phone'],
      ['Date of Birth', 'drop.dateOfBirth'],
      ['Notes', 'drop.notNeeded'],
    ]);
    expect(Object.keys(members[0]!)).not.toContain('phone');
  });

  it('missing ID', async () => {
    const { members, report } = await readAll(await corpus.csvCase('missingId'));
    expect(codes(report)).toEqual([[3, 'row.missingId']]);
    expect(members.map((m) => m.memberId)).toEqual(['1', '3']);
  });

  it('duplicate ID names the first row', async () => {
    const { members, report } = await readAll(await corpus.csvCase('duplicateId'));
    expect(report.problems).toEqual([{ row: 4, code: 'row.duplicateId', field: 'memberId', details: { firstRow: 2 } }]);
    expect(members.map((m) => m.rowNumber)).toEqual([2, 3, 5]);
  });

  it('missing or unusable address, missing city', async () => {
    const { report } = await readAll(await corpus.csvCase('missingAddress'));
    expect(codes(report)).toEqual([
      [2, 'row.missingAddress'],
      [3, 'row.missingAddress'],
      [4, 'row.missingCity'],
    ]);
    expect(report.valid).toBe(1);
  });

  it('unknown state; a spelled-out state becomes its code', async () => {
    const { members, report } = await readAll(await corpus.csvCase('unknownState'));
    expect(codes(report)).toEqual([
      [2, 'row.unknownState'],
      [4, 'row.unknownState'],
    ]);
    expect(members[0]!.state).toBe('MA');
  });

  it('bad ZIP; a lost leading zero is restored only where ZIPs start with 0', async () => {
    const { members, report } = await readAll(await corpus.csvCase('badZip'));
    expect(codes(report)).toEqual([
      [2, 'row.badZip'],
      [4, 'row.badZip'],
      [6, 'row.badZip'],
    ]);
    expect(members.map((m) => [m.rowNumber, m.zip])).toEqual([
      [3, '02134'],
      [5, '02134-1234'],
      [7, '06103-1234'],
    ]);
  });

  it('unterminated quote', async () => {
    const { report } = await readAll(await corpus.csvCase('unterminatedQuote'));
    expect(codes(report)).toEqual([[4, 'row.unterminatedQuote']]);
    expect(report.valid).toBe(2);
  });

  it('ragged rows (trailing empty cells are tolerated)', async () => {
    const { members, report } = await readAll(await corpus.csvCase('raggedRow'));
    expect(codes(report)).toEqual([
      [3, 'row.raggedRow'],
      [4, 'row.raggedRow'],
    ]);
    expect(members.map((m) => m.rowNumber)).toEqual([2, 5]);
  });

  it('field too long: 201 characters is, 200 is not', async () => {
    const { report } = await readAll(await corpus.csvCase('fieldTooLong'));
    expect(report.problems).toEqual([{ row: 2, code: 'row.fieldTooLong', field: 'city' }]);
  });

  it('5 MB fields, quoted across lines and unquoted, are rejected and later rows keep their numbers', async () => {
    const { members, report } = await readAll(await corpus.csvCase('fiveMbField'));
    expect(report.problems).toEqual([
      { row: 3, code: 'row.fieldTooLong', field: 'address1' },
      { row: 5, code: 'row.fieldTooLong', field: 'address1' },
    ]);
    expect(members.map((m) => [m.rowNumber, m.memberId])).toEqual([
      [2, '1'],
      [4, '3'],
      [6, '5'],
    ]);
  });

  it('formula-looking cells are kept as text with a warning, not an error', async () => {
    const { members, report } = await readAll(await corpus.csvCase('formulaCells'));
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(5);
    expect(report.warnings).toEqual([
      { row: 2, code: 'row.formulaCell', field: 'firstName' },
      { row: 3, code: 'row.formulaCell', field: 'worksite' },
      { row: 4, code: 'row.formulaCell', field: 'local' },
    ]);
    expect(members[0]!.firstName).toBe('=HYPERLINK("http://evil.example","click")');
    expect(members[3]!.address2).toBe('-5');
  });

  it('semicolon- and tab-delimited files', async () => {
    const semi = await readAll(await corpus.csvCase('semicolon'));
    expect(semi.report.delimiter).toBe(';');
    expect(semi.members.map((m) => m.city)).toEqual(['Springfield, East', 'Boston']);
    const tab = await readAll(await corpus.csvCase('tab'));
    expect(tab.report.delimiter).toBe('\t');
    expect(tab.report.valid).toBe(2);
  });
});

describe('file-level problems stop the import', () => {
  it('SSN column, by its header', async () => {
    const { members, report } = await readAll(await corpus.csvCase('ssnColumn'));
    expect(report.fatal).toEqual({ code: 'import.ssnColumn', details: { column: 'SSN', columns: ['SSN'] } });
    expect(members).toEqual([]);
  });

  it('SSN-like values in a notes column: rows listed, value never echoed; nine-digit ID and ZIP allowed', async () => {
    const { members, report } = await readAll(await corpus.csvCase('ssnValueInNotes'));
    expect(report.fatal).toEqual({ code: 'import.ssnValue', details: { rows: [3, 5, 6], count: 3, columns: ['Notes'] } });
    const text = JSON.stringify(report);
    for (const v of ['123-45-6789', '078 05 1120', '219099999', '6789', '1120']) expect(text).not.toContain(v);
    // Members before the first SSN row may have been yielded; the fatal report tells the writer to discard them.
    expect(members.map((m) => m.rowNumber)).toEqual([2]);
  });

  it('SSN values list at most 20 rows but count them all', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},Ana,Lopez,1 Main St,,Boston,MA,02134,${100 + i}-45-6789`);
    const path = await corpus.file('many-ssn.csv', ['Member ID,First,Last,Street,Apt,City,ST,Zip,Other', ...rows].join('\n'));
    const { report } = await readAll(path);
    expect(report.fatal?.code).toBe('import.ssnValue');
    expect(report.fatal?.details?.rows).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(report.fatal?.details?.count).toBe(30);
  });

  it('empty file, white-space-only file, header-only file', async () => {
    expect((await readAll(await corpus.empty())).report.fatal).toEqual({ code: 'import.empty' });
    expect((await readAll(await corpus.file('blank.csv', '\r\n  \r\n'))).report.fatal).toEqual({ code: 'import.empty' });
    expect((await readAll(await corpus.csvCase('headerOnly'))).report.fatal).toEqual({ code: 'import.headerOnly' });
  });

  it('binary garbage', async () => {
    const { report } = await readAll(await corpus.binaryGarbage());
    expect(report.fatal).toEqual({ code: 'import.notText' });
  });

  it('no ID column', async () => {
    const { report } = await readAll(await corpus.csvCase('noIdColumn'));
    expect(report.fatal).toEqual({ code: 'import.noIdColumn' });
    expect(report.headers).toEqual(['Name', 'Street']);
  });

  it('a mapping chosen by the committee replaces the guess (and can name segment fields)', async () => {
    const path = await corpus.file('custom.csv', 'Badge,Who,Where,Town,Prov,Post,Dept\n77,Zoë Ng,1 Main St,Boston,MA,02134,Nursing\n');
    const mapping = { memberId: 0, fullName: 1, address1: 2, city: 3, state: 4, zip: 5, segments: { department: 6 } };
    const { members, report } = await readAll(path, { mapping });
    expect(report.fatal).toBeUndefined();
    expect(members[0]).toMatchObject({ memberId: '77', fullName: 'Zoë Ng', segments: { department: 'Nursing' } });
    expect(report.dropped).toEqual([]);
    await expect(readAll(path, { mapping: { memberId: 9 } })).rejects.toThrow(RangeError);
  });
});
