import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../electron/vault/database.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest } from './fixtures.ts';

// "No one person can take the money out" (insider round): the payment instructions tell every candidate of an
// election whom to pay and into which account, on their billing screen and on every invoice. Tried as the dishonest
// staff member would at 11 pm — point every candidate's money at their own account, through the app and then
// straight at the open vault with SQL — nothing that candidates are told changes until a SECOND committee member
// countersigns exactly those words; the member who asked cannot countersign, nor can a candidate or the auditor.

type Session = { client: LitDeskApi; backend: Backend };
let chair: LitDeskApi; let chairBackend: Backend; let dir: string;
let staff: Session; let cand: Session; let auditor: Session;
let election: number; let candidate: number;
const out = tempDir('litdesk-pay-four-eyes-');
let n = 0;
const pdfText = async (api: LitDeskApi, documentId: number): Promise<string> => {
  const f = await api.call('billing.documentPdf', { documentId, language: 'en' });
  const file = path.join(out, `${n++}.pdf`);
  fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
};

const HONEST = { payee: 'Local 42 Election Committee', mailTo: 'Election Committee, PO Box 4242, Portland, OR 97201', bankTransfer: 'Account: Local 42 Election Committee; no. 000123456; routing 123000848' };
const THIEF = { payee: 'Local 42 Election Committee', mailTo: null, bankTransfer: 'Account: L42 Election Cttee; no. 999888777; routing 026009593' };
const MOVED = { payee: 'Local 42 Election Committee', mailTo: 'Election Committee, PO Box 77, Salem, OR 97301', bankTransfer: null };
const TRIGGER = /four eyes: payment instructions take effect only with a second committee member's countersignature/;

const sqlOf = (s: Session): DB => s.backend.vault!.db;
const rows = (): number => sqlOf({ client: chair, backend: chairBackend }).prepare('SELECT count(*) FROM billing_payment_instructions').pluck().get() as number;
const told = async (api: LitDeskApi = chair) => (await api.call('billing.candidate', api === cand.client ? {} : { candidateId: candidate })).howToPay;
const invoice = async (): Promise<string> => {
  const r = addQuotedRequest(sqlOf({ client: chair, backend: chairBackend }), election, candidate, 200);
  const q = await chair.call('billing.issueQuoteInvoice', { requestId: r.id });
  return pdfText(chair, q.documentId);
};

beforeAll(async () => {
  ({ client: chair, backend: chairBackend, dir } = await setUpVault());
  const db = chairBackend.vault!.db;
  election = addElection(db);
  candidate = addCandidate(db, election, 'Nguyễn Thị Hương');
  staff = await addUserAndLogin(chair, dir, { login: 'dana', role: 'staff' });
  cand = await addUserAndLogin(chair, dir, { login: 'huong', role: 'candidate', candidateId: candidate });
  auditor = await addUserAndLogin(chair, dir, { login: 'audra', role: 'auditor' });
});
afterAll(() => { for (const b of [staff?.backend, cand?.backend, auditor?.backend, chairBackend]) b?.lock('test'); });

describe('four eyes on whom candidates pay', () => {
  it('the first instructions of an election are only asked for by one member; they take effect when a second countersigns', async () => {
    const asked = await chair.call('billing.setPaymentInstructions', { electionId: election, ...HONEST });
    expect(asked).toMatchObject({ kind: 'payInstructions', status: 'pending', subject: `election:${election}`, summary: { before: null, after: HONEST } });
    expect(rows()).toBe(0);
    expect(await told()).toBeNull();
    expect(await told(cand.client)).toBeNull();
    // The committee sees who asked; the candidate is never shown instructions that are not in force.
    expect((await chair.call('billing.candidate', { candidateId: candidate })).howToPayPending).toMatchObject({ countersignId: asked.id, payee: HONEST.payee, requestedBy: { id: 1 } });
    expect((await cand.client.call('billing.candidate', {})).howToPayPending).toBeUndefined();
    expect(await invoice()).toContain('Ask the election committee how to pay.');

    await expect(chair.call('countersign.decide', { countersignId: asked.id, agree: true })).rejects.toMatchObject({ code: 'approvals.sameMember' });
    expect(await told()).toBeNull();
    const signed = await staff.client.call('countersign.decide', { countersignId: asked.id, agree: true, note: 'Checked with the bank letter.' });
    expect(signed).toMatchObject({ status: 'approved', decidedBy: { name: 'dana' }, result: { electionId: election } });
    expect(await told(cand.client)).toEqual(HONEST);
    expect((await chair.call('billing.candidate', { candidateId: candidate })).howToPayPending).toBeNull();
    expect(await invoice()).toContain(`Bank transfer: ${HONEST.bankTransfer}`);
    const entry = (await chair.call('audit.list', { action: 'billing.paymentInstructions', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ before: null, after: HONEST, approvalId: asked.id, requestedBy: 1 });
  });

  it('staff alone point every candidate at their own account: candidates, answers and invoices keep the old instructions', async () => {
    const asked = await staff.client.call('billing.setPaymentInstructions', { electionId: election, ...THIEF, reason: 'New bank.' });
    expect(asked).toMatchObject({ status: 'pending', requestedBy: { name: 'dana' }, summary: { before: HONEST, after: THIEF } });
    const before = rows();
    expect(await told()).toEqual(HONEST);
    expect(await told(cand.client)).toEqual(HONEST);
    expect((await staff.client.call('billing.candidate', { candidateId: candidate })).howToPayPending).toMatchObject({ requestedBy: { name: 'dana' }, bankTransfer: THIEF.bankTransfer });
    const text = await invoice();
    expect(text).toContain(`Bank transfer: ${HONEST.bankTransfer}`);
    expect(text).not.toContain('999888777');

    // She cannot countersign her own request; a candidate and the auditor cannot countersign at all.
    await expect(staff.client.call('countersign.decide', { countersignId: asked.id, agree: true })).rejects.toMatchObject({ code: 'approvals.sameMember' });
    for (const s of [cand, auditor]) {
      await expect(s.client.call('countersign.decide', { countersignId: asked.id, agree: true })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(s.client.call('billing.setPaymentInstructions', { electionId: election, ...THIEF })).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    // Asking twice does not queue a second request behind the first.
    await expect(chair.call('billing.setPaymentInstructions', { electionId: election, ...MOVED })).rejects.toMatchObject({ code: 'approvals.alreadyPending' });

    // Straight at the open vault with SQL: the row, and every way of forging the countersignature, are refused.
    const db = sqlOf(staff);
    const at = new Date().toISOString();
    expect(() => db.prepare('INSERT INTO billing_payment_instructions (election_id, payee, mail_to, bank_transfer, set_at, set_by) VALUES (?,?,?,?,?,?)')
      .run(election, THIEF.payee, THIEF.mailTo, THIEF.bankTransfer, at, 2)).toThrow(TRIGGER);
    expect(() => db.prepare("UPDATE approvals SET status = 'approved', decided_by = 2, decided_at = ? WHERE id = ?").run(at, asked.id)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO approvals (kind, subject, summary, payload, reason, requested_by, requested_at, status, decided_by, decided_at)
      VALUES ('payInstructions', ?, '{}', ?, 'x', 2, ?, 'approved', 1, ?)`).run(`election:${election}`, JSON.stringify({ electionId: election, ...THIEF }), at, at)).toThrow(/approvals/);
    expect(rows()).toBe(before);
    expect(await told(cand.client)).toEqual(HONEST);

    // The chair declines: nothing changes, and the audit trail says who asked and who declined.
    await expect(chair.call('countersign.decide', { countersignId: asked.id, agree: false, note: 'Not our account.' })).resolves.toMatchObject({ status: 'refused' });
    expect(await told(cand.client)).toEqual(HONEST);
    const requested = (await chair.call('audit.list', { action: 'billing.paymentInstructionsRequested', limit: 1 })).entries[0]!;
    expect(requested.details).toMatchObject({ approvalId: asked.id, before: HONEST, after: THIEF, reason: 'New bank.' });
    const declined = (await chair.call('audit.list', { action: 'countersign.decide', limit: 1 })).entries[0]!;
    expect(declined.details).toMatchObject({ kind: 'payInstructions', status: 'refused', requestedBy: 2 });
    // The declined request cannot be used by SQL either.
    expect(() => db.prepare('INSERT INTO billing_payment_instructions (election_id, payee, mail_to, bank_transfer, set_at, set_by) VALUES (?,?,?,?,?,?)')
      .run(election, THIEF.payee, THIEF.mailTo, THIEF.bankTransfer, at, 2)).toThrow(TRIGGER);

    // Withdrawn by the member who asked: nothing changes either.
    const again = await staff.client.call('billing.setPaymentInstructions', { electionId: election, ...THIEF });
    await expect(staff.client.call('countersign.decide', { countersignId: again.id, agree: false })).resolves.toMatchObject({ status: 'withdrawn' });
    expect(await told(cand.client)).toEqual(HONEST);
    expect(rows()).toBe(before);
  });

  it('an honest change, countersigned, reaches the screen and new invoices; the countersignature is used once, for those words only', async () => {
    await expect(staff.client.call('billing.setPaymentInstructions', { electionId: election, ...HONEST })).rejects.toMatchObject({ code: 'billing.payInstructionsUnchanged' });
    const asked = await staff.client.call('billing.setPaymentInstructions', { electionId: election, ...MOVED, reason: 'The committee moved to Salem.' });
    const old = await invoice();
    expect(old).toContain('PO Box 4242');
    const db = sqlOf(staff);
    await chair.call('countersign.decide', { countersignId: asked.id, agree: true });
    expect(await told(cand.client)).toEqual(MOVED);
    const now = await invoice();
    expect(now).toContain('Mail checks to: Election Committee, PO Box 77, Salem, OR 97301');
    expect(now).not.toContain('PO Box 4242');
    expect(now).not.toContain('Bank transfer:');
    const entry = (await chair.call('audit.list', { action: 'billing.paymentInstructions', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ before: HONEST, after: MOVED, approvalId: asked.id, requestedBy: 2, countersignedBy: 1 });
    // The used countersignature cannot write a second row, nor any other words.
    const at = new Date().toISOString();
    for (const w of [MOVED, THIEF]) {
      expect(() => db.prepare('INSERT INTO billing_payment_instructions (election_id, payee, mail_to, bank_transfer, set_at, set_by) VALUES (?,?,?,?,?,?)')
        .run(election, w.payee, w.mailTo, w.bankTransfer, at, 2)).toThrow(TRIGGER);
    }
    expect(await told(cand.client)).toEqual(MOVED);
  });

  it('a lone chair cannot set them at all (no second member to countersign), and is told so in plain words', async () => {
    const alone = await setUpVault();
    try {
      const e = addElection(alone.backend.vault!.db);
      await expect(alone.client.call('billing.setPaymentInstructions', { electionId: e, ...HONEST })).rejects.toMatchObject({ code: 'billing.payInstructionsNoSecond' });
      expect(alone.backend.vault!.db.prepare("SELECT count(*) FROM approvals WHERE kind = 'payInstructions'").pluck().get()).toBe(0);
    } finally { alone.backend.lock('test'); }
  });
});
