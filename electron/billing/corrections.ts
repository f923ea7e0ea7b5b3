import { AppError } from '../../shared/api/errors.ts';
import type { HandlerContext } from '../core/context.ts';
import type { PendingApproval } from '../approvals/store.ts';
import { requestApproval } from '../approvals/store.ts';
import type { DB } from '../vault/database.ts';
import { documentLabel, getDocument } from './documents.ts';
import { creditNote, reconcile } from './operations.ts';
import { requestRow } from './reconcile.ts';
import { expectedActualsSql, RELEASED_STATUSES } from './schema.ts';
import { sql } from './sql.ts';

/**
 * What the final invoice must say unless a second committee member approved otherwise (issue 13 §5): the pieces the
 * production job mailed to members and their sheets (or, for a job LitDesk did not produce, the quote it was released
 * on), and postage at least the quote's rate (its mail class) for those pieces. The same SQL backs the trigger
 * `billing_final_actuals`.
 */
export type Expected = { pieces: number; sheets: number; postageRateCents: number; minimumPostageCents: number; from: 'productionJob' | 'quote' };

export function expectedActuals(db: DB, requestId: number): Expected {
  const e = expectedActualsSql('@req');
  const r = sql(db, `SELECT ${e.pieces} AS pieces, ${e.sheets} AS sheets, ${e.postageRateMills} AS mills, ${e.jobId} AS job`)
    .get({ req: requestId }) as { pieces: number; sheets: number; mills: number; job: number | null };
  // Exactly the quote's rate in mills for those pieces, rounded UP to a whole cent (the trigger asks postage x 10 >=
  // mills x pieces): never a fraction of a cent under it.
  const minimumPostageCents = Math.ceil((r.mills * r.pieces) / 10);
  return { pieces: r.pieces, sheets: r.sheets, postageRateCents: r.mills / 10, minimumPostageCents, from: r.job === null ? 'quote' : 'productionJob' };
}

export type Actuals = { actualPostageCents: number; actualSheets: number; actualPieces: number };

/** The figures a member entered, completed from the production job; whether they differ from what it says. */
export function judgeActuals(db: DB, requestId: number, a: { actualPostageCents: number; actualSheets?: number | undefined; actualPieces?: number | undefined }):
  { actuals: Actuals; expected: Expected; deviates: boolean } {
  const expected = expectedActuals(db, requestId);
  const actuals = { actualPostageCents: a.actualPostageCents, actualSheets: a.actualSheets ?? expected.sheets, actualPieces: a.actualPieces ?? expected.pieces };
  const deviates = actuals.actualPieces !== expected.pieces || actuals.actualSheets !== expected.sheets || actuals.actualPostageCents < expected.minimumPostageCents;
  return { actuals, expected, deviates };
}

export const needsApproval = (expected: Expected): AppError => new AppError('billing.correctionNeedsApproval',
  'These figures differ from the production job: propose a correction with a reason, and a second committee member approves it.',
  { expectedPieces: expected.pieces, expectedSheets: expected.sheets, minimumPostageCents: expected.minimumPostageCents, from: expected.from });

const standingFinal = (db: DB, requestId: number): number | null =>
  (sql(db, `SELECT d.id FROM billing_documents d WHERE d.request_id = ? AND d.kind = 'finalInvoice'
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = d.id)`).get(requestId) as { id: number } | undefined)?.id ?? null;

/** Records a correction of actual costs for a second committee member's approval; nothing is invoiced yet. */
export function proposeCorrection(ctx: HandlerContext, input: { requestId: number; reason: string; actualPostageCents: number; actualSheets?: number | undefined; actualPieces?: number | undefined }): number {
  const r = requestRow(ctx.db, input.requestId);
  if (!(RELEASED_STATUSES as readonly string[]).includes(r.status)) {
    throw new AppError('billing.notReleased', 'Actual costs are entered after the job was released and mailed.', { status: r.status });
  }
  const { expected, deviates, actuals } = judgeActuals(ctx.db, input.requestId, input);
  const p = { ...input, ...actuals };
  const replaces = standingFinal(ctx.db, p.requestId);
  if (!deviates && replaces === null) throw new AppError('billing.noCorrectionNeeded', 'These are the production job\'s figures: enter them as the actual costs, no approval is needed.');
  const name = (sql(ctx.db, 'SELECT full_name FROM candidates WHERE id = ?').get(r.candidate_id) as { full_name: string }).full_name;
  const old = replaces === null ? null : getDocument(ctx.db, replaces);
  return requestApproval(ctx.db, {
    kind: 'actualsCorrection', subject: `request:${p.requestId}`, reason: p.reason, by: ctx.user.id, at: ctx.now(),
    summary: {
      requestId: p.requestId, candidateId: r.candidate_id, candidateName: name.normalize('NFC'),
      expected: { pieces: expected.pieces, sheets: expected.sheets, minimumPostageCents: expected.minimumPostageCents, from: expected.from },
      proposed: { pieces: p.actualPieces, sheets: p.actualSheets, postageCents: p.actualPostageCents },
      replaces: old === null ? null : documentLabel(old.series, old.number),
    },
    payload: { requestId: p.requestId, actualPostageCents: p.actualPostageCents, actualSheets: p.actualSheets, actualPieces: p.actualPieces },
  });
}

/** Runs an approved correction: a final invoice from the corrected figures, or a credit note and its replacement. */
export function applyCorrection(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const p = a.payload as Actuals & { requestId: number };
  const actor = { userId: ctx.user.id, at: ctx.now() };
  const replaces = standingFinal(ctx.db, p.requestId);
  const corrected = { actualPostageCents: p.actualPostageCents, actualSheets: p.actualSheets, actualPieces: p.actualPieces };
  if (replaces !== null) {
    const reason = (sql(ctx.db, 'SELECT reason FROM approvals WHERE id = ?').get(a.id) as { reason: string }).reason;
    const r = creditNote(ctx.db, actor, { documentId: replaces, reason, corrected }, a.id);
    ctx.audit({ action: 'billing.creditNote', target: r.creditNote.label, details: { documentId: replaces, candidateId: r.candidateId, replacement: r.replacement?.label ?? null, approvalId: a.id } });
    return { creditNote: r.creditNote.label, finalInvoice: r.replacement?.label ?? null };
  }
  const r = reconcile(ctx.db, actor, { requestId: p.requestId, ...corrected }, a.id);
  ctx.audit({ action: 'billing.reconcile', target: r.label, details: { requestId: p.requestId, ...corrected, piecesFrom: 'approvedCorrection', approvalId: a.id, totalCents: r.totalCents } });
  return { finalInvoice: r.label };
}
