import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeLiterature } from '../../../bench/merge-data.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import Papa from 'papaparse';
import { addTestMailHouse, decryptBatch, sha256 } from '../../support/mail-house.ts';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin, CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { CARD, ELECTION, grantedFile, NOW } from '../elections/helpers.ts';

// A vault holding one RELEASED request, built through the real commands (literature intake, quote, authorisation,
// payment, the prepayment gate and the four-eyes rule at release). Only the candidate's sign-off is written as a row, as the billing and
// reports tests do: it needs a candidate login, whose scrypt costs seconds, and it is the elections tests' subject.

export type MergeWorld = {
  dir: string; requestId: number; electionId: number; members: number; mailHouseId: number;
  /** The second committee member (staff), as they sign in. */
  staff: { login: string; passphrase: string };
};

/** `release: false` leaves the request authorised and paid, for a second committee member to release (four eyes). */
export async function buildMergeWorld(o: { members: number; seed?: number; seeds?: number; printBatchSize?: number; release?: boolean; extra?: (b: Backend) => void; literature?: Uint8Array }): Promise<MergeWorld> {
  const clock = () => NOW;
  const chair = await setUpVault({ clock, kdf: { N: 2 ** 12, r: 8, p: 1 } });
  const db = chair.backend.vault!.db;
  seedMembers(db, o.members, { seed: o.seed ?? 11 });
  o.extra?.(chair.backend);
  const api = chair.client;
  const election = await api.call('elections.save', { election: { ...ELECTION, print: { ...ELECTION.print, batchSize: o.printBatchSize ?? ELECTION.print.batchSize } } });
  await api.call('rateCard.publish', { electionId: election.id, card: CARD });
  const cand = await api.call('candidates.register', { electionId: election.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
  const literature = o.literature ?? await makeLiterature(2, [120, 80]);
  const req = await api.call('requests.submit', {
    candidateId: cand.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01',
    literaturePath: grantedFile(chair.backend, literature),
  });
  db.prepare("UPDATE requests SET status='signedOff', signed_off_at=? WHERE id=?").run(NOW.toISOString(), req.id);
  await api.call('requests.authorise', { requestId: req.id });
  const quoted = (await api.call('requests.list', { electionId: election.id })).find((r) => r.id === req.id)!;
  await api.call('billing.recordPayment', {
    candidateId: cand.id, amountCents: quoted.quote!.totalCents, receivedOn: '2026-05-20', method: { type: 'check', reference: '101' },
    payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
  });
  // Four eyes: the chair authorised and recorded the payment, so a second committee member releases.
  const staff = await addUserAndLogin(api, chair.dir, { login: 'sam', role: 'staff' });
  staff.backend.options.clock = clock;
  if (o.release !== false) await staff.client.call('requests.release', { requestId: req.id });
  staff.backend.lock('template');
  const seedsWanted = o.seeds ?? 2;
  for (let i = 0; i < seedsWanted; i++) {
    await api.call('merge.seeds.add', { label: `Seed Box ${i + 1}`, line1: `PO Box ${700 + i}`, city: 'Boston', state: 'MA', zip: '02108' });
  }
  const mailHouseId = await addTestMailHouse(api);
  const members = (db.prepare('SELECT count(*) FROM members WHERE active = 1 AND good_standing = 1').pluck().get() as number);
  chair.backend.lock('template');
  return { dir: chair.dir, requestId: req.id, electionId: election.id, members, mailHouseId, staff: { login: 'sam', passphrase: staff.passphrase } };
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

/** An uninterrupted run of the world's job in a fresh copy: file name -> digest of every file it wrote (folderDigest). */
export async function referenceRun(w: MergeWorld, batchSize: number): Promise<Map<string, string>> {
  const { client, backend } = await openCopy(w);
  const folder = outputFolder(backend);
  const { jobId } = await client.call('merge.start', { requestId: w.requestId, folder, mailHouseId: w.mailHouseId, batchSize });
  const p = await waitForJob(client, jobId);
  if (p.status !== 'done') throw new Error(`reference run ended ${p.status}`);
  backend.lock('test');
  return folderDigest(folder);
}

/**
 * What "byte-identical on resume" means with encrypted delivery (issue 13 §4): OpenPGP output is randomised, so a
 * delivered batch is compared by the SHA-256 of the clear PDF inside it (which must be byte-identical), and each
 * manifest with the delivered files' own hashes and the audit chain head taken out (they name the random part and
 * the log's history); everything else byte for byte.
 */
export async function folderDigest(folder: string): Promise<Map<string, string>> {
  const names = fs.readdirSync(folder).sort();
  const delivered = names.filter((f) => f.endsWith('.gpg')).map((f) => sha256File(path.join(folder, f)));
  const out = new Map<string, string>();
  for (const f of names) {
    const file = path.join(folder, f);
    if (f.endsWith('.gpg')) out.set(f, `pdf ${sha256(await decryptBatch(file))}`);
    else if (f.endsWith('manifest.csv')) {
      const rows = Papa.parse<string[]>(fs.readFileSync(file, 'utf8').trim()).data;
      out.set(f, `csv ${sha256(Buffer.from(JSON.stringify(rows.map((r) => r.filter((_, i) => i !== 7)))))}`);
    } else if (f.endsWith('manifest.pdf')) {
      let text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      for (const h of delivered) text = text.replaceAll(h, '<delivered>');
      // The audit chain head printed when production finished names the log's history (a cancel and a resume are
      // entries of it), not the job's content.
      text = text.replace(/Audit chain head #\d+ [0-9a-f]+/g, '<chain head>');
      out.set(f, `pdf-text ${sha256(Buffer.from(text))}`);
    } else out.set(f, sha256File(file));
  }
  return out;
}

/** Every recorded batch is on disk as recorded: the delivered file's own SHA-256 equals the vault's. */
export function expectRecorded(folder: string, batches: Array<{ fileName: string; sha256: string }>): void {
  for (const b of batches) {
    const got = sha256File(path.join(folder, b.fileName));
    if (got !== b.sha256) throw new Error(`${b.fileName}: on disk ${got}, recorded ${b.sha256}`);
  }
}
