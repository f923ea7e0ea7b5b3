// CSV that is safe to open in a spreadsheet. RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes
// doubled, lines end in CRLF. Formula injection (OWASP "CSV injection"): a cell a spreadsheet would read as a formula
// or a DDE command — starting with =, +, -, @, TAB or CR — gets a leading apostrophe, so it shows as text.
// Numbers are written as numbers (a negative amount is not text), only strings are neutralised.

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('csvCell: non-finite number');
    return String(value);
  }
  let s = typeof value === 'boolean' ? (value ? 'true' : 'false') : value.normalize('NFC');
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly CsvValue[]): string => cells.map(csvCell).join(',');

/** Whole CSV text: one row per line, CRLF, with a trailing CRLF. */
export const toCsv = (rows: readonly (readonly CsvValue[])[]): string => rows.map((r) => `${csvRow(r)}\r\n`).join('');
