import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText, saved } from './helpers.ts';
import { CANARY_TOKENS, reportWorld, seedCanary } from './world.ts';
import { SYNTHETIC_STANDING, syntheticMembers } from '../../support/members.ts';

// No report carries member names or addresses, and no member-level row appears: a canary member with a unique name
// and address is in the vault; every report is generated in every format and every byte (and the PDFs' text) is
// searched for it, together with the streets and member IDs of the synthetic list.
type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
beforeAll(async () => { w = await reportWorld({ members: 60, seed: 11, extraMembers: seedCanary }); }, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

describe('reports carry no member data', () => {
  it('finds no canary, member street or member ID in any report, any format, any response', async () => {
    expect(Object.keys(SYNTHETIC_STANDING).length).toBeGreaterThan(0);
    const members = [...syntheticMembers(60, { seed: 11 })];
    // Street lines and member IDs are unique to members (names can equal a candidate's, which is no leak).
    const needles = [...CANARY_TOKENS, ...members.map((m) => m.address1), ...members.map((m) => `"${m.memberId}"`), ...members.map((m) => `,${m.memberId},`)];
    const haystacks: Array<[string, string]> = [];
    const api = w.auditor.client;
    const e = w.election.id;
    haystacks.push(['reports.spend', JSON.stringify(await api.call('reports.spend', { electionId: e }))]);
    haystacks.push(['reports.equalTreatment', JSON.stringify(await api.call('reports.equalTreatment', { electionId: e }))]);
    haystacks.push(['retention.status', JSON.stringify(await api.call('retention.status', { electionId: e }))]);
    const exports = [
      { report: 'spend', electionId: e, format: 'csv' }, { report: 'spend', electionId: e, format: 'pdf' },
      { report: 'equalTreatment', electionId: e, format: 'csv' }, { report: 'equalTreatment', electionId: e, format: 'pdf' },
      { report: 'audit', format: 'csv' }, { report: 'audit', format: 'jsonl' },
    ] as const;
    for (const x of exports) {
      const f = await api.call('reports.export', x);
      const s = saved(f);
      haystacks.push([f.fileName, s.bytes.toString('utf8')]);
      haystacks.push([`${f.fileName} (latin1)`, s.bytes.toString('latin1')]);
      if (x.format === 'pdf') haystacks.push([`${f.fileName} text`, pdfText(s.file)]);
    }
    // Control: the canary really is in the vault, so the scan could find it.
    expect((w.db.prepare("SELECT count(*) AS n FROM members WHERE last_name = 'Quillfeather'").get() as { n: number }).n).toBe(1);
    const hits = haystacks.flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map((n) => `${where}: ${n}`));
    expect(hits).toEqual([]);
  });

  it('offers no member view to the auditor: member commands are refused', async () => {
    await expect(w.auditor.client.call('inspection.page', { sessionId: 1, page: 1 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(w.auditor.client.call('quotes.estimate', { candidateId: 1, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 1 }))
      .rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
