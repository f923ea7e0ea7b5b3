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

/**
 * A sentence the core builds from records (the equal-treatment report's differences), kept as a catalogue key and
 * typed values so each reader gets it in their language: instants in the committee's zone, rates as a person states
 * them, channels, audiences and answers in words. The report data's English text is rendered from the same phrase.
 */
export type PhraseValue = string | number | { at: string } | { rate: { item: string; unit: string; rateCents: number } } | { channel: string }
  | { channels: string[] } | { audience: string } | { response: string } | { grantKind: string } | { phrase: Phrase };
export type Phrase = { key: string; values?: Record<string, PhraseValue> };

const has = (d: DocText, key: string): boolean => instance(d.lang).exists(key, { lng: 'en' });

/** `rawDates`: instants stay ISO (the report data and CSV, where an instant is matched against the audit trail). */
export function renderPhrase(d: DocText, p: Phrase, o: { rawDates?: boolean } = {}): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.values ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') values[k] = v;
    else if ('at' in v) values[k] = o.rawDates ? v.at : d.when(v.at);
    else if ('rate' in v) values[k] = plainRate(d, v.rate);
    else if ('channel' in v) values[k] = plainChannel(d, v.channel);
    else if ('channels' in v) values[k] = v.channels.map((c) => plainChannel(d, c)).join(', ');
    else if ('audience' in v) values[k] = describeAudience(d, v.audience);
    else if ('response' in v) values[k] = has(d, `response.${v.response}`) ? d.t(`response.${v.response}`) : v.response;
    else if ('grantKind' in v) values[k] = has(d, `diff.grantKind.${v.grantKind}`) ? d.t(`diff.grantKind.${v.grantKind}`) : v.grantKind;
    else values[k] = renderPhrase(d, v.phrase, o);
  }
  return d.t(p.key, values).trim();
}

type AudienceRule = { kind: 'allGoodStanding' } | { kind: 'segment'; combine: 'and' | 'or';
  filters: Array<{ field: string; name?: string; values?: string[]; from?: string; to?: string }> };

/** An audience described without any member data: the kind and the segment rule the candidate chose. */
export function describeAudience(d: DocText, json: string): string {
  const a = JSON.parse(json) as AudienceRule;
  if (a.kind !== 'segment') return d.t('diff.audienceAll');
  const field = (f: string) => (has(d, `diff.field.${f}`) ? d.t(`diff.field.${f}`) : f);
  const parts = a.filters.map((f) => {
    if (f.field === 'zip5' || f.field === 'zip3') return d.t('diff.range', { field: field(f.field), from: f.from ?? '', to: f.to ?? '' });
    const name = f.field === 'custom' ? (f.name ?? '') : field(f.field);
    return `${name} ${(f.values ?? []).join(d.t('diff.valuesOr'))}`;
  });
  return d.t('diff.audienceSegment', { parts: parts.join(d.t(a.combine === 'and' ? 'diff.audienceAnd' : 'diff.audienceOr')) });
}
