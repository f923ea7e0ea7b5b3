import { dayIn } from '../../../../shared/domain/calendar.ts';

// Money has one formatter and one parser, in shared/domain/money.ts (issue 11 §5).
export { formatMoney as money, parseCents } from '../../../../shared/domain/money.ts';

/** The committee's today, in its time zone (DESIGN §2): the default for every date a form asks for. */
export const today = (timeZone: string): string => dayIn(timeZone, new Date());
