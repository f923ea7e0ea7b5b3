// SSNs are never stored (DESIGN §3). A column named like one, or any cell that looks like one, stops the import.
//
// False positives, decided:
// - Dashed or spaced forms (123-45-6789, 123 45 6789) stop the import in any column, even placeholders such as
//   000-00-0000: they show the column was meant for SSNs.
// - Nine bare digits stop it only outside the ZIP column (a ZIP+4 without its hyphen is nine digits) and the
//   member-ID column (many unions number members with nine digits, and a nine-digit number alone cannot be told
//   from an SSN; an ID column that *is* SSNs is caught by its dashes or its header). Elsewhere a bare number is
//   flagged only if it could be an issued SSN: area not 000, 666 or 900-999, group not 00, serial not 0000.
// - Phone numbers (3-3-4 digits) and ZIP+4 (5-4) do not match.

const HEADER_WORDS = /\b(ssn|ssns|s s n|ss no|ss num|ss number|tin|itin|ssan)\b|(^|\s)ss ?#/;
const HEADER_COMPACT = /socialsecurity|socsec|taxpayerid|taxid|^ss#?$|^ssno$|^ssnumber$/;

export function looksLikeSsnHeader(header: string): boolean {
  const words = header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9#]+/g, ' ').trim();
  const compact = words.replace(/ /g, '');
  return HEADER_WORDS.test(words) || HEADER_COMPACT.test(compact);
}

const SEPARATED = /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/;
const BARE = /(?<![\d-])(\d{3})(\d{2})(\d{4})(?![\d-])/g;

export function looksLikeSsnValue(cell: string, allowBareNine: boolean): boolean {
  if (cell.length < 9) return false;
  if (SEPARATED.test(cell)) return true;
  if (allowBareNine) return false;
  BARE.lastIndex = 0;
  for (let m = BARE.exec(cell); m; m = BARE.exec(cell)) {
    const area = Number(m[1]);
    if (area !== 0 && area !== 666 && area < 900 && m[2] !== '00' && m[3] !== '0000') return true;
  }
  return false;
}

/** For the preview screen: digits of anything SSN-like become bullets, so the value is never shown back. */
export function maskSsnLike(cell: string): string {
  if (cell.length < 9) return cell;
  return cell.replace(/(?<![\d-])\d{3}[- ]?\d{2}[- ]?\d{4}(?![\d-])/g, (m) => m.replace(/\d/g, '•'));
}
