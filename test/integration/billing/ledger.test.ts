import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepaymentShortfall } from '../../../electron/billing/gate.ts';
import type { DB } from '../../../electron/vault/database.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { AppError } from '../../../shared/api/errors.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { addCandidate, addElection, addQuotedRequest, producedJob, release, secondMember, setStatus } from './fixtures.ts';

const check = (reference: string) => ({ type: 'check' as const, reference });

let chair: LitDeskApi; let backend: Backend; let dir: string; let db: DB; let election: number; let second: number;
beforeAll(async () => {
  ({ client: chair, backend, dir } = await setUpVault());
  db = backend.vault!.db;
  election = addElection(db);
  second = secondMember(db);
});
afterAll(() => backend.lock('test'));

const refusal = async (p: Promise<unknown>): Promise<string> => {
  try { await p; } catch (e) { return (e as AppError).code; }
  throw new Error('expected a refusal');
};

describe('billing ledger', () => {
  it('gates release to the cent, reconciles, refunds, and keeps every posting balanced', async () => {
    const c = addCandidate(db, election, 'José Muñoz Peña');
    const r = addQuotedRequest(db, election, c, 1000);
    expect(prepaymentShortfall(db, r.id)).toBe(r.quoteCents);
    await chair.call('billing.recordPayment', { candidateId: c, amountCents: r.quoteCents - 1, receivedOn: '2026-02-01', method: check('1001'), payer: { type: 'candidate', name: 'José Muñoz Peña', accountHolder: 'José Muñoz Peña' } });
    expect(prepaymentShortfall(db, r.id)).toBe(1);
    expect(() => release(db, r.id, second)).toThrow(/prepayment/);
    await chair.call('billing.recordPayment', { candidateId: c, amountCents: 1, receivedOn: '2026-02-02', method: { type: 'card', reference: 'T-77' }, payer: { type: 'individualSupporter', name: 'Ana Pérez', accountHolder: 'Ana Pérez' } });
    expect(prepaymentShortfall(db, r.id)).toBe(0);
    // Four eyes: the chair authorised it and recorded the payments, so the chair cannot release it; the second member can.
    expect(() => release(db, r.id, 1)).toThrow(/four eyes/);
    release(db, r.id, second);
    producedJob(db, r.id, 990); setStatus(db, r.id, 'mailed');
    // Nothing can be refunded while the job is committed.
    expect(await refusal(chair.call('billing.recordRefund', { candidateId: c, amountCents: 1, paidOn: '2026-03-01', method: check('9'), payee: 'Candidate' }))).toBe('billing.refundTooLarge');
    // The production job mailed 990 pieces on 990 sheets: other figures need a second member's countersignature.
    expect(await refusal(chair.call('billing.reconcile', { requestId: r.id, actualPostageCents: 990 * 73, actualPieces: 1 }))).toBe('billing.correctionNeedsApproval');
    expect(await refusal(chair.call('billing.reconcile', { requestId: r.id, actualPostageCents: 990 * 73 - 1 }))).toBe('billing.correctionNeedsApproval');
    const fin = await chair.call('billing.reconcile', { requestId: r.id, actualPostageCents: 990 * 73 });
    expect(fin.totalCents).toBeLessThan(r.quoteCents);
    expect(fin.refundableCents).toBe(r.quoteCents - fin.totalCents);
    expect(await refusal(chair.call('billing.recordRefund', { candidateId: c, amountCents: fin.refundableCents + 1, paidOn: '2026-03-01', method: check('9'), payee: 'Candidate' }))).toBe('billing.refundTooLarge');
    // A refund names its payee (issue 14 §7): recorded, and printed on the voucher.
    await expect(chair.call('billing.recordRefund', { candidateId: c, amountCents: fin.refundableCents, paidOn: '2026-03-01', method: check('9'), payee: '  ' } as never))
      .rejects.toMatchObject({ code: 'api.invalidInput' });
    const voucher = await chair.call('billing.recordRefund', { candidateId: c, amountCents: fin.refundableCents, paidOn: '2026-03-01', method: check('9'), payee: 'Trần Thị Payee' });
    const pdf = path.join(tempDir('litdesk-refund-'), 'voucher.pdf');
    fs.writeFileSync(pdf, Buffer.from((await chair.call('billing.documentPdf', { documentId: voucher.documentId })).base64, 'base64'));
    expect(execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8')).toContain('Paid to: Trần Thị Payee');
    const view = await chair.call('billing.candidate', { candidateId: c });
    expect(view.refunds.map((x) => x.payee)).toEqual(['Trần Thị Payee']);
    expect(view.balance).toMatchObject({ paidCents: r.quoteCents, refundedCents: fin.refundableCents, chargedCents: fin.totalCents, fundsCents: 0, dueCents: 0 });
    expect(view.documents.map((d) => d.label)).toEqual(['R-000001', 'R-000002', 'F-000001', 'P-000001']);
    const unbalanced = db.prepare(`SELECT posting_id FROM billing_lines GROUP BY posting_id HAVING total(debit_cents) != total(credit_cents)`).all();
    expect(unbalanced).toEqual([]);
  });

  it('refuses union and employer payers (LMRDA 401(g)) and records nothing', async () => {
    const c = addCandidate(db, election, 'Nguyễn Thị Hương');
    await chair.call('billing.blockPayer', { kind: 'employer', name: 'Acme Freight, Inc.' });
    const before = db.prepare('SELECT count(*) AS n FROM billing_postings').get();
    for (const [name, code] of [['LOCAL 42', 'billing.payerUnion'], ['Local 42 General Fund', 'billing.payerUnion'], ['acme freight inc', 'billing.payerEmployer'], ['Union General Fund', 'billing.payerUnion']] as const) {
      expect(await refusal(chair.call('billing.recordPayment', { candidateId: c, amountCents: 500, receivedOn: '2026-02-01', method: check('1'), payer: { type: 'campaignCommittee', name, accountHolder: name } }))).toBe(code);
    }
    expect(db.prepare('SELECT count(*) AS n FROM billing_postings').get()).toEqual(before);
    await chair.call('billing.recordPayment', { candidateId: c, amountCents: 500, receivedOn: '2026-02-01', method: check('2'), payer: { type: 'campaignCommittee', name: 'Friends of Hương', accountHolder: 'Friends of Hương' } });
  });

  it('lets the database refuse what the core would never do', () => {
    const union = (db.prepare("SELECT id FROM billing_accounts WHERE code='union:general'").get() as { id: number }).id;
    const c = addCandidate(db, election, 'Trần Văn Đức');
    const tx = (fn: () => void) => db.transaction(fn);
    const header = (id: number, kind = 'payment') => db.prepare(`INSERT INTO billing_postings (id, closure, kind, candidate_id, memo, posted_at, posted_by) VALUES (?,?,?,?,?,?,1)`).run(id, id, kind, c, 'x', 'now');
    const next = () => ((db.prepare('SELECT max(id) AS m FROM billing_postings').get() as { m: number }).m ?? 0) + 1;
    // A line on a union account.
    expect(tx(() => { const id = next(); header(id); db.prepare('INSERT INTO billing_lines (posting_id, account_id, debit_cents) VALUES (?,?,100)').run(id, union); })).toThrow(/union account/);
    // An unbalanced posting cannot be closed, and an unclosed one cannot be committed.
    const funds = (db.prepare("SELECT id FROM billing_accounts WHERE code='funds'").get() as { id: number }).id;
    const rec = (db.prepare("SELECT id FROM billing_accounts WHERE code='mailHouse'").get() as { id: number }).id;
    expect(tx(() => { const id = next(); header(id); db.prepare('INSERT INTO billing_lines (posting_id, account_id, debit_cents) VALUES (?,?,100)').run(id, funds);
      db.prepare('INSERT INTO billing_lines (posting_id, account_id, credit_cents) VALUES (?,?,99)').run(id, rec);
      db.prepare("INSERT INTO billing_closures (posting_id, total_cents, closed_at) VALUES (?,100,'now')").run(id); })).toThrow(/balance/);
    expect(tx(() => { const id = next(); header(id); db.prepare('INSERT INTO billing_lines (posting_id, account_id, debit_cents) VALUES (?,?,100)').run(id, funds);
      db.prepare('INSERT INTO billing_lines (posting_id, account_id, credit_cents) VALUES (?,?,100)').run(id, rec); })).toThrow(/FOREIGN KEY/);
    // No discount kind exists; postings, lines and documents never change.
    expect(tx(() => { header(next(), 'discount'); })).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE billing_lines SET debit_cents = debit_cents + 1 WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM billing_postings WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE billing_documents SET total_cents = 0 WHERE id = 1").run()).toThrow(/append-only/);
    // A counter that skips a number, or a document that takes another, is refused.
    expect(tx(() => { db.prepare("UPDATE billing_counters SET last = last + 2 WHERE series='R'").run(); })).toThrow(/step by one/);
    expect(tx(() => { db.prepare("UPDATE billing_counters SET last = last + 1 WHERE series='R'").run(); })).toThrow(/FOREIGN KEY/);
  });

  it('keeps candidates apart: a candidate sees and disputes only their own documents', async () => {
    const a = addCandidate(db, election, 'Candidate A');
    const b = addCandidate(db, election, 'Candidate B');
    const ra = await chair.call('billing.recordPayment', { candidateId: a, amountCents: 700, receivedOn: '2026-02-01', method: check('5'), payer: { type: 'candidate', name: 'Candidate A', accountHolder: 'Candidate A' } });
    const rb = await chair.call('billing.recordPayment', { candidateId: b, amountCents: 800, receivedOn: '2026-02-01', method: check('6'), payer: { type: 'candidate', name: 'Candidate B', accountHolder: 'Candidate B' } });
    const userA = await addUserAndLogin(chair, dir, { login: 'cand-a', role: 'candidate', candidateId: a });
    const mine = await userA.client.call('billing.candidate', {});
    expect(mine.documents.map((d) => d.id)).toEqual([ra.documentId]);
    expect(await refusal(userA.client.call('billing.candidate', { candidateId: b }))).toBe('billing.candidateNotFound');
    expect(await refusal(userA.client.call('billing.documentPdf', { documentId: rb.documentId }))).toBe('billing.documentNotFound');
    expect(await refusal(userA.client.call('billing.recordPayment', { candidateId: a, amountCents: 1, receivedOn: '2026-02-01', method: check('7'), payer: { type: 'candidate', name: 'x y', accountHolder: 'x y' } }))).toBe('auth.forbidden');
    const { disputeId } = await userA.client.call('billing.dispute', { documentId: ra.documentId, lineIndex: 0, note: 'Why?' });
    expect(await refusal(userA.client.call('billing.dispute', { documentId: rb.documentId, lineIndex: 0, note: 'Theirs' }))).toBe('billing.documentNotFound');
    expect((await chair.call('billing.openDisputes', {})).map((d) => d.id)).toContain(disputeId);
    await chair.call('billing.answerDispute', { disputeId, answer: 'It is your deposit.' });
    expect((await userA.client.call('billing.candidate', {})).disputes[0]).toMatchObject({ status: 'answered', answer: 'It is your deposit.' });
    userA.backend.lock('test');
  });
});
