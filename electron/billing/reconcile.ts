import { sql } from './sql.ts';
import type { DocLine } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { exactAmount, settle } from '../../shared/domain/money.ts';

export type Unit = 'sheet' | 'side' | 'piece' | 'job' | 'minute';
export type QuoteLine = DocLine & { unit: Unit };
export type StoredQuote = { pieces: number; lines: QuoteLine[]; channel?: string };
export type Actuals = { postageCents: number; sheets: number; pieces: number };
export type FinalLine = QuoteLine & { account: 'mailHouse' | 'postage' | 'recovery' };

type RequestRow = {
  id: number; election_id: number; candidate_id: number; status: string; quote_cents: number | null; quote_lines: string | null;
  rate_card_version: number | null;
};

export function requestRow(db: DB, requestId: number): RequestRow {
  const r = sql(db, 'SELECT id, election_id, candidate_id, status, quote_cents, quote_lines, rate_card_version FROM requests WHERE id=?')
    .get(requestId) as RequestRow | undefined;
  if (!r) throw new AppError('billing.requestNotFound', 'Not found.');
  return r;
}

/** The quote as the requests domain stored it: `{ pieces, lines, ... }` (older rows may hold the bare line array). */
export function storedQuote(r: { quote_lines: string | null }): StoredQuote | null {
  if (r.quote_lines === null) return null;
  const parsed = JSON.parse(r.quote_lines) as StoredQuote | QuoteLine[];
  if (Array.isArray(parsed)) {
    const pieces = parsed.find((l) => l.unit === 'piece')?.quantity ?? 0;
    return { pieces, lines: parsed };
  }
  return parsed;
}

const isPostage = (l: QuoteLine): boolean => l.item.startsWith('postage');

type StaffRule = { staffHourCents: number; staffSetupMinutesPerJob: number; staffMinutesPer1000: number };

function staffRule(db: DB, electionId: number, version: number | null): StaffRule | null {
  if (version === null) return null;
  const has = sql(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='rate_cards'").get();
  if (!has) return null;
  const r = sql(db, 'SELECT card FROM rate_cards WHERE election_id=? AND version=?').get(electionId, version) as { card: string } | undefined;
  return r ? (JSON.parse(r.card) as StaffRule) : null;
}

/**
 * The final invoice's lines: the quote's own lines and rates (same rate-card version), with quantities from the
 * actuals. Postage is what the mail house statement says it cost, at cost; sheets are the sheets actually used;
 * printed sides scale with the sheets; per-piece items take the pieces actually mailed; per-job items stay as quoted;
 * staff minutes follow the rate card's rule for the actual pieces. Nothing is reduced by hand: there is no discount.
 */
export function finalLines(db: DB, r: RequestRow, a: Actuals): FinalLine[] {
  const q = storedQuote(r);
  if (!q || r.quote_cents === null) throw new AppError('billing.notQuoted', 'This request has no quote yet.');
  const quotedSheets = q.lines.filter((l) => l.unit === 'sheet' && !l.item.startsWith('other:')).reduce((s, l) => Math.max(s, l.quantity), 0);
  const rule = staffRule(db, r.election_id, r.rate_card_version);
  const out: FinalLine[] = [];
  let postageDone = false;
  for (const l of q.lines) {
    if (isPostage(l)) {
      if (postageDone) continue;
      postageDone = true;
      out.push({ item: 'postage.actual', unit: 'job', quantity: 1, rateCents: a.postageCents, amountCents: a.postageCents, account: 'postage' });
      continue;
    }
    let quantity = l.quantity;
    if (l.unit === 'sheet') quantity = a.sheets;
    else if (l.unit === 'side') quantity = quotedSheets > 0 ? Math.round((l.quantity * a.sheets) / quotedSheets) : l.quantity;
    else if (l.unit === 'piece') quantity = a.pieces;
    else if (l.unit === 'minute' && rule) quantity = rule.staffSetupMinutesPerJob + Math.ceil((a.pieces * rule.staffMinutesPer1000) / 1000);
    const account = l.unit === 'job' || l.unit === 'minute' ? 'recovery' : 'mailHouse';
    out.push({ item: l.item, unit: l.unit, quantity, rateCents: l.rateCents, amountCents: 0, account });
  }
  if (!postageDone && a.postageCents > 0) {
    out.push({ item: 'postage.actual', unit: 'job', quantity: 1, rateCents: a.postageCents, amountCents: a.postageCents, account: 'postage' });
  }
  // Rates may carry a tenth of a cent and staff time is per hour: the invoice rounds once, at the end, as the quote
  // does (shared/domain/money.ts), and its lines' whole cents add up to that total.
  const { lineCents } = settle(out.map((l) => exactAmount(l.quantity, l.rateCents, l.unit === 'minute' ? 'hourByMinute' : 'unit')));
  return out.map((l, i) => ({ ...l, amountCents: lineCents[i]! }));
}

export const docLines = (lines: Array<DocLine & { unit?: Unit }>): Array<DocLine & { unit?: Unit }> =>
  lines.map((l) => ({ item: l.item, ...(l.unit ? { unit: l.unit } : {}), quantity: l.quantity, rateCents: l.rateCents, amountCents: l.amountCents }));
