import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { MergeError, type BatchResult, type Geometry, type Piece } from './types.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.ts';

export type BatchTask = { pieces: Piece[]; outPath: string };
export type BatchDone = BatchResult & { index: number; outPath: string };

export type RunBatchesOptions = {
  literature: Uint8Array;
  font: Uint8Array;
  geometry: Geometry;
  objectStreams?: boolean;
  /** The mail house's armored OpenPGP key: every batch is sealed to it in the worker before it is written. */
  recipientKey?: string;
  /** Pulled one batch at a time as workers free up, so a million members never sit in memory at once. */
  batches: Iterable<BatchTask> | AsyncIterable<BatchTask>;
  /** Worker threads; default `defaultWorkers()`. */
  workers?: number;
  signal?: AbortSignal;
  /** The worker script; the bundled Electron build passes its compiled file here. */
  workerUrl?: URL;
  onProgress?: (p: { piecesDone: number; batchesDone: number }) => void;
  /** Called as each batch file is complete and renamed (record it in the job: resume starts after it). */
  onBatchDone?: (b: BatchDone) => void | Promise<void>;
};

export type RunBatchesResult = { batches: BatchDone[]; pieces: number; pages: number; bytes: number };

/**
 * One worker by default (DESIGN §4: more only where the benchmark shows it pays). Measured with bench/merge.ts on the
 * shared 2-core build machine (load average 5-10 from other jobs): 1M pieces took 186 s with 1 worker (65 CPU-s,
 * 515 MB peak RSS) and 212 s with 2 (77 CPU-s, 795 MB); at 100k pieces 2 workers were 1.05x and 0.6x as fast,
 * at 20k pieces 0.6x and 1.5x: inconclusive under that contention. A second worker costs ~18% more CPU in total and ~280 MB of RSS; re-measure on an idle machine
 * (`node bench/merge.ts --workers 1,2`) before raising this.
 */
export function defaultWorkers(): number {
  return 1;
}

/** Runs batch files in worker threads. Cancel with `signal`: workers are terminated and partial files deleted. */
export async function runBatches(opts: RunBatchesOptions): Promise<RunBatchesResult> {
  if (opts.signal?.aborted) throw cancelled();
  const n = Math.max(1, Math.floor(opts.workers ?? defaultWorkers()));
  const url = opts.workerUrl ?? new URL('./batch-worker.ts', import.meta.url);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const setup: WorkerSetup = {
    literature: opts.literature, font: opts.font, geometry: opts.geometry, objectStreams: opts.objectStreams ?? false, stop,
    ...(opts.recipientKey ? { recipientKey: opts.recipientKey } : {}),
  };
  const source = toAsyncIterator(opts.batches);
  const workers: Worker[] = [];
  const inFlight = new Map<number, { outPath: string; done: number }>();
  const done: BatchDone[] = [];
  let nextIndex = 0;
  let piecesFinished = 0;
  let stopped: MergeError | null = null;
  let pulling: Promise<unknown> = Promise.resolve();

  const report = () => {
    if (!opts.onProgress) return;
    let p = piecesFinished;
    for (const f of inFlight.values()) p += f.done;
    opts.onProgress({ piecesDone: p, batchesDone: done.length });
  };

  // Serialize pulls so indexes follow the source's order even when two workers ask at once.
  const pull = (): Promise<{ index: number; task: BatchTask } | null> => {
    const p = pulling.then(async () => {
      if (stopped) return null;
      const r = await source.next();
      return r.done ? null : { index: nextIndex++, task: r.value };
    });
    pulling = p.catch(() => undefined);
    return p;
  };

  // Every wait goes through `guard`, so stopping (cancel, a failed batch, a dead worker) wakes all of them at once.
  // Deliberately not Promise.race against one long-lived "stopped" promise: each race would leave a reaction on it
  // holding that batch's pieces until the job ends (measured: the main heap grew ~15 MB per 6 batches).
  const waiting = new Set<(e: MergeError) => void>();
  const stopAll = (e: MergeError) => {
    if (stopped) return;
    stopped = e;
    Atomics.store(stop, 0, 1);
    for (const reject of waiting) reject(e);
    waiting.clear();
  };
  const guard = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (stopped) return reject(stopped);
      waiting.add(reject);
      p.then(
        (v) => (waiting.delete(reject), resolve(v)),
        (e: unknown) => (waiting.delete(reject), reject(e)),
      );
    });
  const onAbort = () => stopAll(cancelled());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let finishing = false;
  /** Batches handed to onBatchDone and not yet settled. */
  const recordings = new Set<Promise<unknown>>();

  const runWorker = async (w: Worker) => {
    w.once('error', (e) => stopAll(new MergeError('merge.workerFailed', 'A merge worker crashed.', { reason: (e as Error).name })));
    w.once('exit', (code) => {
      if (!finishing) stopAll(new MergeError('merge.workerFailed', 'A merge worker stopped.', { exitCode: code }));
    });
    // Pull the next batch while this one is being written: building a batch's pieces (the store read, in the
    // product) overlaps the worker's writing instead of leaving it idle.
    let next = await guard(pull());
    for (;;) {
      if (!next || stopped) return;
      const { index, task } = next;
      const prefetch = pull();
      prefetch.catch(() => undefined);
      inFlight.set(index, { outPath: task.outPath, done: 0 });
      const result = await guard(
        new Promise<BatchResult>((resolve, reject) => {
          const onMsg = (m: FromWorker) => {
            if (m.type === 'stopped' || m.id !== index) return;
            if (m.type === 'progress') {
              const f = inFlight.get(index);
              if (f) f.done = m.done;
              report();
              return;
            }
            w.off('message', onMsg);
            if (m.type === 'done') resolve(m.result);
            else reject(new MergeError(m.error.code, m.error.message, { ...m.error.details, batch: index }));
          };
          w.on('message', onMsg);
          const msg: ToWorker = { type: 'batch', id: index, pieces: task.pieces, outPath: task.outPath };
          w.postMessage(msg);
        }),
      );
      inFlight.delete(index);
      const b: BatchDone = { ...result, index, outPath: task.outPath };
      done.push(b);
      piecesFinished += result.pieces;
      // A batch its caller did not record (stopped meanwhile: cancel, lock, another batch failed) is not left on
      // disk: the folder holds exactly the recorded batches, and resume writes it again, byte for byte. The pool
      // settles every recording before it answers, so "stopped" means that is already true.
      const recording = Promise.resolve()
        .then(() => opts.onBatchDone?.(b))
        .catch((e: unknown) => {
          rmSync(task.outPath, { force: true });
          throw e;
        });
      recordings.add(recording);
      recording.then(() => recordings.delete(recording), () => recordings.delete(recording));
      await guard(recording);
      report();
      next = await guard(prefetch);
    }
  };

  const exited = new Set<Worker>();
  try {
    for (let i = 0; i < n; i++) {
      const w = new Worker(url, { workerData: setup });
      w.once('exit', () => exited.add(w));
      workers.push(w);
    }
    await Promise.all(workers.map((w) => runWorker(w)));
    if (stopped) throw stopped;
  } catch (e) {
    const err = e instanceof MergeError ? e : new MergeError('merge.workerFailed', 'The merge failed.', { reason: (e as Error)?.name ?? 'unknown' });
    stopAll(err);
    await Promise.all(workers.map((w) => stopWorker(w, exited)));
    for (const f of inFlight.values()) rmSync(f.outPath + '.part', { force: true });
    await Promise.allSettled([...recordings]);
    await source.return?.();
    throw stopped ?? err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    finishing = true;
    await Promise.all(workers.map((w) => stopWorker(w, exited)));
  }
  done.sort((a, b) => a.index - b.index);
  return {
    batches: done,
    pieces: done.reduce((s, b) => s + b.pieces, 0),
    pages: done.reduce((s, b) => s + b.pages, 0),
    bytes: done.reduce((s, b) => s + b.bytes, 0),
  };
}

/** How long a worker may take to put its batch down before it is ended regardless (a hung worker). */
export const STOP_GRACE_MS = 30_000;

/**
 * Ends a worker thread only once it has nothing in flight: `terminate()` while an OpenPGP seal's key generation is on
 * Node's thread pool aborts the whole process (an assertion in Node's KeyGenJob, reproduced by
 * test/integration/merge/worker-stop.test.ts), so the worker is asked to stop first and answers when its batch has
 * settled (it abandons the batch at the next piece). Idle workers answer at once.
 */
async function stopWorker(w: Worker, exited: Set<Worker>): Promise<void> {
  if (!exited.has(w)) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, STOP_GRACE_MS);
      function finish() {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', finish);
        resolve();
      }
      function onMessage(m: FromWorker) {
        if (m.type === 'stopped') finish();
      }
      w.on('message', onMessage);
      w.once('exit', finish);
      try {
        w.postMessage({ type: 'stop' } satisfies ToWorker);
      } catch {
        finish();
      }
    });
  }
  await w.terminate();
  exited.add(w);
}

function cancelled(): MergeError {
  return new MergeError('merge.cancelled', 'The merge was cancelled.');
}

function toAsyncIterator<T>(src: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in src) return (src as AsyncIterable<T>)[Symbol.asyncIterator]();
  const it = (src as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async () => it.return?.() ?? { done: true, value: undefined },
  };
}
