import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { readMemberFile } from './import/index.ts';
import type { ImportReport } from './import/types.ts';
import type { ImportPlan } from './jobs.ts';
import { STATUS, storedMember, unpack } from './prepared.ts';
import { prepareMember } from './record.ts';
import type { StandingMap } from './standing.ts';
import type { FileProgress } from './validate.ts';
import { IMPORT_CACHE_SIZE, MemberWriter } from './writer.ts';

export type CommitCounts = {
  importId: number; rows: number; added: number; changed: number; unchanged: number; deactivated: number; skipped: number;
};

/**
 * Second pass: writes the validated file. The caller holds ONE transaction around it (the router's), so a cancel,
 * a crash or a power cut leaves the store exactly as it was. The reader proves it read the same bytes as the
 * validation pass (`expectSha256`); any file-level problem throws and the caller rolls back.
 */
export async function commitPass(
  db: DB,
  plan: ImportPlan,
  opts: {
    signal: AbortSignal; onProgress: FileProgress; standing: StandingMap; now: Date; actorId: number; skipInvalid: boolean;
    /** The number of members the committee confirmed would be marked "no longer on the list". */
    confirmNoLongerOnList?: number;
  },
): Promise<CommitCounts> {
  const importId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM member_imports').get() as { id: number }).id;
  const activeBefore = (db.prepare('SELECT count(*) AS n FROM members WHERE active = 1').get() as { n: number }).n;
  const writer = new MemberWriter(db, { now: opts.now, source: 'import', actorId: opts.actorId, importId });
  const counts = { added: 0, changed: 0, unchanged: 0, skipped: 0 };
  let rows = 0;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size=${IMPORT_CACHE_SIZE}`);
  // A first import (the list is empty): no member can be found, so none is looked up, and the secondary indexes are
  // built once at the end from sorted data instead of taking a million random inserts each. Both are undone with
  // the transaction if the import fails or is cancelled: DDL is transactional in SQLite.
  const fresh = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM members)').pluck().get() === 1;
  const deferred = fresh ? dropSecondaryIndexes(db) : [];
  // No prepared members (an XLSX, a list too large to keep, a plan from elsewhere): read, prepare and write the file.
  const readAndWrite = async (): Promise<ImportReport> => {
    let report: ImportReport | null = null;
    let bytes = 0;
    let totalBytes = 0;
    const items = readMemberFile(plan.path, {
      encoding: plan.encoding, mapping: plan.mapping, notAddress: plan.notAddress, keep: plan.keep, expectSha256: plan.sha256, signal: opts.signal,
      onProgress: (b, t) => { bytes = b; totalBytes = t; },
    });
    for await (const item of items) {
      if (item.kind === 'report') {
        report = item.report;
        break;
      }
      rows++;
      if (rows % 1000 === 0) {
        opts.onProgress(rows, bytes, totalBytes);
        opts.signal.throwIfAborted();
      }
      const prepared = prepareMember(item.member);
      if (!prepared.ok) {
        counts.skipped++;
        continue;
      }
      const status = prepared.member.statusRaw;
      if (!Object.hasOwn(opts.standing, status)) {
        throw new AppError('members.standingUnmapped', 'Decide which status values mean good standing first.', { statuses: [status] });
      }
      const outcome = fresh ? writer.add(prepared.member, opts.standing[status]!) : writer.write(prepared.member, opts.standing[status]!);
      counts[outcome.outcome]++;
    }
    opts.onProgress(rows, bytes, totalBytes);
    if (!report) throw new Error('member file reader ended without a report');
    if (report.fatal) throw new AppError(report.fatal.code, 'The file cannot be imported as it stands.', report.fatal.details ?? {});
    return report;
  };
  let fileRows: number;
  let readerProblems: number;
  let sha256: string;
  try {
    if (plan.prepared) {
      // The check prepared every member already: write them, and prove the file is still the one checked by hashing
      // it whole meanwhile (a changed file ends in import.fileChanged, as when it was read twice).
      const prepared = plan.prepared;
      // Each batch is let go once written, so the store's page cache grows as the prepared list shrinks (peak memory
      // is not both at once). The plan no longer has them: a commit that fails reads the file if it is tried again.
      plan.prepared = null;
      const hashing = hashFile(plan.path, opts.signal);
      hashing.catch(() => undefined);
      const batches = prepared.batches;
      for (let i = 0; i < batches.length; i++) {
        const batch = batches[i]!;
        batches[i] = { ...batch, packed: EMPTY };
        for (const r of unpack(batch.packed)) {
          const status = r[STATUS];
          if (!Object.hasOwn(opts.standing, status)) {
            throw new AppError('members.standingUnmapped', 'Decide which status values mean good standing first.', { statuses: [status] });
          }
          const outcome = fresh ? writer.addPrepared(r, opts.standing[status]!) : writer.write(storedMember(r), opts.standing[status]!);
          counts[outcome.outcome]++;
        }
        rows += batch.records;
        opts.onProgress(rows, batch.bytes, prepared.totalBytes);
        opts.signal.throwIfAborted();
        // Let the other commands (progress, cancel, reads) answer between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
        opts.signal.throwIfAborted();
      }
      writer.flush();
      counts.skipped = prepared.skipped;
      sha256 = await hashing;
      if (sha256 !== plan.sha256) throw new AppError('import.fileChanged', 'The file cannot be imported as it stands.', {});
      fileRows = prepared.rows;
      readerProblems = prepared.readerProblems;
    } else {
      const read = await readAndWrite();
      fileRows = read.rows;
      readerProblems = read.rowsWithProblems;
      sha256 = read.sourceSha256 ?? plan.sha256;
    }
    opts.signal.throwIfAborted();
    for (const sql of deferred) db.exec(sql);
  } finally {
    db.pragma(`cache_size=${cache}`);
  }
  const skipped = counts.skipped + readerProblems;
  if (skipped > 0 && !opts.skipInvalid) {
    throw new AppError('members.importHasProblems', 'Some rows have problems: fix the file or skip them.', { rows: skipped });
  }
  // Into an empty list every stored member was written by this import: none can be missing (a million-row scan saved).
  const deactivated = fresh ? 0 : writer.deactivateMissing().count;
  // Checked again on what was actually written (the caller rolls the whole transaction back).
  requireRemovalConfirmed(deactivated, activeBefore, opts.confirmNoLongerOnList);
  db.prepare(
    `INSERT INTO member_imports (id, at, actor_id, file_sha256, rows, added, changed, unchanged, deactivated, skipped)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(importId, opts.now.toISOString(), opts.actorId, sha256, fileRows,
    counts.added, counts.changed, counts.unchanged, deactivated, skipped);
  return { importId, rows: fileRows, added: counts.added, changed: counts.changed, unchanged: counts.unchanged, deactivated, skipped };
}

/**
 * A file that would mark more than half of the list "no longer on the list" is far more often a wrong or cut-off
 * file than a real change: it needs the committee's confirmation naming that number.
 */
export function massRemoval(noLongerOnList: number, activeBefore: number): boolean {
  return noLongerOnList > 0 && noLongerOnList * 2 > activeBefore;
}

export function requireRemovalConfirmed(noLongerOnList: number, activeBefore: number, confirmed: number | undefined): void {
  if (massRemoval(noLongerOnList, activeBefore) && confirmed !== noLongerOnList) {
    throw new AppError('members.importConfirmRemoval',
      `This file would mark ${noLongerOnList} of ${activeBefore} members "no longer on the list": confirm that number to go ahead.`,
      { count: noLongerOnList, total: activeBefore });
  }
}

/**
 * Drops the indexes of the member tables that SQLite can rebuild (named ones, not those behind PRIMARY KEY or
 * UNIQUE) and returns the statements that recreate them exactly as they were.
 */
function dropSecondaryIndexes(db: DB): string[] {
  const rows = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
      AND tbl_name IN ('members', 'member_segments') ORDER BY name`).all() as Array<{ name: string; sql: string }>)
    .filter((r) => !KEPT_LIVE.has(r.name));
  for (const r of rows) db.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
  return rows.map((r) => r.sql);
}

/**
 * Partial indexes a first import leaves in place: they hold inactive members and members not in good standing, a
 * few rows appended in id order, cheaper to keep than a full scan each to rebuild (measured: 0.4 s each at 1M).
 */
const KEPT_LIVE = new Set(['members_inactive', 'members_not_good']);

const EMPTY = new Uint8Array(0);

/** SHA-256 of a whole file, read as a stream (the check's `sourceSha256` of a CSV is the same). */
function hashFile(file: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024, signal });
    stream.on('data', (chunk) => hash.update(chunk as Buffer));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
