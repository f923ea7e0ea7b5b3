import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cityWords, fullCityWords, fullTokenSegments, tokenSegments } from '../../../shared/domain/address/text.ts';

// The fast paths for plain lines (ASCII letters, digits, spaces) must give exactly what the full clean-up gives; any
// other line must go the full way. Both over lines made of the characters that matter, plain and not.
const plainChar = fc.constantFrom(...'abcxyzABCXYZ0189 '.split(''));
const anyChar = fc.constantFrom(...'abcXYZ019 #-/.\',;\n\tñÑĐ½Ａ\u2019\u00a0'.split(''));
const line = (chars: fc.Arbitrary<string>) => fc.array(chars, { maxLength: 40 }).map((cs) => cs.join(''));

describe('address text fast paths', () => {
  it('tokenSegments gives what the full clean-up gives, plain line or not', () => {
    fc.assert(fc.property(fc.oneof(line(plainChar), line(anyChar)), (l) => {
      expect(tokenSegments(l)).toEqual(fullTokenSegments(l));
    }), { numRuns: 5000 });
  });

  it('cityWords gives what the full clean-up gives, plain name or not', () => {
    fc.assert(fc.property(fc.oneof(line(plainChar), line(anyChar)), (l) => {
      expect(cityWords(l)).toEqual(fullCityWords(l));
    }), { numRuns: 5000 });
  });

  it('real lines', () => {
    for (const l of ['1168 Cesar Chavez Boulevard', '  12  main st ', '', '   ', 'Apt 4B', "O'Fallon", 'St. Mary\'s', 'P.O. Box 12', '123 Main St, Apt 4']) {
      expect(tokenSegments(l)).toEqual(fullTokenSegments(l));
      expect(cityWords(l)).toEqual(fullCityWords(l));
    }
  });
});
