import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import type { CommandSpec } from '../../../shared/api/command.ts';
import { contract, type CommandName } from '../../../shared/api/contract.ts';
import { ROLES, type Role } from '../../../shared/api/roles.ts';
import { addUserAndLogin, makeBackend, setUpVault } from '../../support/backend.ts';
import { sampleInputs } from '../../support/sample-inputs.ts';

// Issue 11 §2: the permission matrix, written by hand. It is NOT derived from the role lists in shared/api (the
// router checks those); each row below was decided from the law and the product rules (DESIGN §2-3) and says why.
// Every command × role is called through the router on a real vault, each as its own signed-in user, and the
// outcome must match the row: a widened role, a narrowed role or a new command without a row turns this red.
//
// Row format: one letter per role in the order chair, staff, candidate, auditor — the letter means "may call",
// '-' means "refused with auth.forbidden". 'public' = works without a session (setup, sign-in, lock);
// 'signedIn' = any signed-in user, whatever the role.
type Row = 'public' | 'signedIn' | `${'C' | '-'}${'S' | '-'}${'c' | '-'}${'A' | '-'}`;

const EXPECTED: Record<string, { row: Row; why: string }> = {
  // Foundation: the vault and the session.
  'vault.status': { row: 'public', why: 'the start screen must know whether a vault exists before anyone signs in' },
  'vault.create': { row: 'public', why: 'setting up the first vault names its chair; nobody is signed in yet' },
  'session.login': { row: 'public', why: 'signing in' },
  'vault.backup': { row: 'C---', why: 'the chair keeps the committee\'s records for a year (29 CFR 452.67): the whole vault, list included, leaves only as the chair\'s encrypted backup' },
  'vault.lastBackup': { row: 'CS--', why: 'the committee is reminded when the last backup was made' },
  'vault.restore': { row: 'public', why: 'a restore happens from the start screen, before anyone is signed in; it needs a login and passphrase from the backup' },
  'session.lock': { row: 'public', why: 'locking must always work, even when the session already ended' },
  'session.me': { row: 'signedIn', why: 'each user reads their own session' },
  'session.handOver': { row: 'CS--', why: 'only a committee member unlocks, so only they hand the workstation over (issue 12)' },
  'session.signIn': { row: 'public', why: 'a candidate or auditor signs in on a handed-over workstation, with nobody signed in' },
  'vault.keyStatus': { row: 'C---', why: 'who holds the vault key is the chair\'s to manage' },
  'vault.rekey': { row: 'C---', why: '"Re-key now" is the chair\'s (issue 12 §3)' },
  'session.changePassphrase': { row: 'signedIn', why: 'each user changes their own passphrase' },
  'agreement.accept': { row: 'signedIn', why: 'every user accepts the confidentiality agreement' },
  'session.setLanguage': { row: 'signedIn', why: 'each user chooses the language of their own screens and of the documents addressed to them' },
  'agreement.current': { row: 'signedIn', why: 'every user reads the agreement they accept' },
  'agreement.update': { row: 'C---', why: 'the chair speaks for the committee' },
  'settings.update': { row: 'C---', why: 'the chair sets the idle lock and the time zone (a new union name is proposed and countersigned)' },
  'users.list': { row: 'C---', why: 'accounts are the chair\'s to manage' },
  'users.add': { row: 'C---', why: 'only the chair creates accounts (DESIGN §3)' },
  'users.remove': { row: 'C---', why: 'only the chair removes accounts' },
  'users.resetPassphrase': { row: 'C---', why: 'only the chair resets a passphrase' },
  'audit.list': { row: 'C--A', why: 'the auditor reads the trail; staff and candidates do not' },
  'audit.verify': { row: 'C--A', why: 'the auditor and the chair check the chain' },
  // Members: the list never leaves the store (DESIGN §3). Only the committee handles records; candidates and the
  // auditor see counts (audience sizes, quotes), never a member.
  'members.importPreview': { row: 'CS--', why: 'the committee imports the list' },
  'members.importValidate': { row: 'CS--', why: 'the committee imports the list' },
  'members.standingMap': { row: 'CS--', why: 'the committee says which statuses are in good standing' },
  'members.importCommit': { row: 'CS--', why: 'the committee imports the list' },
  'members.importProgress': { row: 'CS--', why: 'the committee imports the list' },
  'members.importCancel': { row: 'CS--', why: 'the committee imports the list' },
  'members.count': { row: 'CScA', why: 'audience sizes: a candidate needs them to choose a segment (counts only)' },
  'members.summary': { row: 'CScA', why: 'counts only' },
  'members.segmentValues': { row: 'CScA', why: 'the same audience options for every candidate (452.67)' },
  'members.search': { row: 'CS--', why: 'member records: committee only' },
  'members.list': { row: 'CS--', why: 'member records: committee only' },
  'members.get': { row: 'CS--', why: 'member records: committee only' },
  'members.correct': { row: 'CS--', why: 'the committee keeps the list correct' },
  'members.readBudgets': { row: 'C--A', why: 'the chair sets read budgets; the auditor watches who read how much (issue 13)' },
  'members.readBudget.set': { row: 'C---', why: 'the chair changes a read budget, with a reason on the trail (issue 13)' },
  'members.readAlerts': { row: 'C--A', why: 'the auditor sees read-budget alerts first; the chair answers for the committee' },
  // Elections: the committee sets the terms, equally for every candidate; no content approval exists (452.70).
  'elections.list': { row: 'CScA', why: 'everyone reads the published terms' },
  'elections.save': { row: 'C---', why: 'the chair sets the election\'s terms' },
  'elections.versions': { row: 'CScA', why: 'every version of the terms, with its reason, is published to every candidate (issue 14)' },
  'elections.setActive': { row: 'C---', why: 'the chair opens and closes an election' },
  'rateCard.publish': { row: 'C---', why: 'one published rate card per election, set by the chair' },
  'rateCard.versions': { row: 'CScA', why: 'the rate card is published to every candidate' },
  'candidates.list': { row: 'CScA', why: 'a candidate sees only themselves (scoping, not role)' },
  'candidates.register': { row: 'CS--', why: 'the committee registers candidates and people seeking nomination' },
  'quotes.estimate': { row: 'CSc-', why: 'a candidate prices their own mailing; staff quote for a candidate on the phone' },
  'requests.submit': { row: 'CSc-', why: 'candidates request; staff enter a request a candidate sent on paper' },
  'requests.list': { row: 'CScA', why: 'the queue in the order received; a candidate sees their own' },
  'requests.requote': { row: 'CSc-', why: 'requote after a rate change' },
  'requests.proof': { row: 'CSc-', why: 'the committee prepares the proof; the candidate checks it' },
  'requests.signOff': { row: '--c-', why: 'the candidate signs off their own proof, nobody else (452.70)' },
  'requests.authorise': { row: 'C---', why: 'the chair authorises production' },
  'requests.hold': { row: 'CS--', why: 'the committee holds a request only with a technical reason the equal-treatment report shows (issue 14 §4)' },
  'requests.endHold': { row: 'CS--', why: 'the committee ends its own hold' },
  'requests.release': { row: 'CS--', why: 'four eyes: the member who did not authorise releases, so staff must be able to (issue 13 §1)' },
  'requests.markMailed': { row: 'CS--', why: 'the committee records the mailing' },
  'requests.withdraw': { row: '--c-', why: 'only the candidate withdraws their request (DESIGN §2, issue 14 §3)' },
  'notices.list': { row: 'CScA', why: 'notices to candidates; the auditor checks every candidate got each one' },
  'notices.markRead': { row: '--c-', why: 'only the candidate reads their own notice' },
  'notices.pdf': { row: 'CScA', why: 'a copy of a notice' },
  'extraAccess.grant': { row: 'C---', why: 'extra access offered to one is offered to all, by the chair' },
  'extraAccess.respond': { row: '--c-', why: 'only the candidate answers an offer (DESIGN §2, issue 14 §3)' },
  'candidates.recordInstruction': { row: 'CS--', why: 'the committee records a candidate\'s signed letter; the decision stays the candidate\'s, who is notified (issue 14 §3)' },
  'inspection.status': { row: 'CScA', why: 'the committee and the auditor see whether an inspection runs; a candidate sees the window and their own row, to open their own (issue 13 §2)' },
  'inspection.start': { row: '--c-', why: '401(c) inspection runs only in the candidate\'s own session (DESIGN §3, issue 13 §2)' },
  'inspection.page': { row: '--c-', why: '401(c) inspection runs only in the candidate\'s own session (DESIGN §3, issue 13 §2)' },
  'inspection.checkOwnList': { row: '--c-', why: 'the candidate checks their own list (DESIGN §2)' },
  'inspection.end': { row: 'CSc-', why: 'the candidate ends their inspection; the supervising member may end it too' },
  // Production: the committee runs it; candidates and the auditor get counts through requests and reports.
  'merge.seeds.list': { row: 'CS--', why: 'seed addresses are the committee\'s trace of a leaked list' },
  'merge.seeds.add': { row: 'CS--', why: 'seed addresses are the committee\'s' },
  'merge.seeds.remove': { row: 'CS--', why: 'seed addresses are the committee\'s' },
  'merge.calibration': { row: 'CS--', why: 'the committee checks the envelope window' },
  'merge.productionQueue': { row: 'CS--', why: 'the committee runs production' },
  'mailHouses.list': { row: 'CS--', why: 'the committee chooses where a job is delivered' },
  'mailHouses.checkKey': { row: 'C---', why: 'the chair confirms a mail house\'s key by its fingerprint (issue 13 §4)' },
  'mailHouses.add': { row: 'C---', why: 'only the chair decides who may receive the list, encrypted (issue 13 §4)' },
  'mailHouses.remove': { row: 'C---', why: 'only the chair decides who may receive the list' },
  'merge.start': { row: 'CS--', why: 'the committee runs production' },
  'merge.progress': { row: 'CS--', why: 'the committee runs production' },
  'merge.cancel': { row: 'CS--', why: 'the committee runs production' },
  'merge.resume': { row: 'CS--', why: 'the committee runs production' },
  'merge.jobs': { row: 'CS--', why: 'the committee runs production' },
  // Billing: the candidate pays every cost (401(g)); the committee records, the auditor reads.
  'billing.candidates': { row: 'CS-A', why: 'all candidates\' balances: committee and auditor, never another candidate' },
  'billing.candidate': { row: 'CScA', why: 'a candidate reads their own account' },
  'billing.releaseCheck': { row: 'CScA', why: 'whether a request is paid in full' },
  'billing.recordPayment': { row: 'CS--', why: 'the committee records payments' },
  'billing.setPaymentInstructions': { row: 'CS--', why: 'a committee member asks how and to whom candidates pay (in force once a second committee member countersigns); a candidate or auditor never sets where money goes' },
  'billing.issueQuoteInvoice': { row: 'CS--', why: 'the committee issues invoices' },
  'billing.reconcile': { row: 'CS--', why: 'the committee records actual costs' },
  'billing.proposeCorrection': { row: 'CS--', why: 'the committee proposes a correction of actual costs; a second member countersigns it (issue 13 §5)' },
  'billing.creditNote': { row: 'CS--', why: 'the committee corrects its documents' },
  'billing.recordRefund': { row: 'CS--', why: 'the committee refunds' },
  'billing.documentPdf': { row: 'CScA', why: 'a copy of an issued document; a candidate gets their own' },
  'billing.dispute': { row: '--c-', why: 'the candidate disputes a line of their own invoice' },
  'billing.answerDispute': { row: 'CS--', why: 'the committee answers' },
  'billing.openDisputes': { row: 'CS-A', why: 'all candidates\' disputes' },
  'billing.blockedPayers': { row: 'CS-A', why: 'staff must see who may not pay (union bodies, employers)' },
  'billing.blockPayer': { row: 'C---', why: 'the chair names union bodies and employers that may not pay' },
  'billing.setPayerBlock': { row: 'C---', why: 'the chair names union bodies and employers that may not pay' },
  'billing.checkPayer': { row: 'CS--', why: 'staff ask whether a payer may pay before recording money (issue 16 §4); the core still decides' },
  'payers.names': { row: 'CS-A', why: 'staff must see who may not pay; the auditor checks the list the chair kept (issue 13 §6)' },
  'payers.suggest': { row: 'C---', why: 'variants are offered to the chair, who records who may not pay' },
  'payers.add': { row: 'C---', why: 'the chair records the union\'s names, affiliates and members\' employers at setup (issue 13 §6)' },
  'payers.setActive': { row: 'C---', why: 'the chair keeps the list of who may not pay' },
  'payers.proposeUnionName': { row: 'C---', why: 'the chair proposes the union\'s new legal name; a second committee member countersigns it (four eyes: the old name stops being protected)' },
  'billing.ledger': { row: 'C--A', why: 'the books are read by the chair and audited by the auditor, not by who keeps them' },
  // Email (issue 17): the chair holds the union's server credentials and seed list; the committee sends, the auditor
  // counts; the candidate (or staff entering a request for them) writes the message.
  'email.server.get': { row: 'C---', why: 'the union\'s mail server settings are the chair\'s' },
  'email.server.save': { row: 'C---', why: 'the union\'s mail server settings are the chair\'s' },
  'email.server.check': { row: 'C---', why: 'the union\'s mail server settings are the chair\'s' },
  'email.seeds.list': { row: 'CS--', why: 'seed addresses are the committee\'s' },
  'email.seeds.add': { row: 'C---', why: 'the chair keeps the decoy addresses that trace a leak' },
  'email.seeds.remove': { row: 'C---', why: 'the chair keeps the decoy addresses that trace a leak' },
  'email.suppress': { row: 'CS--', why: 'the committee records unsubscribes and bounces for every candidate alike' },
  'email.suppressionCounts': { row: 'CS-A', why: 'counts only, for the committee and the auditor' },
  'email.compose': { row: 'CSc-', why: 'the candidate writes the message; staff enter it as they enter a request, never review it' },
  'email.message': { row: 'CScA', why: 'a candidate reads their own message; the auditor sees what was sent' },
  'email.proof': { row: 'CScA', why: 'the candidate signs off their own message as sent; the committee and the auditor can see what was signed' },
  'email.start': { row: 'CS--', why: 'the committee runs production' },
  'email.progress': { row: 'CS--', why: 'the committee runs production' },
  'email.cancel': { row: 'CS--', why: 'the committee runs production' },
  'email.resume': { row: 'CS--', why: 'the committee runs production' },
  'email.jobs': { row: 'CS-A', why: 'counts of what was sent: the committee and the auditor' },
  // Saved audiences (issue 16 §5): the committee offers them; every candidate chooses among the same ones.
  'audiences.list': { row: 'CScA', why: 'the audiences an election offers are published to every candidate alike; counts only, under 10 hidden from candidates' },
  'requests.tellChair': { row: '-S--', why: 'staff tell the chair a job is ready; the chair needs no notice from themselves' },
  'readyNotices.list': { row: 'CS--', why: 'notices between committee members' },
  'readyNotices.seen': { row: 'C---', why: 'the chair marks a notice addressed to the chair as seen' },
  'audiences.save': { row: 'CS--', why: 'the committee decides the options every candidate gets; a candidate choosing their own would be free text again' },
  // Four eyes (issue 13): one committee member asks, a second countersigns; the auditor reads who did what.
  'countersign.list': { row: 'CS-A', why: 'the committee sees what waits for a second member; the auditor sees both names' },
  'countersign.decide': { row: 'CS--', why: 'a second committee member countersigns (or the one who asked withdraws)' },
  'users.propose': { row: 'C---', why: 'the chair proposes a new committee member; a second member countersigns (issue 13 §1)' },
  // Reports: chair and auditor; staff do not audit their own work.
  'reports.elections': { row: 'C--A', why: 'reports are for the chair and the auditor' },
  'reports.spend': { row: 'C--A', why: 'reports are for the chair and the auditor' },
  'reports.equalTreatment': { row: 'C--A', why: 'reports are for the chair and the auditor' },
  'reports.export': { row: 'C--A', why: 'reports are for the chair and the auditor' },
  'retention.status': { row: 'C--A', why: 'records retention (452.106)' },
  'retention.close': { row: 'C---', why: 'only the chair closes an election after its retention year' },
};

/**
 * Cells where the code today differs from the row above, each with the issue that fixes it. The test checks these
 * cells are STILL different (so a fix turns it red until its line here is deleted) and every other cell is equal.
 * Each is a finding of issue 11's review: the code lets a role do what the law or DESIGN says it must not.
 */
const KNOWN_GAPS: Record<string, { roles: Role[]; issue: string }> = {
};

const LETTER: Record<Role, string> = { chair: 'C', staff: 'S', candidate: 'c', auditor: 'A' };
const ORDER: Role[] = ['chair', 'staff', 'candidate', 'auditor'];

/** What the row says for one role. */
function expectedAllowed(row: Row, role: Role): boolean {
  if (row === 'public' || row === 'signedIn') return true;
  return row[ORDER.indexOf(role)] === LETTER[role];
}

/** A payload no command's schema accepts: the router refuses it only after the role check, so nothing runs. */
const NOT_A_FIELD = { '\u0000notAField': true };

let backends: Record<Role, Backend>;
let locked: Backend;
const names = Object.keys(contract) as CommandName[];

beforeAll(async () => {
  const chair = await setUpVault();
  const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'staff1', role: 'staff' });
  const auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'auditor1', role: 'auditor' });
  const candidateId = await sampleInputs.makeCandidate!(chair.client);
  const candidate = await addUserAndLogin(chair.client, chair.dir, { login: 'cand1', role: 'candidate', candidateId });
  backends = { chair: chair.backend, staff: staff.backend, auditor: auditor.backend, candidate: candidate.backend };
  locked = makeBackend({ vaultDir: chair.dir }).backend;
}, 120_000);

describe('permission matrix (an independent, hand-written table)', () => {
  it('has exactly one row for every command in the contract', () => {
    const missing = names.filter((n) => !Object.hasOwn(EXPECTED, n));
    const stale = Object.keys(EXPECTED).filter((n) => !(names as string[]).includes(n));
    const roleText = (n: CommandName) => {
      const r = (contract[n] as CommandSpec).roles;
      return typeof r === 'string' ? r : r.join(', ');
    };
    expect(missing.map((n) =>
      `'${n}' has no row in EXPECTED (test/integration/foundation/permissions.test.ts). Decide from DESIGN §2-3 who ` +
      `may call it — do not copy the contract (it says: ${roleText(n)}) — and add: ` +
      `'${n}': { row: 'CScA' /* letters for chair, staff, candidate, auditor; '-' = refused; or 'public' / 'signedIn' */, why: '<the rule>' },`,
    )).toEqual([]);
    expect(stale.map((n) => `EXPECTED has a row for '${n}', which the contract no longer has: delete that row`)).toEqual([]);
    for (const [n, g] of Object.entries(KNOWN_GAPS)) {
      expect(EXPECTED[n], `KNOWN_GAPS names '${n}', which has no row`).toBeDefined();
      expect(g.roles.length, `KNOWN_GAPS['${n}'] names no role: delete it`).toBeGreaterThan(0);
    }
  });

  it('every role gets exactly what its row says, through the router', async () => {
    const wrong: string[] = [];
    const fixed: string[] = [];
    for (const name of names) {
      const want = EXPECTED[name];
      if (!want) continue; // reported by the test above
      for (const role of ROLES) {
        const r = await backends[role].dispatch(name, NOT_A_FIELD);
        const code = r.ok ? 'ok' : r.error.code;
        if (code !== 'auth.forbidden' && code !== 'api.invalidInput') {
          wrong.push(`${name} × ${role}: unexpected ${code} (the probe payload must be refused by the schema or the role check)`);
          continue;
        }
        const allowed = code === 'api.invalidInput';
        const shouldBe = expectedAllowed(want.row, role);
        const gap = KNOWN_GAPS[name]?.roles.includes(role) ?? false;
        if (gap && allowed === shouldBe) {
          fixed.push(`${name} × ${role} is now ${allowed ? 'allowed' : 'refused'} as the row says: delete '${role}' from KNOWN_GAPS['${name}'] (${KNOWN_GAPS[name]!.issue})`);
        } else if (!gap && allowed !== shouldBe) {
          wrong.push(`${name} × ${role}: the router ${allowed ? 'ALLOWS' : 'refuses'} it, the table says ${shouldBe ? 'allowed' : 'refused'} (${want.why}). ` +
            'If the rule really changed, change the row and its reason; otherwise fix the role list in shared/api/commands.');
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(fixed).toEqual([]);
  }, 120_000);

  it('a locked workstation answers only the public commands', async () => {
    const wrong: string[] = [];
    for (const name of names) {
      const want = EXPECTED[name];
      if (!want) continue;
      const r = await locked.dispatch(name, NOT_A_FIELD);
      const code = r.ok ? 'ok' : r.error.code;
      const expected = want.row === 'public' ? 'api.invalidInput' : 'auth.locked';
      if (code !== expected) wrong.push(`${name} while locked: ${code}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('names its known gaps against the law (none are left: every row agrees with the router)', () => {
    // A table derived from the role lists could never list a gap; this one named each with its issue until fixed.
    console.info(`[permissions] ${names.length} commands × ${ROLES.length} roles; known gaps against the law: ` +
      Object.entries(KNOWN_GAPS).map(([n, g]) => `${n} (${g.roles.join(', ')}: ${g.issue})`).join('; '));
    expect(names.length).toBeGreaterThan(80);
  });
});
