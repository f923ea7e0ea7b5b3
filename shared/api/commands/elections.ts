import { z } from 'zod';
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { audience } from '../../domain/audience.ts';
import { isRateCents } from '../../domain/money.ts';
import { defineCommand } from '../command.ts';
import { id, language } from './foundation.ts';

// Commands of the elections domain: elections, the published rate card, candidates, literature requests, quotes,
// proofs, sign-off, release, and the 401(c) inspection. There is deliberately no command, state or field by which the
// committee approves or rejects a piece's content (29 CFR 452.70); a test scans this file's schemas for one.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date.format').refine(isCalendarDay, 'date.format');
const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * A rate in cents, to a tenth of a cent (issue 16 §6: postage is priced in mills, $0.352 a piece is 35.2). What a
 * candidate owes is always whole cents: quotes and invoices round once, at the end (shared/domain/money.ts).
 */
const cents = z.number().min(0).max(100_000_000).refine(isRateCents, 'rate.tenthOfCent');

export const MAIL_CLASSES = ['firstClass', 'marketing', 'nonprofitMarketing'] as const;
export type MailClass = (typeof MAIL_CLASSES)[number];
/** Where a request can go: a mail class, or email where the election offers it (issue 17). */
export const CHANNELS = [...MAIL_CLASSES, 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
export const isMailClass = (c: Channel): c is MailClass => c !== 'email';
export const PAGE_SIZE_NAMES = ['letter', 'legal', 'a4'] as const;
export const AUDIENCE_KINDS = ['allGoodStanding', 'segment'] as const;
export const REQUEST_STATUSES = ['received', 'quoted', 'signedOff', 'authorised', 'released', 'produced', 'mailed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const CANDIDATE_STANDINGS = ['candidate', 'seekingNomination'] as const;

/** Uniform technical rules for literature: the only grounds on which intake may refuse a file. */
export const literatureRules = z.object({
  pageSize: z.enum(PAGE_SIZE_NAMES),
  maxPages: z.number().int().min(1).max(64),
  colour: z.boolean(),
  /**
   * Fonts must be embedded (a preflight every candidate sees with the rate card): a file that only names a font is
   * refused at intake, naming the fonts. Absent in elections saved before the rule, which then do not check it.
   */
  fontsEmbedded: z.boolean().optional(),
  /**
   * Bleed and printer's marks around the page (issue 15 §3): 'trim' cuts the file to its TrimBox/CropBox, 'refuse'
   * asks for an export without them. Absent = 'trim' (every election before the rule printed such files, wrongly).
   */
  bleed: z.enum(['trim', 'refuse']).optional(),
  /** Landscape pages: 'turn' onto the portrait sheet as the proof shows, or 'refuse'. Absent = 'turn'. */
  landscape: z.enum(['turn', 'refuse']).optional(),
  /**
   * Preflight (issue 15 §7): every picture (8 x 8 pixels or more) must print at this many pixels per inch or more.
   * Absent or 0: not checked. `colour: false` means black and white only, and intake refuses a page painted in colour.
   */
  minImageDpi: z.number().int().min(0).max(1200).optional(),
}).strict();

/**
 * Print settings the merge engine reads. Points (1/72 in), origin bottom-left of page 1 of a US Letter sheet.
 * Default #10 window (DESIGN §7): a Letter sheet tri-folded for a #10 envelope shows its top panel (792/3 = 264 pt)
 * behind the window, so the panel's bottom edge is at y = 528; the window sits 1/2 in (36 pt) above it and 7/8 in
 * (63 pt) from the left: x = 63, y = 564, 4 1/2 x 1 1/8 in = 324 x 81 pt. Same numbers as merge/engine/geometry.ts.
 */
/** 6 digits 0-8xxxxx or 9 digits 9xxxxxxxx (USPS-B-3200 2.1.3), and not all zeros: USPS never assigns 000000. */
export const MAILER_ID_RE = /^(?!0+$)(?:[0-8]\d{5}|9\d{8})$/;

export const printSettings = z.object({
  windowXPt: z.number().min(0).max(612),
  windowYPt: z.number().min(0).max(792),
  windowWPt: z.number().min(72).max(612),
  windowHPt: z.number().min(36).max(792),
  addressMode: z.enum(['window', 'addressPage']),
  /** USPS mailer ID: 6 digits starting 0-8 or 9 digits starting 9 (USPS-B-3200), never all zeros (not assigned). */
  mailerId: z.string().regex(MAILER_ID_RE, 'mailerId.format'),
  serviceType: z.string().regex(/^\d{3}$/, 'serviceType.format'),
  batchSize: z.number().int().min(100).max(50_000),
  /**
   * How the mail house prints: 'duplex' (the default when absent, as every election before this rule) pads each piece
   * to an even page count with blank backs so no member's page lands on another member's sheet; 'simplex' prints one
   * side per sheet. A uniform rule of the election, priced by the quote the same way for every candidate.
   */
  sides: z.enum(['duplex', 'simplex']).optional(),
}).strict();
export type PrintSettings = z.infer<typeof printSettings>;

export const electionInput = z.object({
  name: text(200),
  offices: z.array(text(120)).min(1).max(50),
  electionDate: isoDate,
  mailBallot: z.boolean(),
  /** Required for a mail ballot: the 401(c) inspection window closes when ballots are mailed. */
  ballotMailingDate: isoDate.nullable(),
  audienceKinds: z.array(z.enum(AUDIENCE_KINDS)).min(1),
  channels: z.array(z.enum(CHANNELS)).min(1),
  rules: literatureRules,
  print: printSettings,
  /**
   * The published turnaround (issue 14 §4): business days (Monday-Friday, the committee's calendar) from paid in full
   * to release. Absent: 5 on a new election, unchanged on an existing one.
   */
  turnaroundBusinessDays: z.number().int().min(1).max(60).optional(),
}).strict();
export type ElectionInput = z.infer<typeof electionInput>;

export const otherCost = z.object({ name: text(80), cents, per: z.enum(['piece', 'sheet', 'job']) }).strict();

/**
 * Every cost of a mailing, in cents, billed to the candidate (401(g): union money, staff time and equipment never pay
 * for a campaign). Staff time is billed uniformly: setup minutes per job plus minutes per 1,000 pieces, at the hourly rate.
 */
export const rateCard = z.object({
  paperPerSheetCents: cents,
  printPerSideCents: cents,
  envelopeCents: cents,
  insertingCents: cents,
  postageCents: z.partialRecord(z.enum(MAIL_CLASSES), cents),
  /** Email (issue 17): per message sent and per job; required, and never zero, where the election offers email. */
  email: z.object({ perMessageCents: cents, perJobCents: cents }).strict().optional(),
  handlingPerJobCents: cents,
  staffHourCents: cents,
  staffSetupMinutesPerJob: z.number().int().min(0).max(10_000),
  staffMinutesPer1000: z.number().int().min(0).max(10_000),
  other: z.array(otherCost).max(20),
}).strict();
export type RateCard = z.infer<typeof rateCard>;

export type QuoteLine = {
  item: string; unit: 'sheet' | 'side' | 'piece' | 'job' | 'minute'; quantity: number; rateCents: number; amountCents: number;
};
export type Quote = {
  rateCardVersion: number; pieces: number; pagesPerPiece: number; sheetsPerPiece: number; channel: Channel;
  lines: QuoteLine[]; totalCents: number;
};

export type ElectionView = ElectionInput & {
  id: number; active: boolean; createdAt: string; turnaroundBusinessDays: number;
  /** The version of the terms in force (issue 14 §2). */
  version: number;
  rateCard: { version: number; publishedAt: string; card: RateCard } | null;
  inspectionWindow: { opens: string; closesBefore: string };
};
/** One term of the election that a version changed, with its value before and after (structured: screens translate). */
export type TermChange = { field: string; before: unknown; after: unknown };
export type ElectionVersionView = {
  electionId: number; version: number; createdAt: string; createdBy: string;
  /** Why the terms changed; null only for versions made before any candidate was on record. */
  reason: string | null;
  changes: TermChange[];
  terms: Pick<ElectionInput, 'electionDate' | 'mailBallot' | 'ballotMailingDate' | 'audienceKinds' | 'channels' | 'rules' | 'print'> & { turnaroundBusinessDays: number };
  /** Candidates notified of this version. */
  noticesSent: number;
};
export type RateCardVersion = { electionId: number; version: number; publishedAt: string; publishedBy: string; card: RateCard };
export type CandidateView = {
  id: number; electionId: number; fullName: string; office: string; standing: (typeof CANDIDATE_STANDINGS)[number];
  email: string | null; phone: string | null; mailingAddress: string | null; registeredAt: string; active: boolean;
  logins: string[];
};
export type RequestView = {
  id: number; electionId: number; candidateId: number; candidateName: string; status: RequestStatus; receivedAt: string;
  /** 1-based position in the order received, within the election. */
  queuePosition: number;
  audience: z.infer<typeof audience>; channel: Channel; requestedMailingDate: string;
  /** The offered audience the request chose (issue 16 §5), or null for one described in full. */
  audienceId?: number | null; audienceName?: string | null;
  literature: { sha256: string; pages: number; bytes: number; fileName: string; removed: string[] };
  quote: Quote | null;
  signedOffAt: string | null; authorisedAt: string | null; releasedAt: string | null; withdrawnAt: string | null;
  shortfallCents: number | null;
  /** The open hold a committee member placed, with its reason (issue 14 §4). */
  hold?: { reason: string; heldAt: string } | null;
  /** At release: the last day of the published turnaround, and the technical reason recorded for a later release. */
  releaseDue?: string | null; lateReleaseReason?: string | null;
};
export type ProofView = {
  requestId: number; base64: string; pages: number; sha256: string;
  specimen: string[]; window: { xPt: number; yPt: number; wPt: number; hPt: number }; addressMode: 'window' | 'addressPage';
  /** Every page that prints, as PNG, when a renderer is available on this machine
   * (poppler's pdftoppm); otherwise empty. */
  previewPages: string[];
};
export type NoticeView = {
  id: number; kind: 'rateCard' | 'extraAccess' | 'instruction' | 'electionVersion'; electionId: number; candidateId: number; candidateName: string;
  createdAt: string; readAt: string | null;
  rateCardVersion: number | null; extraAccess: { offerId: number; description: string; kind: string; response: 'open' | 'accepted' | 'declined' } | null;
  /** A written instruction of the candidate that a committee member recorded: what, the letter's date, who recorded it. */
  instruction?: { kind: 'withdrawRequest' | 'acceptOffer' | 'declineOffer'; requestId: number | null; offerId: number | null; dated: string; recordedBy: string } | null;
  /** A new version of the election's terms: its number, the reason and what changed (before and after). */
  electionVersion?: { version: number; reason: string | null; changes: TermChange[] } | null;
};
export type InspectionWindowState = { opens: string; closesBefore: string; open: boolean; today: string };
export type InspectionStatus = {
  window: InspectionWindowState;
  minutes: number;
  candidates: Array<{
    candidateId: number; fullName: string; used: boolean; usedAt: string | null;
    extraOffers: Array<{ grantId: number; offerId: number; description: string; response: 'open' | 'accepted' | 'declined'; used: boolean }>;
  }>;
  activeSession: InspectionSession | null;
};
export type InspectionSession = { id: number; candidateId: number; candidateName: string; startedAt: string; expiresAt: string; grantId: number | null; totalMembers: number; pageSize: number };
export type InspectionPage = { page: number; pageSize: number; total: number; expiresAt: string; rows: Array<{ name: string; lines: string[] }> };
export type OwnListResult = { total: number; matched: number; entries: Array<{ line: number; text: string; match: boolean }> };

const requestRef = z.object({ requestId: id }).strict();
/**
 * Who a request goes to (issue 16 §5): one of the audiences the election offers, by id (audiences.list), or an
 * audience described in full. The core accepts a described segment only from a committee member (a candidate's
 * letter); a candidate always names an offered one. Exactly one of the two.
 */
const chosenAudience = { audience: audience.optional(), audienceId: id.optional() };
const oneAudience = (v: { audience?: unknown; audienceId?: unknown }): boolean => (v.audience === undefined) !== (v.audienceId === undefined);
const electionRef = z.object({ electionId: id }).strict();

export const electionsCommands = {
  'elections.list': defineCommand<ElectionView[]>()({
    input: z.object({ includeInactive: z.boolean().default(false) }).strict(),
    roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  /**
   * Once a candidate is on record, a change of dates, rules, channels, audience options or turnaround needs `reason`:
   * it makes a new version of the election and every candidate gets a notice of it (issue 14 §2).
   */
  'elections.save': defineCommand<ElectionView>()({
    input: z.object({ electionId: id.optional(), election: electionInput, reason: text(1000).optional() }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'elections.setActive': defineCommand<ElectionView>()({
    input: z.object({ electionId: id, active: z.boolean() }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'elections.versions': defineCommand<ElectionVersionView[]>()({
    input: electionRef, roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  /** Publishing requotes every open (not yet signed-off) quote of the election under the new card, all or none (issue 14 §4). */
  'rateCard.publish': defineCommand<{ version: number; noticesCreated: number; requoted: number }>()({
    input: z.object({ electionId: id, card: rateCard }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'rateCard.versions': defineCommand<RateCardVersion[]>()({
    input: electionRef, roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'candidates.list': defineCommand<CandidateView[]>()({
    input: z.object({ electionId: id.optional() }).strict(), roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'candidates.register': defineCommand<CandidateView>()({
    input: z.object({
      electionId: id, fullName: text(120), office: text(120), standing: z.enum(CANDIDATE_STANDINGS),
      email: z.string().trim().max(200).nullable().default(null), phone: z.string().trim().max(40).nullable().default(null),
      mailingAddress: z.string().trim().max(400).nullable().default(null),
    }).strict(),
    roles: ['chair', 'staff'], kind: 'write', memberData: 'none',
  }),
  'quotes.estimate': defineCommand<Quote>()({
    input: z.object({ candidateId: id, ...chosenAudience, channel: z.enum(CHANNELS), pages: z.number().int().min(1).max(64) }).strict()
      .refine(oneAudience, { message: 'audiences.chooseOne' }),
    roles: ['chair', 'staff', 'candidate'], kind: 'read', memberData: 'counts',
  }),
  'requests.submit': defineCommand<RequestView>()({
    input: z.object({
      candidateId: id, ...chosenAudience, channel: z.enum(CHANNELS), requestedMailingDate: isoDate,
      literaturePath: z.string().min(1).max(4096),
    }).strict().refine(oneAudience, { message: 'audiences.chooseOne' }),
    roles: ['chair', 'staff', 'candidate'], kind: 'write', memberData: 'counts',
  }),
  'requests.list': defineCommand<RequestView[]>()({
    input: z.object({ electionId: id.optional(), candidateId: id.optional() }).strict(),
    roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'counts',
  }),
  'requests.requote': defineCommand<RequestView>()({
    input: requestRef, roles: ['chair', 'staff', 'candidate'], kind: 'write', memberData: 'counts',
  }),
  'requests.proof': defineCommand<ProofView>()({
    input: requestRef, roles: ['chair', 'staff', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'requests.signOff': defineCommand<RequestView>()({
    input: z.object({ requestId: id, proofSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    roles: ['candidate'], kind: 'write', memberData: 'counts',
  }),
  /** Four eyes (issue 13): the chair authorises, another committee member releases; see electron/billing/gate.ts. */
  'requests.authorise': defineCommand<RequestView>()({
    input: requestRef, roles: ['chair'], kind: 'write', memberData: 'counts',
  }),
  /**
   * A release after the published turnaround (business days from paid in full, the election's current version) needs
   * `lateReason`, the technical reason on record (issue 14 §4). Releasing ends an open hold.
   */
  'requests.release': defineCommand<RequestView>()({
    input: z.object({ requestId: id, lateReason: text(1000).optional() }).strict(), roles: ['chair', 'staff'], kind: 'write', memberData: 'counts',
  }),
  /** A committee member holds a request before release, with the technical reason on record; the report shows it. */
  'requests.hold': defineCommand<RequestView>()({
    input: z.object({ requestId: id, reason: text(1000) }).strict(), roles: ['chair', 'staff'], kind: 'write', memberData: 'counts',
  }),
  'requests.endHold': defineCommand<RequestView>()({
    input: requestRef, roles: ['chair', 'staff'], kind: 'write', memberData: 'counts',
  }),
  /** The produced batches went to the mail house: the last step of the turnaround, recorded for the equal-treatment report. */
  'requests.markMailed': defineCommand<RequestView>()({
    input: z.object({ requestId: id, mailedOn: isoDate, mailHouse: text(200) }).strict(),
    roles: ['chair', 'staff'], kind: 'write', memberData: 'counts',
  }),
  // Only the candidate decides for the candidate (DESIGN §2): a committee member records a written instruction below.
  'requests.withdraw': defineCommand<RequestView>()({
    input: requestRef, roles: ['candidate'], kind: 'write', memberData: 'counts',
  }),
  'candidates.recordInstruction': defineCommand<{ instructionId: number; candidateId: number }>()({
    input: z.object({
      candidateId: id,
      instruction: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('withdrawRequest'), requestId: id }).strict(),
        z.object({ kind: z.enum(['acceptOffer', 'declineOffer']), offerId: id }).strict(),
      ]),
      /** The date on the candidate's letter. */
      dated: isoDate,
      /** The candidate's signed letter as a PDF, picked in the Open dialog. */
      letterPath: z.string().min(1).max(4096),
    }).strict(),
    roles: ['chair', 'staff'], kind: 'write', memberData: 'none',
  }),
  'notices.list': defineCommand<NoticeView[]>()({
    input: z.object({ electionId: id.optional(), candidateId: id.optional() }).strict(),
    roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'notices.markRead': defineCommand<{ read: true }>()({
    input: z.object({ noticeId: id }).strict(), roles: ['candidate'], kind: 'write', memberData: 'none',
  }),
  /** In the candidate's language unless another is asked for. */
  'notices.pdf': defineCommand<{ fileName: string; base64: string }>()({
    input: z.object({ noticeId: id, language: language.optional() }).strict(), roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  'extraAccess.grant': defineCommand<{ grantId: number; offersCreated: number }>()({
    input: z.object({ candidateId: id, kind: z.enum(['extraInspection']), description: text(400) }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'extraAccess.respond': defineCommand<{ offerId: number; response: 'accepted' | 'declined' }>()({
    input: z.object({ offerId: id, accept: z.boolean() }).strict(), roles: ['candidate'], kind: 'write', memberData: 'none',
  }),
  'inspection.status': defineCommand<InspectionStatus>()({
    input: electionRef, roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'none',
  }),
  /**
   * 401(c) inspection runs only inside the candidate's own signed-in session (issue 13): no committee member can open
   * one for a candidate, so a straw candidate's list view needs that candidate's own login. `candidateId`, when sent,
   * must be the caller's own.
   */
  'inspection.start': defineCommand<InspectionSession>()({
    input: z.object({ candidateId: id.optional(), grantId: id.optional() }).strict(), roles: ['candidate'], kind: 'write', memberData: 'counts',
  }),
  'inspection.page': defineCommand<InspectionPage>()({
    input: z.object({ sessionId: id, page: z.number().int().min(1).max(1_000_000) }).strict(),
    roles: ['candidate'], kind: 'write', memberData: 'inspection',
  }),
  'inspection.checkOwnList': defineCommand<OwnListResult>()({
    input: z.object({
      sessionId: id,
      lines: z.array(z.string().max(400)).max(20_000).optional(),
      filePath: z.string().min(1).max(4096).optional(),
    }).strict(),
    roles: ['candidate'], kind: 'write', memberData: 'inspection',
  }),
  /** The candidate ends their session; a committee member supervising the workstation may end it too. */
  'inspection.end': defineCommand<{ ended: true }>()({
    input: z.object({ sessionId: id }).strict(), roles: ['chair', 'staff', 'candidate'], kind: 'write', memberData: 'none',
  }),
};
