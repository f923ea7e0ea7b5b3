import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { migrate } from '../../../electron/vault/migrations/index.ts';
import { tempDir } from '../../support/backend.ts';
import { SYNTHETIC_STANDING, importFileDirect, membersCsv, searchEntries, syntheticMembers, type SyntheticMember } from '../../support/members.ts';
import type { DB } from '../../../electron/vault/database.ts';
import { importList, listContent, membersVault, writeTemp } from './helpers.ts';

const POOL = [...syntheticMembers(60, { seed: 21 })];

/** "word member-ID" for every search entry of the given members, sorted. */
function searchIndex(db: DB, members: ReadonlySet<string>): string[] {
  const ids = new Map(db.prepare('SELECT id, member_id FROM members').raw().all() as Array<[number, string]>);
  return searchEntries(db).map((e) => [e.word, ids.get(e.member_row)!] as const).filter(([, id]) => members.has(id)).map(([w, id]) => `${w} ${id}`).sort();
}

describe('re-importing a newer list', () => {
  it('shows the diff first (added, changed fields, no longer on the list), then updates by member ID', async () => {
    const { client, backend } = await membersVault();
    const a = POOL.slice(0, 40);
    await importList(client, backend, writeTemp('a.csv', membersCsv(a)));

    const b: SyntheticMember[] = a.slice(5).map((m, i) => {
      if (i === 0) return { ...m, address1: '1 Harbor Blvd', address2: '', city: 'Garden Grove', state: 'CA', zip: '92840' };
      if (i === 1) return { ...m, local: 'Local 9999' };
      if (i === 2) return { ...m, status: SYNTHETIC_STANDING[m.status] ? 'Suspended' : 'Active', local: 'Local 9999' };
      return m;
    });
    b.push(...POOL.slice(40, 44));
    const fileB = writeTemp('b.csv', membersCsv(b));
    const { validation, outcome } = await importList(client, backend, fileB);
    expect(validation.diff).toMatchObject({
      added: 4, changed: 3, unchanged: 32, noLongerOnList: 5,
      changedFields: { address: 1, local: 2, status: 1, standing: 1 },
      addedRows: [37, 38, 39, 40],
      noLongerOnListIds: a.slice(0, 5).map((m) => m.memberId),
    });
    expect(validation.diff.changedRows).toEqual([
      { row: 2, memberId: a[5]!.memberId, fields: ['address'] },
      { row: 3, memberId: a[6]!.memberId, fields: ['local'] },
      { row: 4, memberId: a[7]!.memberId, fields: ['local', 'status', 'standing'] },
    ]);
    expect(outcome).toMatchObject({ status: 'committed', added: 4, changed: 3, unchanged: 32, deactivated: 5 });

    const db = backend.vault!.db;
    // Never deleted: the members who left are still there, inactive, and outside every audience.
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 44 });
    expect(db.prepare('SELECT member_id FROM members WHERE active = 0 ORDER BY member_id').all().map((r) => (r as { member_id: string }).member_id))
      .toEqual(a.slice(0, 5).map((m) => m.memberId).sort());
    const history = db.prepare('SELECT previous FROM member_history h JOIN members m ON m.id = h.member_row WHERE m.member_id = ?').all(a[5]!.memberId);
    expect(JSON.parse((history[0] as { previous: string }).previous)).toMatchObject({ address1: a[5]!.address1, city: a[5]!.city });

    // Back on a later list: reactivated.
    const { validation: v3 } = await importList(client, backend, writeTemp('c.csv', membersCsv([...b, a[0]!])));
    expect(v3.diff).toMatchObject({ added: 0, changed: 1, changedFields: { reactivated: 1 } });
    expect(db.prepare('SELECT active FROM members WHERE member_id = ?').get(a[0]!.memberId)).toEqual({ active: 1 });
  });

  it('property: import A then B equals import B on a fresh store, apart from inactive markers', async () => {
    const dir = tempDir('litdesk-reimport-');
    let n = 0;
    const fresh = () => {
      const db = openEncrypted(path.join(dir, `s${n++}.db`), crypto.randomBytes(32));
      migrate(db);
      return db;
    };
    const mutate = fc.constantFrom<(m: SyntheticMember) => SyntheticMember>(
      (m) => m,
      (m) => ({ ...m, address1: `${m.address1.split(' ')[0]} Nguyễn Trãi Street`, address2: 'Apt 2' }),
      (m) => ({ ...m, local: 'Local 5' }),
      (m) => ({ ...m, status: m.status === 'Active' ? 'Suspended' : 'Active' }),
      (m) => ({ ...m, firstName: `${m.firstName} Đức`, segments: { classification: 'Tech' } }),
      (m) => ({ ...m, zip: m.zip.slice(0, 5), shift: 'Night', email: '' }),
    );
    const list = fc.uniqueArray(fc.tuple(fc.nat(POOL.length - 1), mutate), { selector: ([i]) => i, minLength: 1, maxLength: 25 })
      .map((picks) => picks.map(([i, f]) => f(POOL[i]!)));
    await fc.assert(
      fc.asyncProperty(list, list, async (a, b) => {
        const fileA = path.join(dir, `a${n}.csv`);
        const fileB = path.join(dir, `b${n}.csv`);
        fs.writeFileSync(fileA, membersCsv(a));
        fs.writeFileSync(fileB, membersCsv(b));
        const s1 = fresh();
        const s2 = fresh();
        try {
          await importFileDirect(s1, fileA);
          const later = await importFileDirect(s1, fileB);
          await importFileDirect(s2, fileB);
          expect(listContent(s1, { activeOnly: true })).toEqual(listContent(s2));
          const inB = new Set(b.map((m) => m.memberId));
          // The name search index too: a changed name's old words are gone, its new ones are there (FTS5 adds, never replaces).
          expect(searchIndex(s1, inB)).toEqual(searchIndex(s2, inB));
          const gone = a.filter((m) => !inB.has(m.memberId)).map((m) => m.memberId).sort();
          const inactive = (s1.prepare('SELECT member_id FROM members WHERE active = 0 ORDER BY member_id').all() as Array<{ member_id: string }>).map((r) => r.member_id);
          expect(inactive).toEqual(gone);
          expect(later.counts.deactivated).toBe(gone.length);
          expect(later.validation.diff.noLongerOnList).toBe(gone.length);
        } finally {
          s1.close();
          s2.close();
        }
      }),
      { numRuns: 25, seed: 20260301 },
    );
  }, 60_000);
});
