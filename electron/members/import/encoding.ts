import iconv from 'iconv-lite';
import type { Transform } from 'node:stream';
import type { Encoding } from './types.ts';

// Union offices export from Excel (Windows-1252 or UTF-16 "Unicode Text"), Google Sheets (UTF-8) or
// payroll systems (UTF-8 with a BOM). Order: BOM, then BOM-less UTF-16 by its NUL pattern, then a strict
// UTF-8 check, then Windows-1252 which decodes any byte (so binary files are caught by looksLikeText).

export function detectEncoding(sample: Buffer): Encoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8bom';
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return utf16;
  return isValidUtf8(sample) ? 'utf8' : 'windows1252';
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
