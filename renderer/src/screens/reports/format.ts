/** Integer cents as the user's currency text: the one formatter, shared/domain/money.ts. */
export { formatMoney } from '../../../../shared/domain/money.ts';
// Dates: useFormat() (renderer/src/app/format.ts), in the UI language on the committee's calendar.
