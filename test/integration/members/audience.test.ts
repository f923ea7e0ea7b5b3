import crypto from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audience, AudienceFilter } from '../../../shared/domain/audience.ts';
import { audienceMembers, countAudience, countAudienceSql } from '../../../electron/members/audience.ts';
import { audienceWhere } from '../../../electron/members/audience-sql.ts';
import { currentSnapshot, forgetSnapshot } from '../../../electron/members/snapshot.ts';
import { openEncrypted, type DB } from '../../../electron/vault/database.ts';
import { migrate } from '../../../electron/vault/migrations/index.ts';
import { tempDir } from '../../support/backend.ts';
import { seedMembers } from '../../support/members.ts';

// The in-memory count snapshot must agree with SQL, and SQL with the stream the merge reads, for any audience.
let db: DB;
beforeAll(() => {
  db = openEncrypted(path.join(tempDir('litdesk-audience-'), 'v.db'), crypto.randomBytes(32));
  migrate(db);
  seedMembers(db, 4000, { seed: 7 });
  // A few members no longer on the list: never in an audience.
  db.prepare('UPDATE members SET active = 0 WHERE id % 97 = 0').run();
  db.prepare('UPDATE members_meta SET generation = generation + 1').run();
});
afterAll(() => db.close());

const LOCALS = ['Local 42', 'Local 1199', 'Local 7', 'Local 250', 'Local 87', 'Local 1000', 'Local 3', 'Local 615', 'Local 9 (none)'];
const zip = (n: number, d: number) => String(n).padStart(d, '0');
const filter: fc.Arbitrary<AudienceFilter> = fc.oneof(
  fc.record({ field: fc.constant('local' as const), values: fc.uniqueArray(fc.constantFrom(...LOCALS), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constant('shift' as const), values: fc.uniqueArray(fc.constantFrom('Day', 'Evening', 'Night', 'Swing'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ field: fc.constant('worksite' as const), values: fc.uniqueArray(fc.constantFrom('County General', 'North Yard', "St. Mary's Hospital", 'Nowhere'), { minLength: 1, maxLength: 2 }) }),
  fc.tuple(fc.nat(99_999), fc.nat(99_999)).map(([a, b]) => ({ field: 'zip5' as const, from: zip(Math.min(a, b), 5), to: zip(Math.max(a, b), 5) })),
  fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => ({ field: 'zip3' as const, from: zip(a, 3), to: zip(b, 3) })),
  fc.record({ field: fc.constant('custom' as const), name: fc.constantFrom('classification', 'unit'), values: fc.uniqueArray(fc.constantFrom('RN', 'LPN', 'CNA', 'Tech', "x'); DROP TABLE members; --"), { minLength: 1, maxLength: 3 }) }),
);
const audience: fc.Arbitrary<Audience> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'allGoodStanding' } as Audience) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('segment' as const), combine: fc.constantFrom('and' as const, 'or' as const), filters: fc.array(filter, { minLength: 1, maxLength: 5 }) }) },
);

describe('audiences', () => {
  it('property: snapshot count = SQL count = members streamed, and only active members in good standing', () => {
    fc.assert(fc.property(audience, (a) => {
      const streamed = [...audienceMembers(db, a)];
      expect(countAudience(db, a)).toBe(countAudienceSql(db, a));
      expect(streamed).toHaveLength(countAudienceSql(db, a));
      if (streamed.length > 0) {
        const ids = streamed.map((m) => m.id);
        const bad = db.prepare(`SELECT count(*) AS n FROM members WHERE id IN (${ids.join(',')}) AND (active = 0 OR good_standing = 0)`).get() as { n: number };
        expect(bad.n).toBe(0);
      }
    }), { numRuns: 150, seed: 42 });
  });

  it('streams in presort order (ZIP5, ZIP+4, id) with the printed lines', () => {
    const all = [...audienceMembers(db, { kind: 'allGoodStanding' })];
    // A missing ZIP+4 sorts first (SQLite orders NULL before any value); ' ' sorts before every digit.
    const key = (m: (typeof all)[number]) => `${m.zip5} ${m.zip4 ?? ''} ${String(m.id).padStart(8, '0')}`;
    for (let i = 1; i < all.length; i++) expect(key(all[i - 1]!) < key(all[i]!)).toBe(true);
    expect(all[0]).toMatchObject({ printName: expect.any(String), delivery: expect.any(String), lastLine: expect.stringMatching(/ [A-Z]{2} \d{5}(-\d{4})?$/) });
  });

  it('binds values as parameters: the SQL text holds no value', () => {
    const a: Audience = { kind: 'segment', combine: 'or', filters: [{ field: 'local', values: ["x' OR 1=1 --"] }, { field: 'custom', name: "n'; --", values: ['v'] }, { field: 'zip3', from: '021', to: '112' }] };
    const w = audienceWhere(a);
    expect(w.sql).not.toMatch(/x'|n'|021|112/);
    expect(w.params).toEqual(["x' OR 1=1 --", "n'; --", 'v', '02100', '11299']);
    expect(countAudience(db, a)).toBe(countAudienceSql(db, a));
  });

  it('a snapshot notices a member write, and is never built from uncommitted rows', () => {
    const a: Audience = { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: ['Local 42'] }] };
    const before = countAudience(db, a);
    const snap = currentSnapshot(db);
    db.exec('BEGIN');
    db.prepare("UPDATE members SET local = 'Local 42' WHERE id IN (SELECT id FROM members WHERE local <> 'Local 42' AND active = 1 AND good_standing = 1 LIMIT 5)").run();
    db.prepare('UPDATE members_meta SET generation = generation + 1').run();
    expect(countAudience(db, a)).toBe(before + 5); // inside the transaction: counted with SQL
    db.exec('ROLLBACK');
    expect(currentSnapshot(db)).toBe(snap);
    expect(countAudience(db, a)).toBe(before);
    forgetSnapshot(db);
    expect(countAudience(db, a)).toBe(before);
  });
});
