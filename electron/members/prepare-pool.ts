import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MemberRecord } from './import/types.ts';
import { prepareBatch, type PreparedBatch } from './prepared.ts';

export type PrepareRequest = { id: number; records: MemberRecord[] };
export type PrepareReply = { id: number; batch?: PreparedBatch; error?: string };

/** Files smaller than this are prepared on the calling thread: starting workers costs more than it saves. */
export const PREPARE_WORKERS_FROM_BYTES = 4 * 1024 * 1024;

/**
 * A prepare worker's heap is small (one batch at a time, bounded caches); left to grow, two workers' heaps added
 * ~400 MB to the backend's RSS that stayed after they ended (measured at a million members: RSS after the check
 * 1,178 MB without limits, 853 MB with these, same CPU).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

/** One worker per core, at most two: the thread reading the file is the third (measured, bench/members.ts). */
export function defaultPrepareWorkers(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

/**
 * Prepares batches of parsed member rows (prepareMember and the writer's derived rows) in worker threads, so the
 * thread reading the file (and, in the commit, writing the store) is not also normalising every address.
 * `workers: 0` prepares on the calling thread, with the same function. Results come back in submission order.
 */
export class PreparePool {
  #workers: Array<{ w: Worker; busy: number }> = [];
  #waiting = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error) => void; worker: number }>();
  #next = 0;
  #failed: Error | null = null;
  #closed = false;

  constructor(opts: { workers: number; workerUrl?: URL }) {
    const url = opts.workerUrl ?? new URL('./prepare-worker.ts', import.meta.url);
    // A bundle that does not ship the worker file (no URL passed): prepare on this thread rather than fail.
    if (opts.workers <= 0 || (url.protocol === 'file:' && !fs.existsSync(fileURLToPath(url)))) return;
    for (let i = 0; i < opts.workers; i++) {
      const w = new Worker(url, { resourceLimits: WORKER_LIMITS });
      w.on('message', (m: PrepareReply) => this.#reply(m));
      w.on('error', (e: Error) => this.#fail(new Error(`member prepare worker failed: ${e.name}`)));
      w.on('exit', (code) => { if (!this.#closed) this.#fail(new Error(`member prepare worker stopped (${code})`)); });
      this.#workers.push({ w, busy: 0 });
    }
  }

  get workers(): number {
    return this.#workers.length;
  }

  /** Prepares one batch; the records are copied to the worker (structured clone) and not used afterwards. */
  prepare(records: MemberRecord[]): Promise<PreparedBatch> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#workers.length === 0) {
      try {
        return Promise.resolve(prepareBatch(records));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const id = this.#next++;
    let best = 0;
    for (let i = 1; i < this.#workers.length; i++) if (this.#workers[i]!.busy < this.#workers[best]!.busy) best = i;
    const slot = this.#workers[best]!;
    slot.busy++;
    return new Promise<PreparedBatch>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, worker: best });
      const msg: PrepareRequest = { id, records };
      slot.w.postMessage(msg);
    });
  }

  #reply(m: PrepareReply): void {
    const waiter = this.#waiting.get(m.id);
    if (!waiter) return;
    this.#waiting.delete(m.id);
    this.#workers[waiter.worker]!.busy--;
    if (m.batch) waiter.resolve(m.batch);
    else waiter.reject(new Error(`member prepare worker failed: ${m.error ?? 'unknown'}`));
  }

  #fail(e: Error): void {
    if (this.#failed) return;
    this.#failed = e;
    for (const w of this.#waiting.values()) w.reject(e);
    this.#waiting.clear();
  }

  /** Stops the workers; batches still waiting are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#fail(new Error('member prepare pool closed'));
    await Promise.all(this.#workers.map((s) => s.w.terminate()));
    this.#workers = [];
  }
}
