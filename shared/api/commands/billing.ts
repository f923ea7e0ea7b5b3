import { z } from 'zod';
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { defineCommand } from '../command.ts';
import type { ApprovalView } from './approvals.ts';
import { PROTECTED_KINDS, type PayerVerdict, type ProtectedKind } from '../../domain/payer-match.ts';
import { language } from './foundation.ts';

// Commands of the billing domain (issue 6). There is deliberately no waiver, discount or write-off command: anything
// free for one candidate would be free for all and paid by the union, which the committee's policy forbids.

const id = z.number().int().positive();
const cents = z.number().int().positive().max(100_000_000_00);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'billing.date').refine(isCalendarDay, 'billing.date');
const note = z.string().trim().min(1).max(2000);
/** Why a committee member asks for a countersignature (as approvals' `reason`). */
const reason = z.string().trim().min(3).max(2000);

export const PAYMENT_METHODS = ['check', 'moneyOrder', 'cashiersCheck', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Who paid. A union, a union account or an employer is not a choice at all, and a name that matches one is refused. */
export const PAYER_TYPES = ['candidate', 'campaignCommittee', 'individualSupporter'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

/** Who paid, and the account holder exactly as written on the cheque or transfer (issue 13 §6). */
export const payer = z.object({
  type: z.enum(PAYER_TYPES), name: z.string().trim().min(2).max(200), accountHolder: z.string().trim().min(2).max(200),
}).strict();

export const method = z.object({
  type: z.enum(PAYMENT_METHODS),
  /** Check number, money-order or cashier's-check serial, or the card terminal's reference. */
  reference: z.string().trim().min(1).max(60),
}).strict();

/**
 * How and to whom a candidate pays (issue 16 §4), recorded once per election by the chair or staff: the election
 * committee as payee (never the union's general account), a postal address for checks and/or bank transfer details.
 * The reference a candidate writes on a payment is the invoice number.
 */
export type PaymentInstructions = { payee: string; mailTo: string | null; bankTransfer: string | null };
/** New instructions one committee member asked for, not in force until a second committee member countersigns them. */
export type PendingInstructions = PaymentInstructions & { countersignId: number; requestedBy: { id: number; name: string }; requestedAt: string };

export type DocumentKind = 'quoteInvoice' | 'finalInvoice' | 'creditNote' | 'receipt' | 'refund';
export type DocLine = { item: string; unit?: 'sheet' | 'side' | 'piece' | 'job' | 'minute'; quantity: number; rateCents: number; amountCents: number };
export type DocumentSnapshot = {
  kind: DocumentKind;
  label: string;
  issuedOn: string;
  unionName: string;
  election: { id: number; name: string } | null;
  candidate: { id: number; name: string };
  requestId: number | null;
  rateCardVersion: string | null;
  lines: DocLine[];
  totalCents: number;
  reference: { id: number; label: string } | null;
  reason: string | null;
  /** accountHolder: as written on the cheque or transfer (absent on receipts issued before it was recorded). */
  payment: { method: PaymentMethod; reference: string; payerType: PayerType; payerName: string; receivedOn: string; accountHolder?: string } | null;
  /** `payee`: who the money was paid to (issue 14 §7); absent on refunds recorded before the rule. */
  refund: { method: PaymentMethod; reference: string; paidOn: string; payee?: string } | null;
  actuals: { postageCents: number; sheets: number; pieces: number } | null;
  quoteCents: number | null;
  /** After this document: the money held for the candidate and the receivable left (dueAfterCents: unpaid final invoices only). */
  fundsAfterCents: number;
  dueAfterCents: number;
  /**
   * "Amount due" after this document (shared/domain/money-words.ts): open quotes and unpaid final invoices not covered by
   * the money held. Absent on documents issued before the one vocabulary: those print no amount due rather than a wrong one.
   */
  amountDueCents?: number;
  /** How and to whom to pay, as the committee recorded it when the invoice was issued; null: none recorded ("ask"). */
  howToPay?: PaymentInstructions | null;
  /** The audit chain head when the document was issued, printed on it (absent on documents issued before heads were). */
  chainHead?: { seq: number; hash: string };
};
export type DocumentRow = {
  id: number; kind: DocumentKind; label: string; totalCents: number; issuedAt: string; requestId: number | null;
  refId: number | null; creditedBy: number | null; lines: DocLine[];
};
export type BillingRequest = {
  id: number; electionId: number; status: string; receivedAt: string; quoteCents: number | null; quoteLines: DocLine[];
  rateCardVersion: string | null; shortfallCents: number | null; finalInvoiceId: number | null; quoteInvoiceId: number | null;
  /** Paid, but only with money whose payer a second committee member has not approved: what is still short without it. */
  awaitingReviewShortCents: number | null;
};
export type Balance = {
  /** dueCents: unpaid final invoices only; amountDueCents: "Amount due", open quotes too (shared/domain/money-words.ts). */
  paidCents: number; refundedCents: number; chargedCents: number; fundsCents: number; dueCents: number; amountDueCents: number;
  committedCents: number; refundableCents: number;
  /** Payments held but not counted toward "paid in full" until a second committee member reviews their payer. */
  awaitingReviewCents: number;
};
export type PaymentRow = {
  id: number; amountCents: number; receivedOn: string; method: PaymentMethod; reference: string; payerType: PayerType;
  payerName: string; receiptId: number; voided: boolean;
  /** As written on the cheque or transfer; null for payments recorded before it was asked. */
  accountHolder: string | null;
  /** 'none': the payer was clear; otherwise the second committee member's review of a near-match and its state. */
  payerReview: 'none' | 'pending' | 'approved' | 'refused';
  payerMatch: string | null;
};
export type RefundRow = { id: number; amountCents: number; paidOn: string; method: PaymentMethod; reference: string; voucherId: number; payee: string | null };
export type DisputeRow = {
  id: number; documentId: number; documentLabel: string; lineIndex: number; note: string; status: 'open' | 'answered';
  answer: string | null; createdAt: string; answeredAt: string | null;
};
export type CandidateBilling = {
  candidate: { id: number; name: string; electionId: number; electionName: string };
  balance: Balance; requests: BillingRequest[]; documents: DocumentRow[]; payments: PaymentRow[]; refunds: RefundRow[];
  disputes: DisputeRow[];
  /** How and to whom to pay, as the committee recorded it for the candidate's election; null: none yet ("ask"). */
  howToPay: PaymentInstructions | null;
  /** For the committee and the auditor: new instructions waiting for a second committee member (never shown to a candidate). */
  howToPayPending?: PendingInstructions | null;
};
export type CandidateSummary = { id: number; name: string; electionName: string; fundsCents: number; dueCents: number; amountDueCents: number; openDisputes: number };
/** A name that may not pay, as the chair recorded it at setup (issue 13 §6). */
export type PayerName = { id: number; kind: ProtectedKind; name: string; variantOf: number | null; active: boolean; addedAt: string };
/** What the core says of a payer before a payment is recorded (the payment form asks staff to confirm an unknown payer). */
export type PayerCheck = {
  status: 'clear' | 'review' | 'refused'; match: { kind: ProtectedKind; name: string } | null; why: PayerVerdict['why'];
  /** The candidate themself, or a payer or account holder of an earlier payment that counts. */
  known: boolean;
};
export type BlockedPayer = { id: number; kind: 'employer' | 'unionBody'; name: string; active: boolean; addedAt: string };
export type LedgerPosting = {
  id: number; kind: string; candidateId: number; requestId: number | null; memo: string; postedAt: string;
  lines: Array<{ account: string; union: boolean; debitCents: number; creditCents: number; item: string | null }>;
};
export type Issued = { documentId: number; label: string };

const STAFF = ['chair', 'staff'] as const;

export const billingCommands = {
  'billing.candidates': defineCommand<CandidateSummary[]>()({
    input: z.object({}).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'none',
  }),
  /** One candidate's requests, documents, payments and balance; a candidate gets only their own (candidateId ignored). */
  'billing.candidate': defineCommand<CandidateBilling>()({
    input: z.object({ candidateId: id.optional() }).strict(), roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'billing.releaseCheck': defineCommand<{ requestId: number; quoteCents: number | null; shortfallCents: number | null; fundsCents: number; committedCents: number }>()({
    input: z.object({ requestId: id }).strict(), roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  /**
   * Money received. A payer (or account holder) made of a name that may not pay is refused; one close to such a name
   * needs `reviewNote` and is recorded for a second committee member's review (countersign.decide): the money counts
   * toward "paid in full" only after it (issue 13 §6).
   */
  'billing.recordPayment': defineCommand<Issued & { payerReview: ApprovalView | null }>()({
    input: z.object({
      candidateId: id, amountCents: cents, receivedOn: day, method, payer,
      /** Who the payer is, for the second committee member, when the payer's name is close to one that may not pay. */
      reviewNote: note.optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /** What the core would say of a payer, before recording: refused, review or clear, and whether the payer is known. */
  'billing.checkPayer': defineCommand<PayerCheck>()({
    input: z.object({ candidateId: id, name: z.string().trim().min(1).max(200), accountHolder: z.string().trim().min(1).max(200).optional() }).strict(),
    roles: STAFF, kind: 'read', memberData: 'none',
  }),
  /** The names that may not pay, as the chair recorded them at setup. */
  'payers.names': defineCommand<PayerName[]>()({
    input: z.object({}).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'none',
  }),
  /** Variants of a name to offer the chair (acronym, abbreviations), none recorded until the chair confirms them. */
  'payers.suggest': defineCommand<string[]>()({
    input: z.object({ name: z.string().trim().min(2).max(200) }).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  /** The chair records a name that may not pay, with the suggested variants they confirmed. */
  'payers.add': defineCommand<PayerName[]>()({
    input: z.object({
      kind: z.enum(PROTECTED_KINDS), name: z.string().trim().min(2).max(200),
      variants: z.array(z.string().trim().min(2).max(200)).max(20).default([]),
    }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /**
   * Switching a name back on takes effect at once (it only tightens). Switching one off loosens who may pay: it needs a
   * reason and waits, as a countersignature request, for a second committee member (`countersign`); the name stays
   * protected until then. The database refuses the switch-off without that approval too.
   */
  'payers.setActive': defineCommand<PayerName & { countersign: ApprovalView | null }>()({
    input: z.object({ id, active: z.boolean(), reason: reason.optional() }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /**
   * The chair proposes a new legal name for the union, with a reason; it takes effect when a second committee member
   * countersigns, and the former name stays protected (as a common name) until switched off the same way.
   */
  'payers.proposeUnionName': defineCommand<ApprovalView>()({
    input: z.object({ unionName: z.string().trim().min(2).max(200), reason }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /**
   * How and to whom the candidates of an election pay (issue 16 §4): the payee (the election committee, never the
   * union: refused with billing.payeeIsUnion), where to mail checks and/or bank transfer details (at least one). Four
   * eyes (insider round): this only ASKS; the instructions in force, shown on each candidate's billing screen and
   * frozen into every invoice issued after, change when a second committee member countersigns the request
   * (`countersign.decide`). Earlier invoices keep theirs. Answers the countersignature request.
   */
  'billing.setPaymentInstructions': defineCommand<ApprovalView>()({
    input: z.object({
      electionId: id, payee: z.string().trim().min(2).max(200),
      mailTo: z.string().trim().max(500).nullable().optional(), bankTransfer: z.string().trim().max(500).nullable().optional(),
      reason: z.string().trim().max(2000).optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  'billing.issueQuoteInvoice': defineCommand<Issued>()({
    input: z.object({ requestId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /**
   * Actual costs (issue 13 §5): pieces and sheets come from the production job (or, for a job LitDesk did not produce,
   * the quote it was released on), postage from the mail house statement, at least the quote's rate for those pieces.
   * Figures that differ are refused here with `billing.correctionNeedsApproval`: they go through
   * `billing.proposeCorrection`, with a reason and a second committee member's approval.
   */
  'billing.reconcile': defineCommand<Issued & { totalCents: number; dueCents: number; refundableCents: number }>()({
    input: z.object({
      requestId: id,
      actualPostageCents: z.number().int().min(0).max(100_000_000_00),
      actualSheets: z.number().int().min(0).max(1_000_000_000).optional(),
      actualPieces: z.number().int().min(0).max(100_000_000).optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /** A correction of actual costs, for a second committee member's approval (approvals.decide runs it). */
  'billing.proposeCorrection': defineCommand<ApprovalView>()({
    input: z.object({
      requestId: id,
      actualPostageCents: z.number().int().min(0).max(100_000_000_00),
      /** Left out: the production job's figure. */
      actualSheets: z.number().int().min(0).max(1_000_000_000).optional(),
      actualPieces: z.number().int().min(0).max(100_000_000).optional(),
      reason: note,
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /**
   * A correction: a credit note referencing the original. A final invoice is always replaced in the same step by a
   * new one computed from corrected actuals at the rate card (so a credit note can never become a discount); a
   * receipt is voided (payment recorded in error); a quote invoice is withdrawn.
   */
  'billing.creditNote': defineCommand<{ creditNote: Issued; replacement: Issued | null }>()({
    input: z.object({
      documentId: id, reason: note,
      /** Corrected actuals; sheets and pieces default to the production job's (other figures need a countersignature). */
      corrected: z.object({
        actualPostageCents: z.number().int().min(0).max(100_000_000_00),
        actualSheets: z.number().int().min(0).max(1_000_000_000).optional(),
        actualPieces: z.number().int().min(0).max(100_000_000).optional(),
      }).strict().optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  'billing.recordRefund': defineCommand<Issued>()({
    /** `payee`: the person or committee the money is paid to, recorded and printed on the refund voucher (issue 14 §7). */
    input: z.object({ candidateId: id, amountCents: cents, paidOn: day, method, payee: z.string().trim().min(1).max(200) }).strict(), roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /** The PDF of an issued document, rebuilt from its immutable snapshot; audited (a write) because it is a copy. */
  /** In the candidate's language unless another is asked for (a copy for the committee's files, say). */
  'billing.documentPdf': defineCommand<{ fileName: string; base64: string }>()({
    input: z.object({ documentId: id, language: language.optional() }).strict(), roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'write', memberData: 'none',
  }),
  'billing.dispute': defineCommand<{ disputeId: number }>()({
    input: z.object({ documentId: id, lineIndex: z.number().int().min(0).max(1000), note }).strict(),
    roles: ['candidate'], kind: 'write', memberData: 'none',
  }),
  'billing.answerDispute': defineCommand<{ disputeId: number }>()({
    input: z.object({ disputeId: id, answer: note }).strict(), roles: STAFF, kind: 'write', memberData: 'none',
  }),
  'billing.openDisputes': defineCommand<Array<DisputeRow & { candidateId: number; candidateName: string }>>()({
    input: z.object({}).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'billing.blockedPayers': defineCommand<BlockedPayer[]>()({
    input: z.object({}).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'billing.blockPayer': defineCommand<BlockedPayer>()({
    input: z.object({ kind: z.enum(['employer', 'unionBody']), name: z.string().trim().min(2).max(200) }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /** As `payers.setActive`: on at once; off only with a reason and a second committee member's countersignature. */
  'billing.setPayerBlock': defineCommand<BlockedPayer & { countersign: ApprovalView | null }>()({
    input: z.object({ id, active: z.boolean(), reason: reason.optional() }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'billing.ledger': defineCommand<{ postings: LedgerPosting[]; total: number }>()({
    input: z.object({ candidateId: id.optional(), beforeId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    roles: ['chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
};
