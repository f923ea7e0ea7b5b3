// Runs (or resumes) the email job of one request in its own process, for the SIGKILL test:
//   node test/support/email-child.ts <vaultDir> <requestId> <smtpPort> <caPemFile>
// Prints "sent <n>" after each progress poll so the parent can kill it at a chosen point.
import fs from 'node:fs';
import { CHAIR, makeBackend } from './backend.ts';
import { SMTP_PASS, SMTP_USER } from './smtp.ts';

const [vaultDir, requestArg, portArg, caFile] = process.argv.slice(2);
if (!vaultDir || !requestArg || !portArg || !caFile) throw new Error('usage: email-child.ts <vaultDir> <requestId> <smtpPort> <caPemFile>');
const requestId = Number(requestArg);
const { backend, client } = makeBackend({ vaultDir });
await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
await client.call('email.server.save', {
  host: '127.0.0.1', port: Number(portArg), security: 'starttls', username: SMTP_USER, password: SMTP_PASS,
  fromAddress: 'elections@union.test', fromName: 'Local 42 Election Committee', unsubscribeAddress: 'unsubscribe@union.test',
  caPem: fs.readFileSync(caFile, 'utf8'), perMinute: 10_000,
});
const jobs = await client.call('email.jobs', { requestId });
const open = jobs.find((j) => j.status !== 'done');
const { jobId } = open ? await client.call('email.resume', { jobId: open.id }) : await client.call('email.start', { requestId });
process.stdout.write(`job ${jobId}\n`);
for (;;) {
  const p = await client.call('email.progress', { jobId });
  process.stdout.write(`sent ${p.sent}\n`);
  if (p.status !== 'running') break;
  await new Promise((r) => setTimeout(r, 5));
}
backend.lock('done');
process.exit(0);
