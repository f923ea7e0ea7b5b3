import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../electron/vault/database.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest } from './fixtures.ts';

// Issue 16 §4: "nothing tells a candidate how or to whom to pay". The committee records it once per election; the
// candidate's screen and every invoice say it, with the invoice number as the reference, the amount due and the
// union-money rule. What a careless or dishonest staffer would try: name the union (its general fund) as the payee so
// campaign money lands in union accounts, hide it in the transfer details, write the row behind the core's back, or
// change the instructions and let an issued invoice silently say something else.

let chair: LitDeskApi; let backend: Backend; let dir: string; let db: DB; let election: number;
let staff: { client: LitDeskApi; backend: Backend };
const out = tempDir('litdesk-how-to-pay-');
let n = 0;
const pdfText = async (api: LitDeskApi, documentId: number, language?: 'en' | 'es' | 'vi'): Promise<string> => {
  const f = await api.call('billing.documentPdf', { documentId, ...(language ? { language } : {}) });
  const file = path.join(out, `${n++}.pdf`);
  fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
  // One line of words: the layout wraps long lines, and Intl puts no-break spaces in "335,63 US$".
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
};
const rows = () => (db.prepare('SELECT count(*) AS n FROM billing_payment_instructions').get() as { n: number }).n;

beforeAll(async () => {
  ({ client: chair, backend, dir } = await setUpVault());
  db = backend.vault!.db;
  election = addElection(db);
  staff = await addUserAndLogin(chair, dir, { login: 'sam.pay', role: 'staff' });
});
afterAll(() => { staff.backend.lock('test'); backend.lock('test'); });

/** Four eyes: the chair asks, a second committee member (staff) countersigns; only then are they in force. */
const setInForce = async (input: { payee: string; mailTo?: string | null; bankTransfer?: string | null }) => {
  const asked = await chair.call('billing.setPaymentInstructions', { electionId: election, ...input });
  await staff.client.call('countersign.decide', { countersignId: asked.id, agree: true });
  return asked;
};

const GOOD = { payee: 'Local 42 Election Committee', mailTo: 'Election Committee, PO Box 4242\nPortland, OR 97201', bankTransfer: 'Account: Local 42 Election Committee; no. 000123456; routing 123000848' };

describe('how and to whom to pay', () => {
  it('refuses the union as payee (however written, in the payee or the transfer details), and instructions without a place to pay; nothing is written', async () => {
    const before = rows();
    for (const payee of ['Local 42', 'LOCAL 42 General Fund', 'local #42, general account']) {
      await expect(chair.call('billing.setPaymentInstructions', { electionId: election, payee, mailTo: GOOD.mailTo }), payee).rejects.toMatchObject({ code: 'billing.payeeIsUnion' });
    }
    await expect(chair.call('billing.setPaymentInstructions', { electionId: election, payee: GOOD.payee, bankTransfer: 'Account name: Local 42 General Fund; no. 111' }))
      .rejects.toMatchObject({ code: 'billing.payeeIsUnion' });
    await expect(chair.call('billing.setPaymentInstructions', { electionId: election, payee: GOOD.payee, mailTo: '  ', bankTransfer: null }))
      .rejects.toMatchObject({ code: 'billing.payHowMissing' });
    await expect(chair.call('billing.setPaymentInstructions', { electionId: 999, payee: GOOD.payee, mailTo: GOOD.mailTo })).rejects.toMatchObject({ code: 'elections.notFound' });
    expect(rows()).toBe(before);
    // Behind the core's back, the database refuses the union as payee and any change to a recorded row — even with a
    // countersignature for those very words written by SQL (the four-eyes trigger would refuse them without one).
    const signed = (payee: string, mailTo: string | null): void => {
      const at = new Date().toISOString();
      const id = db.prepare(`INSERT INTO approvals (kind, subject, summary, payload, reason, requested_by, requested_at) VALUES ('payInstructions', ?, '{}', ?, 'sql', 1, ?)`)
        .run(`election:${election}`, JSON.stringify({ electionId: election, payee, mailTo, bankTransfer: null }), at).lastInsertRowid;
      db.prepare("UPDATE approvals SET status = 'approved', decided_by = ?, decided_at = ? WHERE id = ?").run(2, at, id);
    };
    const insertRow = db.prepare('INSERT INTO billing_payment_instructions (election_id, payee, mail_to, set_at, set_by) VALUES (?,?,?,?,1)');
    const insert = { run: (e: number, payee: string, mailTo: string | null, at: string) => { signed(payee, mailTo); return insertRow.run(e, payee, mailTo, at); } };
    expect(() => insert.run(election, ' local 42 ', 'PO Box 1', new Date().toISOString())).toThrow(/never the payee/);
    expect(() => insert.run(election, 'Union general fund', 'PO Box 1', new Date().toISOString())).toThrow(/never the payee/);
    expect(() => insert.run(election, 'Local 42 Election Committee', null, new Date().toISOString())).toThrow(/CHECK/);
  });

  it('an invoice issued without instructions says to ask the committee; once set, the screen and every new invoice say how, to whom, the reference and the amount due, in the reader\'s language', async () => {
    const c = addCandidate(db, election, 'Nguyễn Thị Hương');
    const r1 = addQuotedRequest(db, election, c, 300);
    const before = await chair.call('billing.candidate', { candidateId: c });
    expect(before.howToPay).toBeNull();
    const q1 = await chair.call('billing.issueQuoteInvoice', { requestId: r1.id });
    const ask = await pdfText(chair, q1.documentId, 'en');
    expect(ask).toContain('How to pay Ask the election committee how to pay.');
    expect(ask).toContain('Money from a union, a union account or an employer cannot pay');

    const set = await setInForce(GOOD);
    expect(set).toMatchObject({ kind: 'payInstructions', summary: { electionId: election, after: { payee: GOOD.payee, mailTo: GOOD.mailTo } } });
    const audit = (await chair.call('audit.list', { limit: 1, action: 'billing.paymentInstructions' })).entries[0]!;
    expect(audit.details).toMatchObject({ before: null, after: { payee: GOOD.payee } });

    // The candidate reads them on their own billing screen.
    const huong = await addUserAndLogin(chair, dir, { login: 'huong.pay', role: 'candidate', candidateId: c });
    try {
      const mine = await huong.client.call('billing.candidate', {});
      expect(mine.howToPay).toEqual({ payee: GOOD.payee, mailTo: GOOD.mailTo, bankTransfer: GOOD.bankTransfer });
      // A candidate never sets where money goes.
      await expect(huong.client.call('billing.setPaymentInstructions', { electionId: election, payee: 'Hương for President', mailTo: 'My house' }))
        .rejects.toMatchObject({ code: 'auth.forbidden' });
    } finally { huong.backend.lock('test'); }

    const r2 = addQuotedRequest(db, election, c, 300);
    const q2 = await chair.call('billing.issueQuoteInvoice', { requestId: r2.id });
    const view = await chair.call('billing.candidate', { candidateId: c });
    const due = view.balance.amountDueCents;
    expect(due).toBe(r1.quoteCents + r2.quoteCents);
    const en = await pdfText(chair, q2.documentId, 'en');
    for (const s of ['How to pay', `Pay to: ${GOOD.payee}`, 'Mail checks to: Election Committee, PO Box 4242, Portland, OR 97201',
      'Bank transfer: Account: Local 42 Election Committee; no. 000123456; routing 123000848', `Write this reference on your payment: ${q2.label}`,
      `Amount due: $${(due / 100).toFixed(2)}`, 'cannot pay for any campaign and is refused (LMRDA 401(g))']) expect(en, s).toContain(s);
    expect(en).not.toContain('Ask the election committee');
    const es = await pdfText(chair, q2.documentId, 'es');
    for (const s of ['Cómo pagar', `Pague a: ${GOOD.payee}`, 'Envíe los cheques a: Election Committee', `Escriba esta referencia en su pago: ${q2.label}`,
      `Importe a pagar: $${(due / 100).toFixed(2)}`, 'no puede pagar ninguna campaña']) expect(es, s).toContain(s);
    const vi = await pdfText(chair, q2.documentId, 'vi');
    for (const s of ['Cách thanh toán', `Trả cho: ${GOOD.payee}`, 'Gửi séc đến: Election Committee', `Ghi mã tham chiếu này khi thanh toán: ${q2.label}`,
      'Số tiền phải trả:', 'không được trả cho bất kỳ cuộc vận động nào']) expect(vi, s).toContain(s);

    // New instructions do not rewrite an issued invoice: it keeps the ones it was issued with, byte for byte.
    const bytes = (await chair.call('billing.documentPdf', { documentId: q2.documentId, language: 'en' })).base64;
    await setInForce({ payee: 'Officer Election Committee', mailTo: 'PO Box 7, Salem, OR 97301' });
    expect((await chair.call('billing.documentPdf', { documentId: q2.documentId, language: 'en' })).base64).toBe(bytes);
    expect((await chair.call('billing.candidate', { candidateId: c })).howToPay).toMatchObject({ payee: 'Officer Election Committee', bankTransfer: null });
    // And the invoice issued before any instructions still says to ask.
    expect(await pdfText(chair, q1.documentId, 'en')).toContain('Ask the election committee how to pay.');
  });
});
