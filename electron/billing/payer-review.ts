import type { ApprovalView } from '../../shared/api/commands/approvals.ts';
import type { PayerName } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { ProtectedKind } from '../../shared/domain/payer-match.ts';
import { normalizeName } from './payer.ts';
import { approval, requestApproval, type PendingApproval } from '../approvals/store.ts';
import type { HandlerContext } from '../core/context.ts';
import type { DB, WritableDB } from '../vault/database.ts';
import { sql } from './sql.ts';

// Issue 13 §6: the names that may not pay, and the second committee member's review of a payer close to one.

type NameRow = { id: number; kind: ProtectedKind; name: string; variant_of: number | null; active: number; added_at: string };

export const payerNameRows = (db: DB): PayerName[] =>
  (sql(db, 'SELECT id, kind, name, variant_of, active, added_at FROM payer_names ORDER BY coalesce(variant_of, id), id').all() as NameRow[])
    .map((r) => ({ id: r.id, kind: r.kind, name: r.name, variantOf: r.variant_of, active: r.active === 1, addedAt: r.added_at }));

/**
 * Records a name and the variants the chair confirmed (each a protected name of the same kind, linked to it). A name
 * already recorded is switched back on rather than recorded twice.
 */
export function addPayerNames(db: WritableDB, a: { kind: ProtectedKind; name: string; variants: string[]; by: number; at: Date }): number[] {
  const put = (name: string, variantOf: number | null): number => {
    // Stored once per spelling (case, accents and punctuation aside): "Acme Hosp." is kept beside "Acme Hospital" as the
    // chair confirmed it, although the matcher folds the two anyway.
    const key = normalizeName(name);
    if (key.length < 2) throw new AppError('billing.payerNameShort', 'Give the full name.', { name });
    const existing = sql(db, 'SELECT id FROM payer_names WHERE name_key = ?').get(key) as { id: number } | undefined;
    if (existing) {
      sql(db, 'UPDATE payer_names SET active = 1 WHERE id = ?').run(existing.id);
      return existing.id;
    }
    return Number(sql(db, 'INSERT INTO payer_names (kind, name, name_key, variant_of, added_at, added_by) VALUES (?,?,?,?,?,?)')
      .run(a.kind, name.normalize('NFC').trim(), key, variantOf, a.at.toISOString(), a.by).lastInsertRowid);
  };
  const main = put(a.name, null);
  const ids = [main];
  for (const v of a.variants) {
    const id = put(v, main);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

const subject = (paymentId: number): string => `payment:${paymentId}`;

/** Asks a second committee member to review a payment whose payer is close to a name that may not pay. */
export function requestPayerReview(ctx: HandlerContext, p: {
  paymentId: number; label: string; candidateId: number; amountCents: number; receivedOn: string;
  payer: { type: string; name: string; accountHolder: string }; reviewNote: string;
  verdict: { match: { kind: ProtectedKind; name: string } | null; why: string | null };
}): ApprovalView {
  const c = sql(ctx.db, 'SELECT full_name FROM candidates WHERE id = ?').get(p.candidateId) as { full_name: string };
  const id = requestApproval(ctx.db, {
    kind: 'payerReview', subject: subject(p.paymentId), reason: p.reviewNote, by: ctx.user.id, at: ctx.now(),
    summary: {
      paymentId: p.paymentId, receipt: p.label, candidateId: p.candidateId, candidateName: c.full_name.normalize('NFC'),
      amountCents: p.amountCents, receivedOn: p.receivedOn, payerType: p.payer.type, payerName: p.payer.name.normalize('NFC'),
      accountHolder: p.payer.accountHolder.normalize('NFC'),
      closeTo: p.verdict.match === null ? null : { kind: p.verdict.match.kind, name: p.verdict.match.name }, why: p.verdict.why,
    },
    payload: { paymentId: p.paymentId },
  });
  ctx.audit({ action: 'billing.payerReviewRequested', target: subject(p.paymentId), details: { approvalId: id, receipt: p.label, candidateId: p.candidateId, why: p.verdict.why } });
  return approval(ctx.db, id);
}

/**
 * Runs when a second committee member approves the review: from now on the payment counts toward "paid in full". The
 * database decides the same (billing/schema.ts `uncountedSql`): the approval must come from a member other than the
 * one who recorded the payment.
 */
export function applyReviewedPayment(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const { paymentId } = a.payload as { paymentId: number };
  const p = sql(ctx.db, `SELECT pay.id, pay.candidate_id, pay.amount_cents, pay.receipt_id, p.posted_by,
      (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = pay.receipt_id) AS voided
    FROM billing_payments pay JOIN billing_postings p ON p.id = pay.posting_id WHERE pay.id = ?`).get(paymentId) as
    { id: number; candidate_id: number; amount_cents: number; receipt_id: number; posted_by: number; voided: number | null } | undefined;
  if (!p) throw new AppError('billing.paymentNotFound', 'Not found.');
  if (p.voided === 1) throw new AppError('billing.paymentVoided', 'This payment\'s receipt was voided: there is nothing left to review.');
  if (p.posted_by === ctx.user.id) throw new AppError('approvals.sameMember', 'A second committee member must approve this: you asked for it yourself.');
  ctx.audit({ action: 'billing.payerReviewed', target: subject(p.id), details: { approvalId: a.id, candidateId: p.candidate_id, amountCents: p.amount_cents } });
  return { paymentId: p.id, counts: true };
}
