import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/backend.ts';
import { electionVault } from './helpers.ts';

// LMRDA 401(c), 29 CFR 452.71-.72. The election: mail ballot, ballots mailed 2026-06-10, so the window is
// 2026-05-11 up to (not including) 2026-06-10.
describe('401(c) inspection', () => {
  it('is refused outside the window with the reason, allowed once inside it, and refused a second time', async () => {
    const v = await electionVault();
    v.setNow(new Date('2026-05-10T12:00:00Z'));
    await expect(v.candA.client.call('inspection.start', {})).rejects.toMatchObject({
      code: 'inspection.outsideWindow', details: { opens: '2026-05-11', closesBefore: '2026-06-10', today: '2026-05-10' },
    });
    v.setNow(new Date('2026-06-10T08:00:00Z'));
    await expect(v.candA.client.call('inspection.start', {})).rejects.toMatchObject({ code: 'inspection.outsideWindow' });
    v.setNow(new Date('2026-05-11T08:00:00Z'));
    const s = await v.candA.client.call('inspection.start', {});
    expect(s.totalMembers).toBeGreaterThan(100);
    const page1 = await v.candA.client.call('inspection.page', { sessionId: s.id, page: 1 });
    expect(page1.rows).toHaveLength(50);
    expect(page1.rows[0]!.lines.at(-1)).toMatch(/ [A-Z]{2} \d{5}/);
    const db = v.chair.backend.vault!.db;
    const good = (db.prepare('SELECT count(*) AS n FROM members WHERE active=1 AND good_standing=1').get() as { n: number }).n;
    expect(page1.total).toBe(good);
    // Every page read is audited by row range, never by name.
    const audit = await v.chair.client.call('audit.list', { action: 'inspection.page', limit: 10 });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.details).toMatchObject({ sessionId: s.id, page: 1, rows: 50 });
    expect(JSON.stringify(audit.entries[0]!.details)).not.toContain(page1.rows[0]!.name);
    await v.candA.client.call('inspection.end', { sessionId: s.id });
    await expect(v.candA.client.call('inspection.page', { sessionId: s.id, page: 2 })).rejects.toMatchObject({ code: 'inspection.ended' });
    await expect(v.candA.client.call('inspection.start', {})).rejects.toMatchObject({ code: 'inspection.alreadyUsed', details: { on: '2026-05-11' } });
    // Staff cannot read the candidate's session, nor can another candidate; candidate B still has their own inspection.
    await expect(v.staff.client.call('inspection.page', { sessionId: s.id, page: 1 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(v.candB.client.call('inspection.page', { sessionId: s.id, page: 1 })).rejects.toMatchObject({ code: 'inspection.notFound' });
    const sb = await v.candB.client.call('inspection.start', {});
    expect(sb.candidateId).toBe(v.b.id);
  });

  it('expires after its time limit', async () => {
    const v = await electionVault();
    v.setNow(new Date('2026-05-20T08:00:00Z'));
    const s = await v.candA.client.call('inspection.start', {});
    v.setNow(new Date('2026-05-20T09:00:01Z'));
    await expect(v.candA.client.call('inspection.page', { sessionId: s.id, page: 1 })).rejects.toMatchObject({ code: 'inspection.expired' });
  });

  it('own-list check answers only which of their entries match a member in good standing', async () => {
    const v = await electionVault();
    const db = v.chair.backend.vault!.db;
    const good = db.prepare('SELECT member_id, full_name, zip5 FROM members WHERE active=1 AND good_standing=1 ORDER BY id LIMIT 2').all() as { member_id: string; full_name: string; zip5: string }[];
    const bad = db.prepare('SELECT member_id FROM members WHERE good_standing=0 LIMIT 1').get() as { member_id: string } | undefined;
    const s = await v.candA.client.call('inspection.start', {});
    // The name typed without diacritics and in another order still matches (name + ZIP); a wrong ZIP does not.
    const folded = good[0]!.full_name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').split(' ').reverse().join(' ').toLowerCase();
    const lines = [`${folded}, ${good[0]!.zip5}`, good[1]!.member_id, `${good[0]!.full_name}, 00001`, 'Nobody Atall, 12345', ...(bad ? [bad.member_id] : [])];
    const out = await v.candA.client.call('inspection.checkOwnList', { sessionId: s.id, lines });
    expect(out.entries.map((e) => e.match)).toEqual([true, true, false, false, ...(bad ? [false] : [])]);
    expect(out.matched).toBe(2);
    expect(Object.keys(out.entries[0]!).sort()).toEqual(['line', 'match', 'text']);
    // From a file the candidate brought, picked with the native dialog (granted); an ungranted path is refused.
    const file = path.join(tempDir('litdesk-own-'), 'mine.csv');
    fs.writeFileSync(file, `\uFEFF${good[1]!.member_id}\r\nSomeone Else, 99999\r\n`);
    await expect(v.candA.client.call('inspection.checkOwnList', { sessionId: s.id, filePath: file })).rejects.toMatchObject({ code: 'path.notGranted' });
    v.candA.backend.grants.grantFile(file, 'ownList');
    const fromFile = await v.candA.client.call('inspection.checkOwnList', { sessionId: s.id, filePath: file });
    expect(fromFile.entries.map((e) => e.match)).toEqual([true, false]);
  });

  it('extra access granted to one candidate is recorded and offered to every other', async () => {
    const v = await electionVault();
    const c = await v.staff.client.call('candidates.register', { electionId: v.election.id, fullName: 'Søren Dvořák', office: 'President', standing: 'candidate' });
    await v.candA.client.call('inspection.start', {}).then((s) => v.candA.client.call('inspection.end', { sessionId: s.id }));
    const g = await v.chair.client.call('extraAccess.grant', { candidateId: v.a.id, kind: 'extraInspection', description: 'A second supervised session after the list update' });
    expect(g.offersCreated).toBe(2);
    const notices = await v.candB.client.call('notices.list', {});
    const offer = notices.find((n) => n.kind === 'extraAccess')!;
    expect(offer.extraAccess).toMatchObject({ response: 'open', description: 'A second supervised session after the list update' });
    // A candidate registered later is offered it too.
    const late = await v.staff.client.call('candidates.register', { electionId: v.election.id, fullName: 'Chinedu Okafor', office: 'President', standing: 'seekingNomination' });
    const status = await v.staff.client.call('inspection.status', { electionId: v.election.id });
    for (const id of [v.b.id, c.id, late.id]) {
      expect(status.candidates.find((x) => x.candidateId === id)!.extraOffers).toEqual([expect.objectContaining({ grantId: g.grantId, response: 'open' })]);
    }
    // The grantee uses it once; B must accept before using it.
    const extra = await v.candA.client.call('inspection.start', { grantId: g.grantId });
    await v.candA.client.call('inspection.end', { sessionId: extra.id });
    await expect(v.candA.client.call('inspection.start', { grantId: g.grantId })).rejects.toMatchObject({ code: 'inspection.alreadyUsed' });
    await expect(v.candB.client.call('inspection.start', { grantId: g.grantId })).rejects.toMatchObject({ code: 'inspection.offerNotAccepted' });
    await expect(v.candA.client.call('extraAccess.respond', { offerId: offer.extraAccess!.offerId, accept: true })).rejects.toMatchObject({ code: 'extraAccess.notFound' });
    await v.candB.client.call('extraAccess.respond', { offerId: offer.extraAccess!.offerId, accept: true });
    const sb = await v.candB.client.call('inspection.start', { grantId: g.grantId });
    expect(sb.grantId).toBe(g.grantId);
    const audit = await v.chair.client.call('audit.list', { action: 'extraAccess.grant', limit: 5 });
    expect(audit.entries[0]!.details).toMatchObject({ grantId: g.grantId, offersCreated: 2 });
  });
});
