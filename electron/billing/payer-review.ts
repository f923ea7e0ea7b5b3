import type { ApprovalView } from '../../shared/api/commands/approvals.ts';
import type { PayerName } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { ProtectedKind } from '../../shared/domain/payer-match.ts';
import { normalizeName } from './payer.ts';
import { approval, requestApproval, type PendingApproval } from '../approvals/store.ts';
import type { HandlerContext } from '../core/context.ts';
import type { DB, WritableDB } from '../vault/database.ts';
import { sql } from './sql.ts';
import { putSetting, setting } from '../users/store.ts';

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

// Four eyes where the list of who may not pay loosens (insider round): switching a protected name off, or changing the
// union's legal name, waits for a second committee member; adding a name or switching one back on is immediate. The
// database refuses the same without an approved countersignature (approvals/schema.ts `protectedNamesCountersigned`).

/** The two lists of names that may not pay: the names recorded at setup, and the first release's blocked payers. */
export type ProtectedList = 'payerName' | 'blockedPayer';
const TABLE: Record<ProtectedList, string> = { payerName: 'payer_names', blockedPayer: 'billing_blocked_payers' };

/**
 * Switches a protected name on at once, or asks a second committee member to switch it off (a reason is required;
 * the name stays protected until they countersign). Returns the countersignature request, or null when nothing waits.
 */
export function switchProtectedName(ctx: HandlerContext, list: ProtectedList, input: { id: number; active: boolean; reason?: string | undefined }): ApprovalView | null {
  const row = sql(ctx.db, `SELECT id, kind, name, active FROM ${TABLE[list]} WHERE id = ?`).get(input.id) as
    { id: number; kind: string; name: string; active: number } | undefined;
  if (!row) throw new AppError('billing.payerNotFound', 'Not found.');
  if (input.active) {
    sql(ctx.db, `UPDATE ${TABLE[list]} SET active = 1 WHERE id = ?`).run(row.id);
    ctx.audit({ action: list === 'payerName' ? 'payers.setActive' : 'billing.setPayerBlock', target: `${list}:${row.id}`, details: { active: true, name: row.name } });
    return null;
  }
  if (row.active !== 1) return null;
  if (!input.reason) {
    throw new AppError('billing.switchOffReason',
      'Switching off a name that may not pay lets that payer\'s money count. Give the reason: a second committee member countersigns it before it takes effect.',
      { name: row.name });
  }
  const id = requestApproval(ctx.db, {
    kind: 'payerNameOff', subject: `${list}:${row.id}`, reason: input.reason, by: ctx.user.id, at: ctx.now(),
    summary: { list, id: row.id, name: row.name, kind: row.kind },
    payload: { list, id: row.id },
  });
  ctx.audit({ action: 'payers.proposeOff', target: `${list}:${row.id}`, details: { approvalId: id, name: row.name, kind: row.kind, reason: input.reason } });
  return approval(ctx.db, id);
}

/** A second committee member countersigned switching a name off: it takes effect now. */
export function applyPayerNameOff(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const p = a.payload as { list: ProtectedList; id: number };
  const row = sql(ctx.db, `SELECT name, active FROM ${TABLE[p.list]} WHERE id = ?`).get(p.id) as { name: string; active: number } | undefined;
  if (!row) throw new AppError('billing.payerNotFound', 'Not found.');
  sql(ctx.db, `UPDATE ${TABLE[p.list]} SET active = 0 WHERE id = ?`).run(p.id);
  ctx.audit({ action: p.list === 'payerName' ? 'payers.setActive' : 'billing.setPayerBlock', target: `${p.list}:${p.id}`,
    details: { active: false, name: row.name, approvalId: a.id, proposedBy: a.requestedBy } });
  return { list: p.list, id: p.id, active: false };
}

export const UNION_NAME_SUBJECT = 'setting:union_name';

/** The chair proposes a new legal name for the union; a second committee member's countersignature makes it so. */
export function proposeUnionName(ctx: HandlerContext, input: { unionName: string; reason: string }): ApprovalView {
  const before = setting(ctx.db, 'union_name', '');
  const after = input.unionName.normalize('NFC').trim();
  if (after === before) throw new AppError('billing.unionNameUnchanged', 'That is already the union\'s legal name.');
  const id = requestApproval(ctx.db, {
    kind: 'unionName', subject: UNION_NAME_SUBJECT, reason: input.reason, by: ctx.user.id, at: ctx.now(),
    summary: { before, after }, payload: { unionName: after },
  });
  ctx.audit({ action: 'payers.proposeUnionName', target: UNION_NAME_SUBJECT, details: { approvalId: id, before, after, reason: input.reason } });
  return approval(ctx.db, id);
}

/**
 * A second committee member countersigned the new name: it is the union's name from now on, and the former name stays
 * a protected legal name (cheques still carry it), switched off only by the same four eyes.
 */
export function applyUnionName(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const { unionName } = a.payload as { unionName: string };
  const before = setting(ctx.db, 'union_name', '');
  putSetting(ctx.db, 'union_name', unionName);
  const kept = before.trim().length >= 2 ? addPayerNames(ctx.db, { kind: 'legalName', name: before, variants: [], by: ctx.user.id, at: ctx.now() }) : [];
  ctx.audit({ action: 'settings.unionName', target: UNION_NAME_SUBJECT, details: { before, after: unionName, approvalId: a.id, proposedBy: a.requestedBy, formerNameKept: kept[0] ?? null } });
  return { before, after: unionName, formerNameId: kept[0] ?? null };
}
