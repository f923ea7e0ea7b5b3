// The one money formatter lives in shared/domain/money.ts; reports print in English (the PDFs are not translated yet).
import { formatMoney } from '../../shared/domain/money.ts';

/** "$1,234.56" / "-$0.05" from integer cents. */
export const money = (cents: number): string => formatMoney(cents);
