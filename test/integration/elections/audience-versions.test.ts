import { describe, expect, it } from 'vitest';
import { electionVault } from './helpers.ts';

// Issue 14 §2 for the audiences an election offers: saved named audiences are what candidates choose from, so adding
// one once candidates are on record changes what the election offers. Tried as the committee member who adds one at
// 11 pm without a word: refused, nothing written. With a reason it is a new version of the election, the names before
// and after in the audit trail, and a notice to every candidate anchored to the chain head.

type W = Awaited<ReturnType<typeof electionVault>>;
const count = (w: W, sql: string): number => w.chair.backend.vault!.db.prepare(sql).pluck().get() as number;
const footprint = (w: W) => ({
  audiences: count(w, 'SELECT count(*) FROM election_audiences'),
  versions: count(w, 'SELECT count(*) FROM election_versions'),
  notices: count(w, 'SELECT count(*) FROM election_version_notices'),
  anchors: count(w, 'SELECT count(*) FROM audit_anchors'),
  audit: count(w, "SELECT count(*) FROM audit_log WHERE action = 'audiences.save'"),
});
const NIGHT = { kind: 'segment' as const, combine: 'or' as const, filters: [{ field: 'shift' as const, values: ['Night'] }] };

describe('saving a named audience once candidates are on record', () => {
  it('at 11 pm without a reason: refused, nothing written; with one: a new version and a notice to every candidate', async () => {
    const w = await electionVault();
    w.setNow(new Date('2026-05-20T23:00:00Z'));
    expect((await w.staff.client.call('session.me', {})).timeZone).toBe('UTC');
    const before = footprint(w);
    await expect(w.staff.client.call('audiences.save', { electionId: w.election.id, name: 'Night shift', audience: NIGHT }))
      .rejects.toMatchObject({ code: 'elections.versionReasonRequired', details: { fields: 'savedAudiences' } });
    await expect(w.staff.client.call('audiences.save', { electionId: w.election.id, name: 'Night shift', audience: NIGHT, reason: '   ' }))
      .rejects.toMatchObject({ code: 'api.invalidInput' });
    expect(footprint(w)).toEqual(before);
    expect((await w.candA.client.call('audiences.list', { electionId: w.election.id })).map((o) => o.name)).toEqual([null]);

    const saved = await w.staff.client.call('audiences.save', { electionId: w.election.id, name: 'Night shift', audience: NIGHT, reason: 'Night-shift members asked for mail at home.' });
    expect(footprint(w)).toEqual({ ...before, audiences: before.audiences + 1, versions: before.versions + 1, notices: before.notices + 2, anchors: before.anchors + 2, audit: before.audit + 1 });
    expect((await w.chair.client.call('elections.list', {}))[0]).toMatchObject({ version: 2 });
    const versions = await w.candB.client.call('elections.versions', { electionId: w.election.id });
    expect(versions[0]).toMatchObject({ version: 2, reason: 'Night-shift members asked for mail at home.', noticesSent: 2, createdBy: 'sam',
      changes: [{ field: 'savedAudiences', before: [], after: ['Night shift'] }] });

    // Every candidate is told, with the same words, and each notice is anchored to the chain head as it stood.
    const entry = (await w.chair.client.call('audit.list', { action: 'audiences.save', limit: 1 })).entries[0]!;
    for (const c of [w.candA, w.candB]) {
      const notices = (await c.client.call('notices.list', {})).filter((n) => n.kind === 'electionVersion');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.electionVersion).toMatchObject({ version: 2, reason: 'Night-shift members asked for mail at home.',
        changes: [{ field: 'savedAudiences', before: [], after: ['Night shift'] }] });
    }
    const anchors = w.chair.backend.vault!.db.prepare("SELECT seq FROM audit_anchors WHERE document LIKE 'election version notice %' ORDER BY id").pluck().all() as number[];
    expect(anchors).toEqual([entry.seq - 1, entry.seq - 1]);
    // The names before and after, with the reason and the version, in the audit trail.
    expect(entry.details).toMatchObject({ name: 'Night shift', version: 2, reason: 'Night-shift members asked for mail at home.', noticesCreated: 2,
      before: [], after: ['Night shift'] });
    expect(saved.name).toBe('Night shift');

    // A second one lists the first among the names before.
    await w.chair.client.call('audiences.save', { electionId: w.election.id, name: 'Day shift', audience: { ...NIGHT, filters: [{ field: 'shift', values: ['Day'] }] }, reason: 'The same for day-shift members.' });
    expect((await w.candA.client.call('elections.versions', { electionId: w.election.id }))[0]).toMatchObject({ version: 3,
      changes: [{ field: 'savedAudiences', before: ['Night shift'], after: ['Night shift', 'Day shift'] }] });
  });
});
