import { describe, expect, it } from 'vitest';
import { dropReason, droppedColumns, guessMapping, missingFields } from '../../../electron/members/import/index.ts';
import { looksLikeSsnHeader, looksLikeSsnValue, maskSsnLike } from '../../../electron/members/import/ssn.ts';
import { normaliseState } from '../../../shared/domain/address/states.ts';
import { formatZip, parseZip } from '../../../shared/domain/address/zip.ts';
import { normaliseAddress } from '../../../shared/domain/address/pub28.ts';

describe('guessMapping', () => {
  it('maps common header spellings', () => {
    const headers = ['Member #', 'First Name', 'Last Name', 'Street', 'Apt', 'City', 'ST', 'ZIP Code', 'E-mail',
      'Local', 'Work Location', 'Shift', 'Dues Status', 'Phone', 'DOB', 'Hourly Wage', 'Gender', 'Race', 'Hire Date'];
    expect(guessMapping(headers)).toEqual({
      memberId: 0, firstName: 1, lastName: 2, address1: 3, address2: 4, city: 5, state: 6, zip: 7, email: 8,
      local: 9, worksite: 10, shift: 11, status: 12,
    });
    const dropped = droppedColumns(headers, guessMapping(headers));
    expect(dropped.map((d) => [d.column, d.reason])).toEqual([
      ['Phone', 'drop.phone'],
      ['DOB', 'drop.dateOfBirth'],
      ['Hourly Wage', 'drop.pay'],
      ['Gender', 'drop.gender'],
      ['Race', 'drop.race'],
      ['Hire Date', 'drop.notNeeded'],
    ]);
  });

  it('prefers the more specific spelling and handles full-name files', () => {
    expect(guessMapping(['ID', 'Member ID', 'Name', 'Address', 'Zip', 'Postal', 'Standing'])).toEqual({
      memberId: 1, fullName: 2, address1: 3, zip: 4, status: 6,
    });
    expect(missingFields(guessMapping(['ID', 'Name']))).toEqual(['address1', 'city', 'state', 'zip']);
    expect(missingFields(guessMapping(['Street']))).toEqual(['memberId', 'name', 'city', 'state', 'zip']);
  });

  it('never maps an SSN column, and names the reason', () => {
    expect(guessMapping(['SSN', 'Name'])).toEqual({ fullName: 1 });
    expect(dropReason('Social Security #')).toBe('drop.ssn');
    expect(dropReason('Pay Rate')).toBe('drop.pay');
    expect(dropReason('Salary')).toBe('drop.pay');
    expect(dropReason('Cell')).toBe('drop.phone');
    expect(dropReason('Date of Birth')).toBe('drop.dateOfBirth');
    expect(dropReason('Seniority')).toBe('drop.notNeeded');
  });
});

describe('SSN detection', () => {
  it('headers', () => {
    for (const h of ['SSN', 'S.S.N.', 'SS#', 'SS #', 'Social Security Number', 'Soc Sec No', 'TIN', 'Taxpayer ID', 'Member SSN', 'Last 4 SSN'])
      expect(looksLikeSsnHeader(h), h).toBe(true);
    for (const h of ['Member ID', 'Status', 'Street', 'Assessment', 'Listing', 'Destination', 'Sessions'])
      expect(looksLikeSsnHeader(h), h).toBe(false);
  });
  it('values', () => {
    expect(looksLikeSsnValue('123-45-6789', true)).toBe(true);
    expect(looksLikeSsnValue('ssn 123 45 6789 on file', true)).toBe(true);
    expect(looksLikeSsnValue('000-00-0000', true)).toBe(true); // a placeholder still says what the column is
    expect(looksLikeSsnValue('219099999', false)).toBe(true);
    expect(looksLikeSsnValue('219099999', true)).toBe(false); // ID or ZIP column
    expect(looksLikeSsnValue('021341234', false)).toBe(true);
    expect(looksLikeSsnValue('000123456', false)).toBe(false); // area 000 is never issued
    expect(looksLikeSsnValue('666123456', false)).toBe(false);
    expect(looksLikeSsnValue('912345678', false)).toBe(false);
    expect(looksLikeSsnValue('617-555-0100', false)).toBe(false); // phone
    expect(looksLikeSsnValue('02134-1234', false)).toBe(false); // ZIP+4
    expect(looksLikeSsnValue('1234567890', false)).toBe(false); // ten digits
  });
  it('masks for the preview', () => {
    expect(maskSsnLike('ssn 123-45-6789!')).toBe('ssn •••-••-••••!');
  });
});

// Issue 11 §5: the import reads states and ZIPs with the same rules as the printed address (shared/domain/address).
const normaliseZip = (v: string, state: string | null): string | null => {
  const z = parseZip(v, state ?? undefined);
  return z ? formatZip(z) : null;
};
const stateCode = (v: string): string | null => normaliseState(v) ?? null;

describe('address checks at import: one set of rules with Publication 28', () => {
  it('ZIP forms', () => {
    expect(normaliseZip('02134', 'MA')).toBe('02134');
    expect(normaliseZip(' 02134-1234 ', 'MA')).toBe('02134-1234');
    expect(normaliseZip('021341234', 'MA')).toBe('02134-1234');
    expect(normaliseZip('2134', 'MA')).toBe('02134');
    expect(normaliseZip('21341234', 'NJ')).toBe('02134-1234');
    expect(normaliseZip('02108 1234', 'MA')).toBe('02108-1234');
    expect(normaliseZip('907', 'PR')).toBe('00907');
    expect(normaliseZip('9021', 'CA')).toBeNull();
    expect(normaliseZip('2134', 'CA')).toBeNull();
    expect(normaliseZip('1234-56', 'MA')).toBeNull();
    expect(normaliseZip('00000', 'MA')).toBeNull();
    expect(normaliseZip('', 'MA')).toBeNull();
  });
  it('states', () => {
    expect(stateCode('ma')).toBe('MA');
    expect(stateCode('N.Y.')).toBe('NY');
    expect(stateCode('new  hampshire')).toBe('NH');
    expect(stateCode('Puerto Rico')).toBe('PR');
    expect(stateCode('AE')).toBe('AE');
    expect(stateCode('Mass.')).toBe('MA');
    expect(stateCode('Calif')).toBe('CA');
    expect(stateCode('XX')).toBeNull();
  });
  it('the printed address agrees with the import on every one of these', () => {
    const cases: Array<[string, string, string | null]> = [
      ['MA', '02108 1234', '02108-1234'], ['Mass.', '2108', '02108'], ['PR', '907', '00907'], ['CA', '9021', null], ['CA', '90210', '90210'],
    ];
    for (const [state, zip, want] of cases) {
      const printed = normaliseAddress({ line1: '1 Main St', line2: '', city: 'Springfield', state, zip });
      expect(printed.ok ? formatZip({ zip5: printed.address.zip5, ...(printed.address.zip4 ? { zip4: printed.address.zip4 } : {}) }) : null, `${state} ${zip}`).toBe(want);
      expect(normaliseZip(zip, stateCode(state)), `${state} ${zip}`).toBe(want);
    }
  });
});
