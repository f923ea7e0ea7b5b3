import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../../shared/domain/address/name.ts';
import { foldToAscii } from '../../../shared/domain/address/text.ts';
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

describe('search words, cached by name part', () => {
  // The rule as first written: fold the whole name, lower-case it, split on anything not a letter or digit.
  const reference = (...names: string[]): string[] => {
    const words = new Set<string>();
    for (const n of names) for (const w of foldToAscii(n).toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w !== '') words.add(w);
    return [...words];
  };
  const parts = ['Nguyễn', 'Thị', 'Hương', "O'Brien", 'Muñoz-Peña', 'ΟΔΟΣ', 'Σίσυφος', '李', 'Ærø', 'Łódź', 'Jr.', 'III', 'Anne-Marie',
    'ﬁnn', 'Ｊｏｓｅ', '2nd', 'x\u0301y', 'Đức', 'Straße', '', 'Mc’Donald', 'A—B', 'ıI', 'Ǆemal', 'ǅ', '½', 'Ⅻ', '٣٤', 'Ωmega9'];

  it('gives the words the whole-name rule gives, for names of many scripts and punctuation', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const name = (n: number) => normaliseName(Array.from({ length: n }, () => parts[Math.floor(rnd() * parts.length)]!).join(rnd() < 0.8 ? ' ' : '  '));
      const [full, first, last] = [name(1 + Math.floor(rnd() * 4)), name(1 + Math.floor(rnd() * 2)), name(1)];
      // Twice: the second call answers from the cache.
      expect(searchWords(full, first, last), `${full} | ${first} | ${last}`).toEqual(reference(full, first, last));
      expect(searchWords(full, first, last)).toEqual(reference(full, first, last));
    }
  });
});
