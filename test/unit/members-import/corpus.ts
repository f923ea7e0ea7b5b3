// Bad (and good) membership files built in code, so no binary fixtures live in the repo.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { prng } from '../../support/prng.ts';
export { prng };

export const HEADER = [
  'Member ID', 'First Name', 'Last Name', 'Address 1', 'Address 2', 'City', 'State', 'Zip',
  'Email', 'Local', 'Worksite', 'Shift', 'Status', 'Phone', 'Date of Birth', 'Notes',
];

export type Row = string[];

/** A valid member row; override cells by header name. */
export function member(id: string | number, over: Partial<Record<string, string>> = {}): Row {
  const base: Record<string, string> = {
    'Member ID': String(id), 'First Name': 'Ana', 'Last Name': 'Lopez', 'Address 1': `${100 + Number(id) || 100} Main St`,
    'Address 2': '', City: 'Boston', State: 'MA', Zip: '02134', Email: '', Local: '101', Worksite: 'North Yard',
    Shift: 'Day', Status: 'Active', Phone: '617-555-0100', 'Date of Birth': '1980-01-01', Notes: '',
  };
  return HEADER.map((h) => over[h] ?? base[h]!);
}

function csvCell(v: string, delim: string): string {
  return /["\r\n]/.test(v) || v.includes(delim) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function line(row: Row, delim = ','): string {
  return row.map((c) => csvCell(c, delim)).join(delim);
}

export function csv(rows: Row[], opts: { delim?: string; eol?: string; header?: string[] } = {}): string {
  const delim = opts.delim ?? ',';
  const eol = opts.eol ?? '\r\n';
  const lines = [opts.header ?? HEADER, ...rows].map((r) => r.map((c) => csvCell(c, delim)).join(delim));
  return lines.join(eol) + eol;
}

export const VIETNAMESE = { first: 'Thị Hương', last: 'Nguyễn', full: 'Nguyễn Thị Hương' };
export const SPANISH = { first: 'José', last: 'Muñoz Peña' };


const HEADER_LINE = HEADER.join(',');

/** Each case of issue 3 as file contents (row numbers in comments are spreadsheet rows; the header is row 1). */
export const CASES = {
  good: () => csv([member(1), member(2), member(3)]),
  missingId: () => csv([member(1), member('', {}), member(3)]), // row 3
  duplicateId: () => csv([member(1), member(2), member(1, { 'First Name': 'Other' }), member(4)]), // row 4 dup of 2
  missingAddress: () =>
    csv([member(1, { 'Address 1': '' }), member(2, { 'Address 1': 'N/A' }), member(3, { City: '' }), member(4)]), // 2,3 address; 4 city
  unknownState: () => csv([member(1, { State: 'ZZ' }), member(2, { State: 'Massachusetts' }), member(3, { State: '' })]), // 2 and 4
  badZip: () =>
    csv([
      member(1, { State: 'CA', Zip: '9021' }), // row 2: bad (a CA ZIP cannot lose a leading zero)
      member(2, { State: 'MA', Zip: '2134' }), // row 3: ok -> 02134
      member(3, { Zip: '12345-678' }), // row 4: bad
      member(4, { Zip: '021341234' }), // row 5: ok -> 02134-1234
      member(5, { Zip: 'ABCDE' }), // row 6: bad
      member(6, { State: 'CT', Zip: '6103-1234' }), // row 7: ok -> 06103-1234
    ]),
  // Row 4 opens a quote that never closes: papaparse swallows the rest of the file into that field.
  unterminatedQuote: () => `${HEADER_LINE}\r\n${member(1).join(',')}\r\n${member(2).join(',')}\r\n3,"Unclosed,Smith,1 Elm St,,Boston,MA,02134,,101,Yard,Day,Active,,,\r\n4,Ana,Lopez,2 Elm St,,Boston,MA,02134,,101,Yard,Day,Active,,,\r\n`,
  raggedRow: () =>
    `${HEADER_LINE}\n${member(1).join(',')}\n1002,Ana,Lopez,1 Main St\n${member(3).join(',')},extra\n${member(4).join(',')},,\n`, // 3 short, 4 extra; 5 blank extras ok
  // Row 2 only is too long for the reader; row 3 (200 characters, the reader's limit) reads but cannot print in an
  // envelope window at 8 pt, which validation reports as its own problem; row 4 is fine.
  fieldTooLong: () => csv([member(1, { City: 'B'.repeat(201) }), member(2, { City: 'C'.repeat(200) }), member(3)]),
  fiveMbField: () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    return [
      HEADER_LINE,
      line(member(1)), // row 2
      line(member(2, { 'Address 1': `${big}\n${big}` })), // row 3: quoted 10 MB field spanning two lines
      line(member(3)), // row 4
      `4,Ana,Lopez,${big},,Boston,MA,02134,,101,Yard,Day,Active,,,`, // row 5: unquoted 5 MB field
      line(member(5)), // row 6
    ].join('\r\n') + '\r\n';
  },
  formulaCells: () =>
    csv([
      member(1, { 'First Name': '=HYPERLINK("http://evil.example","click")' }), // row 2: firstName
      member(2, { Worksite: '+cmd|\' /C calc\'!A0' }), // row 3: worksite
      member(3, { Local: '@SUM(1+1)' }), // row 4: local
      member(4, { 'Address 2': '-5', Shift: '-' }), // row 5: not a formula
      member(5, { Notes: '=1+1' }), // row 6: dropped column, not stored, no warning
    ]),
  ssnColumn: () => csv([['1', '123-45-6789']], { header: ['Member ID', 'SSN'] }),
  ssnValueInNotes: () =>
    csv([
      member(123456789, { Zip: '021341234', 'Address 1': '1 Main St' }), // nine-digit ID and nine-digit ZIP: allowed
      member(2, { Notes: 'per office: ssn 123-45-6789' }), // row 3
      member(3),
      member(4, { Notes: 'call 078 05 1120' }), // row 5 (spaced form)
      member(5, { Notes: '219099999' }), // row 6 (bare nine digits outside ID/ZIP)
      member(6, { Notes: '000000000' }), // not an issuable SSN: allowed
    ]),
  noIdColumn: () => csv([['Ana', '1 Main St']], { header: ['Name', 'Street'] }),
  headerOnly: () => `${HEADER_LINE}\r\n\r\n`,
  semicolon: () => csv([member(1, { City: 'Springfield, East' }), member(2)], { delim: ';' }),
  tab: () => csv([member(1), member(2)], { delim: '\t', eol: '\n' }),
} as const;

export type CaseName = keyof typeof CASES;

export function vietnameseRows(): Row[] {
  return [member(1, { 'First Name': VIETNAMESE.first, 'Last Name': VIETNAMESE.last, City: 'Dorchester' }), member(2)];
}

export class Corpus {
  readonly dir: string;
  private constructor(dir: string) {
    this.dir = dir;
  }
  static async create(): Promise<Corpus> {
    return new Corpus(await mkdtemp(join(tmpdir(), 'litdesk-import-')));
  }
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
  async file(name: string, content: string | Buffer): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, content);
    return path;
  }
  csvCase(name: CaseName): Promise<string> {
    return this.file(`${name}.csv`, CASES[name]());
  }
  empty(): Promise<string> {
    return this.file('empty.csv', '');
  }
  binaryGarbage(): Promise<string> {
    const rnd = prng(42);
    const buf = Buffer.alloc(64 * 1024);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(rnd() * 256);
    return this.file('garbage.csv', buf);
  }
  utf16le(): Promise<string> {
    return this.file('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv(vietnameseRows(), { delim: '\t' }), 'utf-16le')]));
  }
  utf16leNoBom(): Promise<string> {
    return this.file('utf16le-nobom.csv', iconv.encode(csv(vietnameseRows(), { delim: '\t' }), 'utf-16le'));
  }
  utf16be(): Promise<string> {
    return this.file('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csv(vietnameseRows()), 'utf-16be')]));
  }
  utf8(): Promise<string> {
    return this.file('utf8.csv', Buffer.from(csv(vietnameseRows()), 'utf8'));
  }
  utf8Bom(): Promise<string> {
    return this.file('utf8bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(vietnameseRows()), 'utf8')]));
  }
  /** Decomposed accents (NFD), as some Mac exports write them. */
  utf8Nfd(): Promise<string> {
    return this.file('utf8nfd.csv', Buffer.from(csv(vietnameseRows()).normalize('NFD'), 'utf8'));
  }
  windows1252(): Promise<string> {
    const rows = [member(1, { 'First Name': SPANISH.first, 'Last Name': SPANISH.last, City: 'San José', State: 'CA', Zip: '95112' }), member(2)];
    return this.file('win1252.csv', iconv.encode(csv(rows), 'windows-1252'));
  }
  notZipXlsx(): Promise<string> {
    return this.file('not-really.xlsx', csv([member(1)]));
  }
  corruptXlsx(): Promise<string> {
    const rnd = prng(7);
    const buf = Buffer.alloc(4096);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(rnd() * 256);
    buf.writeUInt32LE(0x04034b50, 0);
    return this.file('corrupt.xlsx', buf);
  }
  legacyXls(): Promise<string> {
    return this.file('old.xls', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
  }
  /** A workbook written by exceljs (sheet1.xml precedes sharedStrings.xml in the ZIP, as Excel does). */
  async xlsx(): Promise<string> {
    const path = join(this.dir, 'members.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Members');
    ws.addRow(HEADER);
    const v = member(1001, { 'First Name': VIETNAMESE.first, 'Last Name': VIETNAMESE.last });
    ws.addRow(v.map((c, i) => (i === 0 ? 1001 : i === 7 ? 2134 : c))); // row 2: numeric ID, ZIP that lost its zero
    ws.addRow([]); // row 3: blank
    const s = member(1002, { 'First Name': SPANISH.first, 'Last Name': SPANISH.last });
    ws.addRow(s); // row 4
    const f = member(1003);
    ws.addRow(f.map((c, i) => (i === 9 ? { formula: '100+1', result: 101 } : c))); // row 5: formula cell in Local
    ws.addRow(member(1002)); // row 6: duplicate of row 4
    const other = wb.addWorksheet('Other');
    other.addRow(['not', 'members']);
    await wb.xlsx.writeFile(path);
    return path;
  }
  /** `rows` realistic members streamed to disk (never built in memory), for speed and memory checks. */
  async bigCsv(rows: number, name = `big-${rows}.csv`): Promise<string> {
    return writeBigCsv(join(this.dir, name), rows);
  }
}

const FIRST = ['José', 'Nguyễn Thị', 'María', 'Zoë', 'Ana', 'Đặng', 'Łukasz', 'Chloé', 'Björn', 'Aisha'];
const LAST = ['Muñoz Peña', 'Hương', 'García', 'O\'Brien', 'Smith', 'Trần', 'Nowak', 'Dubois', 'Søren', 'Khan'];
const STREETS = ['Main St', 'Elm Street', 'Oak Ave', 'Dorchester Ave', 'Blue Hill Ave', 'Washington St'];

export async function writeBigCsv(path: string, rows: number): Promise<string> {
  const out = createWriteStream(path);
  out.write(HEADER_LINE + '\r\n');
  const rnd = prng(1);
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const f = FIRST[i % FIRST.length]!;
    const l = LAST[(i * 7) % LAST.length]!;
    const street = `${1 + Math.floor(rnd() * 9999)} ${STREETS[i % STREETS.length]}`;
    const apt = i % 5 === 0 ? `"Apt ${i % 300}, Rear"` : '';
    const zip = String(1000 + Math.floor(rnd() * 8000)).padStart(5, '0');
    buf += `${100000 + i},${f},"${l}",${street},${apt},Boston,MA,${zip},m${i}@example.org,${101 + (i % 9)},Site ${i % 40},${i % 3 === 0 ? 'Night' : 'Day'},${i % 11 === 0 ? 'Arrears' : 'Good'},617-555-${String(i % 10000).padStart(4, '0')},1970-01-01,"note, quoted ""x"""\r\n`;
    if (i % 2000 === 0) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return path;
}
