import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus, type CaseName } from '../../unit/members-import/corpus.ts';
import { SYNTHETIC_STANDING, membersCsv, syntheticMembers, writeSyntheticMemberCsv } from '../../support/members.ts';
import { allAuditEntries } from '../../../electron/audit/log.ts';
import { grant, importList, memberTableHash, membersVault, writeTemp } from './helpers.ts';

// Every bad file of the parser's corpus, through the real commands on a vault that already holds a list: each gets
// its specific code (row numbers are spreadsheet rows, the header is row 1), nothing is written, and no SSN-like
// value is ever echoed back.
let corpus: Corpus;
let made: Awaited<ReturnType<typeof membersVault>>;
let hash: string;

beforeAll(async () => {
  corpus = await Corpus.create();
  made = await membersVault();
  await importList(made.client, made.backend, writeTemp('first.csv', membersCsv([...syntheticMembers(30, { seed: 5 })])));
  hash = memberTableHash(made.backend.vault!.db);
});
afterAll(async () => {
  await corpus.remove();
});

async function validateAndTryCommit(file: string, opts: { commit?: boolean } = {}) {
  const { client, backend } = made;
  grant(backend, file);
  const preview = await client.call('members.importPreview', { path: file });
  const validation = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
  const commit = opts.commit === false ? null : await client.call('members.importCommit', { token: validation.token, skipInvalid: false }).then(
    () => null, (e: { code: string }) => e.code,
  );
  expect(memberTableHash(backend.vault!.db)).toBe(hash);
  return { preview, validation, commit };
}

const fatal: Array<[string, () => Promise<string>, string, Record<string, unknown>?]> = [
  ['an empty file', () => corpus.empty(), 'import.empty'],
  ['binary garbage', () => corpus.binaryGarbage(), 'import.notText'],
  ['a header-only file', () => corpus.csvCase('headerOnly'), 'import.headerOnly'],
  ['a file without a member ID column', () => corpus.csvCase('noIdColumn'), 'import.noIdColumn'],
  ['an SSN column', () => corpus.csvCase('ssnColumn'), 'import.ssnColumn', { column: 'SSN' }],
  ['SSN-like values in a dropped column', () => corpus.csvCase('ssnValueInNotes'), 'import.ssnValue', { rows: [3, 5, 6] }],
  ['a corrupt workbook', () => corpus.corruptXlsx(), 'import.badXlsx'],
  ['a CSV named .xlsx', () => corpus.notZipXlsx(), 'import.badXlsx'],
  ['a legacy .xls', () => corpus.legacyXls(), 'import.badXlsx'],
];

describe('bad membership files', () => {
  it.each(fatal)('%s stops the import (%s) and the store is unchanged', async (_name, make, code, details) => {
    const { validation, commit } = await validateAndTryCommit(await make());
    expect(validation.fatal?.code).toBe(code);
    if (details) expect(validation.fatal?.details).toMatchObject(details);
    expect(commit).toBe('members.importFatal');
    const text = JSON.stringify(validation);
    for (const ssn of ['123-45-6789', '123456789 ', '078 05 1120', '219099999']) expect(text).not.toContain(ssn);
  });

  const rowCases: Array<[CaseName, string, number[]]> = [
    ['missingId', 'row.missingId', [3]],
    ['duplicateId', 'row.duplicateId', [4]],
    ['missingAddress', 'row.missingAddress', [2, 3]],
    ['unknownState', 'row.unknownState', [2, 4]],
    ['badZip', 'row.badZip', [2, 4, 6]],
    ['raggedRow', 'row.raggedRow', [3, 4]],
    ['fieldTooLong', 'row.fieldTooLong', [2]],
    ['fiveMbField', 'row.fieldTooLong', [3, 5]],
  ];
  it.each(rowCases)('%s: each row named with %s; importing needs "skip these rows"', async (name, code, rows) => {
    const { validation, commit } = await validateAndTryCommit(await corpus.csvCase(name));
    expect(validation.fatal).toBeNull();
    expect(validation.problems.filter((p) => p.code === code).map((p) => p.row)).toEqual(rows);
    expect(commit).toBe('members.importHasProblems');
    if (name === 'fieldTooLong') {
      // The 200-character city reads, but no envelope window prints it at 8 pt: found here, never at production.
      expect(validation.problems.filter((p) => p.code === 'row.addressTooWide')).toEqual([{ row: 3, code: 'row.addressTooWide', field: 'city' }]);
      expect(validation.problemCounts['row.needsShorterAddress']).toBe(1);
    }
  });

  it('an unclosed quote is a file-level stop naming its row and the lines it swallowed (not "Rows read: 3")', async () => {
    // Row 4 opens the quote; one line (row 5) follows it, then the file's final line break, which starts no line.
    const { validation, commit } = await validateAndTryCommit(await corpus.csvCase('unterminatedQuote'));
    expect(validation.fatal).toEqual({ code: 'import.unclosedQuote', details: { rows: [4], count: 1 } });
    expect(commit).toBe('members.importFatal');
  });

  it.each([
    ['two lines after it and a final line break', '\r\n', 2],
    ['two lines after it, no final line break', '', 2],
    ['two lines after it and blank lines at the end', '\r\n\r\n\r\n', 2],
  ] as const)('an unclosed quote counts the lines it swallowed exactly: %s', async (_label, ending, count) => {
    const text = fs.readFileSync(await corpus.csvCase('unterminatedQuote'), 'utf8').replace(/\r\n$/, '');
    const file = writeTemp(`unclosed-${count}-${ending.length}.csv`, `${text}\r\n5,Bao,Tran,3 Elm St,,Boston,MA,02134,,101,Yard,Day,Active,,,${ending}`);
    const { validation } = await validateAndTryCommit(file, { commit: false });
    expect(validation.fatal).toEqual({ code: 'import.unclosedQuote', details: { rows: [4], count } });
  });

  it('formula-looking cells are reported before anything is written', async () => {
    const { validation } = await validateAndTryCommit(await corpus.csvCase('formulaCells'), { commit: false });
    expect(validation.warnings.map((w) => [w.row, w.field])).toEqual([[2, 'firstName'], [3, 'worksite'], [4, 'local']]);
  });

  it('a file changed between the check and the import is refused', async () => {
    const { client, backend } = made;
    const file = grant(backend, writeTemp('changing.csv', membersCsv([...syntheticMembers(20, { seed: 8 })])));
    const preview = await client.call('members.importPreview', { path: file });
    const validation = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    fs.appendFileSync(file, '999999,Ana,Lopez,1 Main St,,Boston,MA,02134,,,,Local 42,Yard,Day,Active,\r\n');
    await expect(client.call('members.importCommit', { token: validation.token, skipInvalid: true })).rejects.toMatchObject({ code: 'import.fileChanged' });
    expect(memberTableHash(backend.vault!.db)).toBe(hash);
  });

  it('cancel during the write leaves the store exactly as it was, and is audited', async () => {
    const { client, backend } = made;
    const file = grant(backend, await writeSyntheticMemberCsv(writeTemp('big.csv', ''), 20_000, { seed: 11 }));
    const preview = await client.call('members.importPreview', { path: file });
    const validation = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    await client.call('members.standingMap', { values: Object.entries(SYNTHETIC_STANDING).map(([status, good]) => ({ status, good })) });
    hash = memberTableHash(backend.vault!.db);
    const commit = client.call('members.importCommit', { token: validation.token, skipInvalid: false });
    for (;;) {
      const p = await client.call('members.importProgress', {});
      if (p.phase === 'writing' && p.rows >= 2000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await client.call('members.importCancel', {})).toEqual({ cancelling: true });
    expect(await commit).toMatchObject({ status: 'cancelled' });
    expect(memberTableHash(backend.vault!.db)).toBe(hash);
    expect([...allAuditEntries(backend.vault!.db)].at(-1)!.action).toBe('members.importCancelled');
    expect(await client.call('members.importProgress', {})).toMatchObject({ phase: 'idle' });
  });
});
