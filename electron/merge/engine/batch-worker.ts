// Worker thread: writes the batches the pool sends, one at a time. Plain Node (no 'electron').
import { parentPort, workerData } from 'node:worker_threads';
import { MergeError } from './types.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.ts';
import { writeBatch } from './write-batch.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('batch-worker must run as a worker thread');

port.on('message', async (msg: ToWorker) => {
  const send = (m: FromWorker) => port.postMessage(m);
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
    });
    send({ type: 'done', id: msg.id, result });
  } catch (e) {
    const err =
      e instanceof MergeError
        ? { code: e.code, message: e.message, details: e.details }
        : { code: 'merge.workerFailed' as const, message: 'The merge worker failed.', details: { reason: (e as Error)?.name ?? 'unknown' } };
    send({ type: 'failed', id: msg.id, error: err });
  }
});
