import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresortOrder } from '../../../electron/merge/start.ts';

// Planning sorts the audience in JS (a storage-order walk is cheaper than a random one on an encrypted vault); the
// order must be exactly SQL's ORDER BY zip5, zip4, id with NULL ZIP+4 first, on the fast path and the fallback.
type Row = { id: number; zip5: string; zip4: string | null };
const sqlOrder = (rows: Row[]) => [...rows].sort((a, b) =>
  a.zip5 < b.zip5 ? -1 : a.zip5 > b.zip5 ? 1
    : a.zip4 === b.zip4 ? a.id - b.id : a.zip4 === null ? -1 : b.zip4 === null ? 1 : a.zip4 < b.zip4 ? -1 : 1).map((r) => r.id);

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
const rows = (zip5: fc.Arbitrary<string>, maxId: number) => fc.uniqueArray(
  fc.record({ id: fc.integer({ min: 1, max: maxId }), zip5, zip4: fc.option(fc.constantFrom('0000', '0001', '1234', '9999', '5000'), { nil: null }) }),
  { selector: (r) => r.id, maxLength: 300 });

function order(list: Row[]): number[] {
  const o = new PresortOrder();
  for (const r of list) o.add(r.id, r.zip5, r.zip4);
  return Array.from(o.sorted());
}

describe('presort order', () => {
  it('equals SQL order for well-formed ZIPs (packed keys)', () => {
    fc.assert(fc.property(rows(fc.constantFrom('02108', '02109', '90210', '00501', '99999', '10001'), 2 ** 23 - 1), (list) => {
      expect(order(list)).toEqual(sqlOrder(list));
    }), { numRuns: 300 });
  });

  it('equals SQL order when a ZIP or an id does not pack (string fallback)', () => {
    fc.assert(fc.property(rows(fc.oneof(digits(5), fc.constantFrom('0210', 'ABCDE', '9021')), 2 ** 24), (list) => {
      expect(order(list)).toEqual(sqlOrder(list));
    }), { numRuns: 300 });
  });
});
