import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvTrailer, pdfText, saved } from './helpers.ts';
import { addRequest, reportWorld } from './world.ts';

type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
beforeAll(async () => { w = await reportWorld(); }, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

describe('equal-treatment report', () => {
  it('lists every rate-card version with its notice to every candidate, and each request with its card, rates, audience, channel and turnaround', async () => {
    const r = await w.auditor.client.call('reports.equalTreatment', { electionId: w.election.id });
    expect(r.rateCards.map((c) => c.version)).toEqual([1, 2]);
    for (const card of r.rateCards) {
      expect(card.notices).toHaveLength(3);
      for (const n of card.notices) expect(n.createdAt).not.toBeNull();
    }
    const ra = r.requests.find((x) => x.requestId === w.requests.ra.id)!;
    expect(ra.rateCardVersion).toBe(1);
    expect(ra.rates.find((x) => x.item === 'postage.firstClass')?.rateCents).toBe(73);
    // Produced: the production job that mailed it, whose counts the final invoice took (issue 13 §5).
    expect(Object.keys(ra.timeline)).toEqual(['received', 'quoted', 'signedOff', 'paid', 'authorised', 'released', 'produced']);
    expect(ra.hoursToQuote).toBe(2);
    const rb2 = r.requests.find((x) => x.requestId === w.requests.rb2.id)!;
    expect(rb2.rateCardVersion).toBe(2);
    expect(rb2.rates.find((x) => x.item === 'postage.firstClass')?.rateCents).toBe(78);
    const rb = r.requests.find((x) => x.requestId === w.requests.rb.id)!;
    expect([rb.channel, rb.audience]).toEqual(['marketing', 'Members in good standing in local Local 42']);
    expect(r.notRecorded).toEqual([]);
    // Every difference in this election is explained by a record (publication dates, the candidate's choice, open offers).
    expect(r.differences.length).toBeGreaterThan(0);
    expect(r.differences.filter((d) => d.reason === null)).toEqual([]);
    expect(r.extraAccess).toHaveLength(1);
    expect(r.extraAccess[0]!.grantedTo).toBe('Nguyễn Thị Hương');
    expect(r.extraAccess[0]!.offers.map((o) => o.response).sort()).toEqual(['accepted', 'open', 'open']);
  });

  it('highlights differences no record explains: an outdated card, a rate off the card, a missing notice, an offer not made', async () => {
    const db = w.db;
    // Quoted under v1 although v2 was in force.
    const stale = addRequest(db, w.election.id, w.candidates.c.id, { pieces: 50, at: new Date('2026-05-12T09:00:00Z'), version: 1 });
    // A candidate written in directly (no notice), and a grant whose offers were never made to anyone else.
    const ghost = Number(db.prepare("INSERT INTO candidates (election_id, full_name, office, standing, registered_at) VALUES (?, 'Ghost Candidate', 'President', 'candidate', '2026-05-02T00:00:00Z')")
      .run(w.election.id).lastInsertRowid);
    const g = Number(db.prepare("INSERT INTO extra_access_grants (election_id, candidate_id, kind, description, granted_at) VALUES (?,?,'extraInspection','Private walk-through','2026-05-15T00:00:00Z')")
      .run(w.election.id, w.candidates.b.id).lastInsertRowid);
    // A quote whose handling rate is not the card's (written past the quote code).
    const q = JSON.parse((db.prepare('SELECT quote_lines FROM requests WHERE id=?').get(w.requests.rc.id) as { quote_lines: string }).quote_lines) as { lines: Array<{ item: string; rateCents: number }> };
    q.lines.find((l) => l.item === 'handling')!.rateCents = 0;
    db.prepare('UPDATE requests SET quote_lines=? WHERE id=?').run(JSON.stringify(q), w.requests.rc.id);
    const r = await w.auditor.client.call('reports.equalTreatment', { electionId: w.election.id });
    const unexplained = r.differences.filter((d) => d.reason === null);
    expect(unexplained).toEqual(expect.arrayContaining([
      expect.objectContaining({ topic: 'rateCardVersion', subject: expect.stringContaining(`request #${stale.id}`) }),
      expect.objectContaining({ topic: 'notice', subject: 'Ghost Candidate' }),
      expect.objectContaining({ topic: 'rates', subject: expect.stringContaining(`request #${w.requests.rc.id}`), detail: expect.stringMatching(/^Handling: \$0\.00 per job charged; rate card version \d+ says Handling: \$25\.00 per job/) }),
      expect.objectContaining({ topic: 'extraAccess', subject: 'Nguyễn Thị Hương', detail: expect.stringContaining(`#${g}`) }),
    ]));
    expect(ghost).toBeGreaterThan(0);

    const csv = await w.auditor.client.call('reports.export', { report: 'equalTreatment', electionId: w.election.id, format: 'csv' });
    const t = csvTrailer(saved(csv).bytes);
    expect(t.stated).toBe(t.actual);
    const rows = Papa.parse<string[]>(t.body, { skipEmptyLines: true }).data;
    expect(rows.filter((x) => x[4] === 'UNEXPLAINED').length).toBe(unexplained.length);
    expect(rows.some((x) => x[0] === "'=HYPERLINK(\"http://evil.example\",\"click\")")).toBe(true);

    const pdf = saved(await w.auditor.client.call('reports.export', { report: 'equalTreatment', electionId: w.election.id, format: 'pdf' }));
    const text = pdfText(pdf.file);
    for (const s of ['Nguyễn Thị Hương', 'José Muñoz Peña', 'Second inspection session', 'UNEXPLAINED', 'NOT OFFERED', 'Members in good standing in local Local 42', 'Staff time: $32.00 per hour', 'USPS Marketing Mail',
      `${unexplained.length} unexplained`, 'chain head']) expect(text).toContain(s);
    // Plain figures, no internal keys (issue 14 §6).
    for (const key of ['postage.', 'staffTime', '¢', 'segment:', ' in (', 'firstClass']) expect(text).not.toContain(key);
    const entry = (await w.auditor.client.call('audit.list', { limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ report: 'equalTreatment', format: 'pdf', unexplained: unexplained.length });
  });
});
