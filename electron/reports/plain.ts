import { itemName, money } from '../billing/pdf.ts';
import { formatRate } from '../../shared/domain/money.ts';

// Figures as a person states them (issue 14 §6): "Staff time: $32.00 per hour", "USPS Marketing Mail", "local Local 42",
// never the internal keys the quote and the audience are stored with ("staffTime 3200¢/minute", "postage.marketing",
// "segment: local in (...)"). English here; the report keeps the keys in its data for the screens to translate.

const UNITS: Record<string, string> = { sheet: 'sheet', side: 'printed side', piece: 'piece', job: 'job', minute: 'hour' };

/** One rate as printed: staff time is counted in minutes but priced per hour, and says so. */
export const plainRate = (r: { item: string; unit: string; rateCents: number }): string =>
  `${itemName(r.item)}: ${formatRate(r.rateCents)} per ${UNITS[r.unit] ?? r.unit}`;

const CHANNELS: Record<string, string> = {
  firstClass: 'First-Class Mail', marketing: 'USPS Marketing Mail', nonprofitMarketing: 'USPS Marketing Mail (nonprofit)', email: 'Email',
};
export const plainChannel = (c: string): string => CHANNELS[c] ?? c;

const FIELDS: Record<string, string> = { local: 'local', worksite: 'worksite', shift: 'shift', zip5: 'ZIP codes', zip3: 'ZIP code areas' };
export const plainField = (f: string): string => FIELDS[f] ?? f;

export { money };
