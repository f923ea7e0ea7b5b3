import type { PDFFont } from 'pdf-lib';

/**
 * Splits text into lines that fit `width` at `size`: at spaces, and inside a word longer than a line (hashes). Spanish
 * and Vietnamese sentences run longer than the English ones a layout was first drawn for, so documents wrap instead
 * of running off the page.
 */
export function wrapText(font: PDFFont, text: string, width: number, size: number): string[] {
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  const out: string[] = [];
  let line = '';
  for (let word of text.normalize('NFC').replace(/[\r\t]+/g, ' ').split(/[ \n]+/)) {
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) { line = next; continue; }
    if (line) out.push(line);
    while (!fits(word) && word.length > 1) {
      let cut = word.length - 1;
      while (cut > 1 && !fits(word.slice(0, cut))) cut--;
      out.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    line = word;
  }
  if (line) out.push(line);
  return out;
}
