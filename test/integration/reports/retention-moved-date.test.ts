import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../../support/backend.ts';
import { ELECTION } from '../elections/helpers.ts';
import { reportWorld } from './world.ts';

// Issue 14 §2, as the chair who wants the list gone early: move the election date back a year, then close. The
// records are kept one year after the latest date ever set and one year after the dates last changed.
type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
beforeAll(async () => { w = await reportWorld(); }, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

describe('retention after the election date is moved', () => {
  it('moving the date back a year does not open the records to a purge; the audit keeps both dates', async () => {
    w.setNow(new Date('2026-07-15T18:00:00Z')); // after the election of 2026-06-30
    await w.chair.client.call('elections.save', { electionId: w.election.id, election: { ...ELECTION, electionDate: '2025-06-30', mailBallot: false, ballotMailingDate: null } });
    const entry = (await w.chair.client.call('audit.list', { action: 'elections.update', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ values: { electionDate: { before: '2026-06-30', after: '2025-06-30' } } });

    // A year after the date as it now stands, and even a year after the original date, the records are still kept:
    // the date changed on 2026-07-15, so nothing goes before 2027-07-15.
    w.setNow(new Date('2027-07-01T18:00:00Z'));
    const s = await w.chair.client.call('retention.status', { electionId: w.election.id });
    expect(s).toMatchObject({ electionDate: '2025-06-30', keepUntil: '2027-07-15', canClose: false });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: w.election.name }))
      .rejects.toMatchObject({ code: 'retention.tooEarly', details: { keepUntil: '2027-07-15' } });
    const members = (w.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
    expect(members).toBeGreaterThan(0);
  });
});
