// Cancel and lock stop a job without leaving partial files; resume finishes it with batches byte-identical to an
// uninterrupted run of the same job (same vault state, so the same job record: id, seeds, serials, boundaries).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../../support/backend.ts';
import { buildMergeWorld, openCopy, outputFolder, referenceRun, sha256File, waitForJob, type MergeWorld } from './world.ts';

const BATCH = 20;
let world: MergeWorld;
let reference: Map<string, string>;

async function untilBatches(client: Awaited<ReturnType<typeof openCopy>>['client'], jobId: number, n: number) {
  for (;;) {
    const p = await client.call('merge.progress', { jobId });
    if (p.batchesDone >= n || p.status !== 'running') return p;
    await new Promise((r) => setTimeout(r, 2));
  }
}

const parts = (folder: string) => fs.readdirSync(folder).filter((f) => f.endsWith('.part'));
const batchFiles = (folder: string) => fs.readdirSync(folder).filter((f) => f.includes('-batch-') && f.endsWith('.pdf')).sort();

beforeAll(async () => {
  world = await buildMergeWorld({ members: 300, seeds: 3 });
  reference = await referenceRun(world, BATCH);
}, 60_000);

describe('cancel and resume', () => {
  it('cancel keeps finished batches, leaves no partial file; resume gives the uninterrupted bytes', async () => {
    const copy = await openCopy(world);
    const folder = outputFolder(copy.backend);
    const { jobId } = await copy.client.call('merge.start', { requestId: world.requestId, folder, batchSize: BATCH });
    await untilBatches(copy.client, jobId, 2);
    const cancelled = await copy.client.call('merge.cancel', { jobId });
    expect(cancelled.status).toBe('cancelled');
    // The answer came after the workers stopped: no .part file, only whole batches, each recorded and identical.
    expect(parts(folder)).toEqual([]);
    const [job] = await copy.client.call('merge.jobs', { requestId: world.requestId });
    expect(job!.status).toBe('cancelled');
    expect(job!.batches.length).toBeLessThan(job!.totalBatches);
    expect(batchFiles(folder)).toEqual(job!.batches.map((b) => b.fileName).sort());
    for (const f of batchFiles(folder)) expect(sha256File(path.join(folder, f))).toBe(reference.get(f));
    expect(fs.readdirSync(folder).some((f) => f.includes('manifest'))).toBe(false);
    const status = copy.backend.vault!.db.prepare('SELECT status FROM requests WHERE id = ?').pluck().get(world.requestId);
    expect(status).toBe('released');

    await copy.client.call('merge.resume', { jobId });
    expect((await waitForJob(copy.client, jobId)).status).toBe('done');
    const out = new Map(fs.readdirSync(folder).map((f) => [f, sha256File(path.join(folder, f))]));
    expect(out).toEqual(reference);
    await expect(copy.client.call('merge.resume', { jobId })).rejects.toMatchObject({ code: 'merge.notResumable' });
  }, 60_000);

  it('locking the app stops the job; after unlock it resumes to the same bytes', async () => {
    const copy = await openCopy(world);
    const folder = outputFolder(copy.backend);
    const { jobId } = await copy.client.call('merge.start', { requestId: world.requestId, folder, batchSize: BATCH });
    await untilBatches(copy.client, jobId, 1);
    await copy.client.call('session.lock', {});
    // The pool terminates its workers and removes their .part files shortly after the vault closes.
    for (let i = 0; i < 200 && parts(folder).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(parts(folder)).toEqual([]);
    await copy.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    const p = await copy.client.call('merge.progress', { jobId });
    expect(p.status).toBe('cancelled');
    expect(p.batchesDone).toBeLessThan(p.totalBatches);
    await copy.client.call('merge.resume', { jobId });
    expect((await waitForJob(copy.client, jobId)).status).toBe('done');
    expect(new Map(fs.readdirSync(folder).map((f) => [f, sha256File(path.join(folder, f))]))).toEqual(reference);
  }, 60_000);
});
