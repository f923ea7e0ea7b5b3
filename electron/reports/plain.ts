import { documentText, plainChannel as channelIn, plainRate as rateIn } from '../../shared/i18n/documents.ts';
import { money } from '../billing/pdf.ts';

// Figures as a person states them (issue 14 §6): "Staff time: $32.00 per hour", "USPS Marketing Mail", "local Local 42",
// never the internal keys the quote and the audience are stored with ("staffTime 3200¢/minute", "postage.marketing",
// "segment: local in (...)"). These English forms feed the report data and the CSV; the PDFs print the same strings
// from the document catalogue in the reader's language (shared/i18n/documents.ts).

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });

/** One rate as printed: staff time is counted in minutes but priced per hour, and says so. */
export const plainRate = (r: { item: string; unit: string; rateCents: number }): string => rateIn(ENGLISH, r);

export const plainChannel = (c: string): string => channelIn(ENGLISH, c);

const FIELDS: Record<string, string> = { local: 'local', worksite: 'worksite', shift: 'shift', zip5: 'ZIP codes', zip3: 'ZIP code areas' };
export const plainField = (f: string): string => FIELDS[f] ?? f;

export { money };
