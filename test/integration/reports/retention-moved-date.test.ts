import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../../support/backend.ts';
import { ELECTION } from '../elections/helpers.ts';
import { reportWorld } from './world.ts';

// Issue 14 §2, as the chair who wants the list gone early: move the election date back a year, then close. Candidates
// are on record, so the move needs a new version with a reason (and every candidate hears of it); even then the
// records are kept one year after the latest date ever set and one year after the newest version.
type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
beforeAll(async () => { w = await reportWorld(); }, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

const members = () => (w.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
const moved = { ...ELECTION, electionDate: '2025-06-30', mailBallot: false, ballotMailingDate: null };

describe('retention after the election date is moved', () => {
  it('without a reason the date does not move, no version is made and retention still counts from the real date', async () => {
    w.setNow(new Date('2026-07-15T18:00:00Z')); // after the election of 2026-06-30
    await expect(w.chair.client.call('elections.save', { electionId: w.election.id, election: moved }))
      .rejects.toMatchObject({ code: 'elections.versionReasonRequired' });
    expect((await w.chair.client.call('elections.list', {}))[0]).toMatchObject({ electionDate: '2026-06-30', version: 1 });
    expect((await w.chair.client.call('elections.versions', { electionId: w.election.id })).length).toBe(1);
    w.setNow(new Date('2027-06-01T18:00:00Z'));
    expect(await w.chair.client.call('retention.status', { electionId: w.election.id })).toMatchObject({ electionDate: '2026-06-30', canClose: false });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: w.election.name }))
      .rejects.toMatchObject({ code: 'retention.tooEarly' });
    expect(members()).toBeGreaterThan(0);
  });

  it('with a reason the date moves as a new version; nothing is purged for a year after it; the audit keeps both dates', async () => {
    w.setNow(new Date('2026-07-15T18:00:00Z'));
    await w.chair.client.call('elections.save', { electionId: w.election.id, election: moved, reason: 'The date was entered a year wrong' });
    const entry = (await w.chair.client.call('audit.list', { action: 'elections.update', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ version: 2, reason: 'The date was entered a year wrong', values: { electionDate: { before: '2026-06-30', after: '2025-06-30' } } });

    // A year after the date as it now stands, and even a year after the original date, the records are still kept:
    // the date changed on 2026-07-15, so nothing goes before 2027-07-15.
    w.setNow(new Date('2027-07-01T18:00:00Z'));
    const s = await w.chair.client.call('retention.status', { electionId: w.election.id });
    expect(s).toMatchObject({ electionDate: '2025-06-30', keepUntil: '2027-07-15', canClose: false });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: w.election.name }))
      .rejects.toMatchObject({ code: 'retention.tooEarly', details: { keepUntil: '2027-07-15' } });
    expect(members()).toBeGreaterThan(0);
  });
});
