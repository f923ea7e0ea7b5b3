import { ZERO_ZIP_STATES } from './us-states.ts';

/**
 * A light ZIP check (the full Publication 28 normaliser lives elsewhere). Accepts 5 digits, ZIP+4 with a hyphen,
 * 9 bare digits, and the 4- and 8-digit forms a spreadsheet makes when it reads a ZIP as a number and drops the
 * leading zero, but only for states whose ZIPs start with 0, so "9021" in California is still a bad ZIP.
 * Returns "12345" or "12345-6789", or null.
 */
export function normaliseZip(value: string, state: string | null): string | null {
  const v = value.trim();
  let m = /^(\d{5})(?:-?(\d{4}))?$/.exec(v);
  if (!m) {
    const lost = /^(\d{4})(?:-?(\d{4}))?$/.exec(v);
    if (!lost || state === null || !ZERO_ZIP_STATES.has(state)) return null;
    m = lost;
    m[1] = '0' + lost[1];
  }
  const zip5 = m[1]!;
  if (zip5 === '00000') return null;
  return m[2] ? `${zip5}-${m[2]}` : zip5;
}
