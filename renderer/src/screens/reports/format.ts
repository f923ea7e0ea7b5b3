/** Integer cents as the user's currency text: the one formatter, shared/domain/money.ts. */
export { formatMoney } from '../../../../shared/domain/money.ts';

export const formatWhen = (iso: string | null | undefined, lang: string): string =>
  iso ? new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '';
