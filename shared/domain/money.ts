import { localeOf } from '../i18n/language.ts';

/**
 * Money, once (issue 11 §5): the committee's books are integer cents in US dollars. Every screen, PDF and report
 * formats an amount with `formatMoney` and reads a typed amount with `parseCents`; a test refuses any other copy.
 * Negative amounts keep their sign ("-$0.05"): a credit shown without it reads as a charge. `lang` is a LitDesk
 * language ('en', 'es', 'vi': the reader's) or an Intl locale.
 */
export function formatMoney(cents: number, lang = 'en-US'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('money is whole cents');
  return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** "12.34", "$1,234.5" or "0.35" -> whole cents; null when it is not an amount (a third decimal is not an amount). */
export function parseCents(s: string): number | null {
  const clean = s.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Rates are priced to a tenth of a cent (a mill), as postage is: $0.352 a piece stays $0.352 (issue 16 §6). A rate
 * is a number of cents with at most one decimal (35.2); amounts owed are always whole cents.
 */
export const isRateCents = (v: number): boolean =>
  Number.isFinite(v) && v >= 0 && Math.abs(v * 10 - Math.round(v * 10)) < 1e-6 && Number.isSafeInteger(Math.round(v * 10));

/** 35.2 -> 352 tenths of a cent; throws on a finer rate (the contract refuses those). */
export function rateMills(rateCents: number): number {
  if (!isRateCents(rateCents)) throw new RangeError('a rate is priced to a tenth of a cent');
  return Math.round(rateCents * 10);
}

/** A rate as it was set: "$0.352", "$0.35", "$25.00" — two decimals, a third only when the rate has one. */
export function formatRate(rateCents: number, lang = 'en-US'): string {
  const mills = rateMills(rateCents);
  return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(mills / 1000);
}

/** "0.352", "$1,234.5", "25" -> cents to a tenth (35.2); null when it is not a rate (a fourth decimal is not a rate). */
export function parseRateCents(s: string): number | null {
  const clean = s.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,3})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  const mills = Number(whole) * 1000 + Number((frac + '000').slice(0, 3));
  return Number.isSafeInteger(mills) ? mills / 10 : null;
}

/**
 * An exact amount, counted in 1/600 of a cent: quantity x a tenth-of-a-cent rate is exact, and so is a rate per hour
 * charged by the minute (x minutes / 60). Kept as bigint so a large job cannot lose precision before the one rounding.
 */
export type ExactAmount = bigint;
const PER_CENT = 600n;

export function exactAmount(quantity: number, rateCents: number, per: 'unit' | 'hourByMinute' = 'unit'): ExactAmount {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError('a quantity is a whole number');
  const mills = BigInt(rateMills(rateCents));
  return BigInt(quantity) * mills * (per === 'unit' ? 60n : 1n);
}

/**
 * One rounding, at the end, the same for everyone: the total is the exact sum rounded to the cent, half a cent and up
 * rounding up. Each line is then given whole cents (its exact amount rounded down, plus one cent for the lines with
 * the largest remainders, earlier lines first on a tie) so the lines add up to the total and none is off by a cent
 * or more. A quote, an invoice and the ledger lines behind it therefore never disagree.
 */
export function settle(exact: readonly ExactAmount[]): { totalCents: number; lineCents: number[] } {
  const sum = exact.reduce((s, x) => s + x, 0n);
  const totalCents = (sum + PER_CENT / 2n) / PER_CENT;
  const floors = exact.map((x) => x / PER_CENT);
  let extra = totalCents - floors.reduce((s, x) => s + x, 0n);
  const order = exact.map((x, i) => ({ i, rem: x % PER_CENT })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const lineCents = floors.slice();
  for (const o of order) {
    if (extra <= 0n) break;
    if (o.rem === 0n) break;
    lineCents[o.i]! += 1n;
    extra -= 1n;
  }
  return { totalCents: Number(totalCents), lineCents: lineCents.map(Number) };
}
