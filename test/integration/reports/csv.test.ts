import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, toCsv } from '../../../shared/domain/csv.ts';

describe('spreadsheet-safe CSV', () => {
  it('neutralises formula and DDE injection', () => {
    const cases: Array<[string, string]> = [
      ['=1+2', "'=1+2"],
      ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
      ['+1-555-0100', "'+1-555-0100"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
      ['\t=1', "'\t=1"],
      ['\r=1', `"'\r=1"`],
      ["=cmd|' /C calc'!A0", `'=cmd|' /C calc'!A0`],
      ['Nguyễn Thị Hương', 'Nguyễn Thị Hương'],
      ['a=b', 'a=b'],
      ["'quoted", "'quoted"],
    ];
    for (const [input, expected] of cases) expect(csvCell(input)).toBe(expected);
  });

  it('quotes per RFC 4180 and keeps numbers numeric', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 12, -5, null, undefined, true])).toBe('"a,b","say ""hi""","two\nlines",12,-5,,,true');
    expect(toCsv([['x'], ['y', 1]])).toBe('x\r\ny,1\r\n');
    expect(() => csvCell(Number.NaN)).toThrow();
  });

  it('round-trips any text through a CSV parser, with no cell that starts a formula', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const parsed = Papa.parse<string[]>(toCsv(rows), { newline: '\r\n' }).data.slice(0, rows.length);
      expect(parsed).toHaveLength(rows.length);
      parsed.forEach((row, i) => row.forEach((cell, j) => {
        const original = rows[i]![j]!.normalize('NFC');
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(cell).toBe(/^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
      }));
    }), { numRuns: 300 });
  });
});
