import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { CARD, electionVault, submit } from './helpers.ts';

// Issue 14 §4, tried as the chair who stalls one candidate: hold one paid request 20 days while releasing the other's
// the same day. The core refuses a release past the published turnaround without a technical reason on record, and the
// equal-treatment report names the difference (not "none"), with who acted, the hold and its reason.
type V = Awaited<ReturnType<typeof electionVault>>;

/** A request of candidate A or B taken through sign-off, payment (recorded by the chair) and authorisation. */
async function readyToRelease(v: V, which: 'a' | 'b') {
  const c = which === 'a' ? v.candA : v.candB;
  const id = which === 'a' ? v.a.id : v.b.id;
  const req = await submit(c.client, c.backend, id, await cleanLetterPdf());
  const proof = await c.client.call('requests.proof', { requestId: req.id });
  await c.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
  await v.chair.client.call('billing.recordPayment', { candidateId: id, amountCents: req.quote!.totalCents, receivedOn: '2026-05-20',
    method: { type: 'check', reference: `chk-${req.id}` }, payer: { type: 'candidate', name: which === 'a' ? 'Nguyễn Thị Hương' : 'José Muñoz Peña', accountHolder: which === 'a' ? 'Nguyễn Thị Hương' : 'José Muñoz Peña' } });
  await v.chair.client.call('requests.authorise', { requestId: req.id });
  return req;
}

describe('published turnaround and holds', () => {
  it('one request held 20 days, another released the same day: late release needs a reason, the report names the difference', async () => {
    const v = await electionVault(); // Wednesday 2026-05-20; the election publishes 5 business days
    const a = await readyToRelease(v, 'a');
    const b = await readyToRelease(v, 'b');
    // José's request goes out the same day; Hương's is held by the chair.
    await v.staff.client.call('requests.release', { requestId: b.id });
    const held = await v.chair.client.call('requests.hold', { requestId: a.id, reason: 'Waiting for the mail house to confirm envelope stock' });
    expect(held.hold).toMatchObject({ reason: 'Waiting for the mail house to confirm envelope stock' });
    await expect(v.chair.client.call('requests.hold', { requestId: a.id, reason: 'again' })).rejects.toMatchObject({ code: 'requests.alreadyHeld' });

    // Twenty days later (14 business days), the release needs the technical reason; without it nothing changes.
    v.setNow(new Date('2026-06-09T15:00:00Z'));
    const db = v.chair.backend.vault!.db;
    const before = db.prepare('SELECT * FROM requests WHERE id = ?').get(a.id);
    await expect(v.staff.client.call('requests.release', { requestId: a.id }))
      .rejects.toMatchObject({ code: 'requests.lateReleaseReason', details: { due: '2026-05-27', turnaroundBusinessDays: 5, businessDays: 14 } });
    expect(db.prepare('SELECT * FROM requests WHERE id = ?').get(a.id)).toEqual(before);
    const released = await v.staff.client.call('requests.release', { requestId: a.id, lateReason: 'Envelope stock arrived on 8 June' });
    expect(released).toMatchObject({ status: 'released', hold: null, releaseDue: '2026-05-27', lateReleaseReason: 'Envelope stock arrived on 8 June' });

    const report = await v.chair.client.call('reports.equalTreatment', { electionId: v.election.id });
    const rowA = report.requests.find((r) => r.requestId === a.id)!;
    const rowB = report.requests.find((r) => r.requestId === b.id)!;
    expect(rowB.turnaround).toMatchObject({ businessDays: 0, late: false, released: true });
    expect(rowA.turnaround).toMatchObject({ businessDays: 14, turnaroundBusinessDays: 5, due: '2026-05-27', late: true, lateReason: 'Envelope stock arrived on 8 June' });
    expect(rowA.holds).toEqual([expect.objectContaining({ heldBy: 'Rosa Delgado', reason: 'Waiting for the mail house to confirm envelope stock', endedBy: expect.any(String) })]);
    expect(rowA.actors).toMatchObject({ signedOff: expect.any(String), paid: 'Rosa Delgado', authorised: 'Rosa Delgado', released: expect.any(String) });
    expect(rowA.actors!.released).not.toBe('Rosa Delgado');
    expect(rowA.timeline).toMatchObject({ received: expect.any(String), quoted: expect.any(String), signedOff: expect.any(String), paid: expect.any(String), authorised: expect.any(String), released: expect.any(String) });

    const turnaround = report.differences.filter((d) => d.topic === 'turnaround');
    expect(turnaround).toHaveLength(1);
    expect(turnaround[0]).toMatchObject({ subject: `Nguyễn Thị Hương, request #${a.id}`, key: 'turnaroundReleased',
      values: { businessDays: 14, turnaround: 5, fastestRequest: b.id, fastestBusinessDays: 0, late: 1 } });
    expect(turnaround[0]!.detail).toContain('14 business days');
    expect(turnaround[0]!.reason).toContain('Waiting for the mail house to confirm envelope stock');
    expect(turnaround[0]!.reason).toContain('Envelope stock arrived on 8 June');

    // The exported report says the same, in words.
    const csv = Buffer.from((await v.chair.client.call('reports.export', { report: 'equalTreatment', electionId: v.election.id, format: 'csv' })).base64, 'base64').toString('utf8');
    expect(csv).toContain('Waiting for the mail house to confirm envelope stock');
    expect(csv).toContain('14 of 5 business days');
  });

  it('a late release recorded with no reason (written around the core) is an unexplained difference', async () => {
    const v = await electionVault();
    const a = await readyToRelease(v, 'a');
    const b = await readyToRelease(v, 'b');
    await v.staff.client.call('requests.release', { requestId: b.id });
    v.setNow(new Date('2026-06-09T15:00:00Z'));
    const db = v.chair.backend.vault!.db;
    const staffId = (await v.staff.client.call('session.me', {})).user.id;
    db.prepare("UPDATE requests SET status = 'released', released_at = ?, released_by = ? WHERE id = ?").run('2026-06-09T15:00:00.000Z', staffId, a.id);
    const report = await v.chair.client.call('reports.equalTreatment', { electionId: v.election.id });
    expect(report.differences.filter((d) => d.topic === 'turnaround')).toEqual([expect.objectContaining({ subject: `Nguyễn Thị Hương, request #${a.id}`, reason: null })]);
  });

  it('a new rate card requotes every open quote or none: a failure half way publishes nothing and changes no quote', async () => {
    const v = await electionVault();
    const first = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const second = await submit(v.candB.client, v.candB.backend, v.b.id, await cleanLetterPdf());
    const signed = await readyToRelease(v, 'a'); // signed off: its quote stands as the candidate accepted it
    const db = v.chair.backend.vault!.db;
    const quotes = () => db.prepare('SELECT id, status, quote_cents, rate_card_version, quoted_at FROM requests ORDER BY id').all();
    const was = quotes();
    // A failure injected half way: the first open quote is rewritten, then the second one's write fails.
    db.exec(`CREATE TRIGGER test_fail_half_way BEFORE UPDATE OF quote_cents ON requests WHEN NEW.id = ${second.id}
      BEGIN SELECT RAISE(ABORT, 'injected failure half way'); END`);
    const card2 = { ...CARD, postageCents: { ...CARD.postageCents, firstClass: 78 } };
    await expect(v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: card2 })).rejects.toBeDefined();
    expect(quotes()).toEqual(was);
    expect((await v.chair.client.call('rateCard.versions', { electionId: v.election.id })).map((c) => c.version)).toEqual([1]);
    db.exec('DROP TRIGGER test_fail_half_way');

    const out = await v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: card2 });
    expect(out).toMatchObject({ version: 2, requoted: 2 });
    const after = await v.chair.client.call('requests.list', { electionId: v.election.id });
    for (const id of [first.id, second.id]) {
      const r = after.find((x) => x.id === id)!;
      expect(r.quote!.rateCardVersion).toBe(2);
      expect(r.quote!.totalCents).toBe(r.quote!.lines.reduce((s, l) => s + l.amountCents, 0));
      expect(r.quote!.lines.find((l) => l.item === 'postage.firstClass')!.rateCents).toBe(78);
    }
    expect(after.find((x) => x.id === signed.id)!.quote!.rateCardVersion).toBe(1);
    const entry = (await v.chair.client.call('audit.list', { action: 'rateCard.publish', limit: 1 })).entries[0]!;
    expect((entry.details as { requoted: Array<{ requestId: number }> }).requoted.map((r) => r.requestId)).toEqual([first.id, second.id]);
  });
});
