import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresortOrder } from '../../../electron/merge/start.ts';

// Planning sorts the audience in JS (a storage-order walk is cheaper than a random one on an encrypted vault); the
// order must be exactly SQL's ORDER BY zip5, zip4, delivery_point, id with NULLs first, on the fast path and the
// fallback. A delivery point only exists with a ZIP+4 (the members table's CHECK).
type Row = { id: number; zip5: string; zip4: string | null; dp?: string | null };
const nullFirst = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
const sqlOrder = (rows: Row[]) => [...rows].sort((a, b) =>
  a.zip5 < b.zip5 ? -1 : a.zip5 > b.zip5 ? 1
    : nullFirst(a.zip4, b.zip4) || nullFirst(a.dp ?? null, b.dp ?? null) || a.id - b.id).map((r) => r.id);

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
const rows = (zip5: fc.Arbitrary<string>, maxId: number) => fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: maxId }), zip5, zip4: fc.option(fc.constantFrom('0000', '0001', '1234', '9999', '5000'), { nil: null }),
    dp: fc.option(fc.constantFrom('00', '01', '07', '10', '42', '99'), { nil: null }),
  }).map((r) => (r.zip4 === null ? { ...r, dp: null } : r)),
  { selector: (r) => r.id, maxLength: 300 });

function order(list: Row[]): number[] {
  const o = new PresortOrder();
  for (const r of list) o.add(r.id, r.zip5, r.zip4, r.dp ?? null);
  return Array.from(o.sorted());
}

describe('presort order', () => {
  it('equals SQL order for well-formed ZIPs (packed keys)', () => {
    fc.assert(fc.property(rows(fc.constantFrom('02108', '02109', '90210', '00501', '99999', '10001'), 2 ** 23 - 1), (list) => {
      expect(order(list)).toEqual(sqlOrder(list));
    }), { numRuns: 300 });
  });

  it('puts a ZIP+4 block in delivery point order, ids breaking ties, members without one first', () => {
    const list: Row[] = [
      { id: 9, zip5: '92840', zip4: '1234', dp: '56' }, { id: 3, zip5: '92840', zip4: '1234', dp: '07' },
      { id: 5, zip5: '92840', zip4: '1234', dp: null }, { id: 1, zip5: '92840', zip4: '1234', dp: '56' },
      { id: 2, zip5: '92840', zip4: null }, { id: 8, zip5: '92840', zip4: '1235', dp: '00' },
    ];
    expect(order(list)).toEqual([2, 5, 3, 1, 9, 8]);
  });

  it('equals SQL order when a ZIP or an id does not pack (string fallback)', () => {
    fc.assert(fc.property(rows(fc.oneof(digits(5), fc.constantFrom('0210', 'ABCDE', '9021')), 2 ** 24), (list) => {
      expect(order(list)).toEqual(sqlOrder(list));
    }), { numRuns: 300 });
  });
});
