import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors.ts';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { electionVault, submit } from './helpers.ts';

// Issue 16 §6: staff tell the chair a job is ready. As a careless staffer would: before it is signed off, before it is
// paid, twice; the core refuses each with the reason, and the chair's notice is kept once seen.

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try { await p; return 'ok'; } catch (e) { return e instanceof AppError ? e.code : String(e); }
};

describe('staff tell the chair a job is ready', () => {
  it('only a signed-off job paid in full; once; the chair sees and marks it', async () => {
    const v = await electionVault();
    const r = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    expect(await codeOf(v.staff.client.call('requests.tellChair', { requestId: r.id }))).toBe('ready.notReady');
    const proof = await v.candA.client.call('requests.proof', { requestId: r.id });
    await v.candA.client.call('requests.signOff', { requestId: r.id, proofSha256: proof.sha256 });
    expect(await codeOf(v.staff.client.call('requests.tellChair', { requestId: r.id }))).toBe('ready.notPaid');
    await v.chair.client.call('billing.recordPayment', {
      candidateId: v.a.id, amountCents: r.quote!.totalCents, receivedOn: '2026-05-20', method: { type: 'check', reference: '77' },
      payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' },
    });
    const told = await v.staff.client.call('requests.tellChair', { requestId: r.id, note: 'Check 77 cleared' });
    expect(told).toMatchObject({ step: 'authorise', candidateName: 'Nguyễn Thị Hương', createdBy: expect.any(String), seenAt: null });
    expect(await codeOf(v.staff.client.call('requests.tellChair', { requestId: r.id }))).toBe('ready.alreadyTold');
    expect(await codeOf(v.chair.client.call('requests.tellChair', { requestId: r.id }))).toBe('auth.forbidden');
    expect(await codeOf(v.staff.client.call('readyNotices.seen', { noticeId: told.id }))).toBe('auth.forbidden');
    const list = await v.chair.client.call('readyNotices.list', {});
    expect(list.map((n) => [n.requestId, n.step, n.seenAt])).toEqual([[r.id, 'authorise', null]]);
    const seen = await v.chair.client.call('readyNotices.seen', { noticeId: told.id });
    expect(seen.seenBy).toBe('Rosa Delgado');
    const db = v.chair.backend.vault!.db;
    expect(() => db.prepare('UPDATE ready_notices SET seen_at = NULL, seen_by = NULL WHERE id = ?').run(told.id)).toThrow(/only ever marked seen/);
    expect(() => db.prepare('DELETE FROM ready_notices').run()).toThrow(/kept/);
    // After authorising, the next step is the release: staff may tell the chair again, for that step.
    await v.chair.client.call('requests.authorise', { requestId: r.id });
    expect(await v.staff.client.call('requests.tellChair', { requestId: r.id })).toMatchObject({ step: 'release' });
  });
});
