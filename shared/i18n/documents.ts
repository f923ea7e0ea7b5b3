import i18next, { type i18n as I18n } from 'i18next';
import en from './locales/en/documents.json' with { type: 'json' };
import es from './locales/es/documents.json' with { type: 'json' };
import vi from './locales/vi/documents.json' with { type: 'json' };
import { formatMoney, formatRate } from '../domain/money.ts';
import { formatDay, formatInstant, isDay } from '../domain/calendar.ts';
import { addFormatters } from './formatters.ts';
import { localeOf, type Language } from './language.ts';

/**
 * The words on every document LitDesk issues to a person (receipts, invoices, credit notes, refunds, notices,
 * reports), in the reader's language. One catalogue, `shared/i18n/locales/<lang>/documents.json`: the core prints
 * from it and the renderer loads the same files as its `documents` namespace, so a string has one source. It is read
 * through i18next, as the screens are, so plurals follow the same rules (Intl.PluralRules: Spanish one/many/other,
 * Vietnamese other only).
 */
export const DOCUMENT_CATALOGUE = { en, es, vi } as const;

/** Who reads the document: their language and the committee's time zone (every date is the committee's). */
export type Reader = { lang: Language; tz: string };

export type DocText = {
  readonly lang: Language;
  readonly locale: string;
  /** A document string; a key missing from the English catalogue is a programming error and throws. */
  t(key: string, values?: Record<string, unknown>): string;
  money(cents: number): string;
  /** A rate as it was set, to a tenth of a cent ("$0.352", "0,352 US$"). */
  rate(rateCents: number): string;
  /** A whole number ("12,000", "12.000"). */
  num(n: number): string;
  /** A calendar day 'YYYY-MM-DD' ("March 2, 2026", "2 de marzo de 2026", "2 tháng 3, 2026"). */
  day(day: string): string;
  /** An instant (ISO) in the committee's zone, zone named; a plain day is printed as a day; '' stays ''. */
  when(iso: string | null | undefined): string;
};

const instances = new Map<Language, I18n>();
function instance(lang: Language): I18n {
  let i = instances.get(lang);
  if (!i) {
    i = i18next.createInstance();
    void i.init({
      lng: lang, fallbackLng: 'en', initAsync: false, ns: ['documents'], defaultNS: 'documents',
      resources: { en: { documents: en }, es: { documents: es }, vi: { documents: vi } },
      interpolation: { escapeValue: false }, returnNull: false,
    });
    addFormatters(i);
    instances.set(lang, i);
  }
  return i;
}

export function documentText(reader: Reader): DocText {
  const i = instance(reader.lang);
  const locale = localeOf(reader.lang);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    lang: reader.lang,
    locale,
    t(key, values) {
      if (!i.exists(key, { lng: 'en', ...(values ?? {}) })) throw new Error(`document string missing: ${key}`);
      return i.t(key, values ?? {});
    },
    money: (cents) => formatMoney(cents, reader.lang),
    rate: (rateCents) => formatRate(rateCents, reader.lang),
    num: (n) => numbers.format(n),
    day: (d) => formatDay(d, reader.lang, 'long'),
    when(iso) {
      if (!iso) return '';
      if (isDay(iso)) return formatDay(iso, reader.lang, 'medium');
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : formatInstant(at, reader.tz, reader.lang);
    },
  };
}

/** The name of a quote or invoice line's item: "postage.marketing" -> "Postage, USPS Marketing Mail"; "other:X" -> X. */
export function itemName(text: DocText, item: string): string {
  if (item.startsWith('other:')) return item.slice(6);
  const key = `item.${item.replace('.', '_')}`;
  return hasKey(text, key) ? text.t(key) : item;
}

const hasKey = (text: DocText, key: string): boolean => instance(text.lang).exists(key, { lng: 'en' });

const UNITS = ['sheet', 'side', 'piece', 'job', 'minute'];

/** "12,000 × $0.05 / sheet": staff time is counted in minutes but priced per hour, and says so. */
export function lineFormula(text: DocText, l: { quantity: number; unit?: string | null | undefined; rateCents: number }): string {
  const v = { quantity: text.num(l.quantity), rate: text.rate(l.rateCents), unit: l.unit ?? '' };
  if (!l.unit) return text.t('formula.none', v);
  return text.t(UNITS.includes(l.unit) ? `formula.${l.unit}` : 'formula.other', v);
}

/** A rate as a person states it: "Staff time: $32.00 per hour" (the card's staff rate is per hour; quotes count minutes). */
export function plainRate(text: DocText, r: { item: string; unit: string; rateCents: number }): string {
  const amount = text.rate(r.rateCents);
  const rate = text.t(UNITS.includes(r.unit) ? `per.${r.unit}` : 'per.other', { amount, unit: r.unit });
  return text.t('rate', { item: itemName(text, r.item), rate });
}

export const plainChannel = (text: DocText, c: string): string => (hasKey(text, `channel.${c}`) ? text.t(`channel.${c}`) : c);
