/** Integer cents as the user's currency text (the committee's books are in US dollars). */
export const formatMoney = (cents: number, lang: string): string =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(cents / 100);

export const formatWhen = (iso: string | null | undefined, lang: string): string =>
  iso ? new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '';
