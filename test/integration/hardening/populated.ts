// One populated vault for the hardening tests: members (with the canary), and — as far as the contract has the
// commands — an election, a rate card, candidates with logins, staff, an auditor and a submitted request. Each step
// is skipped (and said so) when its command does not exist yet, so the tests run at every stage of the product.
import type { Backend } from '../../../electron/core/backend.ts';
import { DEFAULT_PRINT_SETTINGS } from '../../../electron/elections/print-settings.ts';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { isCommandName } from '../../../shared/api/contract.ts';
import type { Role } from '../../../shared/api/roles.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import { CANARY, CANARY_FIRST, CANARY_MIDDLE, insertCanary, type CanaryKey } from '../../support/canary-scan.ts';
import { setStandingRow } from '../../../electron/members/standing.ts';
import { seedMembers } from '../../support/members.ts';
import fs from 'node:fs';
import path from 'node:path';

export const NOW = new Date('2026-05-20T15:00:00Z');

export type Populated = {
  backends: Record<Role, Backend>;
  /** Passphrases to sign a role in again (a command under test may lock its session). */
  logins: Record<Role, { login: string; passphrase: string }>;
  dir: string;
  /** Roles that had to stand in for another (no candidate before the elections domain). */
  standIns: Role[];
  skipped: string[];
  ids: { electionId?: number; candidateA?: number; candidateB?: number; requestId?: number };
  /** Row ids of the three canaries: the first row, one in the middle, the last row. */
  canaryRows: Record<CanaryKey, number>;
  literatureDir: string;
  setNow: (d: Date) => void;
};

/** Calls a command and returns its value, or undefined (recording why) when it is missing or refused. */
async function step<T>(b: Backend, skipped: string[], name: string, input: unknown): Promise<T | undefined> {
  if (!isCommandName(name)) { skipped.push(`${name}: not in the contract`); return undefined; }
  const r = await b.dispatch(name, input);
  if (!r.ok) { skipped.push(`${name}: ${r.error.code}`); return undefined; }
  return r.value as T;
}

/** Test-only key-derivation cost (scrypt N=2^12): the default 2^17 made set-up take 30 s on a loaded 2-core box. */
export const FAST_KDF = { N: 2 ** 12, r: 8, p: 1 };

export async function populatedVault(opts: { members?: number } = {}): Promise<Populated> {
  let now = NOW;
  const clock = () => now;
  const chair = await setUpVault({ clock, kdf: FAST_KDF });
  const db = chair.backend.vault!.db;
  // Canaries first, in the middle and last (issue 11 §2): by row id, by name and by ZIP.
  const seeded = new Date('2026-03-01T12:00:00Z');
  const total = opts.members ?? 300;
  db.transaction(() => setStandingRow(db, 'Active', true, seeded))();
  const canaryRows = { first: insertCanary(db, seeded, CANARY_FIRST) } as Record<CanaryKey, number>;
  seedMembers(db, Math.floor(total / 2), { now: seeded });
  canaryRows.middle = insertCanary(db, seeded, CANARY_MIDDLE);
  seedMembers(db, total - Math.floor(total / 2), { now: seeded, seed: 2, firstId: 300_001 });
  canaryRows.last = insertCanary(db, seeded, CANARY);
  const skipped: string[] = [];
  const ids: Populated['ids'] = {};
  const cb = chair.backend;

  const election = await step<{ id: number }>(cb, skipped, 'elections.save', {
    election: {
      name: 'Officer election 2026', offices: ['President', 'Secretary-Treasurer'], electionDate: '2026-06-30',
      mailBallot: true, ballotMailingDate: '2026-06-10', audienceKinds: ['allGoodStanding', 'segment'],
      channels: ['firstClass', 'marketing'], rules: { pageSize: 'letter', maxPages: 4, colour: true },
      print: { ...DEFAULT_PRINT_SETTINGS, mailerId: '123456', serviceType: '040' },
    },
  });
  if (election) {
    ids.electionId = election.id;
    await step(cb, skipped, 'rateCard.publish', {
      electionId: election.id,
      card: {
        paperPerSheetCents: 3, printPerSideCents: 5, envelopeCents: 4, insertingCents: 2,
        postageCents: { firstClass: 73, marketing: 35 }, handlingPerJobCents: 2500, staffHourCents: 3200,
        staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [],
      },
    });
    for (const [key, fullName] of [['candidateA', 'Nguyễn Thị Hương'], ['candidateB', 'José Muñoz Peña']] as const) {
      const c = await step<{ id: number }>(cb, skipped, 'candidates.register', {
        electionId: election.id, fullName, office: 'President', standing: 'candidate',
      });
      if (c) ids[key] = c.id;
    }
  }

  const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'sam', role: 'staff' });
  const auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'ada', role: 'auditor' });
  const cand = ids.candidateA
    ? await addUserAndLogin(chair.client, chair.dir, { login: 'huong', role: 'candidate', candidateId: ids.candidateA })
    : null;
  const standIns: Role[] = cand ? [] : ['candidate'];
  for (const x of [staff, auditor, cand]) if (x) x.backend.options.clock = clock;

  const literatureDir = tempDir('litdesk-hardening-lit-');
  if (cand && ids.candidateA) {
    const file = path.join(literatureDir, 'flyer.pdf');
    fs.writeFileSync(file, await cleanLetterPdf());
    cand.backend.grants.grantFile(file, 'literature');
    const req = await step<{ id: number }>(cand.backend, skipped, 'requests.submit', {
      candidateId: ids.candidateA, audience: { kind: 'allGoodStanding' }, channel: 'firstClass',
      requestedMailingDate: '2026-06-01', literaturePath: file,
    });
    if (req) ids.requestId = req.id;
  }

  const logins: Populated['logins'] = {
    chair: { login: 'chair', passphrase: 'solidarity forever in local forty two' },
    staff: { login: 'sam', passphrase: staff.passphrase },
    auditor: { login: 'ada', passphrase: auditor.passphrase },
    candidate: cand ? { login: 'huong', passphrase: cand.passphrase } : { login: 'sam', passphrase: staff.passphrase },
  };
  return {
    backends: { chair: cb, staff: staff.backend, auditor: auditor.backend, candidate: cand?.backend ?? staff.backend },
    logins, dir: chair.dir, standIns, skipped, ids, literatureDir, canaryRows,
    setNow: (d: Date) => { now = d; },
  };
}
