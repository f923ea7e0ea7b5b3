import type { LitDeskApi } from '../../shared/api/client.ts';
import type { CommandName } from '../../shared/api/contract.ts';
import { DEFAULT_PRINT_SETTINGS } from '../../electron/elections/print-settings.ts';

// Valid example inputs for commands whose permission test should also show that the call gets past validation.
// A command without an entry is called with {} — the role check still comes first.
const samples: Partial<Record<CommandName, unknown>> = {
  'users.list': {},
  'audit.list': { limit: 5 },
  'audit.verify': {},
  'agreement.update': { text: 'Version two of the agreement.' },
  'settings.update': { idleMinutes: 12 },
  // Added for issue 8's exfiltration test. Ids assume the hardening vault (test/integration/hardening/populated.ts):
  // election 1, candidates 1 and 2, request 1. Samples that could destroy the session or data aim at ids that do not
  // exist or carry a wrong passphrase / confirmation, so a run of every sample leaves the vault usable.
  ...extraSamples(),
};

function extraSamples(): Partial<Record<CommandName, unknown>> {
  const election = {
    name: 'Officer election 2026', offices: ['President', 'Secretary-Treasurer'], electionDate: '2026-06-30',
    mailBallot: true, ballotMailingDate: '2026-06-10', audienceKinds: ['allGoodStanding', 'segment'],
    channels: ['firstClass', 'marketing'], rules: { pageSize: 'letter', maxPages: 4, colour: true },
    print: { ...DEFAULT_PRINT_SETTINGS, mailerId: '123456', serviceType: '040' },
  };
  const card = {
    paperPerSheetCents: 3, printPerSideCents: 5, envelopeCents: 4, insertingCents: 2,
    postageCents: { firstClass: 73, marketing: 35 }, handlingPerJobCents: 2500, staffHourCents: 3200,
    staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [],
  };
  const all: Record<string, unknown> = {
    'vault.status': {},
    'vault.backup': { folder: '/nonexistent/not-granted' },
    'vault.lastBackup': {},
    'vault.restore': { from: '/nonexistent/a', to: '/nonexistent/b', login: 'chair', passphrase: 'solidarity forever in local forty two' },
    'vault.create': { unionName: 'Local 42', chair: { login: 'second.chair', displayName: 'Second', passphrase: 'a second vault passphrase 2026' } },
    'session.login': { login: 'nobody-here', passphrase: 'not anybody passphrase' },
    'session.me': {},
    'session.handOver': {},
    'session.signIn': { login: 'nobody-here', passphrase: 'not anybody passphrase' },
    'vault.keyStatus': {},
    'vault.rekey': {},
    'session.changePassphrase': { current: 'not my current passphrase', next: 'a fresh and long passphrase 2026' },
    'agreement.accept': { version: 1 },
    'session.setLanguage': { language: 'es' },
    'agreement.current': {},
    'users.add': { login: 'sample.staff', displayName: 'Sample Staff', role: 'staff', candidateId: null, oneTimePassphrase: 'temporary sample passphrase 1' },
    'users.remove': { userId: 9999 },
    'users.resetPassphrase': { userId: 9999, oneTimePassphrase: 'temporary sample passphrase 2' },
    'elections.list': {},
    'elections.save': { electionId: 1, election },
    'elections.setActive': { electionId: 1, active: true },
    'rateCard.publish': { electionId: 1, card },
    'rateCard.versions': { electionId: 1 },
    'elections.versions': { electionId: 1 },
    'candidates.list': { electionId: 1 },
    'candidates.register': { electionId: 1, fullName: 'Sample Candidate', office: 'President', standing: 'candidate' },
    'quotes.estimate': { candidateId: 1, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 2 },
    'audiences.list': { electionId: 1 },
    'requests.tellChair': { requestId: 1 },
    'readyNotices.list': {},
    'readyNotices.seen': { noticeId: 1 },
    'audiences.save': { electionId: 1, name: 'Sample audience', audience: { kind: 'segment', combine: 'and', filters: [{ field: 'zip5', from: '00000', to: '99999' }] }, reason: 'Offered to every candidate alike.' },
    'requests.submit': { candidateId: 1, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: '/nonexistent/not-granted.pdf' },
    'requests.list': { electionId: 1 },
    'requests.requote': { requestId: 1 },
    'requests.proof': { requestId: 1 },
    'requests.signOff': { requestId: 1, proofSha256: '0'.repeat(64) },
    'requests.authorise': { requestId: 1 },
    'billing.proposeCorrection': { requestId: 1, actualPostageCents: 100, actualSheets: 1, actualPieces: 1, reason: 'Mail house statement differs.' },
    'countersign.list': {},
    'countersign.decide': { countersignId: 1, agree: true },
    'users.propose': { login: 'sample.second', displayName: 'Sample Second', role: 'staff', reason: 'A second staff member for the busy weeks.' },
    'requests.release': { requestId: 1 },
    'requests.hold': { requestId: 1, reason: 'The PDF needs a font check' },
    'requests.endHold': { requestId: 1 },
    'requests.withdraw': { requestId: 9999 },
    'candidates.recordInstruction': { candidateId: 1, instruction: { kind: 'withdrawRequest', requestId: 9999 }, dated: '2026-05-20', letterPath: '/nonexistent/letter.pdf' },
    'notices.list': {},
    'notices.markRead': { noticeId: 1 },
    'notices.pdf': { noticeId: 1 },
    'extraAccess.grant': { candidateId: 1, kind: 'extraInspection', description: 'A second look at the list, offered to every candidate.' },
    'extraAccess.respond': { offerId: 1, accept: false },
    'inspection.status': { electionId: 1 },
    'inspection.start': {},
    'inspection.page': { sessionId: 1, page: 1 },
    'inspection.checkOwnList': { sessionId: 1, lines: ['Nobody Here, 1 Main St, Springfield MA 01101'] },
    'inspection.end': { sessionId: 1 },
    'members.importPreview': { path: '/nonexistent/not-granted.csv' },
    'members.importCommit': { token: 'no-such-token', skipInvalid: false },
    'members.importProgress': {},
    'members.importCancel': {},
    'members.standingMap': { values: [{ status: 'Active', good: true }] },
    'members.count': { audience: { kind: 'allGoodStanding' } },
    'members.summary': {},
    'members.segmentValues': {},
    'members.search': { query: 'Zyxwvuq' },
    'members.list': { offset: 0, limit: 5 },
    'members.get': { id: 1 },
    'members.correct': { id: 999_999, goodStanding: true, reason: 'Sample correction.' },
    'members.readBudget.set': { userId: 999_999, dailyRecords: 300, reason: 'Sample budget.' },
    'mailHouses.checkKey': { publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n' + 'A'.repeat(200) + '\n-----END PGP PUBLIC KEY BLOCK-----' },
    'mailHouses.add': { name: 'Sample Mail House', publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n' + 'A'.repeat(200) + '\n-----END PGP PUBLIC KEY BLOCK-----', fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' },
    'mailHouses.remove': { mailHouseId: 999_999 },
    'billing.candidates': {},
    'billing.candidate': { candidateId: 1 },
    'billing.releaseCheck': { requestId: 1 },
    'billing.recordPayment': { candidateId: 1, amountCents: 5000, receivedOn: '2026-05-20', method: { type: 'check', reference: '1001' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } },
    'billing.setPaymentInstructions': { electionId: 1, payee: 'Local 42 Election Committee', mailTo: 'PO Box 42, Portland OR 97201' },
    'billing.issueQuoteInvoice': { requestId: 1 },
    'billing.reconcile': { requestId: 1, actualPostageCents: 100, actualSheets: 10 },
    'billing.creditNote': { documentId: 9999, reason: 'Sample correction.' },
    'billing.recordRefund': { candidateId: 1, amountCents: 1, paidOn: '2026-05-20', method: { type: 'check', reference: '2001' }, payee: 'Candidate' },
    'billing.documentPdf': { documentId: 1 },
    'billing.dispute': { documentId: 1, lineIndex: 0, note: 'Why this line?' },
    'billing.answerDispute': { disputeId: 1, answer: 'It follows the published rate card.' },
    'billing.openDisputes': {},
    'billing.blockedPayers': {},
    'billing.blockPayer': { kind: 'employer', name: 'Acme Hospital Corp' },
    'billing.setPayerBlock': { id: 1, active: true },
    'billing.checkPayer': { candidateId: 1, name: 'Friends of Local 42 members', accountHolder: 'Ana Pérez' },
    'payers.names': {},
    'payers.suggest': { name: 'Acme Hospital, Inc.' },
    'payers.add': { kind: 'employer', name: 'Acme Hospital, Inc.', variants: ['Acme Hosp.'] },
    'payers.setActive': { id: 1, active: true },
    'payers.proposeUnionName': { unionName: 'SEIU Local 503', reason: 'The local merged; this is its chartered name.' },
    'billing.ledger': { limit: 10 },
    'reports.elections': {},
    'reports.spend': { electionId: 1 },
    'reports.equalTreatment': { electionId: 1 },
    'reports.export': { report: 'audit', format: 'jsonl' },
    'retention.status': { electionId: 1 },
    'retention.close': { electionId: 1, passphrase: 'not the passphrase at all', confirmName: 'Not the election name' },
  };
  return all as Partial<Record<CommandName, unknown>>;
}

export const sampleInputs: {
  for(name: CommandName): unknown;
  /** Registers a candidate and returns its id, once the elections domain exists. */
  makeCandidate?: (chair: LitDeskApi) => Promise<number>;
} = {
  for: (name) => samples[name] ?? {},
  async makeCandidate(chair) {
    const { ELECTION } = await import('../integration/elections/helpers.ts');
    const e = await chair.call('elections.save', { election: ELECTION });
    const c = await chair.call('candidates.register', { electionId: e.id, fullName: 'Test Candidate', office: e.offices[0]!, standing: 'candidate' });
    return c.id;
  },
};
