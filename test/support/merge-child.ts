// Runs (or resumes) the production job of one request in its own process, for the SIGKILL test:
//   node test/support/merge-child.ts <vaultDir> <requestId> <folder> [batchSize] [mailHouseId]
// Prints one line per progress tick ("batches <n>") so the parent can kill it at a chosen point.
import { CHAIR, makeBackend } from './backend.ts';

const [vaultDir, requestArg, folder, batchArg, mailHouseArg] = process.argv.slice(2);
if (!vaultDir || !requestArg || !folder) throw new Error('usage: merge-child.ts <vaultDir> <requestId> <folder> [batchSize]');
const requestId = Number(requestArg);
const { backend, client } = makeBackend({ vaultDir });
await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
backend.grants.grantFolder(folder, 'output');
const jobs = await client.call('merge.jobs', { requestId });
const open = jobs.find((j) => j.status === 'running' || j.status === 'cancelled');
const { jobId } = open
  ? await client.call('merge.resume', { jobId: open.id })
  : await client.call('merge.start', { requestId, folder, mailHouseId: Number(mailHouseArg ?? 1), ...(batchArg ? { batchSize: Number(batchArg) } : {}) });
process.stdout.write(`job ${jobId}\n`);
for (;;) {
  const p = await client.call('merge.progress', { jobId });
  process.stdout.write(`batches ${p.batchesDone} pieces ${p.piecesDone}\n`);
  if (p.status !== 'running') break;
  await new Promise((r) => setTimeout(r, 10));
}
backend.lock('done');
process.stdout.write('done\n');
// The kill test wants every child killed, even one that finished: it stays alive until the parent's SIGKILL.
if (!process.env['LITDESK_CHILD_LINGER']) process.exit(0);
setInterval(() => undefined, 1 << 30);
