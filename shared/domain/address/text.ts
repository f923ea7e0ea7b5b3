// Text clean-up for address lines.
//
// Choice about diacritics: address lines (street, city, state) are folded to plain A-Z. USPS's own City State and
// ZIP+4 products spell every name without accents (PENASCO NM, ESPANOLA NM, CANON CITY CO), Publication 28 asks
// for upper-case letters and numerals, and the sorting machines read those. Names are not folded: they are not
// machine-matched, and a member's name must print exactly (see name.ts).
import { isUnitNumber } from './units.ts';

// Letters that Unicode does not decompose into a base letter plus a mark.
const NON_DECOMPOSING: Readonly<Record<string, string>> = {
  Đ: 'D', đ: 'd', Ð: 'D', ð: 'd', Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', ß: 'SS', ẞ: 'SS', Æ: 'AE', æ: 'ae',
  Œ: 'OE', œ: 'oe', Þ: 'TH', þ: 'th', ı: 'i', Ħ: 'H', ħ: 'h', Ŧ: 'T', ŧ: 't', Ŋ: 'N', ŋ: 'n', Ɖ: 'D', ɖ: 'd',
};

/**
 * Upper-case ASCII rendering: compatibility decomposition (fullwidth letters, ligatures, "½"), accents dropped,
 * a few letters transliterated; dashes, apostrophes and the fraction slash unified. Other characters stay as they
 * are and are dealt with by the caller.
 */
export function foldToAscii(input: string): string {
  // Most addresses are plain ASCII; skipping the Unicode steps for them halves the cost of an import.
  if (/^[\x20-\x7E]*$/.test(input)) return input.toUpperCase();
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ĐđÐðØøŁłßẞÆæŒœÞþıĦħŦŧŊŋƉɖ]/g, (c) => NON_DECOMPOSING[c] ?? c)
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u2018\u2019\u201B\u02BC\u0060\u00B4\u2032]/g, "'")
    .replace(/\u2044/g, '/')
    .toUpperCase();
}

/** True when folding had to drop letters or digits it could not spell in A-Z (e.g. Greek, CJK). */
export function hasUnspellable(input: string): boolean {
  if (/^\p{ASCII}*$/u.test(input)) return false;
  return /\P{ASCII}/u.test(foldToAscii(input).replace(/[^\p{L}\p{N}]/gu, ''));
}

/** A line of ASCII letters, digits and spaces: the fast paths below give what the full clean-up gives (tested). */
const PLAIN = /^[A-Za-z0-9 ]*$/;

/**
 * Splits one address line into comma-separated segments of tokens. Keeps '#', '/' between digits (fractions) and
 * '-' between letters or digits; deletes apostrophes and the dots of initials (P.O., N.W.); everything else that is
 * not A-Z or 0-9 separates tokens.
 */
export function tokenSegments(line: string): string[][] {
  // Letters, digits and spaces only (most lines of a list): every step below but the split is a no-op.
  if (PLAIN.test(line)) {
    const tokens = line.toUpperCase().split(' ').filter((t) => t.length > 0);
    return tokens.length > 0 ? [tokens] : [];
  }
  return fullTokenSegments(line);
}

/** tokenSegments without its fast path (exported for the test that holds the two equal). */
export function fullTokenSegments(line: string): string[][] {
  const folded = foldToAscii(line)
    .replace(/'/g, '')
    .replace(/\b(?:[A-Z]\.){2,}/g, (m) => m.replace(/\./g, ''))
    .replace(/#/g, ' # ')
    .replace(/(?<!\d)\/|\/(?!\d)/g, ' ')
    .replace(/(?<![A-Z0-9])-|-(?![A-Z0-9])/g, ' ');
  return folded
    .split(/[,;\n\r]+/)
    .map((segment) => segment.replace(/[^A-Z0-9#/\- ]+/g, ' ').split(' ').filter((t) => t.length > 0))
    // A pound sign means "unit number follows"; one that is not followed by a number carries nothing.
    .map((tokens) => tokens.filter((t, i) => t !== '#' || isUnitNumber(tokens[i + 1])))
    .filter((tokens) => tokens.length > 0);
}

/** Plain words only: letters and digits separated by single spaces (city names, street names). */
export function plainWords(text: string): string {
  return foldToAscii(text)
    .replace(/'/g, '')
    .replace(/\b(?:[A-Z]\.){2,}/g, (m) => m.replace(/\./g, ''))
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * A city name as the USPS City State file spells it: plain words, and an apostrophe that joins two words becomes a
 * space ("COEUR D'ALENE" -> "COEUR D ALENE", "O'FALLON" -> "O FALLON", "LAND O' LAKES" -> "LAND O LAKES"), while a
 * possessive "'S" closes up ("ST MARY'S" -> "ST MARYS"). Pub 28 section 222 lets punctuation be omitted; section 221
 * asks for the City State file's spelling, which is where the space comes from.
 */
export function cityWords(text: string): string {
  // Letters, digits and spaces only: folding, apostrophes and punctuation are no-ops, spaces close up.
  if (PLAIN.test(text)) return text.toUpperCase().split(' ').filter((t) => t.length > 0).join(' ');
  return fullCityWords(text);
}

/** cityWords without its fast path (exported for the test that holds the two equal). */
export function fullCityWords(text: string): string {
  const folded = foldToAscii(text).replace(/'S\b/g, 'S').replace(/'/g, ' ');
  return plainWords(folded);
}
