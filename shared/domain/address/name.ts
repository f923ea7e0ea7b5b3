// Member names print exactly as stored, every diacritic kept (Nguyễn Thị Hương, José Muñoz Peña). NFC matters:
// a decomposed "ễ" (e + two combining marks) prints as separate glyphs, and compares unequal to the composed one.

const CLEAN_ASCII = /^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/;

/** NFC, trimmed, runs of whitespace (and control characters) collapsed to one space. */
export function normaliseName(input: string): string {
  // Already clean printable ASCII (words separated by single spaces): nothing to compose, collapse or trim.
  if (typeof input === 'string' && CLEAN_ASCII.test(input)) return input;
  return String(input ?? '')
    .normalize('NFC')
    .replace(/[\s\p{Cc}\u200B\uFEFF]+/gu, ' ')
    .trim();
}

/** The name line of the printed address block: upper case in en-US rules, still NFC, diacritics kept. */
export function nameLine(input: string): string {
  return normaliseName(input).toLocaleUpperCase('en-US').normalize('NFC');
}
