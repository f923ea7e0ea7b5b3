/**
 * Money, once (issue 11 §5): the committee's books are integer cents in US dollars. Every screen, PDF and report
 * formats an amount with `formatMoney` and reads a typed amount with `parseCents`; a test refuses any other copy.
 * Negative amounts keep their sign ("-$0.05"): a credit shown without it reads as a charge.
 */
export function formatMoney(cents: number, lang = 'en-US'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('money is whole cents');
  return new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** "12.34", "$1,234.5" or "0.35" -> whole cents; null when it is not an amount (a third decimal is not an amount). */
export function parseCents(s: string): number | null {
  const clean = s.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return Number.isSafeInteger(cents) ? cents : null;
}
