// ZIP Codes as they arrive from spreadsheets: "02134", "02134-1234", "021341234", "02134 1234", and with the
// leading zeros a spreadsheet drops when it treats the column as a number ("2134" for 02134, "501" for 00501,
// "21341234" for 02134-1234). New England, New Jersey and Puerto Rico ZIPs all start with 0.

export interface Zip {
  zip5: string;
  zip4?: string;
}

/**
 * States and territories whose ZIP Codes start with 0 (New England, New York, New Jersey, Puerto Rico, the Virgin
 * Islands, and APO/FPO Europe): only there can a short ZIP be a ZIP that lost its leading zeros.
 */
export const ZERO_ZIP_STATES: ReadonlySet<string> = new Set(['CT', 'MA', 'ME', 'NH', 'NJ', 'NY', 'PR', 'RI', 'VT', 'VI', 'AE']);

/**
 * Parses a ZIP or ZIP+4; undefined if it cannot be one. A "+4" of 0000 is a placeholder, not an add-on. With the
 * state known, leading zeros are restored only where ZIPs start with 0: "907" in PR is 00907, "9021" in CA is not
 * 09021 but a ZIP missing a digit (one rule for the import and the printed address, issue 11 §5).
 */
export function parseZip(input: string, state?: string): Zip | undefined {
  const text = String(input ?? '').normalize('NFKC').trim().replace(/\.0+$/, '');
  let zip5: string;
  let zip4: string | undefined;
  let padded: boolean;
  const split = /^([0-9]{3,5})\s*-\s*([0-9]{4})$/.exec(text) ?? /^([0-9]{3,5})\s+([0-9]{4})$/.exec(text);
  if (split) {
    padded = split[1]!.length < 5;
    zip5 = split[1]!.padStart(5, '0');
    zip4 = split[2]!;
  } else if (/^[0-9]{3,5}-?$/.test(text)) {
    const digits = text.replace('-', '');
    padded = digits.length < 5;
    zip5 = digits.padStart(5, '0');
  } else if (/^[0-9]{7,9}$/.test(text)) {
    padded = text.length < 9;
    const nine = text.padStart(9, '0');
    zip5 = nine.slice(0, 5);
    zip4 = nine.slice(5);
  } else {
    return undefined;
  }
  // No ZIP Code starts with 000; a "ZIP" that does is a lost or broken value, not one to pad.
  if (zip5.startsWith('000')) return undefined;
  if (padded && state !== undefined && !ZERO_ZIP_STATES.has(state)) return undefined;
  return zip4 === undefined || zip4 === '0000' ? { zip5 } : { zip5, zip4 };
}

/** True when the input parses as a ZIP or ZIP+4 (after restoring lost leading zeros). */
export function validZip(input: string, state?: string): boolean {
  return parseZip(input, state) !== undefined;
}

/** "02134" or "02134-1234". */
export function formatZip(zip: Zip): string {
  return zip.zip4 === undefined ? zip.zip5 : `${zip.zip5}-${zip.zip4}`;
}
