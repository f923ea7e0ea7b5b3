import type { DB } from '../vault/database.ts';

/**
 * Prepayment gate (29 CFR 452.67 allows requiring prepayment, uniformly): how many cents of a request's quote the
 * candidate has not yet paid. Release to production is allowed only at 0. Until the billing ledger exists nothing
 * counts as paid, so nothing can be released.
 */
export function prepaymentShortfall(db: DB, requestId: number): number {
  const r = db.prepare('SELECT quote_cents FROM requests WHERE id=?').get(requestId) as { quote_cents: number | null } | undefined;
  return r?.quote_cents ?? 0;
}
