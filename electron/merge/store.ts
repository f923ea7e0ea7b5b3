import type { Head } from '../../shared/domain/chain-head.ts';
import type { PrintSettings } from '../../shared/api/commands/elections.ts';
import type { JobStatus, MergeBatchView, MergeJobView, SeedAddress } from '../../shared/api/commands/merge.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB, WritableDB } from '../vault/database.ts';
import { manifestNames } from './plan.ts';

export type JobRecord = {
  id: number; requestId: number; folder: string; filePrefix: string; batchSize: number; members: number; seeds: number;
  totalPieces: number; totalBatches: number; serialBase: number; literatureSha256: string; print: PrintSettings;
  status: JobStatus; errorCode: string | null; startedAt: string; finishedAt: string | null;
  pages: number | null; sheets: number | null; bytes: number | null; manifestPdfSha256: string | null; manifestCsvSha256: string | null;
  /** Null for a job started before encrypted delivery (its batches were written clear). */
  mailHouseId: number | null;
  /** Where each batch starts (ZIP3 breaks); null for a job started before them (fixed-size batches). */
  batchStarts: number[] | null;
  /** The audit chain head when the job started, printed on its manifests (issue 14 §1); null for older jobs. */
  chainHead: Head | null;
};
export type JobSeed = { seedId: number; position: number; lines: string[]; zip5: string; zip4: string | null };

type JobRow = {
  id: number; request_id: number; folder: string; file_prefix: string; batch_size: number; members: number; seeds: number;
  total_pieces: number; total_batches: number; serial_base: number; literature_sha256: string; print_settings: string;
  status: JobStatus; error_code: string | null; started_at: string; finished_at: string | null; pages: number | null;
  sheets: number | null; bytes: number | null; manifest_pdf_sha256: string | null; manifest_csv_sha256: string | null;
  mail_house_id: number | null;
  batch_starts: string | null;
  chain_head_seq?: number | null; chain_head_hash?: string | null;
};

const toJob = (r: JobRow): JobRecord => ({
  id: r.id, requestId: r.request_id, folder: r.folder, filePrefix: r.file_prefix, batchSize: r.batch_size, members: r.members,
  seeds: r.seeds, totalPieces: r.total_pieces, totalBatches: r.total_batches, serialBase: r.serial_base,
  literatureSha256: r.literature_sha256, print: JSON.parse(r.print_settings) as PrintSettings, status: r.status,
  errorCode: r.error_code, startedAt: r.started_at, finishedAt: r.finished_at, pages: r.pages, sheets: r.sheets, bytes: r.bytes,
  manifestPdfSha256: r.manifest_pdf_sha256, manifestCsvSha256: r.manifest_csv_sha256, mailHouseId: r.mail_house_id,
  batchStarts: r.batch_starts === null || r.batch_starts === undefined ? null : (JSON.parse(r.batch_starts) as number[]),
  chainHead: r.chain_head_seq !== null && r.chain_head_seq !== undefined && r.chain_head_hash ? { seq: r.chain_head_seq, hash: r.chain_head_hash } : null,
});

export function loadJob(db: DB, jobId: number): JobRecord {
  const r = db.prepare('SELECT * FROM merge_jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  if (!r) throw new AppError('merge.jobNotFound', 'That production job does not exist.');
  return toJob(r);
}

export function jobSeeds(db: DB, jobId: number): JobSeed[] {
  const rows = db.prepare(`SELECT js.seed_id, js.position, s.lines, s.zip5, s.zip4 FROM merge_job_seeds js
      JOIN seed_addresses s ON s.id = js.seed_id WHERE js.job_id = ? ORDER BY js.position`).all(jobId) as
    Array<{ seed_id: number; position: number; lines: string; zip5: string; zip4: string | null }>;
  return rows.map((r) => ({ seedId: r.seed_id, position: r.position, lines: JSON.parse(r.lines) as string[], zip5: r.zip5, zip4: r.zip4 }));
}

export function finishedBatchIndexes(db: DB, jobId: number): Set<number> {
  const rows = db.prepare('SELECT batch_index FROM merge_batches WHERE job_id = ?').pluck().all(jobId) as number[];
  return new Set(rows);
}

export type BatchRow = Omit<MergeBatchView, 'finishedAt'>;

export function recordBatch(db: DB, jobId: number, b: BatchRow & { seeds: number }, at: string): void {
  db.prepare(`INSERT INTO merge_batches (job_id, batch_index, file_name, first_zip, last_zip, pieces, seeds, pages, bytes, sha256, zip3_counts, finished_at, pdf_sha256)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(jobId, b.index, b.fileName, b.firstZip, b.lastZip, b.pieces, b.seeds, b.pages, b.bytes, b.sha256,
    JSON.stringify(b.zip3), at, b.pdfSha256);
}

export function batchesOf(db: DB, jobId: number): Array<MergeBatchView & { seeds: number }> {
  const rows = db.prepare('SELECT * FROM merge_batches WHERE job_id = ? ORDER BY batch_index').all(jobId) as Array<{
    batch_index: number; file_name: string; first_zip: string; last_zip: string; pieces: number; seeds: number; pages: number;
    bytes: number; sha256: string; zip3_counts: string; finished_at: string; pdf_sha256: string | null;
  }>;
  return rows.map((r) => ({
    index: r.batch_index, fileName: r.file_name, firstZip: r.first_zip, lastZip: r.last_zip, pieces: r.pieces, seeds: r.seeds,
    pages: r.pages, bytes: r.bytes, sha256: r.sha256, pdfSha256: r.pdf_sha256, zip3: JSON.parse(r.zip3_counts) as Record<string, number>, finishedAt: r.finished_at,
  }));
}

export function setJobStatus(db: DB, jobId: number, status: JobStatus, errorCode: string | null = null): void {
  db.prepare('UPDATE merge_jobs SET status = ?, error_code = ? WHERE id = ?').run(status, errorCode, jobId);
}

export function jobView(db: DB, job: JobRecord, live: boolean): MergeJobView {
  const names = manifestNames(job.filePrefix);
  return {
    id: job.id, requestId: job.requestId, folder: job.folder, mailHouse: jobMailHouse(db, job.mailHouseId), batchSize: job.batchSize, members: job.members, seeds: job.seeds,
    totalPieces: job.totalPieces, totalBatches: job.totalBatches, status: job.status, interrupted: job.status === 'running' && !live,
    errorCode: job.errorCode, startedAt: job.startedAt, finishedAt: job.finishedAt, pages: job.pages, sheets: job.sheets, bytes: job.bytes,
    manifest: job.status === 'done' ? { ...names, pdfSha256: job.manifestPdfSha256, csvSha256: job.manifestCsvSha256 } : null,
    // Seed counts stay in the vault: the views and the manifest show pieces only, so no one outside learns where seeds sit.
    batches: batchesOf(db, job.id).map(({ seeds: _s, ...b }) => b),
  };
}

function jobMailHouse(db: DB, id: number | null): MergeJobView['mailHouse'] {
  if (id === null) return null;
  return db.prepare('SELECT id, name, fingerprint FROM mail_houses WHERE id = ?').get(id) as { id: number; name: string; fingerprint: string };
}

export function jobsOfRequest(db: DB, requestId: number): JobRecord[] {
  return (db.prepare('SELECT * FROM merge_jobs WHERE request_id = ? ORDER BY id').all(requestId) as JobRow[]).map(toJob);
}

/** A finished job's actual totals: billing reconciles the invoice against these (pieces include seed pieces). */
export type JobActuals = { jobId: number; pieces: number; members: number; seeds: number; pages: number; sheets: number; batches: number; finishedAt: string };

/** The actual totals of the request's finished production job, or null when none has finished. */
export function jobActuals(db: DB, requestId: number): JobActuals | null {
  const r = db.prepare(`SELECT id, total_pieces, members, seeds, pages, sheets, total_batches, finished_at FROM merge_jobs
      WHERE request_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1`).get(requestId) as {
        id: number; total_pieces: number; members: number; seeds: number; pages: number; sheets: number; total_batches: number; finished_at: string;
      } | undefined;
  return r ? { jobId: r.id, pieces: r.total_pieces, members: r.members, seeds: r.seeds, pages: r.pages, sheets: r.sheets, batches: r.total_batches, finishedAt: r.finished_at } : null;
}

type SeedRow = { id: number; label: string; lines: string; active: number; added_at: string; removed_at: string | null };
export const toSeed = (r: SeedRow): SeedAddress => ({
  id: r.id, label: r.label, lines: JSON.parse(r.lines) as string[], active: r.active === 1, addedAt: r.added_at, removedAt: r.removed_at,
});
export function listSeeds(db: DB, includeRemoved: boolean): SeedAddress[] {
  return (db.prepare(`SELECT * FROM seed_addresses ${includeRemoved ? '' : 'WHERE active = 1'} ORDER BY id`).all() as SeedRow[]).map(toSeed);
}
export function getSeed(db: DB, id: number): SeedAddress {
  const r = db.prepare('SELECT * FROM seed_addresses WHERE id = ?').get(id) as SeedRow | undefined;
  if (!r) throw new AppError('merge.seedNotFound', 'That seed address does not exist.');
  return toSeed(r);
}

/** Member row ids per `merge_job_order` row (64 KiB of packed ids). */
export const ORDER_CHUNK = 16_384;

/** Records a job's frozen audience (member row ids in print order) as packed chunks: one statement per 16,384. */
export function recordOrder(db: WritableDB, jobId: number, rows: Int32Array, count: number): number {
  const insert = db.prepare('INSERT INTO merge_job_order (job_id, chunk, member_rows) VALUES (?, ?, ?)');
  let written = 0;
  for (let chunk = 0; chunk * ORDER_CHUNK < count; chunk++) {
    const from = chunk * ORDER_CHUNK;
    const n = Math.min(ORDER_CHUNK, count - from);
    const buf = Buffer.allocUnsafe(n * 4);
    for (let i = 0; i < n; i++) buf.writeInt32LE(rows[from + i]!, i * 4);
    written += n * Number(insert.run(jobId, chunk, buf).changes);
  }
  return written;
}

/**
 * Member row ids at frozen positions [from, to) of a job, in print order; null for a job frozen before
 * `merge_job_order` existed (its rows are in `merge_job_members`).
 */
export function orderedRows(db: DB, jobId: number, from: number, to: number): number[] | null {
  const chunks = db.prepare('SELECT chunk, member_rows FROM merge_job_order WHERE job_id = ? AND chunk BETWEEN ? AND ? ORDER BY chunk')
    .raw().all(jobId, Math.floor(from / ORDER_CHUNK), Math.floor(Math.max(from, to - 1) / ORDER_CHUNK)) as Array<[number, Buffer]>;
  if (chunks.length === 0) {
    const any = db.prepare('SELECT 1 FROM merge_job_order WHERE job_id = ? LIMIT 1').get(jobId);
    if (any === undefined) return null;
  }
  const out: number[] = [];
  for (const [chunk, buf] of chunks) {
    const base = chunk * ORDER_CHUNK;
    const lo = Math.max(from, base) - base;
    const hi = Math.min(to, base + buf.length / 4) - base;
    for (let i = lo; i < hi; i++) out.push(buf.readInt32LE(i * 4));
  }
  if (out.length !== to - from) throw new Error('merge job order missing');
  return out;
}
