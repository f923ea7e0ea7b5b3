import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { makeBackend, signInOn } from '../../support/backend.ts';
import { producedJob } from '../billing/fixtures.ts';
import { CARD, electionVault, submit } from './helpers.ts';

// Issue 13, "tried as a dishonest insider would": each attempt below once got its way with the product's own
// commands, through the same router the app uses. Each must now be refused.

const ONE_TIME = 'straw candidate one time phrase 4471';

/** The chair alone: registers a straw candidate, gives it a login whose passphrase the chair chose, signs in as it. */
async function strawCandidate(v: Awaited<ReturnType<typeof electionVault>>) {
  const straw = await v.chair.client.call('candidates.register', { electionId: v.election.id, fullName: 'Straw Man', office: 'President', standing: 'candidate' });
  await v.chair.client.call('users.add', { login: 'straw', displayName: 'Straw Man', role: 'candidate', candidateId: straw.id, oneTimePassphrase: ONE_TIME });
  const as = makeBackend({ vaultDir: v.dir, clock: v.chair.backend.options.clock! });
  await signInOn(as.backend, { login: 'straw', passphrase: ONE_TIME }); // a candidate signs in on a handed-over workstation
  const info = await as.client.call('session.changePassphrase', { current: ONE_TIME, next: 'the chair also chose this one 2026' });
  if (info.agreementPending) await as.client.call('agreement.accept', { version: info.agreementPending.version });
  return { id: straw.id, ...as };
}

describe('issue 13: no one person can take the list out or make the union pay', () => {
  it('the chair alone (straw candidate, own login, sign-off, "payment", authorise) is refused at release; a second member can release', async () => {
    const v = await electionVault();
    const straw = await strawCandidate(v);
    const req = await submit(straw.client, straw.backend, straw.id, await cleanLetterPdf());
    const proof = await straw.client.call('requests.proof', { requestId: req.id });
    await straw.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    await v.chair.client.call('billing.recordPayment', { candidateId: straw.id, amountCents: req.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'moneyOrder', reference: 'MO-1' }, payer: { type: 'candidate', name: 'Straw Man', accountHolder: 'Straw Man' } });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    const db = v.chair.backend.vault!.db;
    const before = db.prepare('SELECT status, released_at FROM requests WHERE id=?').get(req.id);
    await expect(v.chair.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.sameMember' });
    expect(db.prepare('SELECT status, released_at FROM requests WHERE id=?').get(req.id)).toEqual(before);
    // Nothing to produce: the merge refuses an unreleased request.
    await expect(v.chair.client.call('merge.start', { requestId: req.id, folder: '/nonexistent', mailHouseId: 1 })).rejects.toBeDefined();
    // The refusal is on the record, and the release needed a second committee member, who is named with the first.
    const released = await v.staff.client.call('requests.release', { requestId: req.id });
    expect(released.status).toBe('released');
    const audit = await v.chair.client.call('audit.list', { action: 'requests.release', limit: 5 });
    const chairId = (await v.chair.client.call('session.me', {})).user.id;
    const staffId = (await v.staff.client.call('session.me', {})).user.id;
    expect(audit.entries[0]!.details).toMatchObject({ authorisedBy: chairId, releasedBy: staffId });
  });

  it('the member who recorded the payment a job depends on cannot release it, even when someone else authorised it', async () => {
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
    await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    await v.staff.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'check', reference: '101' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    await expect(v.chair.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.sameMember' });
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({
      code: 'requests.releaserPaid', details: { ownPaymentsCents: req.quote!.totalCents },
    });
    // Candidates and auditors never release.
    await expect(v.candA.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect((await v.chair.client.call('requests.list', {})).find((r) => r.id === req.id)!.status).toBe('authorised');
  });

  it('staff cannot open a 401(c) inspection for a candidate they registered, nor can the chair', async () => {
    const v = await electionVault();
    const mine = await v.staff.client.call('candidates.register', { electionId: v.election.id, fullName: 'Fake Friend', office: 'President', standing: 'candidate' });
    for (const who of [v.staff, v.chair]) {
      await expect(who.client.call('inspection.start', { candidateId: mine.id })).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(who.client.call('inspection.start', {})).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    // A candidate can open only their own, once; another candidate's id is refused.
    await expect(v.candA.client.call('inspection.start', { candidateId: mine.id })).rejects.toMatchObject({ code: 'inspection.ownSessionOnly' });
    const s = await v.candA.client.call('inspection.start', {});
    expect(s.candidateId).toBe(v.a.id);
    await v.candA.client.call('inspection.end', { sessionId: s.id });
    await expect(v.candA.client.call('inspection.start', {})).rejects.toMatchObject({ code: 'inspection.alreadyUsed' });
    const db = v.chair.backend.vault!.db;
    expect(db.prepare('SELECT count(*) FROM inspections WHERE candidate_id = ?').pluck().get(mine.id)).toBe(0);
  });

  it('an all-zero rate card, or one zero price for a cost the union incurs, is refused with a plain message', async () => {
    const v = await electionVault();
    const zero = {
      paperPerSheetCents: 0, printPerSideCents: 0, envelopeCents: 0, insertingCents: 0, postageCents: { firstClass: 0, marketing: 0 },
      handlingPerJobCents: 0, staffHourCents: 0, staffSetupMinutesPerJob: 0, staffMinutesPer1000: 0, other: [],
    };
    await expect(v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: zero })).rejects.toMatchObject({
      code: 'rateCard.zeroPrice', details: { items: 'paper, printing, envelopes, inserting, postage.firstClass, postage.marketing, handling, staffTime' },
    });
    for (const [k, item] of [['handlingPerJobCents', 'handling'], ['staffHourCents', 'staffTime'], ['envelopeCents', 'envelopes']] as const) {
      await expect(v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: { ...CARD, [k]: 0 } })).rejects.toMatchObject({ code: 'rateCard.zeroPrice', details: { items: item } });
    }
    await expect(v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: { ...CARD, postageCents: { ...CARD.postageCents, marketing: 0 } } }))
      .rejects.toMatchObject({ code: 'rateCard.zeroPrice', details: { items: 'postage.marketing' } });
    await expect(v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: { ...CARD, staffSetupMinutesPerJob: 0, staffMinutesPer1000: 0 } }))
      .rejects.toMatchObject({ code: 'rateCard.zeroPrice', details: { items: 'staffTime' } });
    expect((await v.chair.client.call('rateCard.versions', { electionId: v.election.id })).length).toBe(1);
  });

  it('staff typing "actual pieces = 1" for a produced job is refused; the correction needs a second member, and both reports name both', async () => {
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
    await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    await v.chair.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'check', reference: '301' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    await v.staff.client.call('requests.release', { requestId: req.id });
    const db = v.chair.backend.vault!.db;
    const pieces = req.quote!.pieces;
    producedJob(db, req.id, pieces);
    const rate = req.quote!.lines.find((l) => l.item === 'postage.firstClass')!.rateCents;
    const docs = () => db.prepare('SELECT count(*) FROM billing_documents').pluck().get();
    const before = docs();
    // The attempt: one piece, the rest "refunded". Refused, nothing issued.
    await expect(v.staff.client.call('billing.reconcile', { requestId: req.id, actualPostageCents: rate, actualSheets: 1, actualPieces: 1 }))
      .rejects.toMatchObject({ code: 'billing.correctionNeedsApproval', details: { expectedPieces: pieces, expectedSheets: pieces, from: 'productionJob' } });
    // Postage below the rate card for the pieces mailed is a correction too.
    await expect(v.staff.client.call('billing.reconcile', { requestId: req.id, actualPostageCents: rate * pieces - 1 })).rejects.toMatchObject({ code: 'billing.correctionNeedsApproval' });
    expect(docs()).toBe(before);
    // The database refuses the same invoice whatever the code: a direct insert of a 1-piece final invoice fails.
    expect(() => db.prepare(`INSERT INTO billing_documents (series, number, kind, candidate_id, request_id, total_cents, issued_at, issued_by, snapshot, sha256)
      VALUES ('F', 1, 'finalInvoice', ?, ?, 1, 'x', 1, '{"actuals":{"pieces":1,"sheets":1,"postageCents":1}}', 'x')`).run(v.a.id, req.id)).toThrow(/four eyes/);
    // Proposed with a reason, it waits; its author cannot countersign it; a second member does, and only then it counts.
    const proposal = await v.staff.client.call('billing.proposeCorrection', { requestId: req.id, actualPostageCents: rate, actualSheets: 1, actualPieces: 1, reason: 'Mail house says one piece.' });
    expect(proposal.status).toBe('pending');
    expect(docs()).toBe(before);
    await expect(v.staff.client.call('countersign.decide', { countersignId: proposal.id, agree: true })).rejects.toMatchObject({ code: 'approvals.sameMember' });
    await expect(v.candA.client.call('countersign.decide', { countersignId: proposal.id, agree: true })).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect(db.prepare('SELECT status FROM approvals WHERE id=?').pluck().get(proposal.id)).toBe('pending');
    const signed = await v.chair.client.call('countersign.decide', { countersignId: proposal.id, agree: true, note: 'Seen the statement.' });
    expect(signed).toMatchObject({ status: 'approved', requestedBy: { name: 'sam' }, decidedBy: { name: 'Rosa Delgado' } });
    expect(signed.result).toMatchObject({ finalInvoice: expect.stringMatching(/^F-/) });
    const spend = await v.chair.client.call('reports.spend', { electionId: v.election.id });
    const equal = await v.chair.client.call('reports.equalTreatment', { electionId: v.election.id });
    for (const r of [spend, equal]) {
      expect(r.corrections).toEqual([expect.objectContaining({ requestId: req.id, proposedBy: 'sam', countersignedBy: 'Rosa Delgado', reason: 'Mail house says one piece.',
        expected: expect.objectContaining({ pieces, from: 'productionJob' }), corrected: { pieces: 1, sheets: 1, postageCents: rate } })]);
    }
    const pdf = await v.chair.client.call('reports.export', { report: 'spend', electionId: v.election.id, format: 'csv' });
    const csv = Buffer.from(pdf.base64, 'base64').toString('utf8');
    expect(csv).toContain('sam');
    expect(csv).toContain('Rosa Delgado');
    expect(csv).toContain('Mail house says one piece.');
  });

  it('no second identity without a second member: after the first staff member, a new committee member needs a countersignature', async () => {
    const v = await electionVault();
    const db = v.chair.backend.vault!.db;
    const users = () => db.prepare('SELECT count(*) FROM users').pluck().get();
    const before = users();
    // The template's chair already has staff (Sam): the chair alone cannot add a third committee member.
    await expect(v.chair.client.call('users.add', { login: 'puppet', displayName: 'Puppet', role: 'staff', candidateId: null, oneTimePassphrase: 'marble orchard quietly ferries lanterns' }))
      .rejects.toMatchObject({ code: 'users.secondApprovalNeeded' });
    await expect(v.chair.client.call('users.add', { login: 'puppet2', displayName: 'Puppet', role: 'chair', candidateId: null, oneTimePassphrase: 'marble orchard quietly ferries lanterns' }))
      .rejects.toMatchObject({ code: 'users.secondApprovalNeeded' });
    expect(() => db.prepare("INSERT INTO users (login, display_name, role, created_at) VALUES ('puppet3', 'P', 'staff', 'x')").run()).toThrow(/four eyes/);
    expect(users()).toBe(before);
    // Proposed by the chair, countersigned by Sam, who sets the one-time passphrase the chair never sees.
    const p = await v.chair.client.call('users.propose', { login: 'lee', displayName: 'Lee Park', role: 'staff', reason: 'Second staff member for the busy weeks.' });
    await expect(v.chair.client.call('countersign.decide', { countersignId: p.id, agree: true, oneTimePassphrase: 'velvet canyon drums softly northward' })).rejects.toMatchObject({ code: 'approvals.sameMember' });
    await expect(v.staff.client.call('countersign.decide', { countersignId: p.id, agree: true })).rejects.toMatchObject({ code: 'approvals.passphraseNeeded' });
    const done = await v.staff.client.call('countersign.decide', { countersignId: p.id, agree: true, oneTimePassphrase: 'granite pelican sorts amber letters' });
    expect(done.result).toMatchObject({ login: 'lee' });
    const lee = makeBackend({ vaultDir: v.dir });
    await lee.client.call('session.login', { login: 'lee', passphrase: 'granite pelican sorts amber letters' });
    const audit = await v.chair.client.call('audit.list', { action: 'users.add', limit: 1 });
    expect(audit.entries[0]!.details).toMatchObject({ role: 'staff', basis: 'approval', approvalId: p.id });
    // A countersignature is used once: the same login cannot be added again.
    await expect(v.chair.client.call('users.add', { login: 'lee2', displayName: 'Lee', role: 'staff', candidateId: null, oneTimePassphrase: 'copper heron whistles beyond tides' }))
      .rejects.toMatchObject({ code: 'users.secondApprovalNeeded' });
  });

  it('a job quoted at $0 can never be released, whatever writes the row', async () => {
    const v = await electionVault();
    const db = v.chair.backend.vault!.db;
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
    await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    // An old card priced everything at zero: the quote is $0, the gate sees nothing to pay, and release is still refused.
    db.prepare("UPDATE requests SET quote_cents = 0 WHERE id = ?").run(req.id);
    await expect(v.staff.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({ code: 'requests.zeroQuote' });
    const staffId = (await v.staff.client.call('session.me', {})).user.id;
    expect(() => db.prepare("UPDATE requests SET status='released', released_at='x', released_by=? WHERE id=?").run(staffId, req.id)).toThrow(/four eyes/);
    expect((await v.chair.client.call('requests.list', {})).find((r) => r.id === req.id)!.status).toBe('authorised');
  });
});
