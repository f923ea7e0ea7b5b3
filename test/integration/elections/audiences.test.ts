import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors.ts';
import type { Audience } from '../../../shared/domain/audience.ts';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { countAudienceSql } from '../../../electron/members/audience.ts';
import { ELECTION, electionVault, grantedFile, tableCounts } from './helpers.ts';

// Issue 16 §5, as a candidate who wants a mailing nobody else can get would try: type their own segment, borrow
// another election's audience, rename one after others chose it. The core refuses each; a request names an audience
// the committee offers to everyone, counted live, with small counts hidden from candidates.

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try { await p; return 'ok'; } catch (e) { return e instanceof AppError ? e.code : String(e); }
};

describe('saved, named audiences', () => {
  it('a candidate chooses an offered audience, never types one; the committee names and counts them', async () => {
    const v = await electionVault();
    const db = v.chair.backend.vault!.db;
    const local = (db.prepare("SELECT local, count(*) AS n FROM members WHERE active=1 AND good_standing=1 GROUP BY local ORDER BY n DESC LIMIT 1").get() as { local: string; n: number });
    const typed: Audience = { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: [local.local] }] };
    const flyer = await cleanLetterPdf();
    const before = tableCounts(v.candA.backend);

    // Typed by the candidate: refused for a quote and for a request, and nothing is stored.
    expect(await codeOf(v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audience: typed, channel: 'firstClass', pages: 1 }))).toBe('audiences.chooseOffered');
    expect(await codeOf(v.candA.client.call('requests.submit', {
      candidateId: v.a.id, audience: typed, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: grantedFile(v.candA.backend, flyer),
    }))).toBe('audiences.chooseOffered');
    expect(tableCounts(v.candA.backend)).toEqual(before);
    // Neither both nor none: exactly one way of naming the audience.
    expect(await codeOf(v.candA.client.call('quotes.estimate', { candidateId: v.a.id, channel: 'firstClass', pages: 1 } as never))).toBe('api.invalidInput');
    // A candidate cannot offer audiences to themselves.
    expect(await codeOf(v.candA.client.call('audiences.save', { electionId: v.election.id, name: 'Mine', audience: typed }))).toBe('auth.forbidden');

    // Staff save it under a name; the same name in other letters is the same name.
    const saved = await v.staff.client.call('audiences.save', { electionId: v.election.id, name: `Local ${local.local}`, audience: typed, reason: 'Candidates asked to write to one local.' });
    expect(saved.count).toBe(local.n);
    expect(await codeOf(v.chair.client.call('audiences.save', { electionId: v.election.id, name: `local ${local.local}`.toUpperCase(), audience: typed }))).toBe('audiences.nameTaken');
    // A small one: the committee sees its count, a candidate does not.
    const one = db.prepare('SELECT zip5 FROM members WHERE active=1 AND good_standing=1 ORDER BY zip5 LIMIT 1').get() as { zip5: string };
    const tiny: Audience = { kind: 'segment', combine: 'and', filters: [{ field: 'zip5', from: one.zip5, to: one.zip5 }] };
    const small = await v.chair.client.call('audiences.save', { electionId: v.election.id, name: 'One ZIP code', audience: tiny, reason: 'A worksite asked for its own mailing option.' });
    expect(small.count).toBe(countAudienceSql(db, tiny));
    expect(small.count).toBeLessThan(10);

    const offered = await v.candA.client.call('audiences.list', { electionId: v.election.id });
    expect(offered.map((o) => o.name)).toEqual([null, `Local ${local.local}`, 'One ZIP code']);
    expect(offered[1]!.count).toBe(local.n);
    expect(offered[2]).toMatchObject({ count: null, suppressed: true });
    expect(JSON.stringify(offered)).not.toContain(`"count":${small.count},`);
    // The other candidate sees exactly the same options.
    expect((await v.candB.client.call('audiences.list', { electionId: v.election.id })).map((o) => [o.id, o.name, o.count])).toEqual(offered.map((o) => [o.id, o.name, o.count]));
    // A small audience cannot be quoted to a candidate (it would reveal the count).
    expect(await codeOf(v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audienceId: small.id!, channel: 'firstClass', pages: 1 }))).toBe('members.audienceTooSmall');

    // Chosen by id: the request carries the saved audience and its name.
    const q = await v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audienceId: saved.id!, channel: 'firstClass', pages: 1 });
    expect(q.pieces).toBe(local.n);
    const r = await v.candA.client.call('requests.submit', {
      candidateId: v.a.id, audienceId: saved.id!, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: grantedFile(v.candA.backend, flyer),
    });
    expect(r.audience).toEqual(typed);
    expect(r).toMatchObject({ audienceId: saved.id, audienceName: `Local ${local.local}` });
    expect(r.quote!.pieces).toBe(local.n);
    // The whole list in good standing stays a choice where the election offers it.
    expect(await codeOf(v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 1 }))).toBe('ok');

    // Once offered, an audience never changes under anyone's feet, and is kept.
    expect(() => db.prepare("UPDATE election_audiences SET audience = '{\"kind\":\"allGoodStanding\"}' WHERE id = ?").run(saved.id)).toThrow(/never changes/);
    expect(() => db.prepare('DELETE FROM election_audiences WHERE id = ?').run(saved.id)).toThrow(/kept/);
    // The audit trail names the audience saved and who saved it.
    const audit = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'audiences.save'").get() as { n: number };
    expect(audit.n).toBe(2);
  });

  it("refuses another election's audience and hides an election the candidate is not in", async () => {
    const v = await electionVault();
    const other = await v.chair.client.call('elections.save', { election: { ...ELECTION, name: 'Trustee by-election' } });
    const elsewhere = await v.chair.client.call('audiences.save', { electionId: other.id, name: 'Everyone by ZIP', audience: { kind: 'segment', combine: 'or', filters: [{ field: 'zip5', from: '00000', to: '99999' }] } });
    expect(await codeOf(v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audienceId: elsewhere.id!, channel: 'firstClass', pages: 1 }))).toBe('audiences.notFound');
    // Staff entering a request for the candidate cannot borrow it either.
    expect(await codeOf(v.staff.client.call('quotes.estimate', { candidateId: v.a.id, audienceId: elsewhere.id!, channel: 'firstClass', pages: 1 }))).toBe('audiences.notFound');
    expect(await codeOf(v.candA.client.call('audiences.list', { electionId: other.id }))).toBe('elections.notFound');
  });
});
