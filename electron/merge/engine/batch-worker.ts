// Worker thread: writes the batches the pool sends, one at a time. Plain Node (no 'electron').
import { parentPort, workerData } from 'node:worker_threads';
import { MergeError } from './types.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.ts';
import { writeBatch } from './write-batch.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('batch-worker must run as a worker thread');

const send = (m: FromWorker) => port.postMessage(m);
/** The batch in hand (settles, never rejects). */
let current: Promise<void> = Promise.resolve();
/** Set by the pool through shared memory the moment the job stops, so a batch in a synchronous stretch sees it. */
const stopped = () => Atomics.load(setup.stop, 0) === 1;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    // The batch in hand abandons at its next progress step (the shared stop flag); answer only when it has settled:
    // sealing runs an OpenPGP key generation on Node's thread pool, and ending a thread while one is in flight aborts
    // the whole process (Node asserts in KeyGenJob::ToResult), which took the app down on Cancel.
    void current.then(() => send({ type: 'stopped' }));
    return;
  }
  current = writeOne(msg);
});

async function writeOne(msg: Extract<ToWorker, { type: 'batch' }>): Promise<void> {
  try {
    const result = await writeBatch({
      literature: setup.literature,
      font: setup.font,
      geometry: setup.geometry,
      objectStreams: setup.objectStreams,
      ...(setup.recipientKey ? { recipientKey: setup.recipientKey } : {}),
      pieces: msg.pieces,
      outPath: msg.outPath,
      onProgress: (done) => send({ type: 'progress', id: msg.id, done }),
      stopped,
    });
    send({ type: 'done', id: msg.id, result });
  } catch (e) {
    const err =
      e instanceof MergeError
        ? { code: e.code, message: e.message, details: e.details }
        : { code: 'merge.workerFailed' as const, message: 'The merge worker failed.', details: { reason: (e as Error)?.name ?? 'unknown' } };
    send({ type: 'failed', id: msg.id, error: err });
  }
}
