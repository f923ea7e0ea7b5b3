import { describe, expect, it } from 'vitest';
import { dropReason, droppedColumns, guessMapping, missingFields } from '../../../electron/members/import/index.ts';
import { looksLikeSsnHeader, looksLikeSsnValue, maskSsnLike } from '../../../electron/members/import/ssn.ts';
import { normaliseZip } from '../../../electron/members/import/zip-code.ts';
import { stateCode } from '../../../electron/members/import/us-states.ts';

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

describe('light address checks', () => {
  it('ZIP forms', () => {
    expect(normaliseZip('02134', 'MA')).toBe('02134');
    expect(normaliseZip(' 02134-1234 ', 'MA')).toBe('02134-1234');
    expect(normaliseZip('021341234', 'MA')).toBe('02134-1234');
    expect(normaliseZip('2134', 'MA')).toBe('02134');
    expect(normaliseZip('21341234', 'NJ')).toBe('02134-1234');
    expect(normaliseZip('2134', 'CA')).toBeNull();
    expect(normaliseZip('2134', null)).toBeNull();
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
    expect(stateCode('XX')).toBeNull();
    expect(stateCode('Mass')).toBeNull();
  });
});
