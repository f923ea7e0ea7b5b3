// The exfiltration sweep's script (issue 11 §2): every command of the contract with a VALID sample, in an order that
// walks one election through its whole life (terms, candidates, a request, proof, sign-off, payment, release,
// production, mailing, reconciliation, disputes, extra access, inspection, reports, a re-import, the session commands
// and finally closing the election), so each command answers "ok" for at least one role. Inputs are functions of the
// world as it stands when the step runs (ids created by earlier steps, the canaries' rows and pages).
import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from '../../../electron/core/backend.ts';
import { DEFAULT_PRINT_SETTINGS } from '../../../electron/elections/print-settings.ts';
import { INSPECTION_PAGE_SIZE } from '../../../electron/elections/inspection.ts';
import type { DB } from '../../../electron/vault/database.ts';
import type { CommandName } from '../../../shared/api/contract.ts';
import type { Role } from '../../../shared/api/roles.ts';
import { tempDir } from '../../support/backend.ts';
import { SMTP_PASS, SMTP_USER, startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { CANARIES, type CanaryKey } from '../../support/canary-scan.ts';
import { testMailHouseKeys } from '../../support/mail-house.ts';
import { membersCsv, syntheticMembers, OFFICE_HEADER, SYNTHETIC_STANDING } from '../../support/members.ts';
import type { Populated } from './populated.ts';

/** The four roles, and a workstation nobody is signed in to (public commands only). */
export type Caller = Role | 'nobody';
/**
 * Order in which callers try each step. A step that consumes something (withdraw, remove, close) is consumed by the
 * first caller allowed to; the chair comes last so the chair's own session survives the closing steps.
 */
export const CALLERS: readonly Caller[] = ['nobody', 'auditor', 'candidate', 'staff', 'chair'];

export type World = {
  v: Populated;
  db: DB;
  backends: Record<Caller, Backend>;
  folder: string;
  literature: string;
  memberCsv: string;
  /** Values earlier steps returned, by name. */
  got: Record<string, unknown>;
};

export type Step = {
  command: CommandName;
  input: (w: World, caller: Caller) => unknown;
  /** Keeps what a successful call returned (called for every caller that got "ok"). */
  capture?: (value: never, w: World, caller: Caller) => void;
  /** Before the step's first call (set the clock, wait for a job). */
  before?: (w: World) => void | Promise<void>;
  /** Canaries a caller allowed to see member data MUST find in an ok answer of this step. */
  mustSee?: CanaryKey[];
  label?: string;
  /** Leave the sessions as the calls left them: between this step's callers, or until the next step (which needs them locked). */
  noRepair?: 'betweenCallers' | 'untilNextStep';
};

export const ELECTION = {
  name: 'Officer election 2026', offices: ['President', 'Secretary-Treasurer'], electionDate: '2026-06-30',
  mailBallot: true, ballotMailingDate: '2026-06-10', audienceKinds: ['allGoodStanding', 'segment'],
  channels: ['firstClass', 'marketing', 'email'], rules: { pageSize: 'letter', maxPages: 4, colour: true },
  print: { ...DEFAULT_PRINT_SETTINGS, mailerId: '123456', serviceType: '040' },
};
const CARD = {
  paperPerSheetCents: 3, printPerSideCents: 5, envelopeCents: 4, insertingCents: 2,
  postageCents: { firstClass: 74, marketing: 35 }, handlingPerJobCents: 2500, staffHourCents: 3200,
  staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [], email: { perMessageCents: 2, perJobCents: 1500 },
};

const one = <T>(db: DB, sql: string, ...args: unknown[]): T => db.prepare(sql).pluck().get(...args) as T;

/** Page of the inspection view (by name, as inspection.ts orders it) that shows a canary. */
function inspectionPageOf(db: DB, key: CanaryKey): number {
  const ids = db.prepare('SELECT id FROM members WHERE active = 1 AND good_standing = 1 ORDER BY print_name, id').pluck().all() as number[];
  const row = one<number>(db, 'SELECT id FROM members WHERE member_id = ?', CANARIES[key].member.memberId);
  return Math.floor(ids.indexOf(row) / INSPECTION_PAGE_SIZE) + 1;
}

async function waitForJob(w: World): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    // The job runs in the workstation that started it (staff's).
    const r = await w.backends.staff.dispatch('merge.progress', { jobId: w.got.jobId });
    const p = r.ok ? (r.value as { status: string; interrupted: boolean }) : null;
    if (!p || p.status !== 'running' || p.interrupted) return;
    if (Date.now() > until) throw new Error('the sweep\'s production job did not finish');
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** A new, empty folder picked in the folder dialog (granted to that workstation). */
function pickedFolder(b: Backend): string {
  const dir = path.join(tempDir('litdesk-sweep-new-'), 'vault');
  fs.mkdirSync(dir);
  b.grants.grantFolder(dir, 'vault');
  return dir;
}

/** Prepares the files a user would pick in the Open dialogs, granted to every caller's session. */
export async function makeWorld(v: Populated, nobody: Backend): Promise<World> {
  const backends = { ...v.backends, nobody } as Record<Caller, Backend>;
  const folder = tempDir('litdesk-sweep-out-');
  const literature = path.join(v.literatureDir, 'flyer.pdf');
  const memberCsv = path.join(tempDir('litdesk-sweep-list-'), 'members.csv');
  // The same synthetic members as the vault (same seeds), without the canaries: a re-import a committee would make.
  const chairDb = () => v.backends.chair.vault!.db;
  const half = Math.floor((one<number>(chairDb(), 'SELECT count(*) FROM members') - 3) / 2);
  fs.writeFileSync(memberCsv, membersCsv([...syntheticMembers(half, {}), ...syntheticMembers(half, { seed: 2, firstId: 300_001 })]));
  const w: World = { v, get db() { return chairDb(); }, backends, folder, literature, memberCsv, got: {} };
  grantWorld(w);
  return w;
}

/** Grants end with each session (issue 12 §6): after a sign-in, each workstation picks its files again. */
export function grantWorld(w: World): void {
  for (const b of new Set(Object.values(w.backends))) {
    b.grants.grantFolder(w.folder, 'output');
    b.grants.grantFolder(w.folder, 'backup');
    b.grants.grantFile(w.literature, 'literature');
    b.grants.grantFile(w.literature, 'letter'); // the flyer stands in for a candidate's signed letter
    b.grants.grantFile(w.memberCsv, 'memberList');
  }
}

const A = (w: World) => w.v.ids.candidateA!;
const B = (w: World) => w.v.ids.candidateB!;
const E = (w: World) => w.v.ids.electionId!;
const R = (w: World) => w.v.ids.requestId!;
const check = (reference: string) => ({ type: 'check' as const, reference });
/** Members the production job mailed (the final invoice's pieces, issue 13 §5). */
const mailed = (w: World) => one<number>(w.db, "SELECT members FROM merge_jobs WHERE request_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1", R(w));

export const STEPS: Step[] = [
  // --- Foundation -------------------------------------------------------------------------------------------------
  { command: 'vault.status', input: () => ({}) },
  { command: 'session.me', input: () => ({}) },
  { command: 'agreement.current', input: () => ({}), capture: (a: { version: number }, w) => { w.got.agreement ??= a.version; } },
  { command: 'agreement.accept', input: (w) => ({ version: w.got.agreement }) },
  { command: 'session.setLanguage', input: () => ({ language: 'en' }) },
  { command: 'agreement.update', input: () => ({ text: 'Version two: member data stays in LitDesk, always.' }) },
  { command: 'settings.update', input: () => ({ idleMinutes: 12 }) },
  { command: 'users.list', input: () => ({}) },
  { command: 'vault.keyStatus', input: () => ({}) },
  { command: 'session.handOver', input: () => ({}) },
  {
    // The candidate's workstation: the chair unlocks it and hands it over; the candidate signs in there.
    command: 'session.signIn', input: (w) => w.v.logins.candidate, noRepair: 'betweenCallers',
    before: async (w) => {
      const b = w.backends.candidate;
      b.lock('hand-over step');
      await b.dispatch('session.login', w.v.logins.chair);
      await b.dispatch('session.handOver', {});
    },
  },
  {
    // A re-key needs the file to itself: the other workstations on this folder lock first (one app per vault in use).
    command: 'vault.rekey', input: () => ({}), noRepair: 'betweenCallers',
    before: (w) => { for (const who of ['staff', 'auditor', 'candidate'] as const) w.backends[who].lock('re-key step'); },
  },
  {
    command: 'users.add', input: () => ({ login: 'sweep.temp', displayName: 'Sweep Temp', role: 'auditor', candidateId: null, oneTimePassphrase: 'temporary sweep passphrase 1' }),
    capture: (u: { id: number }, w) => { w.got.tempUser ??= u.id; },
  },
  { command: 'users.propose', input: () => ({ login: 'sweep.second', displayName: 'Sweep Second', role: 'staff', reason: 'A second staff member for the busy weeks.' }) },
  { command: 'users.resetPassphrase', input: (w) => ({ userId: w.got.tempUser, oneTimePassphrase: 'temporary sweep passphrase 2' }) },
  { command: 'users.remove', input: (w) => ({ userId: w.got.tempUser }) },
  { command: 'audit.list', input: () => ({ limit: 20 }) },
  { command: 'audit.verify', input: () => ({}) },
  { command: 'vault.lastBackup', input: () => ({}) },
  { command: 'vault.backup', input: (w) => ({ folder: w.folder }), capture: (b: { path: string }, w) => { w.got.backupPath ??= b.path; w.got.backupLogin ??= { ...w.v.logins.chair }; } },

  // --- Members: each canary by row id, by name and by member ID --------------------------------------------------
  { command: 'members.count', input: () => ({ audience: { kind: 'allGoodStanding' } }) },
  { command: 'members.summary', input: () => ({}) },
  { command: 'members.segmentValues', input: () => ({}) },
  ...(['first', 'middle', 'last'] as const).flatMap((k): Step[] => [
    { command: 'members.get', label: `members.get ${k} canary`, input: (w) => ({ id: w.v.canaryRows[k] }), mustSee: [k] },
    { command: 'members.list', label: `members.list page with the ${k} canary`, input: (w) => ({ offset: w.v.canaryRows[k] - 1, limit: 3 }), mustSee: [k] },
    { command: 'members.search', label: `members.search ${k} canary by name`, input: () => ({ query: CANARIES[k].member.firstName }), mustSee: [k] },
    { command: 'members.search', label: `members.search ${k} canary by member ID`, input: () => ({ query: CANARIES[k].member.memberId }), mustSee: [k] },
  ]),
  { command: 'members.correct', input: (w) => ({ id: w.v.canaryRows.first + 1, goodStanding: false, reason: 'Dues lapsed in April.' }) },
  { command: 'members.readBudgets', input: () => ({}) },
  {
    command: 'members.readBudget.set',
    input: (w) => ({ userId: w.db.prepare("SELECT id FROM users WHERE role = 'staff' AND active = 1 ORDER BY id LIMIT 1").pluck().get(), dailyRecords: 400, reason: 'Address clean-up before the mailing.' }),
  },
  { command: 'members.readAlerts', input: () => ({}) },

  // --- Elections, candidates, a request through proof and sign-off ------------------------------------------------
  { command: 'elections.list', input: () => ({}) },
  { command: 'elections.save', input: (w) => ({ electionId: E(w), election: ELECTION, reason: 'Sweep: the terms restated' }) },
  { command: 'elections.setActive', input: (w) => ({ electionId: E(w), active: true }) },
  { command: 'rateCard.publish', input: (w) => ({ electionId: E(w), card: CARD }) },
  { command: 'rateCard.versions', input: (w) => ({ electionId: E(w) }) },
  { command: 'elections.versions', input: (w) => ({ electionId: E(w) }) },
  { command: 'candidates.list', input: () => ({}) },
  { command: 'candidates.register', input: (w) => ({ electionId: E(w), fullName: 'Sweep Registrant', office: 'Secretary-Treasurer', standing: 'seekingNomination' }) },
  { command: 'quotes.estimate', input: (w) => ({ candidateId: A(w), audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 2 }) },
  {
    command: 'audiences.save', input: (w) => ({ electionId: E(w), name: 'Every ZIP code', audience: { kind: 'segment', combine: 'and', filters: [{ field: 'zip5', from: '00000', to: '99999' }] }, reason: 'Offered to every candidate alike.' }),
    capture: (a: { id: number }, w) => { w.got.savedAudience ??= a.id; },
  },
  { command: 'audiences.list', input: (w) => ({ electionId: E(w) }) },
  { command: 'readyNotices.list', input: () => ({}) },
  { command: 'quotes.estimate', label: 'quotes.estimate of a saved audience', input: (w) => ({ candidateId: A(w), audienceId: w.got.savedAudience ?? 1, channel: 'firstClass', pages: 2 }) },
  {
    command: 'requests.submit',
    input: (w) => ({ candidateId: A(w), audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-02', literaturePath: w.literature }),
    capture: (r: { id: number }, w) => { w.got.spareRequest ??= r.id; },
  },
  { command: 'requests.list', input: (w) => ({ electionId: E(w) }) },
  { command: 'requests.requote', input: (w) => ({ requestId: R(w) }) },
  { command: 'requests.withdraw', input: (w) => ({ requestId: w.got.spareRequest }) },
  { command: 'requests.proof', input: (w) => ({ requestId: R(w) }), capture: (p: { sha256: string }, w) => { w.got.proofSha ??= p.sha256; } },
  { command: 'requests.signOff', input: (w) => ({ requestId: R(w), proofSha256: w.got.proofSha }) },

  // --- Billing before release ---------------------------------------------------------------------------------------
  { command: 'billing.candidates', input: () => ({}) },
  { command: 'billing.candidate', input: (w) => ({ candidateId: A(w) }) },
  { command: 'billing.setPaymentInstructions', input: (w) => ({ electionId: E(w), payee: 'Officer Election Committee', mailTo: 'PO Box 42\nPortland OR 97201', bankTransfer: 'Committee account 000123, routing 123000' }) },
  { command: 'billing.issueQuoteInvoice', input: (w) => ({ requestId: R(w) }) },
  {
    // Staff records the prepayment; the chair then records a second payment, which leaves funds to refund later.
    command: 'billing.recordPayment',
    input: (w, who) => ({
      candidateId: A(w), amountCents: one<number>(w.db, 'SELECT quote_cents FROM requests WHERE id = ?', R(w)) + (who === 'chair' ? 5000 : 0),
      receivedOn: '2026-05-20', method: check(`sweep-${who}`), payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
    }),
  },
  { command: 'billing.releaseCheck', input: (w) => ({ requestId: R(w) }) },
  { command: 'requests.hold', input: (w) => ({ requestId: R(w), reason: 'The mail house is closed for the holiday' }) },
  { command: 'requests.endHold', input: (w) => ({ requestId: R(w) }) },
  { command: 'requests.authorise', input: (w) => ({ requestId: R(w) }) },
  {
    command: 'requests.tellChair', input: (w) => ({ requestId: R(w) }),
    capture: (n: { id: number }, w) => { w.got.readyNotice ??= n.id; },
  },
  { command: 'readyNotices.seen', input: (w) => ({ noticeId: w.got.readyNotice ?? 1 }) },
  { command: 'requests.release', input: (w) => ({ requestId: R(w) }) },

  // --- Production ---------------------------------------------------------------------------------------------------
  { command: 'merge.seeds.add', input: () => ({ label: 'Sweep seed', line1: 'PO Box 700', city: 'Boston', state: 'MA', zip: '02108' }), capture: (s: { id: number }, w) => { w.got.seed ??= s.id; } },
  { command: 'merge.seeds.list', input: () => ({}) },
  { command: 'merge.seeds.remove', input: (w) => ({ seedId: w.got.seed }) },
  { command: 'merge.calibration', input: (w) => ({ electionId: E(w), folder: w.folder }) },
  { command: 'merge.productionQueue', input: () => ({}) },
  {
    command: 'mailHouses.checkKey', before: async (w) => { w.got.mailHouseKey ??= (await testMailHouseKeys()).publicKey; },
    input: (w) => ({ publicKey: w.got.mailHouseKey }), capture: (c: { fingerprint: string }, w) => { w.got.mailHouseFingerprint ??= c.fingerprint; },
  },
  {
    command: 'mailHouses.add', input: (w) => ({ name: 'Acme Mail House', publicKey: w.got.mailHouseKey, fingerprint: w.got.mailHouseFingerprint ?? 'none' }),
    capture: (m: { id: number }, w) => { w.got.mailHouse ??= m.id; },
  },
  { command: 'mailHouses.list', input: () => ({}) },
  { command: 'merge.start', input: (w) => ({ requestId: R(w), folder: w.folder, mailHouseId: w.got.mailHouse ?? 999_999, batchSize: 100 }), capture: (j: { jobId: number }, w) => { w.got.jobId ??= j.jobId; } },
  { command: 'merge.progress', input: (w) => ({ jobId: w.got.jobId }) },
  { command: 'merge.cancel', input: (w) => ({ jobId: w.got.jobId }) },
  // One workstation runs a job: in the app every user shares one backend, here each role has its own, so only the
  // workstation that started the job resumes it (a second backend would see it as interrupted and run it again).
  { command: 'merge.resume', input: (w, who) => ({ jobId: who === 'staff' ? w.got.jobId : 999_999 }), before: waitForJob },
  { command: 'merge.jobs', input: (w) => ({ requestId: R(w) }), before: waitForJob },
  // --- Email (issue 17): the union's server (a real SMTP server on 127.0.0.1), seeds, unsubscribes, and an email
  // request composed, signed off, paid, released and sent; sending is slowed so cancel and resume meet a running job.
  { command: 'email.server.get', input: () => ({}) },
  {
    command: 'email.server.save', before: async (w) => { w.got.smtp ??= await startSmtp(); },
    input: (w) => ({
      host: '127.0.0.1', port: (w.got.smtp as TestSmtp).port, security: 'starttls', username: SMTP_USER, password: SMTP_PASS,
      fromAddress: 'elections@union.test', fromName: 'Sweep Committee', unsubscribeAddress: 'unsubscribe@union.test',
      caPem: (w.got.smtp as TestSmtp).caPem, perMinute: 30,
    }),
  },
  { command: 'email.server.check', input: () => ({}) },
  { command: 'email.seeds.add', input: () => ({ label: 'Sweep seed', address: 'seed@committee.test' }), capture: (s: { id: number }, w) => { w.got.emailSeed ??= s.id; } },
  { command: 'email.seeds.list', input: () => ({}) },
  { command: 'email.seeds.remove', input: (w) => ({ seedId: w.got.emailSeed }) },
  { command: 'email.suppress', input: (w) => ({ reason: 'unsubscribe', memberRow: w.v.canaryRows.middle }) },
  { command: 'email.suppressionCounts', input: () => ({}) },
  {
    command: 'requests.submit', label: 'requests.submit by email',
    input: (w) => ({ candidateId: A(w), audience: { kind: 'allGoodStanding' }, channel: 'email', requestedMailingDate: '2026-06-02', literaturePath: w.literature }),
    capture: (r: { id: number }, w) => { w.got.emailRequest ??= r.id; },
  },
  { command: 'email.compose', input: (w) => ({ requestId: w.got.emailRequest, subject: 'Vote Hương', body: 'A fair contract for every member.' }) },
  { command: 'email.message', input: (w) => ({ requestId: w.got.emailRequest }) },
  { command: 'requests.proof', label: 'requests.proof of the email request', input: (w) => ({ requestId: w.got.emailRequest }) },
  // An email request's proof is the message as sent (issue 17): its hash is what the candidate signs off.
  { command: 'email.proof', input: (w) => ({ requestId: w.got.emailRequest }), capture: (p: { sha256: string }, w) => { w.got.emailProof ??= p.sha256; } },
  { command: 'requests.signOff', label: 'requests.signOff of the email request', input: (w) => ({ requestId: w.got.emailRequest, proofSha256: w.got.emailProof }) },
  { command: 'requests.authorise', label: 'requests.authorise the email request', input: (w) => ({ requestId: w.got.emailRequest }) },
  {
    command: 'billing.recordPayment', label: 'billing.recordPayment for the email request',
    input: (w, who) => ({
      candidateId: A(w), amountCents: one<number>(w.db, 'SELECT quote_cents FROM requests WHERE id = ?', w.got.emailRequest), receivedOn: '2026-05-20',
      method: check(`sweep-email-${who}`), payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
    }),
  },
  { command: 'requests.release', label: 'requests.release the email request', input: (w) => ({ requestId: w.got.emailRequest }) },
  { command: 'email.start', input: (w) => ({ requestId: w.got.emailRequest }), capture: (j: { jobId: number }, w) => { w.got.emailJob ??= j.jobId; } },
  { command: 'email.progress', input: (w) => ({ jobId: w.got.emailJob }) },
  { command: 'email.cancel', input: (w) => ({ jobId: w.got.emailJob }) },
  // As for print jobs: only the workstation that started the job resumes it.
  { command: 'email.resume', input: (w, who) => ({ jobId: who === 'staff' ? w.got.emailJob : 999_999 }) },
  { command: 'email.jobs', input: (w) => ({ requestId: w.got.emailRequest }) },
  { command: 'mailHouses.remove', input: (w) => ({ mailHouseId: w.got.mailHouse ?? 999_999 }) },
  { command: 'requests.markMailed', input: (w) => ({ requestId: R(w), mailedOn: '2026-05-20', mailHouse: 'Acme Mail House' }) },

  // --- Billing after mailing ----------------------------------------------------------------------------------------
  // Actuals come from the production job (issue 13 §5): pieces and sheets left out, postage from the statement.
  { command: 'billing.reconcile', input: (w) => ({ requestId: R(w), actualPostageCents: 74 * mailed(w) }) },
  {
    // A different count is a correction: staff proposes it, and a second committee member countersigns it.
    command: 'billing.proposeCorrection',
    input: (w) => ({ requestId: R(w), actualPostageCents: 74 * (mailed(w) - 1), actualPieces: mailed(w) - 1, reason: 'One piece came back from the mail house unmailed.' }),
    capture: (a: { id: number }, w) => { w.got.countersign ??= a.id; },
  },
  { command: 'countersign.list', input: () => ({}) },
  { command: 'countersign.decide', input: (w) => ({ countersignId: w.got.countersign, agree: true, note: 'Checked against the returned piece.' }) },
  {
    command: 'billing.creditNote',
    input: (w) => ({
      documentId: one<number>(w.db, "SELECT max(id) FROM billing_documents WHERE kind = 'finalInvoice' AND request_id = ?", R(w)),
      reason: 'Back to the production job\'s figures.', corrected: { actualPostageCents: 74 * mailed(w) },
    }),
  },
  { command: 'billing.recordRefund', input: (w) => ({ candidateId: A(w), amountCents: 100, paidOn: '2026-05-20', method: check('sweep-refund'), payee: 'Nguyễn Thị Hương' }) },
  { command: 'billing.documentPdf', input: (w) => ({ documentId: one<number>(w.db, 'SELECT max(id) FROM billing_documents WHERE candidate_id = ?', A(w)) }) },
  {
    command: 'billing.dispute',
    input: (w) => ({ documentId: one<number>(w.db, "SELECT max(id) FROM billing_documents WHERE kind = 'finalInvoice' AND candidate_id = ?", A(w)), lineIndex: 0, note: 'Why this line?' }),
    capture: (d: { disputeId: number }, w) => { w.got.dispute ??= d.disputeId; },
  },
  { command: 'billing.openDisputes', input: () => ({}) },
  { command: 'billing.answerDispute', input: (w) => ({ disputeId: w.got.dispute, answer: 'It follows the published rate card.' }) },
  { command: 'billing.blockedPayers', input: () => ({}) },
  { command: 'billing.blockPayer', input: () => ({ kind: 'employer', name: 'Acme Hospital Corp' }), capture: (p: { id: number }, w) => { w.got.block ??= p.id; } },
  { command: 'billing.setPayerBlock', input: (w) => ({ id: w.got.block, active: false, reason: 'Recorded twice under another spelling.' }) },
  { command: 'payers.suggest', input: () => ({ name: 'Oregon Public Employees Union' }) },
  {
    command: 'payers.add', input: () => ({ kind: 'acronym', name: 'OPEU', variants: [] }),
    capture: (rows: Array<{ id: number }>, w) => { w.got.payerName ??= rows[0]?.id; },
  },
  { command: 'payers.names', input: () => ({}) },
  { command: 'payers.setActive', input: (w) => ({ id: w.got.payerName, active: true }) },
  { command: 'payers.proposeUnionName', input: () => ({ unionName: 'SEIU Local 503', reason: 'The local merged; this is its chartered name.' }) },
  { command: 'billing.checkPayer', input: (w) => ({ candidateId: A(w), name: 'Friends of OPEU', accountHolder: 'Ana Pérez' }) },
  { command: 'billing.ledger', input: () => ({ limit: 10 }) },

  // --- Notices, extra access, the 401(c) inspection (inside its window) ----------------------------------------------
  {
    command: 'notices.list', input: () => ({}),
    // The rate card notice: it has a printable form (notices.pdf), unlike a notice of a new election version.
    capture: (list: Array<{ id: number; candidateId: number; kind: string }>, w, who) => { if (who === 'candidate') w.got.notice ??= list.find((n) => n.kind === 'rateCard')?.id; },
  },
  { command: 'notices.markRead', input: (w) => ({ noticeId: w.got.notice }) },
  { command: 'notices.pdf', input: (w) => ({ noticeId: w.got.notice ?? 1 }) },
  { command: 'extraAccess.grant', input: (w) => ({ candidateId: B(w), kind: 'extraInspection', description: 'A second look at the list, offered to every candidate.' }) },
  { command: 'extraAccess.respond', input: (w) => ({ offerId: one<number>(w.db, 'SELECT max(id) FROM extra_access_offers WHERE candidate_id = ?', A(w)), accept: true }) },
  {
    // The registrant declines the offer in a signed letter (the flyer stands in for the letter PDF); staff record it.
    command: 'candidates.recordInstruction',
    input: (w) => {
      const c = one<number>(w.db, "SELECT id FROM candidates WHERE full_name = 'Sweep Registrant'");
      return { candidateId: c, instruction: { kind: 'declineOffer', offerId: one<number>(w.db, 'SELECT max(id) FROM extra_access_offers WHERE candidate_id = ?', c) }, dated: '2026-05-20', letterPath: w.literature };
    },
  },
  { command: 'inspection.status', input: (w) => ({ electionId: E(w) }), before: (w) => w.v.setNow(new Date('2026-06-02T15:00:00Z')) },
  { command: 'inspection.start', input: (w) => ({ candidateId: A(w) }), capture: (s: { id: number }, w) => { w.got.session ??= s.id; } },
  ...(['first', 'middle', 'last'] as const).map((k): Step => ({
    command: 'inspection.page', label: `inspection.page with the ${k} canary`,
    input: (w) => ({ sessionId: w.got.session, page: inspectionPageOf(w.db, k) }), mustSee: [k],
  })),
  { command: 'inspection.checkOwnList', input: (w) => ({ sessionId: w.got.session, lines: ['Nobody Here, 1 Main St, Springfield MA 01101'] }) },
  { command: 'inspection.end', input: (w) => ({ sessionId: w.got.session }) },

  // --- Reports --------------------------------------------------------------------------------------------------------
  { command: 'reports.elections', input: () => ({}) },
  { command: 'reports.spend', input: (w) => ({ electionId: E(w) }) },
  { command: 'reports.equalTreatment', input: (w) => ({ electionId: E(w) }) },
  { command: 'reports.export', label: 'reports.export audit', input: () => ({ report: 'audit', format: 'jsonl' }) },
  { command: 'reports.export', label: 'reports.export spend pdf', input: (w) => ({ report: 'spend', electionId: E(w), format: 'pdf' }) },
  { command: 'reports.export', label: 'reports.export equal-treatment csv', input: (w) => ({ report: 'equalTreatment', electionId: E(w), format: 'csv' }) },

  // --- A re-import of the list (after the canary steps: it marks the canaries "no longer on the list") --------------
  { command: 'members.importProgress', input: () => ({}) },
  { command: 'members.importCancel', input: () => ({}) },
  { command: 'members.importPreview', input: (w) => ({ path: w.memberCsv }), capture: (p: { mapping: Record<string, unknown> }, w) => { w.got.mapping ??= p.mapping; } },
  {
    command: 'members.importValidate',
    input: (w) => ({ path: w.memberCsv, mapping: { ...(w.got.mapping as object), segments: { classification: OFFICE_HEADER.indexOf('Classification') } } }),
    capture: (r: { token: string }, w) => { w.got.token ??= r.token; },
  },
  { command: 'members.standingMap', input: () => ({ values: Object.entries(SYNTHETIC_STANDING).map(([status, good]) => ({ status, good })) }) },
  { command: 'members.importCommit', input: (w) => ({ token: w.got.token, skipInvalid: true }) },

  // --- Session commands, then closing the election a year later ------------------------------------------------------
  {
    command: 'session.changePassphrase',
    input: (w, who) => ({ current: who === 'nobody' ? 'not signed in at all' : w.v.logins[who].passphrase, next: `${who} picks a brand new passphrase 2027` }),
    capture: (_v: unknown, w, who) => { if (who !== 'nobody') w.v.logins[who].passphrase = `${who} picks a brand new passphrase 2027`; },
  },
  // Signing in again while signed in (each caller's own login, the nobody caller as the chair), then locking.
  { command: 'session.login', input: (w, who) => (who === 'nobody' ? w.v.logins.chair : w.v.logins[who]), noRepair: 'betweenCallers' },
  { command: 'session.lock', input: () => ({}), noRepair: 'untilNextStep' },
  {
    command: 'vault.create',
    input: (w, who) => ({
      dir: who === 'nobody' ? pickedFolder(w.backends.nobody) : w.v.dir,
      unionName: 'Local 43', chair: { login: 'other.chair', displayName: 'Other Chair', passphrase: 'another union entirely 2026 vault' },
    }),
  },
  // Backup and restore (issue 16): the chair backs up into the picked folder; the empty workstation restores it into a new one.
  { command: 'vault.backup', input: (w) => ({ folder: w.folder }), capture: (b: { path: string }, w) => { w.got.backup ??= b.path; } },
  { command: 'vault.lastBackup', input: () => ({}) },
  {
    command: 'vault.restore',
    input: (w, who) => {
      const from = String(w.got.backup ?? w.folder);
      w.backends[who].grants.grantFolder(from, 'backup');
      return { from, to: pickedFolder(w.backends[who]), login: w.v.logins.chair.login, passphrase: w.v.logins.chair.passphrase };
    },
  },
  { command: 'retention.status', input: (w) => ({ electionId: E(w) }), before: (w) => w.v.setNow(new Date('2027-07-15T15:00:00Z')) },
  {
    command: 'retention.close',
    input: (w) => ({ electionId: E(w), passphrase: w.v.logins.chair.passphrase, confirmName: ELECTION.name }),
  },
  {
    // Last: a restore signs the workstation in to the restored copy (only a workstation nobody is signed in to may).
    command: 'vault.restore',
    before: (w) => { w.got.restoreTo = path.join(tempDir('litdesk-sweep-restore-'), 'vault'); w.backends.nobody.lock('restore step'); },
    input: (w, who) => {
      const b = w.backends[who];
      b.grants.grantFolder(w.got.backupPath as string, 'backupSource');
      b.grants.grantFolder(w.got.restoreTo as string, 'restoreTarget');
      // The chair's passphrase as it was when the backup was made (the sweep changes it later).
      return { from: w.got.backupPath, to: w.got.restoreTo, ...(w.got.backupLogin as { login: string; passphrase: string }) };
    },
  },
];

export const stepLabel = (s: Step): string => s.label ?? s.command;
