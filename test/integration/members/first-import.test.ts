// A first import (empty list) takes a faster path: no look-ups, and the member tables' secondary indexes dropped and
// rebuilt once at the end. It must leave the same store as the row-by-row path, and a failed or cancelled first
// import must leave the schema exactly as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitPass } from '../../../electron/members/commit.ts';
import { readStandingMap, setStandingRow } from '../../../electron/members/standing.ts';
import { validatePass } from '../../../electron/members/validate.ts';
import { openEncrypted, type DB } from '../../../electron/vault/database.ts';
import { migrate } from '../../../electron/vault/migrations/index.ts';
import { tempDir } from '../../support/backend.ts';
import { importFileDirect, OFFICE_HEADER, SYNTHETIC_STANDING, searchEntries, syntheticMembers, membersCsv } from '../../support/members.ts';
import { previewMemberFile } from '../../../electron/members/import/index.ts';

const open = (): DB => {
  const db = openEncrypted(path.join(tempDir('litdesk-first-import-'), 'v.db'), crypto.randomBytes(32));
  migrate(db);
  return db;
};
const indexes = (db: DB) => db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
/** The search index as "word member-ID" strings, sorted (row ids differ between two stores). */
const searchWordsByMemberId = (db: DB): string[] => {
  const ids = new Map(db.prepare('SELECT id, member_id FROM members').raw().all() as Array<[number, string]>);
  return searchEntries(db).map((e) => `${e.word} ${ids.get(e.member_row)}`).sort();
};
/** Everything an import stores, without row ids or the time written. */
const content = (db: DB) => ({
  members: db.prepare(`SELECT member_id, full_name, address1, city, zip, local, worksite, shift, status_raw, good_standing, active,
      print_name, print_delivery, print_secondary, print_last_line, zip5, zip4, segments FROM members ORDER BY member_id`).all(),
  words: searchWordsByMemberId(db),
  segments: db.prepare('SELECT m.member_id, g.name, g.value FROM member_segments g JOIN members m ON m.id = g.member_row ORDER BY 1, 2').all(),
  above: db.prepare('SELECT m.member_id, a.lines FROM member_print_above a JOIN members m ON m.id = a.member_row ORDER BY 1').all(),
});

const LIST = [...syntheticMembers(400, { seed: 77 })];

describe('a first import', () => {
  it('stores exactly what the row-by-row path stores, with every index back as it was', async () => {
    const file = path.join(tempDir('litdesk-first-import-'), 'list.csv');
    fs.writeFileSync(file, membersCsv(LIST));
    const fresh = open();
    const before = indexes(fresh);
    await importFileDirect(fresh, file);
    expect(indexes(fresh)).toEqual(before);
    expect(fresh.pragma('integrity_check', { simple: true })).toBe('ok');

    // The row-by-row path: the same list imported over a store that already held one of its members (identical),
    // so the store is not empty and every row is looked up.
    const stepwise = open();
    const one = path.join(tempDir('litdesk-first-import-'), 'one.csv');
    fs.writeFileSync(one, membersCsv(LIST.slice(0, 1)));
    await importFileDirect(stepwise, one);
    await importFileDirect(stepwise, file);
    expect(content(fresh)).toEqual(content(stepwise));
    // The presort index is used again for production order.
    const plan = fresh.prepare('EXPLAIN QUERY PLAN SELECT id FROM members WHERE active = 1 AND good_standing = 1 ORDER BY zip5, zip4, id').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/members_presort/);
  });

  it('leaves the schema and the list as they were when it is cancelled', async () => {
    const file = path.join(tempDir('litdesk-first-import-'), 'list.csv');
    fs.writeFileSync(file, membersCsv([...syntheticMembers(3000, { seed: 5 })]));
    const db = open();
    const before = indexes(db);
    const now = new Date('2026-03-01T12:00:00Z');
    for (const [status, good] of Object.entries(SYNTHETIC_STANDING)) setStandingRow(db, status, good, now);
    const preview = await previewMemberFile(file);
    const mapping = { ...preview.mapping, segments: { classification: OFFICE_HEADER.indexOf('Classification') } };
    const noop = () => {};
    const validation = await validatePass(db, file, { mapping, signal: new AbortController().signal, onProgress: noop, standing: readStandingMap(db) });
    const abort = new AbortController();
    db.exec('BEGIN IMMEDIATE');
    const r = validation.report;
    await expect(commitPass(db, {
      token: 't', userId: 1, path: file, encoding: undefined, mapping, sha256: r.sourceSha256 ?? '', rows: r.rows, valid: r.valid,
      invalidRows: 0, statuses: Object.keys(r.statusValues), fatal: false, activeBefore: 0, noLongerOnList: 0,
    }, {
      signal: abort.signal, standing: readStandingMap(db), now, actorId: 1, skipInvalid: true,
      onProgress: (rows) => { if (rows >= 2000) abort.abort(new Error('cancelled by the test')); },
    })).rejects.toThrow(/cancelled by the test/);
    db.exec('ROLLBACK');
    expect(indexes(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
