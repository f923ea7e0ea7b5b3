// SIGKILL at a random point of a production job (a child process), then resume in this process: the job completes
// and every batch (and the manifest) equals an uninterrupted run of the same job. Small batches keep it under 60 s.
import { spawn } from 'node:child_process';
import { verifyAudit } from '../../../electron/audit/log.ts';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prng, testSeed } from '../../support/prng.ts';
import { tempDir } from '../../support/backend.ts';
import { buildMergeWorld, expectRecorded, folderDigest, openCopy, referenceRun, waitForJob, type MergeWorld } from './world.ts';

const BATCH = 20;
// `npm run torture` raises this (LITDESK_TORTURE_TRIALS=100); `npm test` runs the default.
const TRIALS = Number(process.env['LITDESK_TORTURE_TRIALS'] ?? 5);
const CHILD = new URL('../../support/merge-child.ts', import.meta.url).pathname;
let world: MergeWorld;
let reference: Map<string, string>;

beforeAll(async () => {
  world = await buildMergeWorld({ members: 300, seeds: 2 });
  reference = await referenceRun(world, BATCH);
}, 60_000);

/** Runs the child and kills it once it reports `killAt` finished batches (plus a few random milliseconds). */
function runAndKill(vaultDir: string, folder: string, killAt: number, extraMs: number): Promise<{ killed: boolean; lastBatches: number }> {
  return new Promise((resolve, reject) => {
    // The child stays alive after finishing (LITDESK_CHILD_LINGER), so every trial ends in a real SIGKILL.
    const child = spawn(process.execPath, [CHILD, vaultDir, String(world.requestId), folder, String(BATCH), String(world.mailHouseId)],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LITDESK_CHILD_LINGER: '1' } });
    let lastBatches = -1;
    let armed = false;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/batches (\d+)/g)) lastBatches = Number(m[1]);
      if (!armed && lastBatches >= killAt) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, lastBatches });
      else if (code === 0) resolve({ killed: false, lastBatches });
      else reject(new Error(`child exited ${code}: ${err.slice(0, 500)}`));
    });
  });
}

describe('SIGKILL during production', () => {
  it(`resumes to byte-identical batches after ${TRIALS} random kills`, async () => {
    const seed = testSeed('merge kill');
    const rnd = prng(seed);
    const total = Math.ceil((world.members + 2) / BATCH);
    let interrupted = 0;
    for (let t = 0; t < TRIALS; t++) {
      const base = tempDir('litdesk-kill-');
      const vaultDir = path.join(base, 'vault');
      fs.cpSync(world.dir, vaultDir, { recursive: true });
      const folder = path.join(base, 'out');
      fs.mkdirSync(folder);
      const killAt = Math.floor(rnd() * (total - 2));
      const r = await runAndKill(vaultDir, folder, killAt, Math.floor(rnd() * 40));
      expect(r.killed, `trial ${t} (kill after ${killAt} batches, LITDESK_SEED=${seed}): the child must die of SIGKILL`).toBe(true);
      // Whatever the kill left: complete batch files only under their final names, each already the reference bytes.
      // (Delivered encrypted: the PDF inside each equals the reference's; see folderDigest.)
      const left = await folderDigest(folder);
      for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.pdf.gpg'))) {
        expect(left.get(f), `trial ${t} ${f}`).toBe(reference.get(f));
      }
      const { client, backend } = await openCopy(world, { copyFrom: vaultDir });
      backend.grants.grantFolder(folder, 'output');
      expect(verifyAudit(backend.vault!.db), `trial ${t}: audit chain`).toMatchObject({ ok: true });
      const jobs = await client.call('merge.jobs', { requestId: world.requestId });
      const job = jobs[0];
      if (r.killed && job && job.status !== 'done') interrupted++;
      let jobId: number;
      if (!job) jobId = (await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: BATCH })).jobId;
      else if (job.status === 'done') jobId = job.id;
      else {
        expect(job.interrupted).toBe(true);
        jobId = (await client.call('merge.resume', { jobId: job.id })).jobId;
      }
      expect((await waitForJob(client, jobId)).status).toBe('done');
      // The resumed job ran in the copy opened from the killed vault: same folder, all files equal the reference.
      const after = await folderDigest(folder);
      expect([...after.keys()].filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(after).toEqual(reference);
      expectRecorded(folder, (await client.call('merge.jobs', { requestId: world.requestId }))[0]!.batches);
      backend.lock('test');
    }
    expect(interrupted).toBeGreaterThanOrEqual(3);
  }, Math.max(60_000, TRIALS * 8_000));
});
