import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Copying the write-ahead log into the vault file (a checkpoint) after a very large write, on a thread of its own.
 *
 * SQLite copies the WAL into the database file when a transaction commits and the WAL holds more than 1,000 pages.
 * With the vault's cipher every page is decrypted from the WAL and encrypted again into the file, so after a first
 * import of a million members (a 420 MB WAL) that copy held the backend's one thread 2.4 s (1.9 s of CPU; measured,
 * bench/members.ts) after the import had committed: every command waited for it. A writer that expects a large WAL
 * (the member import) turns the automatic checkpoint off for its transaction and, once committed, asks for this one:
 * a second connection on a worker thread runs a PASSIVE checkpoint, which never blocks the writing connection or the
 * readers, and closes. Nothing is at risk meanwhile: the data is durable in the WAL when the commit returns, a crash
 * mid-copy is recovered from the WAL at the next open, and a lock or quit meanwhile leaves the worker's connection
 * the last one, which copies the rest and removes the WAL when it closes.
 */

/** A WAL smaller than this is copied on the calling thread, as SQLite would (a thread costs more than it saves). */
export const BACKGROUND_CHECKPOINT_FROM_BYTES = 16 * 1024 * 1024;

export type CheckpointResult = { busy: number; log: number; checkpointed: number };
export type CheckpointRequest = { file: string; key: Uint8Array | null };
export type CheckpointReply = { ok: CheckpointResult } | { error: string };

/** The WAL's size in bytes (0 when there is none). */
export function walBytes(dbFile: string): number {
  try {
    return fs.statSync(`${dbFile}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Runs `PRAGMA wal_checkpoint(PASSIVE)` on a connection of a worker thread. `key` null: a plain file (the benchmark's
 * baseline). The key is copied to the worker, which zeroes its copy once the connection is open. Resolves null when
 * the worker script is not shipped (the caller checkpoints on its own thread instead).
 */
export function checkpointOnThread(file: string, key: Buffer | null, workerUrl?: URL): Promise<CheckpointResult | null> {
  const url = workerUrl ?? new URL('./checkpoint-worker.ts', import.meta.url);
  if (url.protocol === 'file:' && !fs.existsSync(fileURLToPath(url))) return Promise.resolve(null);
  const copy = key ? new Uint8Array(key) : null;
  const request: CheckpointRequest = { file, key: copy };
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: request, transferList: copy ? [copy.buffer] : [] });
    let reply: CheckpointReply | null = null;
    worker.on('message', (m: CheckpointReply) => { reply = m; });
    worker.on('error', (e: Error) => reject(new Error(`vault checkpoint thread failed: ${e.name}`)));
    worker.on('exit', () => {
      if (reply && 'ok' in reply) resolve(reply.ok);
      else reject(new Error(`vault checkpoint thread failed: ${reply?.error ?? 'no answer'}`));
    });
  });
}
