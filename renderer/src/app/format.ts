import { useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dayIn, formatDay, formatInstant, isDay, workstationTimeZone } from '../../../shared/domain/calendar.ts';
import { formatMoney } from '../../../shared/domain/money.ts';
import { localeOf } from '../../../shared/i18n/language.ts';
import { SessionContext } from './session.tsx';

export type Format = {
  /** An instant in the committee's time zone, as the reader writes it, zone named ("2 mar 2026, 4:00 p.m. PST"). */
  when(iso: string | null | undefined): string;
  /** The committee's calendar day an instant falls on, as the reader writes it ("2 mar 2026"). */
  date(iso: string | null | undefined): string;
  /** A calendar day 'YYYY-MM-DD' as the reader writes it ("2 de marzo de 2026"). */
  day(day: string | null | undefined): string;
  money(cents: number): string;
  num(n: number): string;
};

/**
 * Dates, money and counts on screens in the UI language, with every instant on the committee's calendar (the same
 * zone the documents use): a payment recorded at 8 pm in Los Angeles shows that evening, not tomorrow in UTC.
 */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const tz = useContext(SessionContext)?.session.timeZone ?? workstationTimeZone();
  const lang = i18n.language;
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(localeOf(lang));
    return {
      when: (iso) => (!iso ? '' : isDay(iso) ? formatDay(iso, lang, 'medium') : formatInstant(new Date(iso), tz, lang)),
      date: (iso) => (!iso ? '' : formatDay(isDay(iso) ? iso : dayIn(tz, new Date(iso)), lang, 'medium')),
      day: (d) => (d && isDay(d) ? formatDay(d, lang, 'long') : d ?? ''),
      money: (c) => formatMoney(c, lang),
      num: (n) => numbers.format(n),
    };
  }, [tz, lang]);
}
