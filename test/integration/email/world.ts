import fs from 'node:fs';
import path from 'node:path';
import { makeLiterature } from '../../../bench/merge-data.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin, CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { SMTP_PASS, SMTP_USER, type TestSmtp } from '../../support/smtp.ts';
import { CARD, ELECTION, grantedFile, NOW } from '../elections/helpers.ts';

// A vault holding one RELEASED email request (issue 17), built through the real commands like the merge world: the
// election offers email, the card prices it, the message is composed, the job is paid in full and released. Every
// member with an address gets a unique one; one of them, in the middle of the list, is the canary.

export const CANARY = 'canary.q7x9.unique@example.net';
export const EMAIL_CARD = { ...CARD, email: { perMessageCents: 2, perJobCents: 1500 } };
export const SUBJECT = 'Vote Hương for president — Bầu Hương';
export const BODY = 'Dear member,\n\nA fair contract for every member. ¡Vote por Hương!\nBầu Hương làm chủ tịch.\n\n=Line starting with equals and a long line that will need folding by the encoder because it is well over seventy-six characters long.\n';

export type EmailWorld = { dir: string; requestId: number; candidateId: number; canaryRow: number; literature: Buffer; proofSha256: string };

export async function buildEmailWorld(o: { members: number; seeds?: number; format?: 'attachment' | 'html'; body?: string }): Promise<EmailWorld> {
  const chair = await setUpVault({ clock: () => NOW, kdf: { N: 2 ** 12, r: 8, p: 1 } });
  const db = chair.backend.vault!.db;
  seedMembers(db, o.members, { seed: 23 });
  db.prepare("UPDATE members SET email = 'm' || id || '@example.org' WHERE email <> ''").run();
  const canaryRow = db.prepare("SELECT id FROM members WHERE active = 1 AND good_standing = 1 AND email <> '' ORDER BY id LIMIT 1 OFFSET ?")
    .pluck().get(Math.floor(o.members / 4)) as number;
  db.prepare('UPDATE members SET email = ? WHERE id = ?').run(CANARY, canaryRow);
  const api = chair.client;
  const election = await api.call('elections.save', { election: { ...ELECTION, channels: ['firstClass', 'email'] } });
  await api.call('rateCard.publish', { electionId: election.id, card: EMAIL_CARD });
  const cand = await api.call('candidates.register', { electionId: election.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
  const literature = Buffer.from(await makeLiterature(2, [120, 80]));
  const req = await api.call('requests.submit', {
    candidateId: cand.id, audience: { kind: 'allGoodStanding' }, channel: 'email', requestedMailingDate: '2026-06-01',
    literaturePath: grantedFile(chair.backend, literature),
  });
  await api.call('email.compose', { requestId: req.id, subject: SUBJECT, body: o.body ?? BODY, format: o.format ?? 'attachment' });
  // The candidate reads the message exactly as it will be sent and signs off its hash (issue 17 item 1).
  const candidate = await addUserAndLogin(api, chair.dir, { login: 'huong', role: 'candidate', candidateId: cand.id });
  candidate.backend.options.clock = () => NOW;
  const proof = await candidate.client.call('email.proof', { requestId: req.id });
  await candidate.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
  candidate.backend.lock('template');
  await api.call('requests.authorise', { requestId: req.id });
  const quoted = (await api.call('requests.list', { electionId: election.id })).find((r) => r.id === req.id)!;
  await api.call('billing.recordPayment', {
    candidateId: cand.id, amountCents: quoted.quote!.totalCents, receivedOn: '2026-05-20', method: { type: 'check', reference: '202' },
    payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
  });
  // Four eyes: the chair authorised and recorded the payment, so a second committee member releases.
  const staff = await addUserAndLogin(api, chair.dir, { login: 'sam', role: 'staff' });
  staff.backend.options.clock = () => NOW;
  await staff.client.call('requests.release', { requestId: req.id });
  staff.backend.lock('template');
  for (let i = 0; i < (o.seeds ?? 2); i++) await api.call('email.seeds.add', { label: `Seed ${i + 1}`, address: `seed${i + 1}@committee.test` });
  const stored = db.prepare('SELECT l.bytes FROM literature l JOIN requests r ON r.literature_id = l.id WHERE r.id = ?').pluck().get(req.id) as Buffer;
  chair.backend.lock('template');
  return { dir: chair.dir, requestId: req.id, candidateId: cand.id, canaryRow, literature: stored, proofSha256: proof.sha256 };
}

/** A fresh copy of the world's vault with the chair signed in; the mail server points at this test's SMTP server. */
export async function openEmailCopy(world: EmailWorld, smtp: TestSmtp | null, o: { copyFrom?: string; password?: string; trustCa?: boolean } = {}) {
  const dir = path.join(tempDir('litdesk-email-'), 'vault');
  fs.cpSync(o.copyFrom ?? world.dir, dir, { recursive: true });
  const made = makeBackend({ vaultDir: dir, clock: () => NOW });
  await made.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
  if (smtp) await saveServer(made.client, smtp, o);
  return made;
}

export function saveServer(client: LitDeskApi, smtp: TestSmtp, o: { password?: string; trustCa?: boolean } = {}) {
  return client.call('email.server.save', {
    host: '127.0.0.1', port: smtp.port, security: 'starttls', username: SMTP_USER, password: o.password ?? SMTP_PASS,
    fromAddress: 'elections@union.test', fromName: 'Local 42 Election Committee', unsubscribeAddress: 'unsubscribe@union.test',
    caPem: o.trustCa === false ? null : smtp.caPem, perMinute: 10_000,
  });
}

export async function waitForEmailJob(api: LitDeskApi, jobId: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await api.call('email.progress', { jobId });
    if (p.status !== 'running' || p.interrupted) return p;
    if (Date.now() > until) throw new Error('email job did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}
