// Every address form a union list holds, as Publication 28 and the DMM want it printed (issue 15): overseas military
// (UNIT/PSC/CMR nnn BOX nnn with APO/FPO/DPO and AA/AE/AP), floors and other secondary units on the delivery line,
// and city names spelled as the USPS City State file spells them. A table of real-world cases, then properties over
// generated addresses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressAsInput, addressBlockLines, normaliseAddress, type AddressInput } from '../../../shared/domain/address/pub28.ts';

/** The printed block below the name line. */
function block(input: AddressInput): string[] {
  const r = normaliseAddress(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return addressBlockLines('', r.address).lines;
}

describe('real-world cases (as members type them -> as the mail house must print them)', () => {
  it.each<[AddressInput, string[]]>([
    // Military: DMM 602 / Pub 28 225. The unit first, then BOX (never "PO BOX"), last line APO/FPO/DPO + AA/AE/AP.
    [{ line1: 'Unit 2050 Box 4190', city: 'APO', state: 'AP', zip: '96278-2050' }, ['UNIT 2050 BOX 4190', 'APO AP 96278-2050']],
    [{ line1: 'PO Box 4190', line2: 'Unit 2050', city: 'APO', state: 'AP', zip: '96278' }, ['UNIT 2050 BOX 4190', 'APO AP 96278']],
    [{ line1: 'P.O. Box 4190 Unit 2050', city: 'apo', state: 'ap', zip: '96278' }, ['UNIT 2050 BOX 4190', 'APO AP 96278']],
    [{ line1: 'PSC 2', line2: 'PO Box 7', city: 'APO', state: 'AE', zip: '09012' }, ['PSC 2 BOX 7', 'APO AE 09012']],
    [{ line1: 'PO Box 7', line2: 'PSC 2', city: 'APO', state: 'AE', zip: '09012' }, ['PSC 2 BOX 7', 'APO AE 09012']],
    [{ line1: 'PSC 802, Box 74', city: 'APO', state: 'AE', zip: '09499' }, ['PSC 802 BOX 74', 'APO AE 09499']],
    [{ line1: 'PSC 802 Box #74', city: 'APO', state: 'Armed Forces Europe', zip: '09499' }, ['PSC 802 BOX 74', 'APO AE 09499']],
    [{ line1: 'CMR 1250', city: 'APO', state: 'AA', zip: '09045' }, ['CMR 1250', 'APO AA 09045']],
    [{ line1: 'CMR 402 Box 123', city: 'APO', state: 'AE', zip: '09180' }, ['CMR 402 BOX 123', 'APO AE 09180']],
    [{ line1: 'Unit 8400 Box 1', city: 'DPO', state: 'AE', zip: '09498-0001' }, ['UNIT 8400 BOX 1', 'DPO AE 09498-0001']],
    [{ line1: 'Unit 100100 Box 2', city: 'FPO', state: 'AP', zip: '96601' }, ['UNIT 100100 BOX 2', 'FPO AP 96601']],
    // A ship: its name is the delivery line; the last line typed again under it is not printed twice.
    [{ line1: 'USCGC Hamilton', line2: 'FPO AP 96667', city: 'FPO', state: 'AP', zip: '96667' }, ['USCGC HAMILTON', 'FPO AP 96667']],
    // UNIT outside a military last line stays an ordinary secondary unit.
    [{ line1: '12 Main St', line2: 'Unit 2050', city: 'Boston', state: 'MA', zip: '02134' }, ['12 MAIN ST UNIT 2050', 'BOSTON MA 02134']],
    // Floors and other secondary designators end the delivery line (Pub 28 213, Appendix C2).
    [{ line1: '22 Birch Ln', line2: '2nd Floor', city: 'Boise', state: 'ID', zip: '83702' }, ['22 BIRCH LN FL 2', 'BOISE ID 83702']],
    [{ line1: '22 Birch Ln, Third Floor', city: 'Boise', state: 'ID', zip: '83702' }, ['22 BIRCH LN FL 3', 'BOISE ID 83702']],
    [{ line1: '22 Birch Ln 1st Fl', city: 'Boise', state: 'ID', zip: '83702' }, ['22 BIRCH LN FL 1', 'BOISE ID 83702']],
    [{ line1: '350 5th Avenue', line2: 'Floor 34th', city: 'New York', state: 'NY', zip: '10118' }, ['350 5TH AVE FL 34', 'NEW YORK NY 10118']],
    [{ line1: '350 5th Ave', line2: '21st Floor, Suite 2100', city: 'New York', state: 'NY', zip: '10118' }, ['350 5TH AVE FL 21 STE 2100', 'NEW YORK NY 10118']],
    [{ line1: 'Room 12', line2: '1 Main Street', city: 'Boston', state: 'MA', zip: '02134' }, ['1 MAIN ST RM 12', 'BOSTON MA 02134']],
    // A street named for an ordinal keeps it.
    [{ line1: '10 2nd St', city: 'Boston', state: 'MA', zip: '02134' }, ['10 2ND ST', 'BOSTON MA 02134']],
    // City names as the City State file spells them: an apostrophe between words becomes a space, a possessive closes.
    [{ line1: '1 Main St', city: "Coeur d'Alene", state: 'ID', zip: '83814' }, ['1 MAIN ST', 'COEUR D ALENE ID 83814']],
    [{ line1: '1 Main St', city: 'Coeur d’Alene', state: 'Idaho', zip: '83814' }, ['1 MAIN ST', 'COEUR D ALENE ID 83814']],
    [{ line1: '1 Main St', city: "O'Fallon", state: 'MO', zip: '63366' }, ['1 MAIN ST', 'O FALLON MO 63366']],
    [{ line1: '1 Main St', city: "Land O' Lakes", state: 'FL', zip: '34639' }, ['1 MAIN ST', 'LAND O LAKES FL 34639']],
    [{ line1: '1 Main St', city: "St. Mary's", state: 'GA', zip: '31558' }, ['1 MAIN ST', 'ST MARYS GA 31558']],
    // Territories keep their two-letter codes.
    [{ line1: '1 Calle Luna', line2: 'Apt 3', city: 'San Juan', state: 'Puerto Rico', zip: '00901' }, ['1 CALLE LUNA APT 3', 'SAN JUAN PR 00901']],
  ])('%o', (input, expected) => {
    expect(block(input)).toEqual(expected);
  });
});

const num = (max: number) => fc.integer({ min: 1, max }).map(String);
const militaryPlace = fc.record({
  city: fc.constantFrom('APO', 'FPO', 'DPO', 'apo', 'Fpo'),
  state: fc.constantFrom('AA', 'AE', 'AP', 'ae', 'Armed Forces Pacific'),
  zip: fc.constantFrom('09012', '96278-2050', '34002', '09498'),
});

describe('properties over generated addresses', () => {
  it('military: however the unit and box are split or spelled, the delivery line is "<UNIT|PSC|CMR> n BOX m"', () => {
    fc.assert(fc.property(
      fc.constantFrom('UNIT', 'PSC', 'CMR'), fc.constantFrom('unit', 'Unit', 'psc', 'PSC', 'cmr', 'CMR'), num(999999), num(99999),
      fc.constantFrom('Box', 'BOX', 'PO Box', 'P.O. Box', 'box #'), fc.constantFrom('one', 'comma', 'split', 'splitSwapped', 'boxFirst'), militaryPlace,
      (word, _w, n, m, boxWord, layout, place) => {
        const w = _w.toUpperCase() === word ? _w : word;
        const u = `${w} ${n}`;
        const b = `${boxWord} ${m}`;
        const lines = layout === 'one' ? { line1: `${u} ${b}` } : layout === 'comma' ? { line1: `${u}, ${b}` }
          : layout === 'split' ? { line1: u, line2: b } : layout === 'splitSwapped' ? { line1: b, line2: u } : { line1: `${b} ${u}` };
        // "PO BOX 7 PSC 2" in one line is not a form anyone writes; UNIT after the box is (the old "PO BOX 4190 UNIT 2050").
        if (layout === 'boxFirst' && word !== 'UNIT') return;
        const input = { ...lines, ...place };
        const r = normaliseAddress(input);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.address.delivery).toBe(`${word} ${n} BOX ${m}`);
        expect(r.address.above ?? []).toEqual([]);
        expect(r.address.lastLine).toMatch(/^(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}(?:-\d{4})?$/);
        // Reading it back gives the same address.
        const again = normaliseAddress(addressAsInput(r.address));
        expect(again.ok && again.address.delivery).toBe(r.address.delivery);
      }), { numRuns: 1500 });
  });

  it('floors: "<ordinal> floor" anywhere becomes "FL n" at the end of the delivery line', () => {
    const ordinalOf = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
    fc.assert(fc.property(
      num(9999), fc.constantFrom('Birch', 'Main', 'Oak'), fc.constantFrom('Ln', 'Street', 'Ave'), fc.integer({ min: 1, max: 120 }),
      fc.constantFrom('Floor', 'Fl', 'FLR', 'floor'), fc.constantFrom('ordinalFirst', 'designatorFirst'), fc.constantFrom('line2', 'sameLine', 'before'),
      (house, name, suffix, floor, designator, order, where) => {
        const f = order === 'ordinalFirst' ? `${ordinalOf(floor)} ${designator}` : `${designator} ${ordinalOf(floor)}`;
        const street = `${house} ${name} ${suffix}`;
        const lines = where === 'line2' ? { line1: street, line2: f } : where === 'sameLine' ? { line1: `${street}, ${f}` } : { line1: f, line2: street };
        const r = normaliseAddress({ ...lines, city: 'Boise', state: 'ID', zip: '83702' });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.address.delivery).toMatch(new RegExp(` FL ${floor}$`));
        expect(r.address.secondary).toBe(`FL ${floor}`);
        expect(r.address.above ?? []).toEqual([]);
      }), { numRuns: 1500 });
  });

  it('cities: no apostrophe survives, words stay apart, and the result reads back unchanged', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('Coeur', "d'Alene", "O'Fallon", 'Land', "O'", 'Lakes', "Mary's", 'St.', 'Winston-Salem', 'Cañon'), { minLength: 1, maxLength: 4 }),
      (words) => {
        const r = normaliseAddress({ line1: '1 Main St', city: words.join(' '), state: 'ID', zip: '83814' });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.address.city).toMatch(/^[A-Z0-9]+(?: [A-Z0-9]+)*$/);
        if (words.some((w) => /^(?:d'Alene|O'Fallon)$/.test(w))) expect(r.address.city).toMatch(/\b(?:D ALENE|O FALLON)\b/);
        const again = normaliseAddress(addressAsInput(r.address));
        expect(again.ok && again.address.lastLine).toBe(r.address.lastLine);
      }), { numRuns: 500 });
  });
});
