// SIGKILL at a random point of an email job (a child process), then resume in this process: everybody on the job
// gets the message at most once, and everybody but the at most one message in flight at the kill gets it exactly once
// (that one is 'uncertain' and never sent again). The seed is printed; LITDESK_SEED=<n> replays the same kill points.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../electron/audit/log.ts';
import { prng } from '../../support/prng.ts';
import { tempDir } from '../../support/backend.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { buildEmailWorld, openEmailCopy, waitForEmailJob, type EmailWorld } from './world.ts';

// `npm run torture` raises this (LITDESK_TORTURE_TRIALS=100); `npm test` runs 20, as the issue asks.
const TRIALS = Number(process.env['LITDESK_TORTURE_TRIALS'] ?? 20);
const SEED = Number(process.env['LITDESK_SEED'] ?? Date.now() % 1_000_000_000);
const CHILD = new URL('../../support/email-child.ts', import.meta.url).pathname;
let world: EmailWorld;
let smtp: TestSmtp;
let caFile: string;

beforeAll(async () => {
  world = await buildEmailWorld({ members: 50, seeds: 2 });
  smtp = await startSmtp();
  caFile = path.join(tempDir('litdesk-ca-'), 'ca.pem');
  fs.writeFileSync(caFile, smtp.caPem);
}, 120_000);
afterAll(async () => { await smtp?.close(); });

function runAndKill(vaultDir: string, killAfterSent: number, extraMs: number): Promise<{ signal: NodeJS.Signals | null; lastSent: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, vaultDir, String(world.requestId), String(smtp.port), caFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastSent = -1;
    let armed = false;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/sent (\d+)/g)) lastSent = Number(m[1]);
      if (!armed && lastSent >= killAfterSent) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ signal, lastSent });
      else reject(new Error(`child exited ${code}: ${err.slice(0, 500)}`));
    });
  });
}

describe('SIGKILL during an email job', () => {
  it(`never sends anyone the message twice over ${TRIALS} random kills`, async () => {
    console.log(`[email kill] seed ${SEED} (replay: LITDESK_SEED=${SEED})`);
    const rnd = prng(SEED);
    let killedMidJob = 0;
    let uncertainSeen = 0;
    for (let t = 0; t < TRIALS; t++) {
      smtp.messages.length = 0;
      const vaultDir = path.join(tempDir('litdesk-email-kill-'), 'vault');
      fs.cpSync(world.dir, vaultDir, { recursive: true });
      const r = await runAndKill(vaultDir, Math.floor(rnd() * 40), Math.floor(rnd() * 15));
      const { client, backend } = await openEmailCopy(world, smtp, { copyFrom: vaultDir });
      expect(verifyAudit(backend.vault!.db), `trial ${t} (seed ${SEED}): audit chain`).toMatchObject({ ok: true });
      const [job] = await client.call('email.jobs', { requestId: world.requestId });
      let jobId: number;
      if (!job) jobId = (await client.call('email.start', { requestId: world.requestId })).jobId;
      else if (job.status === 'done') jobId = job.id;
      else {
        expect(r.signal, `trial ${t}: an unfinished job means the child was killed`).toBe('SIGKILL');
        expect(job.interrupted).toBe(true);
        killedMidJob++;
        jobId = (await client.call('email.resume', { jobId: job.id })).jobId;
      }
      const done = await waitForEmailJob(client, jobId);
      expect(done.status, `trial ${t} (seed ${SEED})`).toBe('done');
      const counts = new Map<string, number>();
      for (const m of smtp.messages) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1);
      expect(twice, `trial ${t} (seed ${SEED}): addresses that got the message twice`).toEqual([]);
      expect(done.uncertain, `trial ${t}: at most the one message in flight at the kill`).toBeLessThanOrEqual(1);
      expect(done.sent + done.uncertain + done.failed).toBe(done.total);
      // Every message the vault counts as sent reached the server, and nothing else did beyond the uncertain one.
      expect(smtp.messages.length).toBeGreaterThanOrEqual(done.sent);
      expect(smtp.messages.length).toBeLessThanOrEqual(done.sent + done.uncertain);
      uncertainSeen += done.uncertain;
      backend.lock('test');
    }
    console.log(`[email kill] ${killedMidJob} of ${TRIALS} trials killed mid-job, ${uncertainSeen} uncertain messages in all`);
    expect(killedMidJob, 'the sweep must really kill jobs mid-way').toBeGreaterThanOrEqual(Math.ceil(TRIALS / 2));
  }, Math.max(240_000, TRIALS * 20_000));
});
