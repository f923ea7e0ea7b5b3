import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeLiterature } from '../../../bench/merge-data.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin, CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { CARD, ELECTION, grantedFile, NOW } from '../elections/helpers.ts';

// A vault holding one RELEASED request, built through the real commands (literature intake, quote, authorisation,
// payment, the prepayment gate and the four-eyes rule at release). Only the candidate's sign-off is written as a row, as the billing and
// reports tests do: it needs a candidate login, whose scrypt costs seconds, and it is the elections tests' subject.

export type MergeWorld = { dir: string; requestId: number; electionId: number; members: number };

export async function buildMergeWorld(o: { members: number; seed?: number; seeds?: number; printBatchSize?: number; extra?: (b: Backend) => void }): Promise<MergeWorld> {
  const clock = () => NOW;
  const chair = await setUpVault({ clock, kdf: { N: 2 ** 12, r: 8, p: 1 } });
  const db = chair.backend.vault!.db;
  seedMembers(db, o.members, { seed: o.seed ?? 11 });
  o.extra?.(chair.backend);
  const api = chair.client;
  const election = await api.call('elections.save', { election: { ...ELECTION, print: { ...ELECTION.print, batchSize: o.printBatchSize ?? ELECTION.print.batchSize } } });
  await api.call('rateCard.publish', { electionId: election.id, card: CARD });
  const cand = await api.call('candidates.register', { electionId: election.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
  const literature = await makeLiterature(2, [120, 80]);
  const req = await api.call('requests.submit', {
    candidateId: cand.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01',
    literaturePath: grantedFile(chair.backend, literature),
  });
  db.prepare("UPDATE requests SET status='signedOff', signed_off_at=? WHERE id=?").run(NOW.toISOString(), req.id);
  await api.call('requests.authorise', { requestId: req.id });
  const quoted = (await api.call('requests.list', { electionId: election.id })).find((r) => r.id === req.id)!;
  await api.call('billing.recordPayment', {
    candidateId: cand.id, amountCents: quoted.quote!.totalCents, receivedOn: '2026-05-20', method: { type: 'check', reference: '101' },
    payer: { type: 'candidate', name: 'Nguyễn Thị Hương' },
  });
  // Four eyes: the chair authorised and recorded the payment, so a second committee member releases.
  const staff = await addUserAndLogin(api, chair.dir, { login: 'sam', role: 'staff' });
  staff.backend.options.clock = clock;
  await staff.client.call('requests.release', { requestId: req.id });
  staff.backend.lock('template');
  const seedsWanted = o.seeds ?? 2;
  for (let i = 0; i < seedsWanted; i++) {
    await api.call('merge.seeds.add', { label: `Seed Box ${i + 1}`, line1: `PO Box ${700 + i}`, city: 'Boston', state: 'MA', zip: '02108' });
  }
  const members = (db.prepare('SELECT count(*) FROM members WHERE active = 1 AND good_standing = 1').pluck().get() as number);
  chair.backend.lock('template');
  return { dir: chair.dir, requestId: req.id, electionId: election.id, members };
}

/** A fresh copy of the world's vault, the chair signed in: each test (and each kill trial) gets its own. */
export async function openCopy(world: MergeWorld, opts: { copyFrom?: string } = {}) {
  const dir = path.join(tempDir('litdesk-merge-'), 'vault');
  fs.cpSync(opts.copyFrom ?? world.dir, dir, { recursive: true });
  const made = makeBackend({ vaultDir: dir, clock: () => NOW });
  await made.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
  return made;
}

/** An output folder granted as the native folder picker would. */
export function outputFolder(backend: Backend): string {
  const d = tempDir('litdesk-out-');
  backend.grants.grantFolder(d, 'output');
  return d;
}

/** Polls the passive progress command until the job leaves 'running'. */
export async function waitForJob(api: LitDeskApi, jobId: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await api.call('merge.progress', { jobId });
    if (p.status !== 'running' || p.interrupted) return p;
    if (Date.now() > until) throw new Error('job did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sha256File = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** An uninterrupted run of the world's job in a fresh copy: file name -> SHA-256 of every file it wrote. */
export async function referenceRun(w: MergeWorld, batchSize: number): Promise<Map<string, string>> {
  const { client, backend } = await openCopy(w);
  const folder = outputFolder(backend);
  const { jobId } = await client.call('merge.start', { requestId: w.requestId, folder, batchSize });
  const p = await waitForJob(client, jobId);
  if (p.status !== 'done') throw new Error(`reference run ended ${p.status}`);
  backend.lock('test');
  return folderHashes(folder);
}

export const folderHashes = (folder: string): Map<string, string> =>
  new Map(fs.readdirSync(folder).sort().map((f) => [f, sha256File(path.join(folder, f))]));
