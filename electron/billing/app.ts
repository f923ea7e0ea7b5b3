import { sql } from './sql.ts';
import { Buffer } from 'node:buffer';
import type { billingCommands } from '../../shared/api/commands/billing.ts';
import { AppError, type ErrorCode } from '../../shared/api/errors.ts';
import type { Role } from '../../shared/api/roles.ts';
import type { HandlerContext, Handlers, ReadContext } from '../core/context.ts';
import { documentLabel, getDocument, snapshotOf } from './documents.ts';
import { coverage, prepaymentShortfall } from './gate.ts';
import { judgeActuals, needsApproval, proposeCorrection, type Actuals } from './corrections.ts';
import { approval } from '../approvals/store.ts';
import { answerDispute, creditNote, issueQuoteInvoice, openDispute, recordPayment, recordRefund, reconcile, type Actor } from './operations.ts';
import { judgePayment, knownPayer, normalizeName } from './payer.ts';
import { addPayerNames, payerNameRows, proposeUnionName, requestPayerReview, switchProtectedName } from './payer-review.ts';
import { suggestVariants } from '../../shared/domain/payer-match.ts';
import { committeeDay } from '../users/calendar.ts';
import { documentPdf } from './pdf.ts';
import { pendingPaymentInstructions, requestPaymentInstructions } from './pay-instructions.ts';
import { readerFor } from '../users/language.ts';
import { blockedPayers, candidateBilling, candidates, ledger, openDisputes } from './views.ts';
import { candidateFilter, inScope } from '../../shared/domain/candidate-scope.ts';

/** Who is shown payment instructions waiting for a second committee member (not a rule of scope: of the four eyes). */
const SEES_PENDING: readonly Role[] = ['chair', 'staff', 'auditor'];

const actor = (ctx: HandlerContext): Actor => ({ userId: ctx.user.id, at: ctx.now() });

/** Money received or paid out is dated on or before the committee's today: nobody books next week's cheque now. */
function notInFuture(ctx: HandlerContext, day: string): void {
  const today = committeeDay(ctx.db, ctx.now());
  if (day > today) throw new AppError('billing.dateInFuture', 'That date is in the future.', { date: day, today });
}

/**
 * Which candidate a call is about. A candidate only ever reaches their own records: another candidate's id gets the
 * same answer as an id that does not exist.
 */
function scope(ctx: ReadContext, candidateId: number | undefined, notFound: ErrorCode = 'billing.candidateNotFound'): number {
  const id = candidateFilter(ctx.user, candidateId);
  if (id === undefined) throw new AppError('billing.candidateNeeded', 'Choose a candidate.');
  // The id they sent, or their own when they sent none: a candidate's own id, and no other, is in scope.
  if (!inScope(ctx.user, candidateId ?? id)) throw new AppError(notFound, 'Not found.');
  return id;
}

/** Handlers of the billing domain: one per command in shared/api/commands/billing.ts. */
export const billingHandlers: Handlers<typeof billingCommands> = {
  'billing.candidates': (ctx) => candidates(ctx.db),

  'billing.candidate': (ctx, input) => {
    const view = candidateBilling(ctx.db, scope(ctx, input.candidateId));
    // The committee (and the auditor) see instructions waiting for a second committee member; anyone else (a
    // candidate) is told only the ones in force.
    if (!SEES_PENDING.includes(ctx.user.role)) return view;
    return { ...view, howToPayPending: pendingPaymentInstructions(ctx.db, view.candidate.electionId) };
  },

  'billing.releaseCheck': (ctx, input) => {
    const c = coverage(ctx.db, input.requestId);
    scope(ctx, c.candidateId, 'billing.requestNotFound');
    return {
      requestId: input.requestId, quoteCents: c.quoteCents, shortfallCents: c.quoteCents === null ? null : prepaymentShortfall(ctx.db, input.requestId),
      fundsCents: c.netFundsCents, committedCents: c.commitmentsCents,
    };
  },

  'billing.setPaymentInstructions': (ctx, input) => requestPaymentInstructions(ctx, input),

  'billing.recordPayment': (ctx, input) => {
    notInFuture(ctx, input.receivedOn);
    const issued = recordPayment(ctx.db, actor(ctx), input);
    // The payer's name is the candidate's own business: the audit keeps the type and amount, not the name.
    ctx.audit({ action: 'billing.payment', target: issued.label, details: {
      candidateId: input.candidateId, amountCents: input.amountCents, method: input.method.type, payerType: input.payer.type,
      payerCheck: issued.verdict.status } });
    const review = issued.verdict.status === 'review' ? requestPayerReview(ctx, { ...input, ...issued, reviewNote: input.reviewNote ?? '' }) : null;
    return { documentId: issued.documentId, label: issued.label, payerReview: review };
  },

  'billing.checkPayer': (ctx, input) => {
    const names = input.accountHolder ? [input.name, input.accountHolder] : [input.name];
    const v = judgePayment(ctx.db, names);
    return { status: v.status, match: v.match, why: v.why, known: knownPayer(ctx.db, input.candidateId, names) };
  },

  'payers.names': (ctx) => payerNameRows(ctx.db),

  'payers.suggest': (_ctx, input) => suggestVariants(input.name),

  'payers.add': (ctx, input) => {
    const ids = addPayerNames(ctx.db, { ...input, by: ctx.user.id, at: ctx.now() });
    ctx.audit({ action: 'payers.add', target: `payerName:${ids[0]}`, details: { kind: input.kind, name: input.name, variants: input.variants, ids } });
    return payerNameRows(ctx.db).filter((r) => ids.includes(r.id));
  },

  'payers.setActive': (ctx, input) => {
    const countersign = switchProtectedName(ctx, 'payerName', input);
    return { ...payerNameRows(ctx.db).find((r) => r.id === input.id)!, countersign };
  },

  'payers.proposeUnionName': (ctx, input) => proposeUnionName(ctx, input),

  'billing.issueQuoteInvoice': (ctx, input) => {
    const issued = issueQuoteInvoice(ctx.db, actor(ctx), input.requestId);
    ctx.audit({ action: 'billing.quoteInvoice', target: issued.label, details: { requestId: input.requestId } });
    return issued;
  },

  'billing.reconcile': (ctx, input) => {
    // Pieces and sheets come from the production job: the members it mailed (seed pieces are the committee's tracing
    // measure, not the candidate's mailing). Different figures are a correction for a second member (issue 13 §5).
    const judged = judgeActuals(ctx.db, input.requestId, input);
    if (judged.deviates) throw needsApproval(judged.expected);
    const r = reconcile(ctx.db, actor(ctx), { requestId: input.requestId, ...judged.actuals });
    ctx.audit({ action: 'billing.reconcile', target: r.label, details: {
      requestId: input.requestId, ...judged.actuals, piecesFrom: judged.expected.from, totalCents: r.totalCents } });
    return r;
  },

  'billing.proposeCorrection': (ctx, input) => {
    const id = proposeCorrection(ctx, input);
    ctx.audit({ action: 'billing.proposeCorrection', target: `request:${input.requestId}`, details: {
      approvalId: id, actualPostageCents: input.actualPostageCents, actualSheets: input.actualSheets ?? null, actualPieces: input.actualPieces ?? null } });
    return approval(ctx.db, id);
  },

  'billing.creditNote': (ctx, input) => {
    const d = getDocument(ctx.db, input.documentId);
    let corrected: Actuals | undefined;
    if (input.corrected && d.kind === 'finalInvoice' && d.request_id !== null) {
      // Replacing a final invoice with figures other than the production job's is a correction for a second member.
      const judged = judgeActuals(ctx.db, d.request_id, input.corrected);
      if (judged.deviates) throw needsApproval(judged.expected);
      corrected = judged.actuals;
    } else if (input.corrected) {
      corrected = { actualPostageCents: input.corrected.actualPostageCents, actualSheets: input.corrected.actualSheets ?? 0, actualPieces: input.corrected.actualPieces ?? 0 };
    }
    const r = creditNote(ctx.db, actor(ctx), { documentId: input.documentId, reason: input.reason, corrected });
    ctx.audit({ action: 'billing.creditNote', target: r.creditNote.label, details: {
      documentId: input.documentId, candidateId: r.candidateId, replacement: r.replacement?.label ?? null } });
    return { creditNote: r.creditNote, replacement: r.replacement };
  },

  'billing.recordRefund': (ctx, input) => {
    notInFuture(ctx, input.paidOn);
    const issued = recordRefund(ctx.db, actor(ctx), input);
    ctx.audit({ action: 'billing.refund', target: issued.label, details: { candidateId: input.candidateId, amountCents: input.amountCents, method: input.method.type, payee: input.payee } });
    return issued;
  },

  'billing.documentPdf': async (ctx, input) => {
    const d = getDocument(ctx.db, input.documentId);
    scope(ctx, d.candidate_id, 'billing.documentNotFound');
    const label = documentLabel(d.series, d.number);
    ctx.audit({ action: 'billing.documentPdf', target: label, details: { documentId: d.id } });
    const bytes = await documentPdf(snapshotOf(d), readerFor(ctx.db, { asked: input.language, candidateId: d.candidate_id, userId: ctx.user.id }));
    return { fileName: `${label}.pdf`, base64: Buffer.from(bytes).toString('base64') };
  },

  'billing.dispute': (ctx, input) => {
    const own = scope(ctx, undefined, 'billing.documentNotFound');
    const disputeId = openDispute(ctx.db, actor(ctx), own, input);
    ctx.audit({ action: 'billing.dispute', target: String(disputeId), details: { documentId: input.documentId, lineIndex: input.lineIndex } });
    return { disputeId };
  },

  'billing.answerDispute': (ctx, input) => {
    const r = answerDispute(ctx.db, actor(ctx), input);
    ctx.audit({ action: 'billing.answerDispute', target: String(input.disputeId), details: { candidateId: r.candidateId } });
    return { disputeId: input.disputeId };
  },

  'billing.openDisputes': (ctx) => openDisputes(ctx.db),

  'billing.blockedPayers': (ctx) => blockedPayers(ctx.db),

  'billing.blockPayer': (ctx, input) => {
    const normalized = normalizeName(input.name);
    if (normalized.length < 2) throw new AppError('billing.payerNameShort', 'Give the full name.');
    const existing = sql(ctx.db, 'SELECT id FROM billing_blocked_payers WHERE normalized = ?').get(normalized) as { id: number } | undefined;
    const id = existing?.id ?? Number(sql(ctx.db, 'INSERT INTO billing_blocked_payers (kind, name, normalized, added_at, added_by) VALUES (?,?,?,?,?)')
      .run(input.kind, input.name.normalize('NFC'), normalized, ctx.now().toISOString(), ctx.user.id).lastInsertRowid);
    if (existing) sql(ctx.db, 'UPDATE billing_blocked_payers SET active = 1 WHERE id = ?').run(id);
    ctx.audit({ action: 'billing.blockPayer', target: String(id), details: { kind: input.kind } });
    const row = blockedPayers(ctx.db).find((b) => b.id === id);
    if (!row) throw new AppError('billing.payerNotFound', 'Not found.');
    return row;
  },

  'billing.setPayerBlock': (ctx, input) => {
    const countersign = switchProtectedName(ctx, 'blockedPayer', input);
    return { ...blockedPayers(ctx.db).find((b) => b.id === input.id)!, countersign };
  },

  'billing.ledger': (ctx, input) => ledger(ctx.db, input),
};
