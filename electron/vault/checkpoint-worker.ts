// Worker thread that copies the vault's WAL into its file once, then ends (checkpoint.ts). Plain Node.
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest, CheckpointResult } from './checkpoint.ts';
import { openPlain, openWritable, type DB } from './database.ts';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker must run as a worker thread');

const { file, key } = workerData as CheckpointRequest;
let db: DB | null = null;
let reply: CheckpointReply;
try {
  const k = key ? Buffer.from(key.buffer, key.byteOffset, key.byteLength) : null;
  try {
    db = k ? openWritable(file, k) : openPlain(file);
  } finally {
    k?.fill(0);
  }
  // This connection never checkpoints by itself, and waits for no one: PASSIVE copies what it can now.
  db.pragma('wal_autocheckpoint=0');
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  reply = { ok: result! };
} catch (e) {
  // The error's name only: a message could carry a path or SQL.
  reply = { error: (e as Error)?.name ?? 'Error' };
} finally {
  db?.close();
}
port.postMessage(reply);
