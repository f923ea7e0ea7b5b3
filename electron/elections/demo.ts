// Builds a demo vault through the real commands, so every screen has something to show: a few thousand synthetic
// members, an election whose inspection window is open today, a published rate card, two candidates with logins,
// and requests at each stage a request can reach without a payment. Only `npm run demo` calls it, on its own folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { createClient, unwrapClient, type LitDeskApi } from '../../shared/api/client.ts';
import type { ElectionInput, RateCard } from '../../shared/api/commands/elections.ts';
import { Backend } from '../core/backend.ts';
import { invokeBackend } from '../core/bridge.ts';
import { addDays } from './dates.ts';
import { committeeDay } from '../users/calendar.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { DEFAULT_PRINT_SETTINGS } from './print-settings.ts';
import { DEMO_LOGINS } from '../../shared/domain/demo-logins.ts';

export type DemoLogin = { login: string; passphrase: string; role: string };

const DEMO_MEMBERS = 3000;
const PASS = { chair: 'demo chair keeps the list safe', staff: 'demo staff mails the flyers', huong: 'demo candidate huong runs for president with river lanterns', jose: 'demo candidate jose seeks nomination', auditor: 'demo auditor reads every ledger line twice' };

const api = (backend: Backend): LitDeskApi =>
  unwrapClient(createClient((channel, payload) => invokeBackend(backend, channel, payload, async () => null)));

/** A two-page Letter flyer with the candidate's name in Vietnamese or Spanish, made with the bundled font. */
async function flyer(name: string, office: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true });
  for (const [i, text] of [`Vote ${name}`, `${name} for ${office}: a fair contract for every member`].entries()) {
    const page = doc.addPage([612, 792]);
    page.drawRectangle({ x: 36, y: 36, width: 540, height: 400, color: rgb(0.93, 0.95, 1) });
    page.drawText(text, { x: 60, y: 360, size: i === 0 ? 34 : 16, font, color: rgb(0.1, 0.2, 0.5) });
    page.drawText('Paid for by the candidate. Demo literature.', { x: 60, y: 60, size: 10, font });
  }
  return doc.save();
}

/** Signs a user in on a second backend over the same vault folder and completes the first-login steps. A candidate
 * holds no key (issue 12): the chair unlocks that workstation and hands it over first. */
async function firstLogin(dir: string, login: string, oneTime: string, passphrase: string, handOverBy?: { login: string; passphrase: string }): Promise<{ backend: Backend; client: LitDeskApi }> {
  const backend = new Backend({ vaultDir: dir, demo: true });
  const client = api(backend);
  if (handOverBy) {
    await client.call('session.login', handOverBy);
    await client.call('session.handOver', {});
    await client.call('session.signIn', { login, passphrase: oneTime });
  } else {
    await client.call('session.login', { login, passphrase: oneTime });
  }
  const info = await client.call('session.changePassphrase', { current: oneTime, next: passphrase });
  if (info.agreementPending) await client.call('agreement.accept', { version: info.agreementPending.version });
  return { backend, client };
}

export async function seedDemo(backend: Backend): Promise<DemoLogin[]> {
  const chair = api(backend);
  const info = await chair.call('vault.create', {
    unionName: 'DEMO — Local 42 (synthetic data)',
    chair: { login: DEMO_LOGINS.chair[0], displayName: 'Rosa Delgado', passphrase: PASS.chair },
  });
  if (info.agreementPending) await chair.call('agreement.accept', { version: info.agreementPending.version });
  // The synthetic list generator lives with the tests; the demo is a development tool and never ships in the app.
  const { seedMembers } = await import('../../test/support/members.ts');
  seedMembers(backend.vault!.db, DEMO_MEMBERS, { seed: 42 });

  const today = committeeDay(backend.vault!.db, backend.now());
  const election: ElectionInput = {
    name: 'Officer election (demo)', offices: ['President', 'Secretary-Treasurer', 'Trustee'],
    electionDate: addDays(today, 30), mailBallot: true, ballotMailingDate: addDays(today, 20),
    audienceKinds: ['allGoodStanding', 'segment'], channels: ['firstClass', 'marketing'],
    rules: { pageSize: 'letter', maxPages: 4, colour: true },
    print: { ...DEFAULT_PRINT_SETTINGS, mailerId: '123456', serviceType: '040' },
  };
  const e = await chair.call('elections.save', { election });
  const card: RateCard = {
    paperPerSheetCents: 3, printPerSideCents: 6, envelopeCents: 4, insertingCents: 2, postageCents: { firstClass: 73, marketing: 36 },
    handlingPerJobCents: 2500, staffHourCents: 3200, staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12,
    other: [{ name: 'Mail house delivery', cents: 4500, per: 'job' }],
  };
  await chair.call('rateCard.publish', { electionId: e.id, card });
  const a = await chair.call('candidates.register', { electionId: e.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate', email: 'huong@example.org' });
  const b = await chair.call('candidates.register', { electionId: e.id, fullName: 'José Muñoz Peña', office: 'President', standing: 'seekingNomination', email: 'jose@example.org' });
  // A second version after registration: both candidates get its notice.
  await chair.call('rateCard.publish', { electionId: e.id, card: { ...card, postageCents: { firstClass: 78, marketing: 36 } } });

  const oneTime = 'demo one-time passphrase to replace';
  const [sam] = DEMO_LOGINS.staff;
  const [huongLogin, joseLogin] = DEMO_LOGINS.candidate;
  const [audra] = DEMO_LOGINS.auditor;
  await chair.call('users.add', { login: sam, displayName: 'Sam Okafor', role: 'staff', candidateId: null, oneTimePassphrase: oneTime });
  await chair.call('users.add', { login: huongLogin, displayName: 'Nguyễn Thị Hương', role: 'candidate', candidateId: a.id, oneTimePassphrase: oneTime });
  await chair.call('users.add', { login: joseLogin, displayName: 'José Muñoz Peña', role: 'candidate', candidateId: b.id, oneTimePassphrase: oneTime });
  await chair.call('users.add', { login: audra, displayName: 'Audra Lindqvist', role: 'auditor', candidateId: null, oneTimePassphrase: oneTime });
  const staff = await firstLogin(backend.vaultDir, sam, oneTime, PASS.staff);
  const chairLogin = { login: DEMO_LOGINS.chair[0], passphrase: PASS.chair };
  const huong = await firstLogin(backend.vaultDir, huongLogin, oneTime, PASS.huong, chairLogin);
  const jose = await firstLogin(backend.vaultDir, joseLogin, oneTime, PASS.jose, chairLogin);
  const auditor = await firstLogin(backend.vaultDir, audra, oneTime, PASS.auditor, chairLogin);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litdesk-demo-'));
  const submit = async (who: { backend: Backend; client: LitDeskApi }, candidateId: number, name: string) => {
    const file = path.join(dir, `${candidateId}-${Date.now()}.pdf`);
    fs.writeFileSync(file, await flyer(name, 'President'));
    who.backend.grants.grantFile(file, 'literature');
    return who.client.call('requests.submit', {
      candidateId, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: addDays(today, 10), literaturePath: file,
    });
  };
  const signOff = async (who: { client: LitDeskApi }, requestId: number) => {
    const proof = await who.client.call('requests.proof', { requestId });
    await who.client.call('requests.signOff', { requestId, proofSha256: proof.sha256 });
  };
  // Stages: released after full prepayment (Hương, ready to produce), authorised and awaiting payment (Hương),
  // signed off (José), quoted (Hương, submitted by staff), withdrawn (José).
  // Four eyes (issue 13): Rosa (chair) authorises and records the payment; Sam (staff), the second member, releases.
  const r0 = await submit(huong, a.id, 'Nguyễn Thị Hương');
  await signOff(huong, r0.id);
  await chair.call('requests.authorise', { requestId: r0.id });
  const paid = (await chair.call('requests.list', { electionId: e.id })).find((r) => r.id === r0.id)!;
  await staff.client.call('billing.issueQuoteInvoice', { requestId: r0.id });
  await chair.call('billing.recordPayment', {
    candidateId: a.id, amountCents: paid.quote!.totalCents, receivedOn: today, method: { type: 'check', reference: '1042' },
    payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
  });
  await staff.client.call('requests.release', { requestId: r0.id });
  const r1 = await submit(huong, a.id, 'Nguyễn Thị Hương');
  await signOff(huong, r1.id);
  await chair.call('requests.authorise', { requestId: r1.id });
  const r2 = await submit(jose, b.id, 'José Muñoz Peña');
  await signOff(jose, r2.id);
  await submit(staff, a.id, 'Nguyễn Thị Hương');
  const r4 = await submit(jose, b.id, 'José Muñoz Peña');
  await jose.client.call('requests.withdraw', { requestId: r4.id });
  fs.rmSync(dir, { recursive: true, force: true });
  for (const s of [staff, huong, jose, auditor]) s.backend.lock('demo seeded');

  return [
    { login: DEMO_LOGINS.chair[0], passphrase: PASS.chair, role: 'chair' },
    { login: sam, passphrase: PASS.staff, role: 'staff' },
    { login: huongLogin, passphrase: PASS.huong, role: 'candidate' },
    { login: joseLogin, passphrase: PASS.jose, role: 'candidate' },
    { login: audra, passphrase: PASS.auditor, role: 'auditor' },
  ];
}
