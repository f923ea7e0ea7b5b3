import { describe, expect, it } from 'vitest';
import { addUserAndLogin } from '../../support/backend.ts';
import { membersCsv, syntheticMembers, type SyntheticMember } from '../../support/members.ts';
import { allAuditEntries } from '../../../electron/audit/log.ts';
import { audienceMembers, countAudience } from '../../../electron/members/audience.ts';
import { importList, membersVault, writeTemp } from './helpers.ts';
import { ELECTION } from '../elections/helpers.ts';

const VIET: SyntheticMember[] = [
  { ...base('900001'), firstName: 'Thị Hương', lastName: 'Nguyễn', fullName: '', address1: '1234 Bolsa Avenue', address2: 'Apt. 5', city: 'Westminster', state: 'CA', zip: '92683' },
  { ...base('900002'), firstName: 'Văn Đức', lastName: 'Trần', fullName: '', address1: '77 north Main street', address2: '', city: 'San José', state: 'CA', zip: '95112-4401' },
  { ...base('900003'), firstName: 'José', lastName: 'Muñoz Peña', fullName: '', address1: '15 Elm St # 3', address2: '', city: 'El Paso', state: 'TX', zip: '79901', status: 'Suspended' },
];

function base(memberId: string): SyntheticMember {
  return {
    memberId, firstName: '', lastName: '', fullName: '', address1: '', address2: '', city: '', state: '', zip: '', email: '',
    local: 'Local 42', worksite: 'County General', shift: 'Day', status: 'Active', segments: { classification: 'RN' },
    phone: '(617) 555-0100', dateOfBirth: '1970-01-01',
  };
}

describe('members import', () => {
  it('imports a list with Vietnamese and Spanish names: names exact, addresses in Publication 28 form', async () => {
    const { client, backend } = await membersVault();
    const file = writeTemp('list.csv', membersCsv([...VIET, ...syntheticMembers(50, { seed: 3 })], { bom: true }));
    const { preview, validation, outcome } = await importList(client, backend, file);

    expect(preview.headers).toContain('Member ID');
    expect(preview.dropped.map((d) => [d.column, d.reason])).toEqual(expect.arrayContaining([
      ['Phone', 'drop.phone'], ['Date of Birth', 'drop.dateOfBirth'],
    ]));
    expect(validation).toMatchObject({ rows: 53, valid: 53, rowsWithProblems: 0, fatal: null });
    expect(validation.diff).toMatchObject({ added: 53, changed: 0, noLongerOnList: 0 });
    expect(outcome).toMatchObject({ status: 'committed', added: 53, changed: 0, deactivated: 0, skipped: 0 });

    const db = backend.vault!.db;
    const huong = db.prepare("SELECT * FROM members WHERE member_id = '900001'").get() as Record<string, unknown>;
    expect(huong).toMatchObject({
      first_name: 'Thị Hương', last_name: 'Nguyễn', full_name: 'Thị Hương Nguyễn', print_name: 'THỊ HƯƠNG NGUYỄN',
      address1: '1234 Bolsa Avenue', address2: 'Apt. 5', print_delivery: '1234 BOLSA AVE APT 5', print_secondary: 'APT 5',
      print_last_line: 'WESTMINSTER CA 92683', zip5: '92683', zip4: null, good_standing: 1, active: 1,
      segments: '{"classification":"RN"}',
    });
    expect(String(huong.full_name).normalize('NFC')).toBe(huong.full_name);
    expect(db.prepare("SELECT print_delivery, print_last_line, zip4 FROM members WHERE member_id = '900002'").get())
      .toEqual({ print_delivery: '77 N MAIN ST', print_last_line: 'SAN JOSE CA 95112-4401', zip4: '4401' });
    expect(db.prepare("SELECT good_standing, print_name FROM members WHERE member_id = '900003'").get())
      .toEqual({ good_standing: 0, print_name: 'JOSÉ MUÑOZ PEÑA' });

    // Not in good standing: never in an audience.
    const all = [...audienceMembers(db, { kind: 'allGoodStanding' })];
    expect(all.map((m) => m.memberId)).not.toContain('900003');
    expect(all.length).toBe(countAudience(db, { kind: 'allGoodStanding' }));
    expect((await client.call('members.count', { audience: { kind: 'allGoodStanding' } })).count).toBe(all.length);

    // Search is accent- and case-insensitive; the audit entry holds member IDs, never the query or names.
    const found = await client.call('members.search', { query: 'nguyen huong' });
    expect(found.hits.map((h) => h.memberId)).toContain('900001');
    expect(found.hits.every((h) => /nguy/i.test(h.fullName.normalize('NFD').replace(/\p{M}/gu, '')))).toBe(true);
    expect((await client.call('members.search', { query: 'Đức' })).hits.map((h) => h.memberId)).toContain('900002');
    expect((await client.call('members.search', { query: '90000' })).hits.map((h) => h.memberId)).toEqual(['900001', '900002', '900003']);

    const audit = [...allAuditEntries(db)];
    const text = JSON.stringify(audit);
    for (const secret of ['Hương', 'Nguyễn', 'huong', 'Bolsa', 'BOLSA', 'Muñoz', 'Westminster']) expect(text).not.toContain(secret);
    const search = audit.filter((e) => e.action === 'members.search');
    expect(search).toHaveLength(3);
    expect(search[0]!.details).toMatchObject({ memberIds: expect.arrayContaining(['900001']) });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['members.importPreview', 'members.importValidate', 'members.standingMap', 'members.importCommit']));
  });

  it('shows one member, corrects an address and a standing with the previous values kept, all audited', async () => {
    const { client, backend } = await membersVault();
    await importList(client, backend, writeTemp('list.csv', membersCsv(VIET)));
    const db = backend.vault!.db;
    const rowId = (db.prepare("SELECT id FROM members WHERE member_id = '900001'").get() as { id: number }).id;
    const before = await client.call('members.get', { id: rowId });
    expect(before.printLines).toEqual(['THỊ HƯƠNG NGUYỄN', '1234 BOLSA AVE APT 5', 'WESTMINSTER CA 92683']);

    const after = await client.call('members.correct', {
      id: rowId, address: { address1: '9 Magnolia Street', address2: 'Unit 2', city: 'Garden Grove', state: 'California', zip: '92840' },
      reason: 'member called the office',
    });
    expect(after.printLines).toEqual(['THỊ HƯƠNG NGUYỄN', '9 MAGNOLIA ST UNIT 2', 'GARDEN GROVE CA 92840']);
    expect(after).toMatchObject({ address1: '9 Magnolia Street', state: 'CA', zip: '92840' });
    expect(after.history[0]).toMatchObject({ source: 'correction', reason: 'member called the office', previous: { address1: '1234 Bolsa Avenue', city: 'Westminster' } });

    const standing = await client.call('members.correct', { id: rowId, goodStanding: false, reason: 'dues lapsed' });
    expect(standing.goodStanding).toBe(false);
    expect(standing.history[0]!.previous).toEqual({ good_standing: 1 });
    await expect(client.call('members.correct', { id: rowId, address: { address1: '1 Main St', address2: '', city: 'Boston', state: 'ZZ', zip: '02134' }, reason: 'x' }))
      .rejects.toMatchObject({ code: 'members.badAddress' });

    const audit = [...allAuditEntries(db)].filter((e) => e.action.startsWith('members.get') || e.action.startsWith('members.correct'));
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['members.get', 'member:900001'], ['members.correct', 'member:900001'], ['members.correct', 'member:900001'],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Magnolia|MAGNOLIA|Bolsa|Hương|called the office/);
    expect(() => db.prepare('DELETE FROM members').run()).toThrow(/never deleted/);
    expect(() => db.prepare('UPDATE member_history SET reason = NULL').run()).toThrow(/append-only/);
  });

  it('pages the list for the virtualised view, each page audited with its member IDs', async () => {
    const { client, backend } = await membersVault();
    await importList(client, backend, writeTemp('list.csv', membersCsv([...syntheticMembers(120, { seed: 9 })])));
    const page = await client.call('members.list', { offset: 100, limit: 50 });
    expect(page.total).toBe(120);
    expect(page.rows).toHaveLength(20);
    expect(page.rows[0]!.memberId).toBe(String(100_001 + 100));
    const entry = [...allAuditEntries(backend.vault!.db)].at(-1)!;
    expect(entry).toMatchObject({ action: 'members.list', details: { offset: 100, rows: 20 } });
    expect((entry.details as { memberIds: string[] }).memberIds).toHaveLength(20);
  });

  it('candidates and auditors get counts only: search, get, list and import are refused', async () => {
    const { client, backend, dir } = await membersVault();
    await importList(client, backend, writeTemp('list.csv', membersCsv(VIET)));
    const election = await client.call('elections.save', { election: ELECTION });
    const candidate = await client.call('candidates.register', { electionId: election.id, fullName: 'Lê Văn Tám', office: 'President', standing: 'candidate' });
    for (const role of ['candidate', 'auditor'] as const) {
      const other = await addUserAndLogin(client, dir, { login: `${role}1`, role, candidateId: role === 'candidate' ? candidate.id : null });
      for (const [command, input] of [
        ['members.search', { query: 'nguyen' }], ['members.get', { id: 1 }], ['members.list', { offset: 0, limit: 10 }],
        ['members.importPreview', { path: '/etc/passwd' }], ['members.correct', { id: 1, goodStanding: true, reason: 'x' }],
      ] as const) {
        await expect(other.client.call(command, input as never), `${role} ${command}`).rejects.toMatchObject({ code: 'auth.forbidden' });
      }
      // A candidate never sees a count under 10 (issue 13); the auditor does.
      const count = await other.client.call('members.count', { audience: { kind: 'allGoodStanding' } });
      expect(count).toEqual(role === 'candidate' ? { count: null, suppressed: true } : { count: 2, suppressed: false });
      const values = await other.client.call('members.segmentValues', {});
      expect(values.local).toEqual(role === 'candidate' ? [] : [{ value: 'Local 42', count: 2 }]);
      other.backend.lock('test');
    }
  });

  it('refuses a path that did not come from the file dialog', async () => {
    const { client } = await membersVault();
    await expect(client.call('members.importPreview', { path: '/etc/hostname' })).rejects.toMatchObject({ code: 'path.notGranted' });
  });
});
