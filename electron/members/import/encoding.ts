import iconv from 'iconv-lite';
import type { Transform } from 'node:stream';
import type { Encoding } from './types.ts';

// Union offices export from Excel (Windows-1252 or UTF-16 "Unicode Text"; Windows-1258 on a Vietnamese Windows),
// Google Sheets (UTF-8) or payroll systems (UTF-8 with a BOM). Order: BOM, then BOM-less UTF-16 by its NUL pattern,
// then a strict UTF-8 check, then Windows-1258 when the bytes read as Vietnamese, else Windows-1252; both decode any
// byte (so binary files are caught by looksLikeText).

export function detectEncoding(sample: Buffer): Encoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8bom';
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return utf16;
  if (isValidUtf8(sample)) return 'utf8';
  return looksLikeWindows1258(sample) ? 'windows1258' : 'windows1252';
}

// Windows-1258 differs from 1252 where Vietnamese needs it: Ă ă Đ đ Ơ ơ Ư ư and five combining tone marks
// (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below), which follow a vowel. Read as 1252 those are
// Ã ã Ð ð Õ õ Ý ý and Ì ì Ò Þ ò: a tone mark after a vowel, or Ð/ð anywhere, is almost never Western text.
const VIET_LETTERS = new Set([0xc3, 0xe3, 0xd0, 0xf0, 0xd5, 0xf5, 0xdd, 0xfd]);
const TONE_MARKS = new Set([0xcc, 0xec, 0xd2, 0xde, 0xf2]);
const VOWELS = new Set([...'aeiouyAEIOUY'].map((c) => c.charCodeAt(0)).concat([0xc2, 0xe2, 0xca, 0xea, 0xd4, 0xf4, 0xc3, 0xe3, 0xd5, 0xf5, 0xdd, 0xfd]));

/** Whether non-UTF-8 text reads as Vietnamese in Windows-1258: mostly tone marks after vowels and Vietnamese letters. */
export function looksLikeWindows1258(sample: Buffer): boolean {
  let high = 0;
  let viet = 0;
  let tones = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x80) continue;
    high++;
    if (TONE_MARKS.has(b) && i > 0 && VOWELS.has(sample[i - 1]!)) { viet++; tones++; } else if (VIET_LETTERS.has(b) || b === 0xd0 || b === 0xf0) viet++;
  }
  return tones >= 1 && viet >= 2 && viet * 2 >= high;
}

/** Mostly-ASCII UTF-16 text has a NUL in every other byte; a binary file has NULs scattered. */
function utf16WithoutBom(sample: Buffer): Encoding | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.7 && evenNul < pairs * 0.05) return 'utf16le';
  if (evenNul > pairs * 0.7 && oddNul < pairs * 0.05) return 'utf16be';
  return null;
}

/** Strict UTF-8 check; a multi-byte sequence cut off at the end of the sample is allowed. */
export function isValidUtf8(buf: Buffer): boolean {
  let end = buf.length;
  // Drop an incomplete trailing sequence (at most 3 bytes) so a sample cut mid-character still passes.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = buf[end - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export function iconvName(encoding: Encoding): string {
  switch (encoding) {
    case 'utf8':
    case 'utf8bom':
      return 'utf8';
    case 'utf16le':
      return 'utf-16le';
    case 'utf16be':
      return 'utf-16be';
    case 'windows1252':
      return 'windows-1252';
    case 'windows1258':
      return 'windows-1258';
  }
}

export function decodeSample(sample: Buffer, encoding: Encoding): string {
  return iconv.decode(sample, iconvName(encoding)).replace(/^\uFEFF/, '');
}

/** A decoding transform (bytes in, strings out); iconv-lite strips a leading BOM. */
export function decodeStream(encoding: Encoding): Transform {
  return iconv.decodeStream(iconvName(encoding)) as unknown as Transform;
}

/**
 * Binary garbage (a PDF, an image, an old .xls, random bytes) decodes to NULs and control characters.
 * Text exports have tabs and line breaks only. 1 % tolerates a stray control character in a real list.
 * U+FFFD (bytes invalid in a forced encoding) is not counted: those rows are reported as `row.badEncoding`.
 */
export function looksLikeText(decoded: string): boolean {
  if (decoded.length === 0) return true;
  let bad = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c === 0) return false;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) bad++;
  }
  return bad / decoded.length <= 0.01;
}
