// Issue 13 §3, from the candidate's chair: counts and segment values must not point at a handful of members, and
// no segment ever hands out other members' email addresses, phone numbers or birth dates — not when staff try to
// map such a column, not through the store, and not from a vault that already holds one.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberWriter } from '../../../electron/members/writer.ts';
import { prepareMember } from '../../../electron/members/record.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Audience } from '../../../shared/domain/audience.ts';
import { sensitiveValue } from '../../../shared/domain/sensitive-column.ts';
import { addUserAndLogin } from '../../support/backend.ts';
import { csvLine, membersCsv, OFFICE_HEADER, officeRow, syntheticMembers } from '../../support/members.ts';
import { CARD, ELECTION } from '../elections/helpers.ts';
import { grant, importList, membersVault, writeTemp } from './helpers.ts';

const TINY = 'Tiny Annex';
const members = [...syntheticMembers(200, { seed: 21, notGoodShare: 0 })].map((m, i) => (i < 3 ? { ...m, worksite: TINY } : m));
const PLANTED = { email: 'zz.planted@example.org', phone: '(415) 555-0199', dob: '1961-07-04' };

type World = Awaited<ReturnType<typeof membersVault>> & { electionId: number; candidateId: number; candidate: LitDeskApi; staff: LitDeskApi; auditor: LitDeskApi; staffBackend: Backend };
let w: World;

beforeAll(async () => {
  const chair = await membersVault();
  await importList(chair.client, chair.backend, writeTemp('list.csv', membersCsv(members)));
  // A vault imported before this rule: segments named and filled like contact details, written straight to the store.
  const db = chair.backend.vault!.db;
  const put = db.prepare('INSERT INTO member_segments (member_row, name, value) VALUES (?, ?, ?)');
  for (let row = 1; row <= 40; row++) {
    put.run(row, 'phone', row === 1 ? PLANTED.phone : `(212) 555-${String(1000 + row)}`);
    put.run(row, 'contact', row === 1 ? PLANTED.email : `m${row}@example.org`);
    put.run(row, 'unit', row === 1 ? PLANTED.dob : `19${60 + (row % 30)}-01-01`);
  }
  const election = await chair.client.call('elections.save', { election: ELECTION });
  await chair.client.call('rateCard.publish', { electionId: election.id, card: CARD });
  const cand = await chair.client.call('candidates.register', { electionId: election.id, fullName: 'Lê Văn Tám', office: 'President', standing: 'candidate' });
  const candidate = await addUserAndLogin(chair.client, chair.dir, { login: 'cand1', role: 'candidate', candidateId: cand.id });
  const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'staff1', role: 'staff' });
  const auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'auditor1', role: 'auditor' });
  w = { ...chair, electionId: election.id, candidateId: cand.id, candidate: candidate.client, staff: staff.client, auditor: auditor.client, staffBackend: staff.backend };
}, 120_000);

describe('counts for candidates', () => {
  it('suppresses a 3-member band, and any narrowing under 10; staff see the number; every count is audited', async () => {
    const band: Audience = { kind: 'segment', combine: 'and', filters: [{ field: 'worksite', values: [TINY] }] };
    expect(await w.candidate.call('members.count', { audience: band })).toEqual({ count: null, suppressed: true });
    expect(await w.staff.call('members.count', { audience: band })).toEqual({ count: 3, suppressed: false });
    // Narrowing two large values with "and" to a few members is suppressed as well.
    const narrow: Audience = { kind: 'segment', combine: 'and', filters: [
      { field: 'zip5', from: members[10]!.zip.slice(0, 5), to: members[10]!.zip.slice(0, 5) }, { field: 'shift', values: [members[10]!.shift] },
    ] };
    const staffCount = (await w.staff.call('members.count', { audience: narrow })).count!;
    expect(staffCount).toBeLessThan(10);
    expect(await w.candidate.call('members.count', { audience: narrow })).toEqual({ count: null, suppressed: true });
    expect((await w.candidate.call('members.count', { audience: { kind: 'allGoodStanding' } })).count).toBe(200);
    // A quote names its pieces: the candidate cannot price the band to learn its size either.
    // A candidate cannot type the band (issue 16 §5); offered by the committee, it still cannot be quoted to them.
    await expect(w.candidate.call('quotes.estimate', { candidateId: w.candidateId, audience: band, channel: 'firstClass', pages: 1 }))
      .rejects.toMatchObject({ code: 'audiences.chooseOffered' });
    const offered = await w.staff.call('audiences.save', { electionId: w.electionId, name: 'The small worksite', audience: band, reason: 'Offered to every candidate alike.' });
    await expect(w.candidate.call('quotes.estimate', { candidateId: w.candidateId, audienceId: offered.id!, channel: 'firstClass', pages: 1 }))
      .rejects.toMatchObject({ code: 'members.audienceTooSmall' });
    expect((await w.candidate.call('audiences.list', { electionId: w.electionId })).find((a) => a.id === offered.id)).toMatchObject({ count: null, suppressed: true });
    expect((await w.candidate.call('quotes.estimate', { candidateId: w.candidateId, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 1 })).pieces).toBe(200);

    // Segment values: the 3-member worksite is not offered to the candidate at all, nor is any value under 10.
    const forCandidate = await w.candidate.call('members.segmentValues', {});
    expect(forCandidate.worksite.map((v) => v.value)).not.toContain(TINY);
    for (const list of [forCandidate.local, forCandidate.worksite, forCandidate.shift, forCandidate.zip3, ...Object.values(forCandidate.custom)]) {
      for (const v of list) expect(v.count).toBeGreaterThanOrEqual(10);
    }
    expect((await w.staff.call('members.segmentValues', {})).worksite).toContainEqual({ value: TINY, count: 3 });

    const audit = await w.auditor.call('audit.list', { action: 'members.count', limit: 20 });
    const mine = audit.entries.filter((e) => e.actor === 'cand1 (candidate)');
    expect(mine).toHaveLength(3);
    expect(mine.map((e) => e.details)).toContainEqual({ role: 'candidate', audience: 'and:worksite', suppressed: true });
    // The values themselves (a worksite of three) stay out of the audit log.
    expect(JSON.stringify(audit.entries)).not.toContain(TINY);
  });
});

describe('segments never carry contact details, birth dates or pay', () => {
  it('members.segmentValues returns no email, phone or birth-date value to anyone, even from an old vault', async () => {
    for (const client of [w.client, w.staff, w.candidate, w.auditor]) {
      const values = await client.call('members.segmentValues', {});
      const text = JSON.stringify(values);
      for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
      expect(text).not.toMatch(/@|555-\d{4}|19\d\d-\d\d-\d\d/);
      expect(Object.keys(values.custom)).toEqual(['classification']);
      for (const list of Object.values(values.custom)) for (const v of list) expect(sensitiveValue(v.value)).toBeNull();
    }
    const byPhone: Audience = { kind: 'segment', combine: 'or', filters: [{ field: 'custom', name: 'phone', values: [PLANTED.phone] }] };
    await expect(w.candidate.call('members.count', { audience: byPhone })).rejects.toMatchObject({ code: 'members.sensitiveSegment' });
  });

  it('staff cannot map such a column as a segment, by its header, by its name, or by its values', async () => {
    const col = (h: string) => OFFICE_HEADER.indexOf(h);
    const file = writeTemp('list.csv', membersCsv(members.slice(0, 30)));
    grant(w.staffBackend, file);
    const { mapping } = await w.staff.call('members.importPreview', { path: file });
    const attempts: Array<Record<string, number>> = [{ email: col('Email') }, { team: col('Phone') }, { notes: col('Date of Birth') }, { 'pay rate': col('Local') }];
    for (const segments of attempts) {
      await expect(w.staff.call('members.importValidate', { path: file, mapping: { ...mapping, segments } }), JSON.stringify(segments))
        .rejects.toMatchObject({ code: 'members.sensitiveSegment' });
    }
    // A harmless header over a column of birth dates: caught by the values, and the import cannot be committed.
    const header = OFFICE_HEADER.map((h) => (h === 'Date of Birth' ? 'Group' : h));
    const disguised = writeTemp('disguised.csv', [csvLine(header), ...members.slice(0, 30).map((m) => csvLine(officeRow(m)))].join('\r\n'));
    grant(w.staffBackend, disguised);
    const v = await w.staff.call('members.importValidate', { path: disguised, mapping: { ...mapping, segments: { group: col('Date of Birth') } } });
    expect(v.fatal).toMatchObject({ code: 'import.sensitiveSegment', details: { column: 'Group', reason: 'birthDate' } });
    await expect(w.staff.call('members.importCommit', { token: v.token, skipInvalid: true })).rejects.toMatchObject({ code: 'members.importFatal' });

    // The store itself refuses one, whatever path writes the member.
    const db = w.backend.vault!.db;
    const m = prepareMember({ ...members[0]!, segments: { contact: PLANTED.email } });
    if (!m.ok) throw new Error('member');
    expect(() => new MemberWriter(db, { now: new Date(), source: 'import', actorId: null }).write(m.member, true)).toThrow(/cannot become a segment/);
  });
});
