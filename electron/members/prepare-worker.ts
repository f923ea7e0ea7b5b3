// Worker thread of the member import: prepares batches of parsed rows for storage (prepare-pool.ts). Plain Node.
import { parentPort } from 'node:worker_threads';
import { prepareBatch } from './prepared.ts';
import type { PrepareReply, PrepareRequest } from './prepare-pool.ts';

const port = parentPort;
if (!port) throw new Error('prepare-worker must run as a worker thread');

port.on('message', (msg: PrepareRequest) => {
  try {
    const batch = prepareBatch(msg.records);
    const reply: PrepareReply = { id: msg.id, batch };
    port.postMessage(reply);
  } catch (e) {
    const reply: PrepareReply = { id: msg.id, error: (e as Error)?.name ?? 'Error' };
    port.postMessage(reply);
  }
});
