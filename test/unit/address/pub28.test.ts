import { describe, expect, it } from 'vitest';
import {
  addressAsInput,
  normaliseAddress,
  normaliseState,
  parseZip,
  validZip,
  type AddressInput,
  type Pub28Address,
} from '../../../shared/domain/address/pub28.ts';
import { STREET_SUFFIXES } from '../../../shared/domain/address/street-words.ts';

const PLACE = { city: 'Boston', state: 'MA', zip: '02134' };

function ok(input: AddressInput): Pub28Address {
  const result = normaliseAddress(input);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  return result.address;
}

function delivery(line1: string, line2?: string): string {
  return ok({ ...PLACE, line1, ...(line2 === undefined ? {} : { line2 }) }).delivery;
}

describe('Publication 28 delivery line', () => {
  it('upper-cases and abbreviates the suffix', () => {
    expect(delivery('123 Main Street')).toBe('123 MAIN ST');
    expect(delivery('77 park avenue')).toBe('77 PARK AVE');
    expect(delivery('9 Sunset Boulevard.')).toBe('9 SUNSET BLVD');
  });

  it('moves the unit from line 2 to the end of the delivery line', () => {
    const address = ok({ ...PLACE, line1: '123 Main Street', line2: 'Apt 4B' });
    expect(address.delivery).toBe('123 MAIN ST APT 4B');
    expect(address.secondary).toBe('APT 4B');
  });

  it('moves a unit written before the street to the end', () => {
    expect(delivery('Apt 4B, 123 Main Street')).toBe('123 MAIN ST APT 4B');
    expect(delivery('Apt. 4B 123 Main Street')).toBe('123 MAIN ST APT 4B');
    expect(delivery('Suite 200', '500 Elm St')).toBe('500 ELM ST STE 200');
  });

  it('abbreviates unit designators (Appendix C2) and handles the pound sign', () => {
    expect(delivery('123 Main St', 'Suite 200')).toBe('123 MAIN ST STE 200');
    expect(delivery('123 Main St', '#12')).toBe('123 MAIN ST # 12');
    expect(delivery('123 Main St Apt #12')).toBe('123 MAIN ST APT 12');
    expect(delivery('123 Main St', 'Building 3, Room 210')).toBe('123 MAIN ST BLDG 3 RM 210');
    expect(delivery('123 Main St', 'Floor 2')).toBe('123 MAIN ST FL 2');
    expect(delivery('123 Main St', 'Unit C')).toBe('123 MAIN ST UNIT C');
    expect(delivery('123 Main St', 'Rear')).toBe('123 MAIN ST REAR');
    expect(delivery('123 Main St Basement')).toBe('123 MAIN ST BSMT');
  });

  it('writes a unit given on both lines once', () => {
    expect(delivery('123 Main St Apt 4B', 'Apt. 4B')).toBe('123 MAIN ST APT 4B');
  });

  it('treats a bare number in line 2 as a unit with the pound sign', () => {
    expect(delivery('123 Main St', '4B')).toBe('123 MAIN ST # 4B');
  });

  it('does not mistake street names for designators', () => {
    expect(delivery('12 Lake Front')).toBe('12 LAKE FRONT');
    expect(delivery('40 Front Street')).toBe('40 FRONT ST');
    expect(delivery('15 Suite Rd')).toBe('15 SUITE RD');
  });

  it('abbreviates pre- and postdirectionals, but keeps a directional that is the street name', () => {
    expect(delivery('123 North Main Street')).toBe('123 N MAIN ST');
    expect(delivery('123 Main Street South West')).toBe('123 MAIN ST SW');
    expect(delivery('1400 Northeast 4th Avenue')).toBe('1400 NE 4TH AVE');
    expect(delivery('500 North Street')).toBe('500 NORTH ST');
    expect(delivery('12 Broadway North')).toBe('12 BROADWAY N');
  });

  it('abbreviates only the last suffix-like word', () => {
    expect(delivery('10 Court Street')).toBe('10 COURT ST');
    expect(delivery('10 Avenue of the Americas')).toBe('10 AVENUE OF THE AMERICAS');
  });

  it('keeps fractions and hyphenated primary numbers', () => {
    expect(delivery('123 1/2 Main St')).toBe('123 1/2 MAIN ST');
    expect(delivery('123-45 Queens Boulevard')).toBe('123-45 QUEENS BLVD');
    expect(delivery('12 Smith-Jones Rd.')).toBe('12 SMITH JONES RD');
  });

  it('writes PO boxes as "PO BOX n"', () => {
    expect(delivery('P.O. Box 77')).toBe('PO BOX 77');
    expect(delivery('p o box 77')).toBe('PO BOX 77');
    expect(delivery('Post Office Box #77')).toBe('PO BOX 77');
    expect(delivery('POB 77')).toBe('PO BOX 77');
    expect(delivery('Box 77')).toBe('PO BOX 77');
  });

  it('writes rural routes and highway contracts (Pub 28 section 24)', () => {
    expect(delivery('Rural Route 2 Box 152')).toBe('RR 2 BOX 152');
    expect(delivery('Highway Contract 68, Box 23')).toBe('HC 68 BOX 23');
    expect(delivery('HC 68 Box 23')).toBe('HC 68 BOX 23');
  });

  it('delivers to the PO box on the line above the city, keeping the street above it', () => {
    const address = ok({ ...PLACE, line1: '123 Main St', line2: 'PO Box 77' });
    expect(address.delivery).toBe('PO BOX 77');
    expect(address.above).toEqual(['123 MAIN ST']);
  });

  it('puts a building name or care-of line above the delivery line', () => {
    const address = ok({ ...PLACE, line1: 'Riverside Towers', line2: '12 Court Street, Suite 5' });
    expect(address.delivery).toBe('12 COURT ST STE 5');
    expect(address.above).toEqual(['RIVERSIDE TOWERS']);
    expect(ok({ ...PLACE, line1: "c/o O'Brien", line2: '5 Elm St' }).above).toEqual(['C/O OBRIEN']);
  });

  it('works without line 2 (undefined or empty)', () => {
    expect(ok({ ...PLACE, line1: '5 Elm St' })).toEqual(ok({ ...PLACE, line1: '5 Elm St', line2: '' }));
    expect(ok({ ...PLACE, line1: '5 Elm St' }).secondary).toBeUndefined();
  });

  it('folds diacritics in address lines to A-Z', () => {
    const address = ok({ line1: '12 Calle Peña', city: 'Española', state: 'New Mexico', zip: '87532' });
    expect(address.delivery).toBe('12 CALLE PENA');
    expect(address.city).toBe('ESPANOLA');
  });

  it('flags letters that cannot be spelled in A-Z instead of dropping them silently', () => {
    const result = normaliseAddress({ ...PLACE, line1: '12 Main St 東' });
    expect(result.ok && result.warnings).toEqual([{ field: 'line1', code: 'address.unspellableCharacters' }]);
  });
});

describe('Publication 28 last line', () => {
  it('is "CITY ST 12345-6789"', () => {
    const address = ok({ line1: '1 Main St', city: 'st. louis', state: 'Missouri', zip: '63101-1234' });
    expect(address.lastLine).toBe('ST LOUIS MO 63101-1234');
    expect(address).toMatchObject({ city: 'ST LOUIS', state: 'MO', zip5: '63101', zip4: '1234' });
  });

  it('restores a leading zero a spreadsheet dropped', () => {
    expect(ok({ line1: '1 Main St', city: 'Boston', state: 'MA', zip: '2134' }).lastLine).toBe('BOSTON MA 02134');
    expect(ok({ line1: '1 Main St', city: 'Holtsville', state: 'NY', zip: '501' }).zip5).toBe('00501');
    expect(ok({ line1: '1 Main St', city: 'Boston', state: 'MA', zip: '21341234' }).lastLine).toBe(
      'BOSTON MA 02134-1234',
    );
  });
});

describe('ZIP Codes', () => {
  it.each([
    ['02134', { zip5: '02134' }],
    ['02134-1234', { zip5: '02134', zip4: '1234' }],
    ['021341234', { zip5: '02134', zip4: '1234' }],
    ['02134 1234', { zip5: '02134', zip4: '1234' }],
    ['2134-1234', { zip5: '02134', zip4: '1234' }],
    ['2134', { zip5: '02134' }],
    ['2134.0', { zip5: '02134' }],
    [' 90210 ', { zip5: '90210' }],
    ['90210-0000', { zip5: '90210' }],
  ])('parses %j', (input, expected) => {
    expect(parseZip(input)).toEqual(expected);
  });

  it.each(['', '12', '123456', '1234567890', 'ABCDE', '02134-12', 'K1A 0B1', '00012', '9021O'])(
    'refuses %j',
    (input) => {
      expect(validZip(input)).toBe(false);
    },
  );
});

describe('States', () => {
  it.each([
    ['ma', 'MA'],
    ['Massachusetts', 'MA'],
    ['N.Y.', 'NY'],
    ['new   york', 'NY'],
    ['Calif.', 'CA'],
    ['District of Columbia', 'DC'],
    ['Washington, D.C.', 'DC'],
    ['Puerto Rico', 'PR'],
    ['U.S. Virgin Islands', 'VI'],
    ['Guam', 'GU'],
    ['Armed Forces Europe', 'AE'],
    ['AP', 'AP'],
  ])('%j -> %s', (input, code) => {
    expect(normaliseState(input)).toBe(code);
  });

  it('does not know Ontario or Narnia', () => {
    expect(normaliseState('ON')).toBeUndefined();
    expect(normaliseState('Narnia')).toBeUndefined();
  });
});

describe('Problems', () => {
  it('reports every problem at once with stable codes', () => {
    expect(normaliseAddress({ line1: '  ', line2: ',', city: '', state: 'Narnia', zip: '1234X' })).toEqual({
      ok: false,
      problems: [
        { field: 'line1', code: 'address.missingStreet' },
        { field: 'city', code: 'address.missingCity' },
        { field: 'state', code: 'address.unknownState' },
        { field: 'zip', code: 'address.badZip' },
      ],
    });
  });

  it('separates missing from unusable state and ZIP', () => {
    const result = normaliseAddress({ line1: '1 Main St', city: 'Boston', state: '', zip: '' });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual([
      'address.missingState',
      'address.missingZip',
    ]);
  });

  it('refuses a field far longer than any address line instead of parsing it', () => {
    const huge = 'Main '.repeat(1_000_000);
    const started = performance.now();
    expect(normaliseAddress({ line1: `12 ${huge}`, city: 'Boston', state: 'MA', zip: huge })).toEqual({
      ok: false,
      problems: [
        { field: 'line1', code: 'address.tooLong' },
        { field: 'zip', code: 'address.tooLong' },
      ],
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(normaliseAddress({ line1: `1 ${'Main '.repeat(50)}St`, city: 'Boston', state: 'MA', zip: '02134' }).ok).toBe(true);
  });

  it('a unit alone is not a street', () => {
    const result = normaliseAddress({ ...PLACE, line1: 'Apt 4B' });
    expect(result.ok ? [] : result.problems).toEqual([{ field: 'line1', code: 'address.missingStreet' }]);
  });
});

describe('Suffix table', () => {
  it('has the common suffixes and maps each standard abbreviation to itself', () => {
    const standards = new Set(STREET_SUFFIXES.values());
    expect(standards.size).toBeGreaterThan(150);
    for (const standard of standards) expect(STREET_SUFFIXES.get(standard)).toBe(standard);
  });

  it('normalising a normalised address changes nothing', () => {
    const address = ok({ ...PLACE, line1: 'Riverside Towers', line2: 'Apt 4B, 123 North Meadow Street' });
    expect(normaliseAddress(addressAsInput(address))).toEqual({ ok: true, address, warnings: [] });
  });
});
