import { describe, expect, it } from 'vitest';
import { prepareMember, queryWords, searchWords } from '../../../electron/members/record.ts';

const base = {
  memberId: ' 42 ', firstName: 'Thị Hương', lastName: 'Nguyễn', fullName: '', address1: '1234 bolsa ave.', address2: 'apt #5',
  city: 'Westminster', state: 'CA', zip: '92683-1234', email: '', local: 'Local 42', worksite: '', shift: 'Night', status: 'Active',
  segments: { classification: 'RN', unit: '' },
};

describe('prepareMember', () => {
  it('keeps names exactly (NFC), prints Publication 28 lines, stores empty optional fields as null', () => {
    const decomposed = { ...base, firstName: base.firstName.normalize('NFD'), lastName: base.lastName.normalize('NFD') };
    const r = prepareMember(decomposed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.member).toMatchObject({
      memberId: '42', fullName: 'Thị Hương Nguyễn', printName: 'THỊ HƯƠNG NGUYỄN', printDelivery: '1234 BOLSA AVE APT 5',
      printSecondary: 'APT 5', printLastLine: 'WESTMINSTER CA 92683-1234', zip5: '92683', zip4: '1234', email: null, worksite: null,
      segments: '{"classification":"RN"}', above: null,
    });
    expect(r.member.fullName).toBe(r.member.fullName.normalize('NFC'));
  });

  it('refuses an address Publication 28 cannot read, naming the field', () => {
    const r = prepareMember({ ...base, state: 'ZZ' });
    expect(r).toEqual({ ok: false, problems: [{ field: 'state', code: 'address.unknownState' }] });
  });
});

describe('search words', () => {
  it('fold accents and case, so "nguyen huong" and "Đức" find the stored names', () => {
    expect(searchWords('Thị Hương Nguyễn', 'Văn Đức Trần')).toEqual(['thi', 'huong', 'nguyen', 'van', 'duc', 'tran']);
    expect(queryWords('NGUYỄN  hương')).toEqual(['nguyen', 'huong']);
    expect(queryWords("José Muñoz-Peña O'Brien")).toEqual(['jose', 'munoz', 'pena', 'o', 'brien']);
    expect(searchWords("O'Brien")).toEqual(['o', 'brien']);
  });
});
