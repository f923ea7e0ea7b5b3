import { sql } from './sql.ts';
import type {
  Balance, BillingRequest, BlockedPayer, CandidateBilling, CandidateSummary, DisputeRow, DocLine, DocumentRow, LedgerPosting,
  PaymentRow, RefundRow,
} from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { documentLabel, type DocRecord } from './documents.ts';
import { amountDueOf, coverage, prepaymentShortfall, refundable } from './gate.ts';
import { commitmentsSql, unreviewedPaymentsSql } from './schema.ts';
import { storedQuote } from './reconcile.ts';
import { paymentInstructions } from './pay-instructions.ts';

/** A candidate's balance, from postings alone (rule 4): nothing here reads a stored total. */
export function balanceOf(db: DB, candidateId: number): Balance {
  const sum = (text: string): number => (sql(db, text).get(candidateId) as { v: number }).v;
  const onKind = (side: 'debit' | 'credit', acct: string, kind: string) => sum(`SELECT total(l.${side}_cents) AS v FROM billing_lines l
    JOIN billing_postings p ON p.id = l.posting_id JOIN billing_accounts a ON a.id = l.account_id
    WHERE p.candidate_id = ? AND a.kind = '${acct}' AND p.kind = '${kind}'`);
  const paid = onKind('debit', 'campaignFunds', 'payment') - onKind('credit', 'campaignFunds', 'creditNote');
  const refunded = onKind('credit', 'campaignFunds', 'refund');
  const charged = sum(`SELECT total(l.credit_cents) - total(l.debit_cents) AS v FROM billing_lines l JOIN billing_postings p ON p.id = l.posting_id
    JOIN billing_accounts a ON a.id = l.account_id WHERE p.candidate_id = ? AND a.kind IN ('mailHousePayable','postagePayable','costRecovery')`);
  const acct = (kind: string) => sum(`SELECT total(l.credit_cents) - total(l.debit_cents) AS v FROM billing_lines l
    JOIN billing_accounts a ON a.id = l.account_id WHERE a.candidate_id = ? AND a.kind = '${kind}'`);
  const committed = (sql(db, `SELECT ${commitmentsSql('?', '-1')} AS v`).get(candidateId) as { v: number }).v;
  const awaiting = (sql(db, `SELECT ${unreviewedPaymentsSql('?')} AS v`).get(candidateId) as { v: number }).v;
  return {
    paidCents: paid, refundedCents: refunded, chargedCents: charged, fundsCents: acct('candidateDeposit'),
    dueCents: Math.max(0, -acct('candidateReceivable')), amountDueCents: amountDueOf(db, candidateId), committedCents: committed, refundableCents: refundable(db, candidateId),
    awaitingReviewCents: awaiting,
  };
}

export function candidateHeader(db: DB, candidateId: number): CandidateBilling['candidate'] {
  const c = sql(db, `SELECT c.id, c.full_name AS name, c.election_id AS electionId, e.name AS electionName
    FROM candidates c JOIN elections e ON e.id = c.election_id WHERE c.id = ?`).get(candidateId) as CandidateBilling['candidate'] | undefined;
  if (!c) throw new AppError('billing.candidateNotFound', 'No such candidate.');
  return c;
}

type DocRow = DocRecord & { credited_by: number | null };
const toDoc = (d: DocRow): DocumentRow => ({
  id: d.id, kind: d.kind, label: documentLabel(d.series, d.number), totalCents: d.total_cents, issuedAt: d.issued_at,
  requestId: d.request_id, refId: d.ref_document_id, creditedBy: d.credited_by, lines: (JSON.parse(d.snapshot) as { lines: DocLine[] }).lines,
});

/** What a request still lacks once payments awaiting a payer review are left out (0 when it is covered without them). */
function awaitingReviewShort(db: DB, requestId: number, awaitingCents: number): number {
  if (awaitingCents === 0) return 0;
  const c = coverage(db, requestId);
  return Math.max(0, c.commitmentsCents - (c.netFundsCents - awaitingCents));
}

export function candidateBilling(db: DB, candidateId: number): CandidateBilling {
  const candidate = candidateHeader(db, candidateId);
  const docs = (sql(db, `SELECT d.*, (SELECT c.id FROM billing_documents c WHERE c.ref_document_id = d.id) AS credited_by
    FROM billing_documents d WHERE d.candidate_id = ? ORDER BY d.id`).all(candidateId) as DocRow[]).map(toDoc);
  const standing = (requestId: number, kind: string) =>
    docs.find((d) => d.requestId === requestId && d.kind === kind && d.creditedBy === null)?.id ?? null;
  const reqs = sql(db, `SELECT id, election_id, candidate_id, status, received_at, quote_cents, quote_lines, rate_card_version
    FROM requests WHERE candidate_id = ? ORDER BY received_at, id`).all(candidateId) as Array<{
      id: number; election_id: number; status: string; received_at: string; quote_cents: number | null; quote_lines: string | null; rate_card_version: number | null }>;
  const awaiting = (sql(db, `SELECT ${unreviewedPaymentsSql('?')} AS v`).get(candidateId) as { v: number }).v;
  const requests: BillingRequest[] = reqs.map((r) => ({
    id: r.id, electionId: r.election_id, status: r.status, receivedAt: r.received_at, quoteCents: r.quote_cents,
    quoteLines: storedQuote(r)?.lines ?? [], rateCardVersion: r.rate_card_version === null ? null : String(r.rate_card_version),
    shortfallCents: r.quote_cents === null || r.status === 'withdrawn' ? null : prepaymentShortfall(db, r.id),
    awaitingReviewShortCents: r.quote_cents === null || r.status === 'withdrawn' ? null : awaitingReviewShort(db, r.id, awaiting),
    finalInvoiceId: standing(r.id, 'finalInvoice'), quoteInvoiceId: standing(r.id, 'quoteInvoice'),
  }));
  const payments = (sql(db, `SELECT p.*, (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = p.receipt_id) AS voided,
      (SELECT a.status FROM approvals a WHERE a.kind = 'payerReview' AND a.subject = 'payment:' || p.id ORDER BY a.id DESC LIMIT 1) AS review
    FROM billing_payments p WHERE p.candidate_id = ? ORDER BY p.id`).all(candidateId) as Array<{
      id: number; amount_cents: number; received_on: string; method: PaymentRow['method']; method_ref: string; payer_type: PaymentRow['payerType'];
      payer_name: string; receipt_id: number; voided: number | null; account_holder: string | null; payer_check: 'clear' | 'review';
      payer_match: string | null; review: string | null }>)
    .map((p): PaymentRow => ({ id: p.id, amountCents: p.amount_cents, receivedOn: p.received_on, method: p.method, reference: p.method_ref,
      payerType: p.payer_type, payerName: p.payer_name, receiptId: p.receipt_id, voided: p.voided === 1, accountHolder: p.account_holder,
      payerReview: p.payer_check === 'clear' ? 'none' : p.review === 'approved' ? 'approved' : p.review === 'pending' || p.review === null ? 'pending' : 'refused',
      payerMatch: p.payer_match }));
  const refunds = (sql(db, 'SELECT * FROM billing_refunds WHERE candidate_id = ? ORDER BY id').all(candidateId) as Array<{
    id: number; amount_cents: number; paid_on: string; method: RefundRow['method']; method_ref: string; voucher_id: number; payee: string | null }>)
    .map((r): RefundRow => ({ id: r.id, amountCents: r.amount_cents, paidOn: r.paid_on, method: r.method, reference: r.method_ref, voucherId: r.voucher_id, payee: r.payee }));
  return { candidate, balance: balanceOf(db, candidateId), requests, documents: docs, payments, refunds, disputes: disputes(db, candidateId),
    howToPay: paymentInstructions(db, candidate.electionId) };
}

type DisputeDb = { id: number; candidate_id: number; document_id: number; series: string; number: number; line_index: number; note: string;
  status: 'open' | 'answered'; answer: string | null; created_at: string; answered_at: string | null; candidate_name: string };
const toDispute = (d: DisputeDb): DisputeRow => ({
  id: d.id, documentId: d.document_id, documentLabel: documentLabel(d.series, d.number), lineIndex: d.line_index, note: d.note,
  status: d.status, answer: d.answer, createdAt: d.created_at, answeredAt: d.answered_at,
});
const DISPUTES = `SELECT x.*, d.series, d.number, c.full_name AS candidate_name FROM billing_disputes x
  JOIN billing_documents d ON d.id = x.document_id JOIN candidates c ON c.id = x.candidate_id`;

export const disputes = (db: DB, candidateId: number): DisputeRow[] =>
  (sql(db, `${DISPUTES} WHERE x.candidate_id = ? ORDER BY x.id`).all(candidateId) as DisputeDb[]).map(toDispute);

export const openDisputes = (db: DB) =>
  (sql(db, `${DISPUTES} WHERE x.status = 'open' ORDER BY x.id`).all() as DisputeDb[])
    .map((d) => ({ ...toDispute(d), candidateId: d.candidate_id, candidateName: d.candidate_name }));

export function candidates(db: DB): CandidateSummary[] {
  const rows = sql(db, `SELECT c.id, c.full_name AS name, e.name AS electionName,
      (SELECT count(*) FROM billing_disputes x WHERE x.candidate_id = c.id AND x.status = 'open') AS openDisputes
    FROM candidates c JOIN elections e ON e.id = c.election_id WHERE c.active = 1 ORDER BY e.id, c.full_name`).all() as
    Array<{ id: number; name: string; electionName: string; openDisputes: number }>;
  return rows.map((r) => {
    const b = balanceOf(db, r.id);
    return { ...r, fundsCents: b.fundsCents, dueCents: b.dueCents, amountDueCents: b.amountDueCents };
  });
}

export const blockedPayers = (db: DB): BlockedPayer[] =>
  (sql(db, 'SELECT id, kind, name, active, added_at FROM billing_blocked_payers ORDER BY name').all() as Array<{
    id: number; kind: BlockedPayer['kind']; name: string; active: number; added_at: string }>)
    .map((b) => ({ id: b.id, kind: b.kind, name: b.name, active: b.active === 1, addedAt: b.added_at }));

export function ledger(db: DB, q: { candidateId?: number | undefined; beforeId?: number | undefined; limit: number }): { postings: LedgerPosting[]; total: number } {
  const where: string[] = [];
  const params: number[] = [];
  if (q.candidateId !== undefined) { where.push('candidate_id = ?'); params.push(q.candidateId); }
  const total = (sql(db, `SELECT count(*) AS n FROM billing_postings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).get(...params) as { n: number }).n;
  if (q.beforeId !== undefined) { where.push('id < ?'); params.push(q.beforeId); }
  const posts = sql(db, `SELECT * FROM billing_postings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
    .all(...params, q.limit) as Array<{ id: number; kind: string; candidate_id: number; request_id: number | null; memo: string; posted_at: string }>;
  const lines = sql(db, `SELECT a.code, a.union_account, l.debit_cents, l.credit_cents, l.item FROM billing_lines l
    JOIN billing_accounts a ON a.id = l.account_id WHERE l.posting_id = ? ORDER BY l.id`);
  return {
    total,
    postings: posts.map((p) => ({
      id: p.id, kind: p.kind, candidateId: p.candidate_id, requestId: p.request_id, memo: p.memo, postedAt: p.posted_at,
      lines: (lines.all(p.id) as Array<{ code: string; union_account: number; debit_cents: number; credit_cents: number; item: string | null }>)
        .map((l) => ({ account: l.code, union: l.union_account === 1, debitCents: l.debit_cents, creditCents: l.credit_cents, item: l.item })),
    })),
  };
}
