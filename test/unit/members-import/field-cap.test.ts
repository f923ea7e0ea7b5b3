import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { FieldCapper } from '../../../electron/members/import/field-cap.ts';
import { sniffDialect } from '../../../electron/members/import/csv-sniff.ts';
import type { CsvDialect } from '../../../electron/members/import/csv-sniff.ts';

function papa(text: string, d: CsvDialect): string[][] {
  return Papa.parse<string[]>(text, { delimiter: d.delimiter, newline: d.newline, quoteChar: '"', escapeChar: '"' }).data;
}

function capAll(chunks: string[], d: CsvDialect, fieldCap: number, maxFields = 512): string {
  const c = new FieldCapper(d, { fieldCap, maxFields });
  return chunks.map((x) => c.push(x)).join('') + c.flush();
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(text.slice(prev, p));
    prev = p;
  }
  out.push(text.slice(prev));
  return out;
}

const csvish = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 120 }).map((a) => a.join(''));

describe('field cap', () => {
  for (const newline of ['\n', '\r\n', '\r'] as const) {
    it(`changes nothing papaparse sees when no field is over the cap (newline ${JSON.stringify(newline)})`, () => {
      const d: CsvDialect = { delimiter: ',', newline };
      fc.assert(
        fc.property(csvish(['a', 'b', ',', '"', '"', ' ', '\t', newline, '\r', '\n', 'é']), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
          expect(papa(capAll(splitAt(text, cuts), d, 10_000), d)).toEqual(papa(text, d));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('keeps the same rows and fields, and no field over the cap, when fields are long', () => {
    const d: CsvDialect = { delimiter: ';', newline: '\n' };
    fc.assert(
      fc.property(csvish(['a', 'a', 'a', ';', '"', ' ', '\n']), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const capped = papa(capAll(splitAt(text, cuts), d, 3), d);
        const original = papa(text, d);
        expect(capped.map((r) => r.length)).toEqual(original.map((r) => r.length));
        capped.forEach((r, i) =>
          r.forEach((cell, j) => {
            const full = original[i]![j]!;
            expect(cell.length).toBeLessThanOrEqual(6); // an unterminated field comes back raw, escapes doubled
            if (full.length <= 2) expect(cell).toBe(full);
          }),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('caps a 5 MB field and a row of a million delimiters', () => {
    const d: CsvDialect = { delimiter: ',', newline: '\n' };
    const out = capAll(['id,name\n1,"', 'x'.repeat(5_000_000), '"\n2,', ','.repeat(1_000_000), '\n3,c\n'], d, 1024, 512);
    const rows = papa(out, d);
    expect(rows[1]![1]!.length).toBe(1024);
    expect(rows[2]!.length).toBe(512);
    expect(rows[3]).toEqual(['3', 'c']);
    expect(out.length).toBeLessThan(5000);
  });
});

describe('sniffDialect', () => {
  it('picks the delimiter of the header line', () => {
    expect(sniffDialect('Member ID;Name;City\r\n1;"A, B";X').delimiter).toBe(';');
    expect(sniffDialect('Member ID\tName\n1\tA').delimiter).toBe('\t');
    expect(sniffDialect('"Member; ID",Name\n').delimiter).toBe(',');
    expect(sniffDialect('a,b\r\nc,d').newline).toBe('\r\n');
    expect(sniffDialect('a,b\rc,d').newline).toBe('\r');
  });
});
