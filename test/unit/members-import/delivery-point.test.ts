// The optional delivery point column (issue 15 §8): recognised under the names CASS-processed exports give it, two
// digits and only after a ZIP+4, kept on the member only with its ZIP+4 — and every other value a plain row problem,
// as the careless staffer's file would bring them: a department column headed "DP", a DPBC with its check digit, a
// spreadsheet that dropped the leading zero, a delivery point on a five-digit ZIP.
import { describe, expect, it } from 'vitest';
import { guessMapping } from '../../../electron/members/import/index.ts';
import { validateRow } from '../../../electron/members/import/validate-row.ts';
import { prepareMember } from '../../../electron/members/record.ts';

describe('delivery point column: header guessing', () => {
  it.each(['DPBC', 'Delivery Point', 'DP', 'Delivery Point Code', 'DPC', 'delivery_point', 'Delivery-Pt', 'DP Code'])('maps "%s"', (h) => {
    expect(guessMapping(['Member ID', 'Name', 'Address', 'City', 'State', 'ZIP+4', h]).deliveryPoint).toBe(6);
  });
  it('leaves other columns alone: DPV flags, departments, a plain ZIP', () => {
    const m = guessMapping(['Member ID', 'Name', 'Address', 'City', 'State', 'Zip', 'DPV', 'Department', 'Dept']);
    expect(m.deliveryPoint).toBeUndefined();
    expect(m.zip).toBe(5);
  });
});

const MAPPING = { memberId: 0, fullName: 1, address1: 2, city: 3, state: 4, zip: 5, deliveryPoint: 6 };
const row = (zip: string, dp: string, rowNumber = 2) => ({ rowNumber, cells: ['1001', 'Nguyễn Thị Hương', '22 Birch Ln', 'Garden Grove', 'CA', zip, dp] });

describe('delivery point column: each row', () => {
  it('keeps two digits after a ZIP+4, and nothing when the cell is empty', () => {
    expect(validateRow(row('92840-1234', '56'), 7, MAPPING).member?.deliveryPoint).toBe('56');
    expect(validateRow(row('928401234', ' 07 '), 7, MAPPING).member?.deliveryPoint).toBe('07');
    const none = validateRow(row('92840-1234', ''), 7, MAPPING);
    expect(none.problems).toEqual([]);
    expect(none.member && 'deliveryPoint' in none.member).toBe(false);
  });

  it.each([['5', 'a spreadsheet dropped the zero'], ['123', 'DPBC with its check digit'], ['1A', 'not digits'], ['-5', 'a sign'], ['5.0', 'a number format'], ['０７', 'full-width digits']])(
    'refuses "%s" (%s) as a plain row problem', (dp) => {
      const r = validateRow(row('92840-1234', dp), 7, MAPPING);
      expect(r.member).toBeNull();
      expect(r.problems).toEqual([{ row: 2, code: 'row.badDeliveryPoint', field: 'deliveryPoint' }]);
    });

  it('refuses a delivery point on a five-digit ZIP (it only means something after a ZIP+4)', () => {
    for (const zip of ['92840', '92840-0000']) {
      const r = validateRow(row(zip, '56'), 7, MAPPING);
      expect(r.member).toBeNull();
      expect(r.problems).toEqual([{ row: 2, code: 'row.deliveryPointWithoutZip4', field: 'deliveryPoint' }]);
    }
  });

  it('stores it with the ZIP+4 only, whoever calls the writer', () => {
    const base = {
      memberId: '1', firstName: '', lastName: '', fullName: 'Ana Peña', address1: '22 Birch Ln', address2: '', city: 'Garden Grove',
      state: 'CA', email: '', local: '', worksite: '', shift: '', status: 'Active', segments: {},
    };
    const ok = prepareMember({ ...base, zip: '92840-1234', deliveryPoint: '56' });
    expect(ok.ok && ok.member.deliveryPoint).toBe('56');
    const noPlus4 = prepareMember({ ...base, zip: '92840', deliveryPoint: '56' });
    expect(noPlus4.ok && noPlus4.member.deliveryPoint).toBeNull();
    const junk = prepareMember({ ...base, zip: '92840-1234', deliveryPoint: '5' });
    expect(junk.ok && junk.member.deliveryPoint).toBeNull();
  });
});
