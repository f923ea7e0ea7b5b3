import type { i18n as I18n } from 'i18next';
import { formatMoney } from '../domain/money.ts';
import { localeOf } from './language.ts';

/**
 * Two i18next formatters every catalogue may use, on screens and on paper alike:
 * - `{{pages, count(noun: pages)}}` -> "1 page" / "2 pages" / "1 página" / "1.000.000 de páginas" / "2 trang": the number
 *   in the reader's digits and the noun in the plural form Intl.PluralRules picks, from `documents:count.<noun>`. So
 *   no string says "1 cents" or "Wait 1 seconds", and a string with several counts gets each one right.
 * - `{{shortfallCents, money}}` -> "$0.01" / "0,01 US$": amounts in cents read as money, never "1 cents".
 */
export function addFormatters(i: I18n): void {
  const formatter = i.services.formatter;
  if (!formatter) return;
  formatter.add('count', (value, lng, options: { noun?: string }) => {
    const n = typeof value === 'number' ? value : Number(value);
    const lang = lng ?? i.language;
    const key = `documents:count.${options.noun ?? ''}`;
    // A caller that passed an already formatted number ("1,200") still gets a plural noun, and its digits as given.
    if (!Number.isFinite(n)) return i.t(key, { count: 2, n: String(value), lng: lang });
    return i.t(key, { count: n, n: new Intl.NumberFormat(localeOf(lang)).format(n), lng: lang });
  });
  formatter.add('money', (value, lng) => {
    const cents = typeof value === 'number' ? value : Number(value);
    return Number.isSafeInteger(cents) ? formatMoney(cents, lng ?? i.language) : String(value);
  });
}
