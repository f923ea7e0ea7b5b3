export const money = (cents: number, lang: string): string =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(cents / 100);

/** "12.34" or "$1,234.5" -> cents; null when it is not an amount. */
export function parseCents(s: string): number | null {
  const clean = s.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

export const today = (): string => new Date().toISOString().slice(0, 10);
