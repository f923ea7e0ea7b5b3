import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { CARD, electionVault, submit } from '../elections/helpers.ts';
import { producedJob } from './fixtures.ts';

// Money in mills (issue 16 §6) meets the four-eyes rule on actual costs (issue 13 §5): postage priced at $0.351 a piece
// used to be read by the final-invoice trigger as $0.35, so a final invoice could say a fraction of a cent a piece less
// than the rate and the union absorb the rest. Tried as staff with the vault key would: 151 pieces at 35.1 cents are
// 5,300.1 cents; 5,300 cents is one mill short and is refused, by the core and by the database.

describe('actual postage against the quote, exactly in mills', () => {
  it('an amount one mill short is refused by the core and by the trigger on a direct write; the exact amount passes', async () => {
    const v = await electionVault();
    await v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: { ...CARD, postageCents: { firstClass: 35.1, marketing: 35 } } });
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    expect(req.quote!.lines.find((l) => l.item === 'postage.firstClass')).toMatchObject({ rateCents: 35.1 });
    const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
    await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    await v.chair.client.call('billing.recordPayment', { candidateId: v.a.id, amountCents: req.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'check', reference: '351' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
    await v.chair.client.call('requests.authorise', { requestId: req.id });
    await v.staff.client.call('requests.release', { requestId: req.id });
    const db = v.chair.backend.vault!.db;
    const pieces = 151;
    producedJob(db, req.id, pieces);

    // The core: 5,300 cents is under 151 x 35.1 = 5,300.1; the least it takes is 5,301.
    const refused = await v.staff.client.call('billing.reconcile', { requestId: req.id, actualPostageCents: 5300 }).then(() => null, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'billing.correctionNeedsApproval', details: { expectedPieces: pieces, minimumPostageCents: 5301 } });
    const sheets = (refused as { details: { expectedSheets: number } }).details.expectedSheets;

    // The database, whatever the code: a final invoice one mill short is refused; the exact amount (rounded up) is taken.
    // A well-formed final invoice (next number of its series, as the app issues it), one transaction each.
    const insert = (postageCents: number, keep: boolean) => db.transaction(() => {
      const { last } = db.prepare("UPDATE billing_counters SET last = coalesce(last, 0) + 1 WHERE series = 'F' RETURNING last").get() as { last: number };
      db.prepare(`INSERT INTO billing_documents (series, number, kind, candidate_id, request_id, total_cents, issued_at, issued_by, snapshot, sha256)
        VALUES ('F', ?, 'finalInvoice', ?, ?, 1, 'x', 1, ?, 'x')`).run(last, v.a.id, req.id, JSON.stringify({ actuals: { pieces, sheets, postageCents } }));
      if (!keep) throw new Error('inserted, rolled back');
    })();
    const documents = () => db.prepare('SELECT count(*) FROM billing_documents').pluck().get() as number;
    const before = documents();
    expect(() => insert(5300, true)).toThrow(/four eyes: actual costs differ from the production job/);
    expect(() => insert(5265, true)).toThrow(/four eyes/);
    expect(documents()).toBe(before);
    expect(() => insert(5301, false)).toThrow('inserted, rolled back');
    expect(documents()).toBe(before);

    // Through the core, the exact amount is the production job's figures: a final invoice, no countersignature.
    await expect(v.staff.client.call('billing.reconcile', { requestId: req.id, actualPostageCents: 5301 })).resolves.toMatchObject({ label: expect.stringMatching(/^F-/) });
  });
});
