import { sql } from './sql.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { commitmentsSql, netFundsSql } from './schema.ts';

type Cover = { candidateId: number; quoteCents: number | null; commitmentsCents: number; netFundsCents: number };

/** What the candidate has committed (released jobs not yet invoiced finally, plus this one) against what they hold. */
export function coverage(db: DB, requestId: number): Cover {
  const r = sql(db, `SELECT candidate_id AS candidateId, quote_cents AS quoteCents,
      ${commitmentsSql('requests.candidate_id', 'requests.id')} AS commitmentsCents,
      ${netFundsSql('requests.candidate_id')} AS netFundsCents
    FROM requests WHERE id = ?`).get(requestId) as Cover | undefined;
  if (!r) throw new AppError('billing.requestNotFound', 'No such request.');
  return r;
}

/**
 * Prepayment gate (29 CFR 452.67 allows requiring prepayment, uniformly): how many cents the candidate still has to
 * pay before this request may be released. Release to production is allowed only at 0. The same SQL backs the
 * database trigger `billing_release_guard`, so a release that skipped this check would still be refused.
 * Throws `billing.notQuoted` for a request without a quote: nothing unquoted can be released.
 */
export function prepaymentShortfall(db: DB, requestId: number): number {
  const c = coverage(db, requestId);
  if (c.quoteCents === null) throw new AppError('billing.notQuoted', 'This request has no quote yet.');
  return Math.max(0, c.commitmentsCents - c.netFundsCents);
}

/** What can be paid back to the candidate now: funds held beyond every released job's quote. */
export function refundable(db: DB, candidateId: number): number {
  const r = sql(db, `SELECT ${commitmentsSql('?', '-1')} AS c, ${netFundsSql('?')} AS f`).get(candidateId, candidateId) as { c: number; f: number };
  return Math.max(0, r.f - r.c);
}
