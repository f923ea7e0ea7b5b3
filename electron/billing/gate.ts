import { sql } from './sql.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { commitmentsSql, netFundsSql, openQuotesSql, uncountedSql, unreviewedPaymentsSql } from './schema.ts';
import { amountDue } from '../../shared/domain/money-words.ts';

type Cover = { candidateId: number; quoteCents: number | null; commitmentsCents: number; netFundsCents: number };

/** What the candidate has committed (released jobs not yet invoiced finally, plus this one) against what they hold. */
export function coverage(db: DB, requestId: number): Cover {
  const r = sql(db, `SELECT candidate_id AS candidateId, quote_cents AS quoteCents,
      ${commitmentsSql('requests.candidate_id', 'requests.id')} AS commitmentsCents,
      ${netFundsSql('requests.candidate_id')} AS netFundsCents
    FROM requests WHERE id = ?`).get(requestId) as Cover | undefined;
  if (!r) throw new AppError('billing.requestNotFound', 'Not found.');
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

/** "Amount due" (shared/domain/money-words.ts): what is still to pay on every open quote and final invoice. */
export function amountDueOf(db: DB, candidateId: number, o: { closing?: number | null; reopening?: number | null } = {}): number {
  const r = sql(db, `SELECT ${openQuotesSql('?', '?', '?')} AS q, ${netFundsSql('?')} AS f`)
    .get(candidateId, o.closing ?? null, o.reopening ?? null, candidateId) as { q: number; f: number };
  return amountDue({ openQuotesCents: r.q, netFundsCents: r.f });
}

/** What can be paid back to the candidate now: funds held beyond every released job's quote. */
export function refundable(db: DB, candidateId: number): number {
  const r = sql(db, `SELECT ${commitmentsSql('?', '-1')} AS c, ${netFundsSql('?')} AS f`).get(candidateId, candidateId) as { c: number; f: number };
  return Math.max(0, r.f - r.c);
}

/**
 * Money the member recorded for the candidate that still stands (receipts not voided by a credit note). SQL shared by
 * the core check below and the four-eyes release trigger, so the two cannot disagree.
 */
export const ownPaymentsSql = (candidate: string, member: string) => `(
  SELECT coalesce(sum(pay.amount_cents), 0) FROM billing_payments pay JOIN billing_postings p ON p.id = pay.posting_id
  WHERE pay.candidate_id = ${candidate} AND p.posted_by = ${member}
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = pay.receipt_id))`;

/** The committee members (chair, staff) still active: only they authorise, release, approve. */
export const committeeMemberSql = (member: string) =>
  `EXISTS (SELECT 1 FROM users u WHERE u.id = ${member} AND u.active = 1 AND u.role IN ('chair','staff'))`;

/**
 * Four eyes on release (issue 13): the member who releases a job is a committee member other than the one who
 * authorised it, and the job must be covered without counting any payment the releaser recorded. A committee of two
 * can always do it (one records payments and authorises, the other releases); one person never can. A job quoted at
 * $0 is never released: a cost the union absorbs is a violation, not a price. The database trigger
 * `requests_release_four_eyes` checks the same, so a code path that skipped this would still be refused.
 */
export function fourEyesRelease(db: DB, requestId: number, releaserId: number): void {
  const r = sql(db, `SELECT candidate_id AS candidateId, quote_cents AS quoteCents, authorised_by AS authorisedBy,
      ${committeeMemberSql('?')} AS committee,
      ${commitmentsSql('requests.candidate_id', 'requests.id')} AS commitmentsCents,
      ${netFundsSql('requests.candidate_id')} AS netFundsCents,
      ${ownPaymentsSql('requests.candidate_id', '?')} AS ownCents,
      ${unreviewedPaymentsSql('requests.candidate_id')} AS unreviewedCents,
      ${uncountedSql('requests.candidate_id', '?')} AS uncountedCents
    FROM requests WHERE id = ?`).get(releaserId, releaserId, releaserId, requestId) as {
      candidateId: number; quoteCents: number | null; authorisedBy: number | null; committee: number; commitmentsCents: number; netFundsCents: number;
      ownCents: number; unreviewedCents: number; uncountedCents: number;
    } | undefined;
  if (!r) throw new AppError('billing.requestNotFound', 'Not found.');
  if (r.quoteCents === null) throw new AppError('billing.notQuoted', 'This request has no quote yet.');
  if (r.quoteCents <= 0) throw new AppError('requests.zeroQuote', 'A job quoted at $0 can never be released: every cost of a mailing is billed to the candidate.');
  if (r.committee !== 1) throw new AppError('requests.notCommittee', 'Only a committee member can release a job.');
  if (r.authorisedBy === null || r.authorisedBy === releaserId) {
    throw new AppError('requests.sameMember', 'A second committee member must release this job: the member who authorised it cannot also release it.');
  }
  // Issue 13 §6: money whose payer a second committee member has not reviewed does not count (trigger
  // requests_release_payer_review checks the same, together with the releaser's own payments).
  const shortUnreviewed = r.commitmentsCents - (r.netFundsCents - r.unreviewedCents);
  if (r.unreviewedCents > 0 && shortUnreviewed > 0) {
    throw new AppError('requests.payerReviewPending', 'A payment this job depends on does not count: its payer has not been approved by a second committee member\'s review.',
      { awaitingReviewCents: r.unreviewedCents, shortfallWithoutCents: shortUnreviewed });
  }
  const shortWithoutOwn = r.commitmentsCents - (r.netFundsCents - r.ownCents);
  if (r.ownCents > 0 && shortWithoutOwn > 0) {
    throw new AppError('requests.releaserPaid', 'You recorded a payment this job depends on: another committee member must release it.',
      { ownPaymentsCents: r.ownCents, shortfallWithoutOwnCents: shortWithoutOwn });
  }
  if (r.commitmentsCents > r.netFundsCents - r.uncountedCents) {
    throw new AppError('requests.releaserPaid', 'Without the payments you recorded and those awaiting a payer review, this job is not paid in full: another committee member must release it once the review is done.',
      { ownPaymentsCents: r.ownCents, shortfallWithoutOwnCents: r.commitmentsCents - (r.netFundsCents - r.uncountedCents) });
  }
}
