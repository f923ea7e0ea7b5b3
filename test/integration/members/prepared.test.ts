// The check prepares every member once (in prepare workers for a large file) and the commit writes those prepared
// members instead of reading the file again (issue 11 §3). Whatever path a list takes — workers, this thread, or the
// commit reading the file again (XLSX, a list too large to keep) — the check reports the same and the store ends the
// same, row for row, for a first import and for a re-import with changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitPass } from '../../../electron/members/commit.ts';
import { previewMemberFile } from '../../../electron/members/import/index.ts';
import type { ColumnMapping } from '../../../electron/members/import/types.ts';
import { PreparePool } from '../../../electron/members/prepare-pool.ts';
import { prepareBatch } from '../../../electron/members/prepared.ts';
import { readStandingMap, setStandingRow } from '../../../electron/members/standing.ts';
import { validatePass, type PrepareOptions } from '../../../electron/members/validate.ts';
import { openEncrypted, type DB } from '../../../electron/vault/database.ts';
import { migrate } from '../../../electron/vault/migrations/index.ts';
import { tempDir } from '../../support/backend.ts';
import { csvLine, OFFICE_HEADER, officeRow, SYNTHETIC_STANDING, searchEntries, syntheticMembers, type SyntheticMember } from '../../support/members.ts';
import { memberTableHash } from './helpers.ts';

const NOW = new Date('2026-03-01T12:00:00Z');

/** A list as offices send them: mostly fine, with every kind of row the check refuses or the writer skips. */
function messyList(count: number, seed: number, firstId = 100_001): string {
  const rows: string[][] = [];
  let i = 0;
  for (const m of syntheticMembers(count, { seed, firstId })) {
    const r = officeRow(m);
    const k = i++ % 50;
    if (k === 3) r[3] = 'Suite 400'; // no street: Publication 28 cannot read it (writer skips it)
    if (k === 7) r[1] = `${r[1]} ${'Bartholomew-Maximilian '.repeat(3)}`.trim(); // too wide for the window at 8 pt
    if (k === 11) r[0] = String(firstId); // a duplicate member ID (the reader refuses it)
    if (k === 13) r[5] = ''; // no city (the reader refuses it)
    if (k === 17) [r[3], r[4]] = [`c/o ${m.lastName} Family`, m.address1]; // a line above the delivery line
    if (k === 19) [r[1], r[2]] = ['Αλέξανδρος', 'Παπαδόπουλος']; // folds to no ASCII (search words keep Greek)
    if (k === 23) r[1] = `O'Brien-Nguyễn  ${r[1]}`; // apostrophe, hyphen, two spaces
    if (k === 29) r[15] = ''; // no segment value
    rows.push(r);
  }
  return [csvLine(OFFICE_HEADER), ...rows.map(csvLine)].join('\r\n') + '\r\n';
}

function open(): DB {
  const db = openEncrypted(path.join(tempDir('litdesk-prepared-'), 'v.db'), crypto.randomBytes(32));
  migrate(db);
  return db;
}

function write(name: string, text: string): string {
  const file = path.join(tempDir('litdesk-prepared-'), name);
  fs.writeFileSync(file, text);
  return file;
}

/** validate -> commit (skipping bad rows) as importFileDirect does, with the prepare options under test. */
async function importWith(db: DB, file: string, prepare: PrepareOptions) {
  const preview = await previewMemberFile(file);
  const mapping: ColumnMapping = { ...preview.mapping, segments: { classification: OFFICE_HEADER.indexOf('Classification') } };
  const signal = new AbortController().signal;
  const progress: number[] = [];
  const validation = await validatePass(db, file, { mapping, signal, onProgress: () => {}, standing: readStandingMap(db), ...prepare });
  const r = validation.report;
  expect(r.fatal).toBeUndefined();
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const [status, good] of Object.entries(SYNTHETIC_STANDING)) setStandingRow(db, status, good, NOW);
    const counts = await commitPass(db, {
      token: 't', userId: 1, path: file, encoding: undefined, mapping, sha256: r.sourceSha256 ?? '', rows: r.rows, valid: r.valid,
      invalidRows: r.rowsWithProblems + validation.addressProblemCount, statuses: Object.keys(r.statusValues), fatal: false,
      activeBefore: 0, noLongerOnList: validation.diff.noLongerOnList, prepared: validation.prepared,
    }, {
      signal, onProgress: (rows) => progress.push(rows), standing: readStandingMap(db), now: NOW, actorId: 1, skipInvalid: true,
      confirmNoLongerOnList: validation.diff.noLongerOnList,
    });
    db.exec('COMMIT');
    const { prepared, workers, ...check } = validation;
    return { check, counts, workers, kept: prepared !== null, progress, store: memberTableHash(db), above: aboveAndWords(db) };
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

/** The derived rows memberTableHash does not cover, by member ID. */
function aboveAndWords(db: DB) {
  return {
    above: db.prepare('SELECT m.member_id, a.lines FROM member_print_above a JOIN members m ON m.id = a.member_row ORDER BY 1').all(),
    words: searchEntries(db).length,
  };
}

const PATHS: Array<[string, PrepareOptions]> = [
  ['two prepare workers, prepared members kept', { workers: 2 }],
  ['this thread, prepared members kept', { workers: 0 }],
  ['the commit reads the file again', { workers: 0, keepMax: 0 }],
];

describe('prepared members (check once, write what was checked)', () => {
  it('a first import: every path reports the same and stores the same', async () => {
    const file = write('first.csv', messyList(2600, 31));
    const results = [];
    for (const [name, opts] of PATHS) results.push({ name, ...(await importWith(open(), file, opts)) });
    const [workers, inline, reread] = results;
    expect(workers!.workers).toBe(2);
    expect([workers!.kept, inline!.kept, reread!.kept]).toEqual([true, true, false]);
    // The list really has every kind of row: refused by the reader, skipped by the writer, a line above, Greek words.
    expect(workers!.check.report.rowsWithProblems).toBeGreaterThan(50);
    expect(workers!.check.addressProblemCount).toBeGreaterThan(50);
    expect(workers!.check.fitProblemCount).toBeGreaterThan(20);
    expect(workers!.above.above.length).toBeGreaterThan(20);
    expect(workers!.counts.added).toBe(workers!.check.report.valid - workers!.check.addressProblemCount);
    for (const other of [inline!, reread!]) {
      expect(other.check, other.name).toEqual(workers!.check);
      expect(other.counts, other.name).toEqual(workers!.counts);
      expect(other.store, other.name).toBe(workers!.store);
      expect(other.above, other.name).toEqual(workers!.above);
    }
    // Progress reaches the rows read whichever way the commit went.
    expect(workers!.progress.at(-1)).toBe(reread!.progress.at(-1));
  });

  it('a re-import with changes, additions and members no longer on the list: the same diff, history and store', async () => {
    const first = write('before.csv', messyList(1200, 5));
    // The next list: half the members again (some moved), new ones, the rest gone.
    const next = [...syntheticMembers(900, { seed: 5 })].filter((_, i) => i % 2 === 0).map((m: SyntheticMember, i) =>
      (i % 3 === 0 ? { ...m, address1: `${i + 10} Harbor Way`, city: 'Oakland', state: 'CA', zip: '94607' } : m));
    const rows = [...next, ...syntheticMembers(300, { seed: 9, firstId: 900_001 })].map(officeRow);
    const second = write('after.csv', [csvLine(OFFICE_HEADER), ...rows.map(csvLine)].join('\r\n') + '\r\n');
    const results = [];
    for (const [name, opts] of PATHS) {
      const db = open();
      await importWith(db, first, { workers: 0 });
      results.push({ name, ...(await importWith(db, second, opts)) });
    }
    const [workers, inline, reread] = results;
    expect(workers!.check.diff.changed).toBeGreaterThan(50);
    expect(workers!.check.diff.added).toBe(300);
    expect(workers!.check.diff.noLongerOnList).toBeGreaterThan(300);
    for (const other of [inline!, reread!]) {
      expect(other.check, other.name).toEqual(workers!.check);
      expect(other.counts, other.name).toEqual(workers!.counts);
      expect(other.store, other.name).toBe(workers!.store);
    }
  });

  it('a prepare worker answers exactly what this thread computes, batch by batch', async () => {
    const members = [...syntheticMembers(700, { seed: 12 })].map((m, i) => ({ ...m, rowNumber: i + 2 }));
    members[5] = { ...members[5]!, address1: 'Suite 9' };
    const pool = new PreparePool({ workers: 2 });
    try {
      expect(pool.workers).toBe(2);
      const batches = [members.slice(0, 300), members.slice(300, 301), members.slice(301)];
      const fromWorkers = await Promise.all(batches.map((b) => pool.prepare(b)));
      fromWorkers.forEach((b, i) => {
        const here = prepareBatch(batches[i]!);
        expect({ ...b, json: JSON.parse(b.json) as unknown }).toEqual({ ...here, json: JSON.parse(here.json) as unknown });
      });
      expect(fromWorkers[0]!.problems).toEqual([{ row: 7, code: 'row.unusableAddress', field: 'line1', fit: false }]);
    } finally {
      await pool.close();
    }
  });
});
