import { describe, expect, it } from 'vitest';
import {
  addressBlockLines,
  normaliseAddress,
  normaliseName,
  type AddressInput,
  type Pub28Address,
} from '../../../shared/domain/address/pub28.ts';

function ok(input: AddressInput): Pub28Address {
  const result = normaliseAddress(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.address;
}

describe('normaliseName', () => {
  it('keeps every diacritic, composed (NFC)', () => {
    expect(normaliseName('Nguyễn Thị Hương')).toBe('Nguyễn Thị Hương');
    expect(normaliseName('José Muñoz Peña')).toBe('José Muñoz Peña');
    const decomposed = 'Nguyễn Thị Hương'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Thị Hương');
    expect(normaliseName(decomposed)).toBe('Nguyễn Thị Hương');
  });

  it('trims and collapses whitespace, tabs and non-breaking spaces', () => {
    expect(normaliseName('  Trần\u00a0 Văn\t\tĐức \n')).toBe('Trần Văn Đức');
  });
});

describe('addressBlockLines', () => {
  it('prints the name upper-cased with its diacritics, then delivery and last line', () => {
    const address = ok({ line1: '123 Main Street', line2: 'Apt 4B', city: 'Garden Grove', state: 'CA', zip: '92843' });
    expect(addressBlockLines('Nguyễn Thị Hương'.normalize('NFD'), address)).toEqual({
      lines: ['NGUYỄN THỊ HƯƠNG', '123 MAIN ST APT 4B', 'GARDEN GROVE CA 92843'],
      problems: [],
    });
    expect(addressBlockLines('José Muñoz Peña', address).lines[0]).toBe('JOSÉ MUÑOZ PEÑA');
  });

  it('prints lines above the delivery line in order', () => {
    const address = ok({ line1: 'Riverside Towers', line2: '12 Court St', city: 'Boston', state: 'MA', zip: '02134' });
    expect(addressBlockLines('Ana Ruiz', address).lines).toEqual([
      'ANA RUIZ',
      'RIVERSIDE TOWERS',
      '12 COURT ST',
      'BOSTON MA 02134',
    ]);
  });

  it('moves the unit to its own line above a delivery line over 40 characters', () => {
    const address = ok({
      line1: '1234 Northwest Martin Luther King Junior Boulevard',
      line2: 'Apartment 1204',
      city: 'Portland',
      state: 'Oregon',
      zip: '97211-3344',
    });
    expect(address.delivery).toBe('1234 NW MARTIN LUTHER KING JUNIOR BLVD APT 1204');
    expect(addressBlockLines('Ana Ruiz', address)).toEqual({
      lines: ['ANA RUIZ', 'APT 1204', '1234 NW MARTIN LUTHER KING JUNIOR BLVD', 'PORTLAND OR 97211-3344'],
      problems: [],
    });
  });

  it('keeps a line that is still too long whole and flags it', () => {
    const line1 = '98765 Southwest Old Mountain Orchard Overlook Trail';
    const address = ok({ line1, line2: 'Unit 7', city: 'Portland', state: 'OR', zip: '97201' });
    const block = addressBlockLines('Ana Ruiz', address);
    expect(block.lines).toEqual(['ANA RUIZ', 'UNIT 7', '98765 SW OLD MOUNTAIN ORCHARD OVERLOOK TRL', 'PORTLAND OR 97201']);
    expect(block.problems).toEqual([{ line: 2, code: 'address.lineTooLong' }]);
  });

  it('keeps a short delivery line with its unit on one line, and flags a long line without a unit', () => {
    const address = ok({ line1: '1 Main St', line2: 'Suite 100', city: 'Boston', state: 'MA', zip: '02134' });
    expect(addressBlockLines('Ana Ruiz', address).lines).toContain('1 MAIN ST STE 100');
    const long = ok({ line1: '12345 Extraordinarily Longnamed Countryside Road', city: 'X', state: 'MA', zip: '02134' });
    const block = addressBlockLines('A', long);
    expect(block.lines[1]).toBe('12345 EXTRAORDINARILY LONGNAMED COUNTRYSIDE RD');
    expect(block.problems).toEqual([{ line: 1, code: 'address.lineTooLong' }]);
  });

  it('allows exactly 40 characters on the name line and flags 41 (decomposed input counts as composed)', () => {
    const name = 'Nguyễn Thị Hương Nguyễn Thị Hương Nguyễn'; // 40 characters in NFC, 52 in NFD
    const address = ok({ line1: '1 Main St', city: 'Boston', state: 'MA', zip: '02134' });
    expect(addressBlockLines(name.normalize('NFD'), address).problems).toEqual([]);
    expect(addressBlockLines(`${name}X`, address).problems).toEqual([{ line: 0, code: 'address.lineTooLong' }]);
  });
});
