/**
 * The exact text printed for an address line: NFC (decomposed accents would print as separate glyphs, DESIGN §7),
 * control characters turned into spaces, runs of spaces collapsed, ends trimmed.
 */
export function cleanLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** PDF number: at most 3 decimals, no trailing zeros, never exponent notation. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  if (Number.isInteger(r)) return String(r);
  return r.toFixed(3).replace(/0+$/, '').replace(/^(-?)0\./, '$1.');
}
