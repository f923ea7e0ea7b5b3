import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessMapping } from '../../../electron/members/import/mapping.ts';
import { detectEncoding } from '../../../electron/members/import/encoding.ts';
import { SYNTHETIC_STANDING, csvLine, membersCsv, syntheticMembers } from '../../support/members.ts';
import { grant, importList, memberTableHash, membersVault, writeTemp } from './helpers.ts';

// Issue 16 §2, as a careless staffer (or a bad export) would meet it: no address part is dropped silently, a file
// that lost its Vietnamese letters is stopped row by row, and a cut-off file cannot quietly empty the list.

let made: Awaited<ReturnType<typeof membersVault>>;
beforeAll(async () => {
  made = await membersVault();
});
afterAll(() => made.backend.lock('test'));

/** Text as Windows-1258 writes it: base letters (â, ê, ơ, ư, ă, đ…) precomposed, tone marks as combining bytes. */
function windows1258(text: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  const split = [...text].map((ch) => {
    const d = ch.normalize('NFD');
    const tone = d.match(tones)?.join('') ?? '';
    return d.replace(tones, '').normalize('NFC') + tone;
  }).join('');
  return iconv.encode(split, 'windows-1258');
}

const HEADER = ['Member ID', 'First Name', 'Last Name', 'Street', 'Apt/Ste', 'City', 'State', 'Zip', 'Status'];
const rows = (names: Array<[string, string]>): string[][] =>
  names.map(([first, last], i) => [String(5001 + i), first, last, `${10 + i} Dorchester Ave`, `Apt ${i + 1}B`, 'Boston', 'MA', '02127', 'Active']);
const csv = (header: string[], body: string[][]): string => [header, ...body].map(csvLine).join('\r\n') + '\r\n';

/** preview -> validate -> standing -> commit with the guessed mapping, confirming whatever leaves the list. */
async function importGuessed(file: string, encoding?: 'windows1258') {
  const { client, backend } = made;
  grant(backend, file);
  const preview = await client.call('members.importPreview', { path: file, ...(encoding ? { encoding } : {}) });
  const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping, ...(encoding ? { encoding } : {}) });
  await client.call('members.standingMap', { values: v.statuses.map((s) => ({ status: s.value, good: SYNTHETIC_STANDING[s.value] ?? true })) });
  const outcome = await client.call('members.importCommit', { token: v.token, skipInvalid: false, confirmNoLongerOnList: v.diff.noLongerOnList });
  return { preview, validation: v, outcome };
}

describe('unit columns and other address parts', () => {
  it.each(['Apt', 'Apt/Ste', 'Apt #', 'Apt#', 'Apt. No.', 'Unit', 'Unit #', 'Suite', 'Ste', 'Address 2', 'Address Line 2',
    'Addr2', 'Addr 2', 'Address2', 'Apartment', 'Unit/Apt', 'Street 2', 'Mailing Address 2',
    // as database exports write them: words glued together
    'AddressLine2', 'ADDRESS_LINE_2', 'StreetAddress2', 'MailingAddress2', 'AptNo', 'UnitNumber'])('"%s" is guessed as address line 2', (header) => {
    expect(guessMapping(['Member ID', 'Name', 'Address', header, 'City', 'State', 'Zip']).address2).toBe(3);
  });

  it('an "Apt/Ste" list keeps every apartment number', async () => {
    const { backend } = made;
    const file = writeTemp('apt-ste.csv', csv(HEADER, rows([['Ana', 'Lopez'], ['Bao', 'Tran'], ['Chris', 'Okafor']])));
    const { preview, outcome } = await importGuessed(file);
    expect(preview.mapping.address2).toBe(4);
    expect(outcome.status).toBe('committed');
    const stored = backend.vault!.db.prepare('SELECT address2 FROM members WHERE member_id = ?').get('5002') as { address2: string };
    expect(stored.address2).toBe('Apt 2B');
  });

  it('a database export with glued headers: every line is mapped or named, none dropped unnoticed', async () => {
    const { client, backend } = made;
    // "AddressLine1"/"AddressLine2" read as the words they are; a third line ("Address3", "addr3", "streetaddress3")
    // has no field of its own, so the check refuses and names it until the committee says what it is.
    expect(guessMapping(['MemberID', 'FirstName', 'LastName', 'AddressLine1', 'AddressLine2', 'City', 'State', 'ZipCode']))
      .toEqual({ memberId: 0, firstName: 1, lastName: 2, address1: 3, address2: 4, city: 5, state: 6, zip: 7 });
    const header = ['Member ID', 'First Name', 'Last Name', 'Address1', 'Address2', 'Address3', 'addr3', 'streetaddress3', 'City', 'State', 'Zip', 'Status', 'EmailAddress'];
    const body = rows([['Ana', 'Lopez'], ['Bao', 'Tran']]).map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, 'c/o Union Hall', '', '', ...r.slice(5), 'a@example.org']);
    const file = grant(backend, writeTemp('glued.csv', csv(header, body)));
    const preview = await client.call('members.importPreview', { path: file });
    expect(preview.mapping).toMatchObject({ address1: 3, address2: 4 });
    expect(preview.addressLike).toEqual([3, 4, 5, 6, 7, 8, 9, 10]); // not the e-mail address
    const before = memberTableHash(backend.vault!.db);
    const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    expect(v.fatal).toEqual({ code: 'import.addressColumnUnmapped', details: { column: 'Address3', columns: ['Address3', 'addr3', 'streetaddress3'] } });
    expect(memberTableHash(backend.vault!.db)).toBe(before);
  });

  it('refuses a check while an address-looking column is unused, naming it; goes ahead once it is explained', async () => {
    const { client, backend } = made;
    const header = [...HEADER, 'Work Address', 'Email Address'];
    const file = grant(backend, writeTemp('unmapped.csv', csv(header, rows([['Ana', 'Lopez'], ['Bao', 'Tran']]).map((r) => [...r, '1 Yard Rd', 'a@example.org']))));
    const preview = await client.call('members.importPreview', { path: file });
    expect(preview.addressLike).toEqual([3, 4, 5, 6, 7, 9]); // Street, Apt/Ste, City, State, Zip, Work Address; not Email Address
    const before = memberTableHash(backend.vault!.db);
    // The careless staffer clears "Address line 2".
    const { address2: _dropped, ...withoutUnit } = preview.mapping;
    const v1 = await client.call('members.importValidate', { path: file, mapping: withoutUnit });
    expect(v1.fatal).toEqual({ code: 'import.addressColumnUnmapped', details: { column: 'Apt/Ste', columns: ['Apt/Ste', 'Work Address'] } });
    await expect(client.call('members.importCommit', { token: v1.token, skipInvalid: true })).rejects.toMatchObject({ code: 'members.importFatal' });
    // Mapped back, the worksite address still has to be explained.
    const v2 = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    expect(v2.fatal?.details?.columns).toEqual(['Work Address']);
    const v3 = await client.call('members.importValidate', { path: file, mapping: preview.mapping, notAddress: [9] });
    expect(v3.fatal).toBeNull();
    expect(memberTableHash(backend.vault!.db)).toBe(before);
  });
});

describe('encodings and lost letters', () => {
  const names: Array<[string, string]> = [['Hương', 'Nguyễn'], ['Đặng', 'Trần'], ['Thị Ánh', 'Phạm'], ['Ana', 'Muñoz']];

  it('a Windows-1258 file is detected, offered, and read with every Vietnamese letter', async () => {
    const { client, backend } = made;
    const bytes = windows1258(csv(HEADER, rows(names)));
    expect(detectEncoding(bytes)).toBe('windows1258');
    const file = grant(backend, writeTemp('vn-1258.csv', bytes));
    const preview = await client.call('members.importPreview', { path: file });
    expect(preview.encoding).toBe('windows1258');
    const { validation } = await importGuessed(file, 'windows1258');
    expect(validation.rowsWithProblems).toBe(0);
    const stored = backend.vault!.db.prepare("SELECT first_name, last_name FROM members WHERE member_id = '5001'").get() as { first_name: string; last_name: string };
    expect([stored.first_name, stored.last_name]).toEqual(['Hương', 'Nguyễn']);
  });

  it('Western Windows-1252 text stays Windows-1252 (Spanish names are not taken for Vietnamese)', () => {
    const bytes = iconv.encode(csv(HEADER, rows([['José', 'Muñoz'], ['Inês', 'Peña'], ['João', 'Gonçalves'], ['Niccolò', 'Lucía']])), 'windows-1252');
    expect(detectEncoding(bytes)).toBe('windows1252');
  });

  it('"H??NG NGUY?N" (a 1252 export that lost its letters) and "Nguyá»…n" (UTF-8 read as 1252) are row problems', async () => {
    const { client, backend } = made;
    const lost = iconv.encode(csv(HEADER, rows(names)), 'windows-1252'); // iconv writes "?" for what 1252 cannot hold
    const garbled = Buffer.from(csv(HEADER, rows(names).map((r, i) => (i === 2 ? r : [r[0]!, r[1]!, iconv.decode(Buffer.from(r[2]!), 'windows-1252'), ...r.slice(3)]))));
    for (const [bytes, code, problemRows] of [[lost, 'row.lostLetters', [2, 3, 4]], [garbled, 'row.garbledLetters', [2, 3, 5]]] as const) {
      const file = grant(backend, writeTemp('lost.csv', bytes));
      const preview = await client.call('members.importPreview', { path: file });
      const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping, ...(preview.encoding ? { encoding: preview.encoding } : {}) });
      expect([...new Set(v.problems.filter((p) => p.code === code).map((p) => p.row))]).toEqual(problemRows);
      await expect(client.call('members.importCommit', { token: v.token, skipInvalid: false })).rejects.toMatchObject({ code: 'members.importHasProblems' });
    }
  });
});

describe('a file that would empty the list', () => {
  it('marking more than half the list "no longer on the list" needs a confirmation naming that number', async () => {
    const { client, backend } = await membersVault();
    const all = [...syntheticMembers(40, { seed: 16 })];
    await importList(client, backend, writeTemp('full.csv', membersCsv(all)));
    const before = memberTableHash(backend.vault!.db);
    const file = grant(backend, writeTemp('one-row.csv', membersCsv(all.slice(0, 1))));
    const preview = await client.call('members.importPreview', { path: file });
    const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    expect(v.diff).toMatchObject({ noLongerOnList: 39, activeBefore: 40 });
    await expect(client.call('members.importCommit', { token: v.token, skipInvalid: false })).rejects.toMatchObject({
      code: 'members.importConfirmRemoval', details: { count: 39, total: 40 },
    });
    await expect(client.call('members.importCommit', { token: v.token, skipInvalid: false, confirmNoLongerOnList: 38 })).rejects.toMatchObject({
      code: 'members.importConfirmRemoval',
    });
    expect(memberTableHash(backend.vault!.db)).toBe(before);
    const done = await client.call('members.importCommit', { token: v.token, skipInvalid: false, confirmNoLongerOnList: 39 });
    expect(done).toMatchObject({ status: 'committed', deactivated: 39 });
    backend.lock('test');
  });

  it('half or fewer leaving needs no extra confirmation', async () => {
    const { client, backend } = await membersVault();
    const all = [...syntheticMembers(10, { seed: 17 })];
    await importList(client, backend, writeTemp('ten.csv', membersCsv(all)));
    const { outcome } = await importList(client, backend, writeTemp('five.csv', membersCsv(all.slice(0, 5))));
    expect(outcome).toMatchObject({ status: 'committed', deactivated: 5 });
    backend.lock('test');
  });
});

describe('duplicate member IDs', () => {
  // An office export lists a member twice: the old address first, the new one further down. The check shows both
  // rows side by side and the committee chooses; without a choice the first row is kept and the second is a problem.
  it('shows both rows and imports the row the committee chooses', async () => {
    const { client, backend } = made;
    const body = [
      ['7001', 'Hương', 'Nguyễn', '1 Old Mill Rd', 'Apt 1', 'Boston', 'MA', '02127', 'Active'],
      ['7002', 'Ana', 'Lopez', '2 Dorchester Ave', '', 'Boston', 'MA', '02127', 'Active'],
      ['7001', 'Hương', 'Nguyễn', '9 New Harbor Way', 'Unit 9', 'Boston', 'MA', '02127', 'Active'],
    ];
    const file = grant(backend, writeTemp('duplicates.csv', csv(HEADER, body)));
    const preview = await client.call('members.importPreview', { path: file });
    const first = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    expect(first.problems.filter((p) => p.code === 'row.duplicateId')).toEqual([{ row: 4, code: 'row.duplicateId', field: 'memberId', details: { firstRow: 2 } }]);
    expect(first.duplicates).toEqual([{
      memberId: '7001', chosenRow: null,
      rows: [{ row: 2, cells: body[0] }, { row: 4, cells: body[2] }],
    }]);

    // The committee keeps row 4 (the new address): row 2 becomes the row left out, and the member reads row 4.
    const chosen = await client.call('members.importValidate', { path: file, mapping: preview.mapping, keep: [{ memberId: '7001', row: 4 }] });
    expect(chosen.problems.filter((p) => p.code === 'row.duplicateId')).toEqual([{ row: 2, code: 'row.duplicateId', field: 'memberId', details: { firstRow: 2, chosenRow: 4 } }]);
    expect(chosen.duplicates).toEqual([{ memberId: '7001', chosenRow: 4, rows: [{ row: 2, cells: body[0] }, { row: 4, cells: body[2] }] }]);
    expect(chosen.valid).toBe(first.valid);
    await client.call('members.standingMap', { values: chosen.statuses.map((s) => ({ status: s.value, good: true })) });
    const outcome = await client.call('members.importCommit', { token: chosen.token, skipInvalid: true, confirmNoLongerOnList: chosen.diff.noLongerOnList });
    expect(outcome.status).toBe('committed');
    const stored = backend.vault!.db.prepare("SELECT address1, address2 FROM members WHERE member_id = '7001'").get();
    expect(stored).toEqual({ address1: '9 New Harbor Way', address2: 'Unit 9' });
  });

  // The check lists the first DUPLICATE_GROUPS_SHOWN member IDs side by side; it must also say how many there are in
  // all, exactly, even past the 10,000 problems it lists (a careless export that doubled every row).
  it('counts every member ID on more than one row, past the 20 shown and the 10,000 problems listed', async () => {
    const { client, backend } = made;
    const row = (id: number, street: string): string[] => [String(id), 'Bao', 'Tran', street, '', 'Boston', 'MA', '02127', 'Active'];
    const body: string[][] = [];
    for (let i = 0; i < 25; i++) body.push(row(7200 + i, '1 Elm St'), row(7200 + i, '2 Elm St'));
    body.push(row(7300, '1 Elm St'), row(7300, '2 Elm St'), row(7300, '3 Elm St')); // three rows: one member ID
    body.push(row(7301, '1 Elm St'));
    const file = grant(backend, writeTemp('duplicates-26.csv', csv(HEADER, body)));
    const preview = await client.call('members.importPreview', { path: file });
    const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping, keep: [{ memberId: '7300', row: 54 }] });
    expect(v.duplicates).toHaveLength(20);
    expect(v.duplicateGroupsTotal).toBe(26);

    const doubled: string[][] = [];
    for (let i = 0; i < 10_030; i++) doubled.push(row(100_000 + i, '1 Elm St'), row(100_000 + i, '2 Elm St'));
    const big = grant(backend, writeTemp('doubled.csv', csv(HEADER, doubled)));
    const w = await client.call('members.importValidate', { path: big, mapping: preview.mapping });
    expect(w.problemsTruncated).toBe(true);
    expect(w.problems.length).toBeLessThan(10_030);
    expect(w.duplicates).toHaveLength(20);
    expect(w.duplicateGroupsTotal).toBe(10_030);
  });

  it('a choice naming a row without that member ID imports neither row, and says which row was chosen', async () => {
    const { client, backend } = made;
    const body = [
      ['7101', 'Bao', 'Tran', '1 Elm St', '', 'Boston', 'MA', '02127', 'Active'],
      ['7101', 'Bao', 'Tran', '2 Elm St', '', 'Boston', 'MA', '02127', 'Active'],
      ['7102', 'Chris', 'Okafor', '3 Elm St', '', 'Boston', 'MA', '02127', 'Active'],
    ];
    const file = grant(backend, writeTemp('duplicates-stale.csv', csv(HEADER, body)));
    const preview = await client.call('members.importPreview', { path: file });
    const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping, keep: [{ memberId: '7101', row: 4 }] });
    expect(v.problems.filter((p) => p.code === 'row.duplicateId').map((p) => [p.row, p.details?.chosenRow])).toEqual([[2, 4], [3, 4]]);
    expect(v.valid).toBe(1);
  });
});
