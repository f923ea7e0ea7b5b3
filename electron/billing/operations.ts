import { sql } from './sql.ts';
import type { DocumentSnapshot, Issued, PaymentMethod, PayerType } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { creditedBy, getDocument, issueDocument, party, snapshotOf } from './documents.ts';
import { amountDueOf, refundable } from './gate.ts';
import { accountCredit, candidateAccounts, post, settleLines, sharedAccount, type Line } from './ledger.ts';
import { checkPayer } from './payer.ts';
import type { PayerVerdict } from '../../shared/domain/payer-match.ts';
import { docLines, finalLines, requestRow, storedQuote, type Actuals } from './reconcile.ts';
import { RELEASED_STATUSES } from './schema.ts';
import { instructionsForCandidate } from './pay-instructions.ts';

export type Actor = { userId: number; at: Date };

/** The figures a document prints "after" it; `o`: the request whose final invoice this document issues or credits. */
const after = (db: DB, candidateId: number, o: { closing?: number | null; reopening?: number | null } = {}): { fundsAfterCents: number; dueAfterCents: number; amountDueCents: number } => {
  const acc = candidateAccounts(db, candidateId);
  return { fundsAfterCents: accountCredit(db, acc.deposit), dueAfterCents: Math.max(0, -accountCredit(db, acc.receivable)), amountDueCents: amountDueOf(db, candidateId, o) };
};

const blank = { requestId: null, rateCardVersion: null, lines: [], reference: null, reason: null, payment: null, refund: null, actuals: null, quoteCents: null };

/**
 * Records money received. The payer and the account holder as written on the cheque or transfer are checked against
 * the names that may not pay (payer.ts): refused outright, or, close to one, recorded as awaiting a second committee
 * member's review (`payerCheck: 'review'`): such money does not count toward "paid in full" until the review.
 */
export function recordPayment(db: DB, a: Actor, p: {
  candidateId: number; amountCents: number; receivedOn: string; method: { type: PaymentMethod; reference: string };
  payer: { type: PayerType; name: string; accountHolder: string }; reviewNote?: string | undefined;
}): Issued & { paymentId: number; verdict: PayerVerdict } {
  const who = party(db, p.candidateId);
  const verdict = checkPayer(db, [p.payer.name, p.payer.accountHolder], { note: p.reviewNote });
  const acc = candidateAccounts(db, p.candidateId);
  const main: Line[] = [{ account: sharedAccount(db, 'funds'), debit: p.amountCents, item: 'payment' }, { account: acc.deposit, credit: p.amountCents, item: 'payment' }];
  const postingId = post(db, { kind: 'payment', candidateId: p.candidateId, requestId: null, memo: `payment ${p.method.type}`, at: a.at, by: a.userId,
    lines: [...main, ...settleLines(db, p.candidateId, main)] });
  const accountHolder = p.payer.accountHolder.normalize('NFC');
  const payment = { method: p.method.type, reference: p.method.reference, payerType: p.payer.type, payerName: p.payer.name.normalize('NFC'), receivedOn: p.receivedOn, accountHolder };
  const doc = issueDocument(db, { kind: 'receipt', candidateId: p.candidateId, requestId: null, refId: null, postingId, at: a.at, by: a.userId,
    snapshot: { ...blank, ...who, totalCents: p.amountCents, payment, ...after(db, p.candidateId) } });
  const review = verdict.status === 'review';
  const paymentId = Number(sql(db, `INSERT INTO billing_payments (posting_id, candidate_id, amount_cents, received_on, method, method_ref, payer_type, payer_name,
      receipt_id, account_holder, payer_check, payer_match) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
    .run(postingId, p.candidateId, p.amountCents, p.receivedOn, p.method.type, p.method.reference, p.payer.type, payment.payerName, doc.id,
      accountHolder, review ? 'review' : 'clear', review ? (verdict.match?.name ?? 'a name that reads like a labor organization') : null).lastInsertRowid);
  return { documentId: doc.id, label: doc.label, paymentId, verdict };
}

export function issueQuoteInvoice(db: DB, a: Actor, requestId: number): Issued {
  const r = requestRow(db, requestId);
  const q = storedQuote(r);
  if (!q || r.quote_cents === null) throw new AppError('billing.notQuoted', 'This request has no quote yet.');
  if (r.status === 'withdrawn') throw new AppError('billing.requestWithdrawn', 'This request was withdrawn.');
  const standing = sql(db, `SELECT d.id FROM billing_documents d WHERE d.request_id = ? AND d.kind = 'quoteInvoice'
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = d.id)`).get(requestId) as { id: number } | undefined;
  if (standing) throw new AppError('billing.quoteInvoiceExists', 'A quote invoice for this request is already standing; withdraw it with a credit note first.');
  const doc = issueDocument(db, { kind: 'quoteInvoice', candidateId: r.candidate_id, requestId, refId: null, postingId: null, at: a.at, by: a.userId,
    snapshot: { ...blank, ...party(db, r.candidate_id), requestId, rateCardVersion: r.rate_card_version === null ? null : String(r.rate_card_version),
      lines: docLines(q.lines), totalCents: r.quote_cents, quoteCents: r.quote_cents, ...after(db, r.candidate_id),
      howToPay: instructionsForCandidate(db, r.candidate_id) } });
  return { documentId: doc.id, label: doc.label };
}

function standingFinal(db: DB, requestId: number): number | null {
  const f = sql(db, `SELECT d.id FROM billing_documents d WHERE d.request_id = ? AND d.kind = 'finalInvoice'
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = d.id)`).get(requestId) as { id: number } | undefined;
  return f?.id ?? null;
}

function finalInvoice(db: DB, a: Actor, requestId: number, actuals: Omit<Actuals, 'pieces'> & { pieces?: number | undefined }, refId: number | null, approvalId: number | null): Issued & { totalCents: number } {
  const r = requestRow(db, requestId);
  if (!(RELEASED_STATUSES as readonly string[]).includes(r.status)) {
    throw new AppError('billing.notReleased', 'Actual costs are entered after the job was released and mailed.', { status: r.status });
  }
  if (standingFinal(db, requestId) !== null) throw new AppError('billing.alreadyReconciled', 'This job already has a final invoice; correct it with a credit note.');
  const q = storedQuote(r);
  const full: Actuals = { postageCents: actuals.postageCents, sheets: actuals.sheets, pieces: actuals.pieces ?? q?.pieces ?? 0 };
  const lines = finalLines(db, r, full);
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  const acc = candidateAccounts(db, r.candidate_id);
  let postingId: number | null = null;
  if (total > 0) {
    const main: Line[] = [{ account: acc.receivable, debit: total, item: 'finalInvoice' }];
    for (const l of lines) if (l.amountCents > 0) main.push({ account: sharedAccount(db, l.account), credit: l.amountCents, item: l.item });
    postingId = post(db, { kind: 'finalInvoice', candidateId: r.candidate_id, requestId, memo: 'final invoice (actual costs)', at: a.at, by: a.userId,
      lines: [...main, ...settleLines(db, r.candidate_id, main)] });
  }
  const doc = issueDocument(db, { kind: 'finalInvoice', candidateId: r.candidate_id, requestId, refId: null, postingId, at: a.at, by: a.userId, approvalId,
    snapshot: { ...blank, ...party(db, r.candidate_id), requestId, rateCardVersion: r.rate_card_version === null ? null : String(r.rate_card_version),
      lines: docLines(lines), totalCents: total, actuals: full, quoteCents: r.quote_cents,
      reference: refId === null ? null : { id: refId, label: getDocument(db, refId).series + '-' + String(getDocument(db, refId).number).padStart(6, '0') },
      ...after(db, r.candidate_id, { closing: requestId }), howToPay: instructionsForCandidate(db, r.candidate_id) } });
  return { documentId: doc.id, label: doc.label, totalCents: total };
}

/** Issues the final invoice; figures that differ from the production job need `approvalId` (trigger billing_final_actuals). */
export function reconcile(db: DB, a: Actor, p: { requestId: number; actualPostageCents: number; actualSheets: number; actualPieces?: number | undefined }, approvalId: number | null = null) {
  const made = finalInvoice(db, a, p.requestId, { postageCents: p.actualPostageCents, sheets: p.actualSheets, pieces: p.actualPieces }, null, approvalId);
  const r = requestRow(db, p.requestId);
  const s = after(db, r.candidate_id);
  return { ...made, dueCents: s.dueAfterCents, refundableCents: refundable(db, r.candidate_id) };
}

export function creditNote(db: DB, a: Actor, p: { documentId: number; reason: string; corrected?: { actualPostageCents: number; actualSheets: number; actualPieces?: number | undefined } | undefined }, approvalId: number | null = null) {
  const orig = getDocument(db, p.documentId);
  const snap = snapshotOf(orig);
  if (orig.kind === 'creditNote' || orig.kind === 'refund') throw new AppError('billing.notCreditable', 'Only invoices and receipts are corrected by credit note.');
  if (creditedBy(db, orig.id) !== null) throw new AppError('billing.alreadyCredited', 'This document has already been corrected.');
  if (orig.kind === 'finalInvoice' && !p.corrected) throw new AppError('billing.correctionNeeded', 'A final invoice is replaced by one from corrected actual costs.');
  if (orig.kind !== 'finalInvoice' && p.corrected) throw new AppError('billing.noCorrection', 'Only a final invoice is replaced with corrected actual costs.');
  const c = orig.candidate_id;
  const acc = candidateAccounts(db, c);
  let postingId: number | null = null;
  if (orig.kind === 'finalInvoice' && orig.posting_id !== null) {
    // The exact reverse of the original's charge lines (its settlement lines are left to settle again).
    const charged = sql(db, `SELECT l.account_id, l.credit_cents, l.item FROM billing_lines l JOIN billing_accounts x ON x.id = l.account_id
      WHERE l.posting_id = ? AND x.candidate_id IS NULL AND l.credit_cents > 0`).all(orig.posting_id) as Array<{ account_id: number; credit_cents: number; item: string | null }>;
    const main: Line[] = charged.map((l) => ({ account: l.account_id, debit: l.credit_cents, item: l.item }));
    main.push({ account: acc.receivable, credit: orig.total_cents, item: 'creditNote' });
    postingId = post(db, { kind: 'creditNote', candidateId: c, requestId: orig.request_id, memo: 'credit note (final invoice)', at: a.at, by: a.userId,
      lines: [...main, ...settleLines(db, c, main)] });
  } else if (orig.kind === 'receipt') {
    // A payment recorded in error: the money goes back out only if it is not already spent or committed.
    if (refundable(db, c) < orig.total_cents) {
      throw new AppError('billing.receiptCommitted', 'This payment already pays for released or invoiced work; it cannot be voided.', { refundableCents: refundable(db, c) });
    }
    const main: Line[] = [{ account: acc.deposit, debit: orig.total_cents, item: 'receiptVoided' }, { account: sharedAccount(db, 'funds'), credit: orig.total_cents, item: 'receiptVoided' }];
    postingId = post(db, { kind: 'creditNote', candidateId: c, requestId: null, memo: 'credit note (receipt voided)', at: a.at, by: a.userId,
      lines: [...main, ...settleLines(db, c, main)] });
  }
  const label = `${orig.series}-${String(orig.number).padStart(6, '0')}`;
  const doc = issueDocument(db, { kind: 'creditNote', candidateId: c, requestId: orig.request_id, refId: orig.id, postingId, at: a.at, by: a.userId,
    snapshot: { ...blank, ...party(db, c), requestId: orig.request_id, rateCardVersion: snap.rateCardVersion, lines: snap.lines,
      totalCents: orig.total_cents, reference: { id: orig.id, label }, reason: p.reason, ...after(db, c, { reopening: orig.kind === 'finalInvoice' ? orig.request_id : null }) } });
  let replacement: Issued | null = null;
  if (orig.kind === 'finalInvoice' && p.corrected && orig.request_id !== null) {
    const r = finalInvoice(db, a, orig.request_id, { postageCents: p.corrected.actualPostageCents, sheets: p.corrected.actualSheets, pieces: p.corrected.actualPieces }, orig.id, approvalId);
    replacement = { documentId: r.documentId, label: r.label };
  }
  return { creditNote: { documentId: doc.id, label: doc.label }, replacement, candidateId: c };
}

export function recordRefund(db: DB, a: Actor, p: { candidateId: number; amountCents: number; paidOn: string; method: { type: PaymentMethod; reference: string }; payee: string }): Issued {
  const who = party(db, p.candidateId);
  const can = refundable(db, p.candidateId);
  if (p.amountCents > can) {
    throw new AppError('billing.refundTooLarge', 'A refund can only pay back funds not needed for released or invoiced work.', { refundableCents: can });
  }
  const acc = candidateAccounts(db, p.candidateId);
  const main: Line[] = [{ account: acc.deposit, debit: p.amountCents, item: 'refund' }, { account: sharedAccount(db, 'funds'), credit: p.amountCents, item: 'refund' }];
  const postingId = post(db, { kind: 'refund', candidateId: p.candidateId, requestId: null, memo: `refund ${p.method.type}`, at: a.at, by: a.userId,
    lines: [...main, ...settleLines(db, p.candidateId, main)] });
  const refund = { method: p.method.type, reference: p.method.reference, paidOn: p.paidOn, payee: p.payee.normalize('NFC').trim() };
  const doc = issueDocument(db, { kind: 'refund', candidateId: p.candidateId, requestId: null, refId: null, postingId, at: a.at, by: a.userId,
    snapshot: { ...blank, ...who, totalCents: p.amountCents, refund, ...after(db, p.candidateId) } });
  sql(db, 'INSERT INTO billing_refunds (posting_id, candidate_id, amount_cents, paid_on, method, method_ref, voucher_id, payee) VALUES (?,?,?,?,?,?,?,?)')
    .run(postingId, p.candidateId, p.amountCents, p.paidOn, p.method.type, p.method.reference, doc.id, refund.payee);
  return { documentId: doc.id, label: doc.label };
}

export function openDispute(db: DB, a: Actor, candidateId: number, p: { documentId: number; lineIndex: number; note: string }): number {
  const d = getDocument(db, p.documentId);
  if (d.candidate_id !== candidateId) throw new AppError('billing.documentNotFound', 'Not found.');
  const snap: DocumentSnapshot = snapshotOf(d);
  // A document without lines (a receipt) is disputed as a whole, as line 0.
  if (p.lineIndex >= Math.max(1, snap.lines.length)) throw new AppError('billing.noSuchLine', 'That document has no such line.');
  return Number(sql(db, 'INSERT INTO billing_disputes (candidate_id, document_id, line_index, note, created_at, created_by) VALUES (?,?,?,?,?,?)')
    .run(candidateId, d.id, p.lineIndex, p.note, a.at.toISOString(), a.userId).lastInsertRowid);
}

export function answerDispute(db: DB, a: Actor, p: { disputeId: number; answer: string }): { candidateId: number } {
  const d = sql(db, 'SELECT candidate_id, status FROM billing_disputes WHERE id=?').get(p.disputeId) as { candidate_id: number; status: string } | undefined;
  if (!d) throw new AppError('billing.disputeNotFound', 'No such dispute.');
  if (d.status !== 'open') throw new AppError('billing.disputeAnswered', 'This dispute has already been answered.');
  sql(db, "UPDATE billing_disputes SET status='answered', answer=?, answered_at=?, answered_by=? WHERE id=?").run(p.answer, a.at.toISOString(), a.userId, p.disputeId);
  return { candidateId: d.candidate_id };
}
