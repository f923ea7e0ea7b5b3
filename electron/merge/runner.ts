import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { MergeProgress } from '../../shared/api/commands/merge.ts';
import type { Core as Backend } from '../core/context.ts';
import { requestForProduction } from '../elections/production.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import type { DB, ReadonlyDB } from '../vault/database.ts';
import { MergeError, runBatches, type Geometry } from './engine/index.ts';
import { writeManifests } from './manifest.ts';
import { FrozenRows, type ReadStats } from './job-rows.ts';
import { batchMemberRange, batchPieces, type BatchPieces } from './pieces.ts';
import { mailHouseKey } from './mail-houses.ts';
import { deliveredFileName } from './plan.ts';
import { batchesOf, finishedBatchIndexes, jobSeeds, loadJob, recordBatch, setJobStatus, type JobRecord } from './store.ts';

// The background side of production. The job runs outside the write queue: the command that starts it returns the
// job id at once. It reads each batch's members in one short statement and records each finished batch in its own
// small transaction, always between other commands' transactions (the connection is shared, see `idle`).

type Live = {
  jobId: number; abort: AbortController; startedMs: number; baselinePieces: number; baselineBatches: number;
  piecesDone: number; batchesDone: number; promise: Promise<void>;
  /** What the job's first read did (tests count its slices); null until it has run. */
  rowsRead?: ReadStats | null;
};

export class MergeState {
  live: Live | null = null;
}

const STATE = Symbol('merge.state');

export function mergeState(backend: Backend): MergeState {
  return backend.state(STATE, () => {
    const state = new MergeState();
    // The vault closes on lock: stop the job now (the pool removes its .part files); resume works after unlock.
    backend.onLock((reason) => {
      const live = state.live;
      if (!live) return;
      const db = backend.vault?.db;
      if (db?.open && !db.inTransaction) {
        db.transaction(() => {
          setJobStatus(db, live.jobId, 'cancelled');
          backend.audit({ action: 'merge.cancel', target: `mergeJob:${live.jobId}`, details: { jobId: live.jobId, reason: `lock:${reason}` } });
        })();
      }
      live.abort.abort();
    });
    // Quitting waits for the stopped job to settle: its workers end only once nothing of theirs is in flight.
    backend.onShutdown(() => state.live?.promise);
    return state;
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until no command holds the shared connection's transaction (an async write may hold it across awaits). */
async function idle(db: DB): Promise<boolean> {
  while (db.open && db.inTransaction) await sleep(5);
  return db.open;
}

export function geometryOf(print: JobRecord['print']): Geometry {
  return {
    windowX: print.windowXPt, windowY: print.windowYPt, windowW: print.windowWPt, windowH: print.windowHPt, clear: 9, mode: print.addressMode,
    sides: print.sides ?? 'duplex',
  };
}

/** Removes what a killed run left behind: `.part` files of this job's batches and manifests. */
export function removeParts(job: JobRecord): void {
  let names: string[];
  try {
    names = readdirSync(job.folder);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(`${job.filePrefix}-`) && n.endsWith('.part')) rmSync(path.join(job.folder, n), { force: true });
}

export function progressOf(state: MergeState, job: JobRecord, doneBatches: Array<{ pieces: number }>, nowMs: number): MergeProgress {
  const live = state.live?.jobId === job.id ? state.live : null;
  const recordedPieces = doneBatches.reduce((s, b) => s + b.pieces, 0);
  const piecesDone = live ? Math.max(recordedPieces, live.piecesDone) : job.status === 'done' ? job.totalPieces : recordedPieces;
  const elapsedMs = live ? nowMs - live.startedMs : 0;
  const ranHere = live ? piecesDone - live.baselinePieces : 0;
  const etaMs = live && ranHere > 0 ? Math.round((elapsedMs / ranHere) * (job.totalPieces - piecesDone)) : null;
  return {
    jobId: job.id, status: job.status, interrupted: job.status === 'running' && !live, piecesDone, totalPieces: job.totalPieces,
    batchesDone: doneBatches.length, totalBatches: job.totalBatches, elapsedMs, etaMs, errorCode: job.errorCode,
  };
}

/** Starts (or resumes) a job in the background; the promise settles when the job ends, however it ends. */
export function launch(backend: Backend, jobId: number): Live {
  const state = mergeState(backend);
  const db = backend.vault!.db;
  const prior = batchesOf(db, jobId);
  const live: Live = {
    jobId, abort: new AbortController(), startedMs: Date.now(), baselinePieces: prior.reduce((s, b) => s + b.pieces, 0),
    baselineBatches: prior.length, piecesDone: 0, batchesDone: prior.length, promise: Promise.resolve(),
  };
  live.piecesDone = live.baselinePieces;
  state.live = live;
  live.promise = run(backend, db, live).finally(() => {
    if (state.live === live) state.live = null;
  });
  return live;
}

async function run(backend: Backend, db: DB, live: Live): Promise<void> {
  const job = loadJob(db, live.jobId);
  let reader: ReadonlyDB | null = null;
  try {
    removeParts(job);
    const seeds = jobSeeds(db, job.id);
    const finished = finishedBatchIndexes(db, job.id);
    const request = requestForProduction(db, job.requestId);
    // Every batch leaves sealed to the job's mail house (issue 13 §4); a job without one cannot run.
    if (job.mailHouseId === null) throw new MergeError('merge.workerFailed', 'This job has no mail house to deliver to.');
    const recipientKey = mailHouseKey(db, job.mailHouseId);
    if (request.literature.sha256 !== job.literatureSha256) throw new MergeError('merge.literatureUnreadable', 'The literature changed since the job started.');
    const todo = Array.from({ length: job.totalBatches }, (_, k) => k).filter((k) => !finished.has(k));
    const pulled: Array<{ k: number; meta: Omit<BatchPieces, 'pieces'> }> = [];
    // The members of each batch are read on a read-only connection of the job's own: no waiting for other commands'
    // transactions, and none of them waits for these reads (the job's frozen rows never change). The members of all
    // remaining batches are read once, first, in slices (job-rows.ts says why).
    reader = backend.vault!.openReader();
    const members = reader;
    async function* tasks() {
      // On the first pull, so the workers start (literature, font) while the members are read.
      const first = batchMemberRange(job, seeds, todo[0]!).from;
      const last = batchMemberRange(job, seeds, todo[todo.length - 1]!).to;
      const frozen = await FrozenRows.load(members, job.id, first, last, live.abort.signal);
      live.rowsRead = frozen?.stats ?? null;
      for (const k of todo) {
        if (!members.open || live.abort.signal.aborted) return;
        const { pieces, ...meta } = await batchPieces(members, job, seeds, k, frozen);
        pulled.push({ k, meta });
        yield { pieces, outPath: path.join(job.folder, deliveredFileName(job.filePrefix, k, job.totalBatches)) };
      }
    }
    if (todo.length > 0) {
      const workerUrl = backend.options.workerUrls?.mergeBatch;
      await runBatches({
        literature: request.literature.bytes, font: unicodeFont(), geometry: geometryOf(job.print), batches: tasks(),
        signal: live.abort.signal, recipientKey, ...(workerUrl ? { workerUrl } : {}),
        onProgress: (p) => { live.piecesDone = live.baselinePieces + p.piecesDone; },
        onBatchDone: async (b) => {
          const entry = pulled[b.index]!;
          if (!(await idle(db)) || live.abort.signal.aborted) throw new MergeError('merge.cancelled', 'The merge was cancelled.');
          const fileName = path.basename(b.outPath);
          db.transaction(() => {
            recordBatch(db, job.id, {
              index: entry.k, fileName, ...entry.meta, pieces: b.pieces, pages: b.pages, bytes: b.bytes, sha256: b.sha256, pdfSha256: b.pdfSha256,
            }, backend.now().toISOString());
            backend.audit({
              action: 'merge.batch', target: `mergeJob:${job.id}`,
              details: {
                jobId: job.id, batch: entry.k + 1, of: job.totalBatches, file: fileName, pieces: b.pieces, pages: b.pages, bytes: b.bytes, sha256: b.sha256,
                pdfSha256: b.pdfSha256, mailHouseId: job.mailHouseId,
              },
            });
          })();
          live.batchesDone++;
        },
      });
    }
    if (!(await idle(db)) || live.abort.signal.aborted) return;
    await finish(backend, db, job);
  } catch (e) {
    if (!(await idle(db))) return;
    const code = e instanceof MergeError ? e.code : 'merge.workerFailed';
    const current = loadJob(db, job.id);
    if (current.status !== 'running') return;
    db.transaction(() => {
      if (code === 'merge.cancelled') {
        setJobStatus(db, job.id, 'cancelled');
        backend.audit({ action: 'merge.cancel', target: `mergeJob:${job.id}`, details: { jobId: job.id, reason: 'stopped' } });
      } else {
        setJobStatus(db, job.id, 'failed', code);
        backend.audit({ action: 'merge.failed', target: `mergeJob:${job.id}`, details: { jobId: job.id, code, ...(e instanceof MergeError ? e.details : {}) } });
      }
    })();
  } finally {
    if (reader?.open) reader.close();
  }
}

/** Every batch is on disk and recorded: write the manifests, record the totals, mark the request produced. */
async function finish(backend: Backend, db: DB, job: JobRecord): Promise<void> {
  const batches = batchesOf(db, job.id);
  if (batches.length !== job.totalBatches) throw new MergeError('merge.workerFailed', 'Some batches are missing.', { batches: batches.length });
  const pages = batches.reduce((s, b) => s + b.pages, 0);
  const bytes = batches.reduce((s, b) => s + b.bytes, 0);
  // Duplex: a piece of p pages (already padded to even) takes p/2 sheets; simplex p sheets: as the quote counted them.
  const simplex = job.print.sides === 'simplex';
  const sheets = batches.reduce((s, b) => s + (simplex ? b.pages : Math.ceil(b.pages / b.pieces / 2) * b.pieces), 0);
  const election = db.prepare('SELECT e.name FROM elections e JOIN requests r ON r.election_id = e.id WHERE r.id = ?').get(job.requestId) as { name: string };
  // The manifest prints the chain head recorded when the job started (not the head at the finish, which differs between
  // a resumed job and an uninterrupted one): the same bytes either way (the kill test).
  const mailHouse = job.mailHouseId === null ? null
    : db.prepare('SELECT name, fingerprint FROM mail_houses WHERE id = ?').get(job.mailHouseId) as { name: string; fingerprint: string };
  const manifest = await writeManifests({ job, electionName: election.name, batches, pages, sheets, mailHouse, ...(job.chainHead ? { chainHead: job.chainHead } : {}) });
  if (!(await idle(db))) return;
  db.transaction(() => {
    db.prepare(`UPDATE merge_jobs SET status = 'done', finished_at = ?, pages = ?, sheets = ?, bytes = ?, manifest_pdf_sha256 = ?, manifest_csv_sha256 = ?
      WHERE id = ?`).run(backend.now().toISOString(), pages, sheets, bytes, manifest.pdfSha256, manifest.csvSha256, job.id);
    db.prepare("UPDATE requests SET status = 'produced' WHERE id = ? AND status = 'released'").run(job.requestId);
    backend.audit({
      action: 'merge.done', target: `request:${job.requestId}`,
      details: {
        jobId: job.id, requestId: job.requestId, pieces: job.totalPieces, members: job.members, seeds: job.seeds, pages, sheets, bytes,
        batches: batches.length, manifestPdfSha256: manifest.pdfSha256, manifestCsvSha256: manifest.csvSha256,
      },
    });
  })();
}
