// Which columns may never become a custom segment (issue 13 §3). A custom segment's values are offered to every
// candidate with counts, so a column that holds contact details, birth dates, SSNs or pay would hand those out one
// value at a time. The rule looks at the column's header, the segment's chosen name, and every value.

export const SENSITIVE_KINDS = ['email', 'phone', 'birthDate', 'ssn', 'pay'] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

const words = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[^a-z0-9#]+/g, ' ').trim();

const NAME_RULES: ReadonlyArray<readonly [SensitiveKind, RegExp]> = [
  ['ssn', /\b(ssn|ssns|s s n|ss no|ss num|tin|itin|socsec|social security)\b|(^|\s)ss ?#/],
  ['email', /\b(e ?mail|emails|mail address|mailto)\b/],
  ['phone', /\b(phone|phones|telephone|tel|mobile|cell|cellphone|fax|sms|whatsapp)\b/],
  ['birthDate', /\b(dob|d o b|birth|birthday|birthdate|date of birth|born|age|bday)\b/],
  ['pay', /\b(pay|payrate|wage|wages|salary|salaries|earnings|income|compensation|hourly|annual rate|rate of pay|dues amount)\b/],
];

/** What a header or segment name says the column holds, when it names one of the kinds that never become segments. */
export function sensitiveName(name: string): SensitiveKind | null {
  const w = words(name);
  const compact = w.replace(/ /g, '');
  if (/socialsecurity|taxpayerid|^ssn?#?$|^dob$|^email$|^phone#?$/.test(compact)) {
    if (compact.includes('dob')) return 'birthDate';
    if (compact.includes('email')) return 'email';
    if (compact.includes('phone')) return 'phone';
    return 'ssn';
  }
  for (const [kind, re] of NAME_RULES) if (re.test(w)) return kind;
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^(\+?1[\s.-]?)?(\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$/i;
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const DATE_NUMERIC = /^(\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})([ T].*)?$/;
const DATE_WORDS = /^(\d{1,2}\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}$|^\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}$/i;
const MONEY = /^[-+]?([$€£]\s?\d[\d,]*(\.\d+)?|\d[\d,]*(\.\d+)?\s?(usd|\$|\/hr|\/hour|per hour)|\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+\.\d{2})$/i;

/** What one value looks like, when it looks like one of the kinds that never become segments. */
export function sensitiveValue(value: string): SensitiveKind | null {
  const v = value.normalize('NFKC').trim();
  if (v.length < 4 || v.length > 200) return null;
  if (EMAIL.test(v)) return 'email';
  if (SSN.test(v)) return 'ssn';
  if (PHONE.test(v)) return 'phone';
  if (DATE_NUMERIC.test(v) || DATE_WORDS.test(v)) return 'birthDate';
  if (MONEY.test(v)) return 'pay';
  return null;
}
