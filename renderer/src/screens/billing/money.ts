import { dayIn } from '../../../../shared/domain/calendar.ts';

export const money = (cents: number, lang: string): string =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(cents / 100);

/** "12.34" or "$1,234.5" -> cents; null when it is not an amount. */
export function parseCents(s: string): number | null {
  const clean = s.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** The committee's today, in its time zone (DESIGN §2): the default for every date a form asks for. */
export const today = (timeZone: string): string => dayIn(timeZone, new Date());
