import fs from 'node:fs';
import type { ChangeFieldName, ImportDiff, RowProblemInfo } from '../../shared/api/commands/members.ts';
import type { DB } from '../vault/database.ts';
import { readMemberFile } from './import/index.ts';
import type { ColumnMapping, Encoding, ImportReport, MemberRecord } from './import/types.ts';
import { PreparePool, PREPARE_WORKERS_FROM_BYTES, defaultPrepareWorkers } from './prepare-pool.ts';
import { PackedStore, PREPARED_KEEP_MAX, rowsOf, storedMember, type PreparedBatch, type PreparedList } from './prepared.ts';
import type { StandingMap } from './standing.ts';
import { MemberWriter, RowSet, diffMember } from './writer.ts';

export const SAMPLE = 200;

/** Rows per batch handed to a prepare worker (and between progress reports and cancel checks). */
export const PREPARE_BATCH = 1000;

export type FileProgress = (rows: number, bytes: number, totalBytes: number) => void;

export type ValidationPass = {
  report: ImportReport;
  /** Rows the reader accepted whose address Publication 28 cannot read (the writer skips them too). */
  addressProblems: RowProblemInfo[];
  addressProblemCount: number;
  /** Of those, members whose address reads but does not fit the envelope window at 8 pt: a line to shorten. */
  fitProblemCount: number;
  diff: ImportDiff;
  /** The members as the commit will write them, kept in memory for it; null when the commit must read the file again. */
  prepared: PreparedList | null;
  /** Prepare worker threads used (0: prepared on this thread). */
  workers: number;
};

export type PrepareOptions = {
  /** Worker threads preparing rows; default: none for small files, else `defaultPrepareWorkers()`. */
  workers?: number;
  /** The prepare worker script; the bundled Electron build passes its compiled file here. */
  workerUrl?: URL;
  /** Most bytes of prepared members to keep for the commit (default PREPARED_KEEP_MAX; 0 keeps none). */
  keepMax?: number;
};

export function prepareWorkersFor(file: string, opts: PrepareOptions): number {
  if (opts.workers !== undefined) return opts.workers;
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return 0;
  }
  return size >= PREPARE_WORKERS_FROM_BYTES ? defaultPrepareWorkers() : 0;
}

/**
 * First pass over a file: nothing is written. Reads, validates, normalises each member as the writer will (in
 * worker threads for a large file, batch by batch, while this thread reads on), and compares with the store by
 * member ID to show the re-import diff (added, changed fields, no longer on the list). The prepared members are
 * kept (in memory) for the commit when the file is a CSV and they fit in `keepMax`.
 */
export async function validatePass(
  db: DB,
  file: string,
  opts: {
    encoding?: Encoding; mapping: ColumnMapping; notAddress?: number[]; keep?: ReadonlyArray<{ memberId: string; row: number }>;
    signal: AbortSignal; onProgress: FileProgress; standing: StandingMap;
  } & PrepareOptions,
): Promise<ValidationPass> {
  const lookup = new MemberWriter(db, { now: new Date(0), source: 'import', actorId: null });
  // Against an empty list every row is new: nothing to look up.
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM members)').pluck().get() === 1;
  const seen = new RowSet();
  const diff: ImportDiff = {
    added: 0, changed: 0, unchanged: 0, noLongerOnList: 0, changedFields: {}, addedRows: [], changedRows: [], noLongerOnListIds: [],
  };
  const addressProblems: RowProblemInfo[] = [];
  let addressProblemCount = 0;
  let fitProblemCount = 0;
  let rows = 0;
  let bytes = 0;
  let totalBytes = 0;
  let report: ImportReport | null = null;
  const keepMax = opts.keepMax ?? PREPARED_KEEP_MAX;
  const store = new PackedStore();
  let kept: PreparedList | null = keepMax > 0 ? { batches: [], skipped: 0, rows: 0, readerProblems: 0, size: 0, totalBytes: 0 } : null;

  const take = (b: PreparedBatch, records: number, atBytes: number): void => {
    for (const problem of b.problems) {
      addressProblemCount++;
      if (problem.fit) fitProblemCount++;
      const { fit: _fit, ...info } = problem;
      if (addressProblems.length < 10_000) addressProblems.push(info);
    }
    if (kept) {
      const packed = store.keep(b.json);
      kept.batches.push({ packed, ok: b.ok, records, bytes: atBytes });
      kept.skipped += b.problems.length;
      kept.size += packed.byteLength;
      if (kept.size > keepMax) kept = null;
    }
    if (empty) {
      diff.added += b.ok;
      for (const row of b.okRows) if (diff.addedRows.length < SAMPLE) diff.addedRows.push(row);
      return;
    }
    for (const r of rowsOf(b.json)) {
      const m = storedMember(r);
      const existing = lookup.lookup(m.memberId);
      if (!existing) {
        diff.added++;
        if (diff.addedRows.length < SAMPLE) diff.addedRows.push(r[0]);
        continue;
      }
      seen.add(existing.id);
      const good = Object.hasOwn(opts.standing, m.statusRaw) ? opts.standing[m.statusRaw]! : null;
      const fields = diffMember(existing, m, good) as ChangeFieldName[];
      if (fields.length === 0) {
        diff.unchanged++;
        continue;
      }
      diff.changed++;
      for (const f of fields) diff.changedFields[f] = (diff.changedFields[f] ?? 0) + 1;
      if (diff.changedRows.length < SAMPLE) diff.changedRows.push({ row: r[0], memberId: m.memberId, fields });
    }
  };

  const pool = new PreparePool({ workers: prepareWorkersFor(file, opts), ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}) });
  // Batches being prepared, oldest first: their results are taken in file order (the listed problems, the samples).
  const workers = pool.workers;
  const pending: Array<{ result: Promise<PreparedBatch>; records: number; bytes: number }> = [];
  const maxPending = Math.max(2, workers * 3);
  const settle = async (): Promise<void> => {
    const p = pending.shift()!;
    take(await p.result, p.records, p.bytes);
  };
  try {
    const items = readMemberFile(file, {
      encoding: opts.encoding, mapping: opts.mapping, notAddress: opts.notAddress, keep: opts.keep, signal: opts.signal,
      onProgress: (b, t) => { bytes = b; totalBytes = t; },
    });
    let batch: MemberRecord[] = [];
    const submit = (): void => {
      const result = pool.prepare(batch);
      // Settled in order below; a failure is seen there (this only keeps it from being reported as unhandled).
      result.catch(() => undefined);
      pending.push({ result, records: batch.length, bytes });
      batch = [];
    };
    for await (const item of items) {
      if (item.kind === 'report') {
        report = item.report;
        break;
      }
      rows++;
      batch.push(item.member);
      if (batch.length === PREPARE_BATCH) {
        submit();
        while (pending.length > maxPending) await settle();
        opts.onProgress(rows, bytes, totalBytes);
        opts.signal.throwIfAborted();
      }
    }
    if (batch.length > 0) submit();
    while (pending.length > 0) {
      await settle();
      opts.signal.throwIfAborted();
    }
  } finally {
    await pool.close();
  }
  opts.onProgress(rows, bytes, totalBytes);
  if (!report) throw new Error('member file reader ended without a report');
  if (!report.fatal) {
    for (const r of db.prepare('SELECT id, member_id FROM members WHERE active = 1').iterate() as IterableIterator<{ id: number; member_id: string }>) {
      if (seen.has(r.id)) continue;
      diff.noLongerOnList++;
      if (diff.noLongerOnListIds.length < SAMPLE) diff.noLongerOnListIds.push(r.member_id);
    }
  }
  // Kept only for a file the commit can prove unchanged by hashing it whole (a CSV: the reader hashes every byte).
  if (kept && (report.fatal || report.kind !== 'csv' || report.sourceSha256 === null)) kept = null;
  if (kept) Object.assign(kept, { totalBytes, rows: report.rows, readerProblems: report.rowsWithProblems });
  return { report, addressProblems, addressProblemCount, fitProblemCount, diff, prepared: kept, workers };
}
