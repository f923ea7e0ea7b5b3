import { z } from 'zod';
import { defineCommand } from '../command.ts';
import type { Phrase } from '../../i18n/documents.ts';
import { id, language, passphrase } from './foundation.ts';

// Commands of the reports domain (issue 7): the spend report, the equal-treatment report, the audit-trail export,
// and records retention (29 CFR 452.106). Reports carry candidates and money, never members: every command here is
// memberData 'none'. The chair and the auditor read and export; staff do not (the committee's books are audited by
// people who do not run them). Only the chair closes an election.

const READERS = ['chair', 'auditor'] as const;

export type ChainHead = { seq: number; hash: string };
export type ReportElection = { id: number; name: string; electionDate: string };

export type SpendRow = {
  candidateId: number; candidateName: string; office: string;
  /** Requests received and not withdrawn. */
  requests: number;
  /** Pieces quoted (the audience count at quote time) over those requests. */
  pieces: number;
  /** Printed pages: pieces × pages of the literature. */
  pages: number;
  quotedCents: number;
  /** Final invoices net of credit notes, from the ledger. */
  invoicedCents: number;
  paidCents: number;
  refundedCents: number;
  /** Candidate's net funds held by the committee (positive) or due (negative): paid - refunded - invoiced. */
  balanceCents: number;
  /** Shown instead of the signed balance (issue 16 §4, shared/domain/money-words.ts): "Held for the candidate" and
   * "Amount due", the figures the candidate's own screen and invoices show under the same words. */
  heldCents: number;
  amountDueCents: number;
  /** Email (issue 17), counts only: requests by email, messages sent to members, members left out as unsubscribed or
   * bounced before the send, and hard bounces during it. Seeds are not counted. */
  emailRequests: number; emailSent: number; emailSuppressed: number; emailBounced: number;
};
/** What one email request's send job did, in counts (never an address); members only, seeds apart. */
export type EmailSendCounts = {
  jobStatus: string;
  /** Members the job was addressed to when it started. */
  members: number;
  sent: number;
  /** Members of the audience left out because they unsubscribed or bounced before (null: job made before this was recorded). */
  suppressed: number | null;
  /** Members of the audience with no usable address (null: not recorded). */
  noAddress: number | null;
  /** Hard bounces during the job (the server refused the address). */
  bounced: number;
  failed: number; uncertain: number; pending: number;
  /** The committee's own seed addresses that were sent the message. */
  seedsSent: number;
};
export type UnionFundsCheck = {
  /** Sum of every line amount (debit or credit) on a union account in a campaign posting of this election. */
  chargedCents: number;
  lines: number;
  postingIds: number[];
  /** The same over the whole ledger (every election), so a bad row on no candidate of this election shows too. */
  ledgerWideCents: number;
  /** The SQL that computed it, printed in the report so an auditor can run it with the sqlcipher tool. */
  query: string;
  explanation: string;
};
/**
 * A correction of actual costs (issue 13 §5): figures that differ from the production job, proposed by one committee
 * member with a reason and countersigned by another. Both reports list every one, with both names.
 */
export type ActualsCorrection = {
  approvalId: number; requestId: number; candidateId: number; candidateName: string;
  expected: { pieces: number; sheets: number; minimumPostageCents: number; from: string };
  corrected: { pieces: number; sheets: number; postageCents: number };
  reason: string; proposedBy: string; proposedAt: string; countersignedBy: string; countersignedAt: string;
  documents: string[];
};

export type SpendReport = {
  election: ReportElection; generatedAt: string; chainHead: ChainHead;
  rows: SpendRow[]; totals: Omit<SpendRow, 'candidateId' | 'candidateName' | 'office'>;
  unionFunds: UnionFundsCheck;
  /** Pieces by ISO week (Monday) of the requested mailing date, per candidate; released-or-later requests only. */
  piecesPerWeek: Array<{ week: string; candidateId: number; pieces: number }>;
  corrections: ActualsCorrection[];
};

export type TimelineStep = 'received' | 'quoted' | 'signedOff' | 'paid' | 'authorised' | 'released' | 'produced' | 'mailed';
export type EqualRequestRow = {
  requestId: number; candidateId: number; candidateName: string; status: string;
  rateCardVersion: number | null;
  /** Rates the quote applied, item -> cents per unit, read from the stored quote lines. */
  rates: Array<{ item: string; unit: string; rateCents: number }>;
  quoteCents: number | null;
  audience: string; channel: string; requestedMailingDate: string;
  /** The audience rule as the candidate chose it (kind and segment filters, no member data), for other languages. */
  audienceRule?: string;
  timeline: Partial<Record<TimelineStep, string>>;
  /** Hours from received to quoted, and received to released (null while the step has not happened). */
  hoursToQuote: number | null; hoursToRelease: number | null;
  /** Email requests with a send job: what it sent, left out and bounced (counts only); null otherwise. */
  email: EmailSendCounts | null;
  /** Who acted at each step (display names), as far as LitDesk records it (issue 14 §4). */
  actors?: Partial<Record<TimelineStep, string>>;
  /** Every hold a committee member placed, with its reason, and when and by whom it ended. */
  holds?: Array<{ heldAt: string; heldBy: string; reason: string; endedAt: string | null; endedBy: string | null }>;
  /** A withdrawal: when, who recorded it and who asked (the candidate, or the candidate's letter recorded by staff). */
  withdrawal?: { at: string; by: string; askedBy: 'candidate' | 'candidateLetter' | 'unknown'; letterDated: string | null } | null;
  /**
   * The published turnaround: business days (committee calendar) from paid in full (or sign-off, if later) to release,
   * or to the report's day while still waiting; `late` past the due day; the technical reason recorded for it.
   */
  turnaround?: { turnaroundBusinessDays: number; startedAt: string; due: string; businessDays: number; released: boolean; late: boolean; lateReason: string | null } | null;
};
export type EqualDifference = {
  topic: 'rateCardVersion' | 'rates' | 'notice' | 'channel' | 'audience' | 'inspection' | 'extraAccess' | 'turnaround' | 'withdrawal';
  subject: string;
  detail: string;
  /** The reason found in the records, or null: an unexplained difference, highlighted. */
  reason: string | null;
  /** The same sentences as catalogue phrases, so each reader gets them in their own language (issue 14 §6). */
  phrases?: { subject?: Phrase; detail: Phrase; reason: Phrase | null };
  /**
   * The same difference as data, for a rendering in the reader's language: a message key and its values (issue 14;
   * `detail` is the English text). Absent on differences that have no key yet.
   */
  key?: string; values?: Record<string, string | number>;
};
export type EqualTreatmentReport = {
  election: ReportElection; generatedAt: string; chainHead: ChainHead;
  candidates: Array<{ id: number; name: string; office: string; standing: string; registeredAt: string; active: boolean }>;
  rateCards: Array<{
    version: number; publishedAt: string;
    notices: Array<{ candidateId: number; candidateName: string; createdAt: string | null; readAt: string | null }>;
  }>;
  requests: EqualRequestRow[];
  inspections: Array<{ candidateId: number; candidateName: string; startedAt: string; endedAt: string | null; underGrant: number | null }>;
  extraAccess: Array<{
    grantId: number; kind: string; description: string; grantedAt: string; grantedTo: string;
    offers: Array<{ candidateId: number; candidateName: string; offeredAt: string | null; response: string; respondedAt: string | null }>;
  }>;
  differences: EqualDifference[];
  corrections: ActualsCorrection[];
  /** Timeline steps LitDesk does not record per request (so the report says so instead of guessing). */
  notRecorded: TimelineStep[];
};

export type ExportedFile = {
  fileName: string; mime: string; base64: string; bytes: number;
  /** SHA-256 of the whole file as saved; also written into the audit entry that records the export. */
  sha256: string;
  generatedAt: string;
  /** The audit chain head the report was produced from; the export's own entry is head.seq + 1. */
  chainHead: ChainHead;
  auditSeq: number;
};

export type RetentionStatus = {
  electionId: number; electionName: string; electionDate: string;
  /** First day the records may be purged: one year after the election date (29 CFR 452.106). */
  keepUntil: string;
  today: string;
  canClose: boolean;
  closed: { at: string; by: string; membersPurged: boolean } | null;
  /** Other elections still open: while one is, the member list stays (only this election's literature goes). */
  otherOpenElections: string[];
  rekey: 'none' | 'pending' | 'done' | 'owed' | 'failed';
};
export type CloseResult = {
  literaturePurged: number; membersPurged: number;
  /** Rows of tables that point at members (segments, search words, history, ...), purged with them. */
  memberRowsPurged: number; membersKept: boolean;
  /** Compact (VACUUM) and re-key run after the commit; retention.status reports when the re-key is done. */
  rekey: 'pending';
};

const electionRef = z.object({ electionId: id }).strict();

export const reportsCommands = {
  'reports.elections': defineCommand<Array<ReportElection & { closed: boolean }>>()({
    input: z.object({}).strict(), roles: READERS, kind: 'read', memberData: 'none',
  }),
  'reports.spend': defineCommand<SpendReport>()({
    input: electionRef, roles: READERS, kind: 'read', memberData: 'none',
  }),
  'reports.equalTreatment': defineCommand<EqualTreatmentReport>()({
    input: electionRef, roles: READERS, kind: 'read', memberData: 'none',
  }),
  /** Builds a report file, hashes it and audits the export in the same transaction. */
  'reports.export': defineCommand<ExportedFile>()({
    input: z.discriminatedUnion('report', [
      // A PDF is in the requesting user's language unless another is asked for; CSV columns stay English (data).
      z.object({ report: z.literal('spend'), electionId: id, format: z.enum(['csv', 'pdf']), language: language.optional() }).strict(),
      z.object({ report: z.literal('equalTreatment'), electionId: id, format: z.enum(['csv', 'pdf']), language: language.optional() }).strict(),
      z.object({ report: z.literal('audit'), format: z.enum(['csv', 'jsonl']) }).strict(),
    ]),
    roles: READERS, kind: 'write', memberData: 'none',
  }),
  'retention.status': defineCommand<RetentionStatus>()({
    input: electionRef, roles: READERS, kind: 'read', memberData: 'none', passive: true,
  }),
  /**
   * Closes an election after its retention year: purges literature (and the member list when no other election is
   * open), keeps money records and the audit trail, then compacts and re-keys the vault with the chair's passphrase.
   */
  'retention.close': defineCommand<CloseResult>()({
    input: z.object({ electionId: id, passphrase, confirmName: z.string().trim().min(1).max(200) }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
};
