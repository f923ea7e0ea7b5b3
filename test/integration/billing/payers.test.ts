import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { electionVault, submit } from '../elections/helpers.ts';

// Issue 13 §6, tried as the insiders would, through the router the app uses: a chair who wants the union to pay for a
// friend's mailing, writing the union's name every way a cheque can; staff who record a near-match and release on it;
// and the honest "Friends of Local 42 members", which gets through only after a second committee member's review.

type V = Awaited<ReturnType<typeof electionVault>>;
const check = (reference: string) => ({ type: 'check' as const, reference });

/** The chair's setup: the union's names, its other acronym, an affiliated body, members' employers. */
async function setUpPayers(v: V) {
  // The union's legal name changes by four eyes: the chair proposes it, staff countersign.
  const renamed = await v.chair.client.call('payers.proposeUnionName', { unionName: 'SEIU Local 503', reason: 'The vault was set up under the old local name.' });
  await v.staff.client.call('countersign.decide', { countersignId: renamed.id, agree: true });
  const suggested = await v.chair.client.call('payers.suggest', { name: 'Service Employees International Union Local 503' });
  expect(suggested).toEqual(expect.arrayContaining(['SEIU 503', 'SEIU503']));
  await v.chair.client.call('payers.add', { kind: 'legalName', name: 'Service Employees International Union Local 503', variants: ['SEIU 503'] });
  expect(await v.chair.client.call('payers.suggest', { name: 'Oregon Public Employees Union' })).toContain('OPEU');
  await v.chair.client.call('payers.add', { kind: 'commonName', name: 'Oregon Public Employees Union', variants: ['OPEU'] });
  await v.chair.client.call('payers.add', { kind: 'affiliate', name: 'Local 42', variants: [] });
  const acme = await v.chair.client.call('payers.add', { kind: 'employer', name: 'Acme Hospital', variants: ['Acme Hosp.'] });
  expect(acme.map((n) => n.name)).toEqual(['Acme Hospital', 'Acme Hosp.']);
  expect(acme[1]).toMatchObject({ kind: 'employer', variantOf: acme[0]!.id, active: true });
}

/** A request of candidate A signed off by the candidate and quoted; returns it with its quote. */
async function signedOff(v: V) {
  const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
  const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
  await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
  return { id: req.id, quote: req.quote!.totalCents };
}

const count = (v: V, table: string): number => v.chair.backend.vault!.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('issue 13 §6: who may not pay', () => {
  let v: V;
  beforeAll(async () => { v = await electionVault(); await setUpPayers(v); });

  it('the chair alone records the union\'s money under every spelling: each is refused and nothing is recorded', async () => {
    const req = await signedOff(v);
    const before = { payments: count(v, 'billing_payments'), postings: count(v, 'billing_postings'), documents: count(v, 'billing_documents') };
    const attempts: Array<[name: string, holder: string, code: string]> = [
      ['S.E.I.U. Local 503', 'S.E.I.U. Local 503', 'billing.payerUnion'],
      ['S.E.I.U. Local 503, OPEU', 'S.E.I.U. Local 503, OPEU', 'billing.payerUnion'],
      ['SEIU503', 'SEIU503', 'billing.payerUnion'],
      ['Service Employees International Union Local 503', 'Service Employees International Union Local 503', 'billing.payerUnion'],
      ['OPEU', 'OPEU', 'billing.payerUnion'],
      ['Acme Hosp.', 'Acme Hosp.', 'billing.payerEmployer'],
      ['ACME HOSPITAL, INC.', 'Acme Hospital Inc', 'billing.payerEmployer'],
      // A person's name on the form, the union's account on the cheque.
      ['Ana Pérez', 'SEIU Local 503 General Fund', 'billing.payerUnion'],
    ];
    for (const [name, accountHolder, code] of attempts) {
      await expect(v.chair.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote, receivedOn: '2026-05-20',
        method: check('503'), payer: { type: 'campaignCommittee', name, accountHolder } }), `${name} / ${accountHolder}`).rejects.toMatchObject({ code });
    }
    // Even with a note saying it is fine: refused is refused.
    await expect(v.chair.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote, receivedOn: '2026-05-20',
      method: check('503'), payer: { type: 'campaignCommittee', name: 'SEIU503', accountHolder: 'SEIU503' }, reviewNote: 'It is the members\' own money' }))
      .rejects.toMatchObject({ code: 'billing.payerUnion' });
    expect({ payments: count(v, 'billing_payments'), postings: count(v, 'billing_postings'), documents: count(v, 'billing_documents') }).toEqual(before);
    // Nothing paid, nothing released: authorised by the chair, the release is refused to the chair and to staff alike.
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    await expect(v.chair.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.unpaid' });
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.unpaid' });
  });

  it('a near-match counts only after a second committee member\'s review; the recorder cannot review it, and the database agrees', async () => {
    const req = await signedOff(v);
    const pay = { candidateId: v.a.id, amountCents: req.quote, receivedOn: '2026-05-20', method: check('42'),
      payer: { type: 'campaignCommittee' as const, name: 'Friends of Local 42 members', accountHolder: 'Friends of Local 42 Members PAC' } };
    // The form asks first: not the candidate, not a known supporter, and close to "Local 42" (the name the vault was set
    // up under: renamed, it stays protected as a former legal name, so the chair's "affiliate" entry found it recorded).
    await expect(v.chair.client.call('billing.checkPayer', { candidateId: v.a.id, name: pay.payer.name, accountHolder: pay.payer.accountHolder }))
      .resolves.toMatchObject({ status: 'review', match: { kind: 'legalName', name: 'Local 42' }, known: false });
    await expect(v.chair.client.call('billing.checkPayer', { candidateId: v.a.id, name: 'NGUYEN THI HUONG' }))
      .resolves.toMatchObject({ status: 'clear', known: true });
    // Recording it without saying who the payer is: refused, nothing recorded.
    const payments = count(v, 'billing_payments');
    await expect(v.chair.client.call('billing.recordPayment', pay)).rejects.toMatchObject({ code: 'billing.payerNeedsReview', details: { match: 'Local 42' } });
    expect(count(v, 'billing_payments')).toBe(payments);

    // With a note it is recorded (the money is in hand; the receipt names the account holder), awaiting review.
    const rec = await v.chair.client.call('billing.recordPayment', { ...pay, reviewNote: 'Members\' own campaign committee, registered PAC, personal cheques pooled.' });
    expect(rec.payerReview).toMatchObject({ kind: 'payerReview', status: 'pending',
      summary: { payerName: 'Friends of Local 42 members', accountHolder: 'Friends of Local 42 Members PAC', closeTo: { name: 'Local 42' } } });
    const account = await v.staff.client.call('billing.candidate', { candidateId: v.a.id });
    expect(account.payments.at(-1)).toMatchObject({ accountHolder: 'Friends of Local 42 Members PAC', payerReview: 'pending', payerMatch: 'Local 42' });
    expect(account.balance.awaitingReviewCents).toBe(req.quote);
    // The billing screen says so: paid, but not without the payment under review.
    expect(account.requests.find((r) => r.id === req.id)).toMatchObject({ shortfallCents: 0, awaitingReviewShortCents: req.quote });

    // The chair authorises; staff, who recorded nothing, still cannot release on money nobody reviewed.
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({
      code: 'requests.payerReviewPending', details: { awaitingReviewCents: req.quote } });
    // A code path that skipped the core is refused by the database.
    const db = v.chair.backend.vault!.db;
    const staffId = (await v.staff.client.call('session.me', {})).user.id;
    expect(() => db.prepare("UPDATE requests SET status='released', released_at=?, released_by=? WHERE id=?").run('2026-05-21T12:00:00Z', staffId, req.id))
      .toThrow(/payer a second committee member has not reviewed/);

    // The chair who recorded it cannot review it.
    await expect(v.chair.client.call('countersign.decide', { countersignId: rec.payerReview!.id, agree: true }))
      .rejects.toMatchObject({ code: 'approvals.sameMember' });
    // Staff review it: now it counts, and staff release.
    const decided = await v.staff.client.call('countersign.decide', { countersignId: rec.payerReview!.id, agree: true, note: 'Called the PAC treasurer.' });
    expect(decided).toMatchObject({ status: 'approved', result: { paymentId: expect.any(Number), counts: true } });
    const reviewed = await v.staff.client.call('billing.candidate', { candidateId: v.a.id });
    expect(reviewed.balance.awaitingReviewCents).toBe(0);
    expect(reviewed.requests.find((r) => r.id === req.id)).toMatchObject({ shortfallCents: 0, awaitingReviewShortCents: 0 });
    expect(reviewed.payments.at(-1)).toMatchObject({ payerReview: 'approved' });
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).resolves.toMatchObject({ status: 'released' });
    // Reviewed, the payer is known for the candidate from now on.
    await expect(v.staff.client.call('billing.checkPayer', { candidateId: v.a.id, name: 'friends of local 42 MEMBERS' }))
      .resolves.toMatchObject({ status: 'review', known: true });
  });

  it('a declined review never counts', async () => {
    const req = await signedOff(v);
    const rec = await v.staff.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote, receivedOn: '2026-05-20', method: check('117'),
      payer: { type: 'individualSupporter', name: 'Acme Hardware', accountHolder: 'Acme Hardware' }, reviewNote: 'A hardware shop owned by the candidate\'s brother.' });
    expect(rec.payerReview).toMatchObject({ status: 'pending', summary: { closeTo: { kind: 'employer', name: 'Acme Hospital' } } });
    await v.chair.client.call('countersign.decide', { countersignId: rec.payerReview!.id, agree: false, note: 'It is the hospital\'s supplier account.' });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    // The chair authorised it and may not release it; staff may, but not on money whose payer was declined.
    await expect(v.chair.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.sameMember' });
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.payerReviewPending' });
    const account = await v.chair.client.call('billing.candidate', { candidateId: v.a.id });
    expect(account.payments.at(-1)).toMatchObject({ payerReview: 'refused' });
    expect(account.balance.awaitingReviewCents).toBe(req.quote);
  });

  it('the database refuses a payment without the account holder, and a review decided by the member who recorded it', async () => {
    const db = v.chair.backend.vault!.db;
    const pay = db.prepare('SELECT * FROM billing_payments ORDER BY id DESC LIMIT 1').get() as { id: number; candidate_id: number; receipt_id: number };
    const tx = (fn: () => void) => db.transaction(fn);
    expect(tx(() => {
      db.prepare(`INSERT INTO billing_payments (posting_id, candidate_id, amount_cents, received_on, method, method_ref, payer_type, payer_name, receipt_id)
        VALUES (?,?,?,?,?,?,?,?,?)`).run(999_999, pay.candidate_id, 100, '2026-05-22', 'check', 'x', 'candidate', 'x y', pay.receipt_id);
    })).toThrow(/account holder/);
    // The declined payment above: someone asks again in another member's name and the recorder approves it. The money
    // still does not count (the ledger's SQL, shared by the release trigger, wants a reviewer other than the recorder).
    const poster = db.prepare('SELECT p.posted_by FROM billing_payments pay JOIN billing_postings p ON p.id = pay.posting_id WHERE pay.id = ?').pluck().get(pay.id) as number;
    const other = db.prepare("SELECT id FROM users WHERE role IN ('chair','staff') AND id <> ? ORDER BY id LIMIT 1").pluck().get(poster) as number;
    const awaiting = async () => (await v.chair.client.call('billing.candidate', { candidateId: pay.candidate_id })).balance.awaitingReviewCents;
    const before = await awaiting();
    expect(before).toBeGreaterThan(0);
    tx(() => {
      const id = Number(db.prepare(`INSERT INTO approvals (kind, subject, summary, payload, reason, requested_by, requested_at)
        VALUES ('payerReview', ?, '{}', '{}', 'asked again', ?, '2026-05-22T10:00:00Z')`).run(`payment:${pay.id}`, other).lastInsertRowid);
      db.prepare("UPDATE approvals SET status = 'approved', decided_by = ?, decided_at = '2026-05-22T10:01:00Z' WHERE id = ?").run(poster, id);
    })();
    expect(await awaiting()).toBe(before);
  });
});
