// Cancel and lock stop a job without leaving partial files; resume finishes it with batches byte-identical to an
// uninterrupted run of the same job (same vault state, so the same job record: id, seeds, serials, boundaries).
// Batches are delivered encrypted (issue 13 §4): "byte-identical" is the clear PDF inside each (folderDigest).
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeState } from '../../../electron/merge/runner.ts';
import { CHAIR } from '../../support/backend.ts';
import { buildMergeWorld, expectRecorded, folderDigest, openCopy, outputFolder, referenceRun, waitForJob, type MergeWorld } from './world.ts';

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
const batchFiles = (folder: string) => fs.readdirSync(folder).filter((f) => f.includes('-batch-') && f.endsWith('.pdf.gpg')).sort();

beforeAll(async () => {
  world = await buildMergeWorld({ members: 300, seeds: 3 });
  reference = await referenceRun(world, BATCH);
}, 60_000);

describe('cancel and resume', () => {
  it('cancel keeps finished batches, leaves no partial file; resume gives the uninterrupted bytes', async () => {
    const copy = await openCopy(world);
    const folder = outputFolder(copy.backend);
    const { jobId } = await copy.client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: BATCH });
    await untilBatches(copy.client, jobId, 2);
    const cancelled = await copy.client.call('merge.cancel', { jobId });
    expect(cancelled.status).toBe('cancelled');
    // The answer came after the workers stopped: no .part file, only whole batches, each recorded and identical.
    expect(parts(folder)).toEqual([]);
    const [job] = await copy.client.call('merge.jobs', { requestId: world.requestId });
    expect(job!.status).toBe('cancelled');
    expect(job!.batches.length).toBeLessThan(job!.totalBatches);
    expect(batchFiles(folder)).toEqual(job!.batches.map((b) => b.fileName).sort());
    // Each kept batch: the delivered file as recorded, the PDF inside identical to the uninterrupted run's.
    expectRecorded(folder, job!.batches);
    const kept = await folderDigest(folder);
    for (const f of batchFiles(folder)) expect(kept.get(f)).toBe(reference.get(f));
    expect(fs.readdirSync(folder).some((f) => f.includes('manifest'))).toBe(false);
    const status = copy.backend.vault!.db.prepare('SELECT status FROM requests WHERE id = ?').pluck().get(world.requestId);
    expect(status).toBe('released');

    await copy.client.call('merge.resume', { jobId });
    expect((await waitForJob(copy.client, jobId)).status).toBe('done');
    expect(await folderDigest(folder)).toEqual(reference);
    // The batches kept from before the cancel are the very files delivered then (not re-made), and all match the vault.
    const [done] = await copy.client.call('merge.jobs', { requestId: world.requestId });
    expectRecorded(folder, done!.batches);
    for (const b of job!.batches) expect(done!.batches[b.index]!.sha256).toBe(b.sha256);
    await expect(copy.client.call('merge.resume', { jobId })).rejects.toMatchObject({ code: 'merge.notResumable' });
  }, 60_000);

  it('locking the app stops the job; after unlock it resumes to the same bytes', async () => {
    const copy = await openCopy(world);
    const folder = outputFolder(copy.backend);
    const { jobId } = await copy.client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: BATCH });
    await untilBatches(copy.client, jobId, 1);
    await copy.client.call('session.lock', {});
    // The pool terminates its workers and removes their .part files shortly after the vault closes. (A sealed batch
    // has a .part only for the moment it is written, so wait for the stopped run itself to end.)
    for (let i = 0; i < 500 && (parts(folder).length > 0 || mergeState(copy.backend).live !== null); i++) await new Promise((r) => setTimeout(r, 10));
    expect(parts(folder)).toEqual([]);
    await copy.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    const p = await copy.client.call('merge.progress', { jobId });
    expect(p.status).toBe('cancelled');
    expect(p.batchesDone).toBeLessThan(p.totalBatches);
    await copy.client.call('merge.resume', { jobId });
    expect((await waitForJob(copy.client, jobId)).status).toBe('done');
    expect(await folderDigest(folder)).toEqual(reference);
    expectRecorded(folder, (await copy.client.call('merge.jobs', { requestId: world.requestId }))[0]!.batches);
  }, 60_000);

  it('quitting stops the job and answers only once it has stopped: no live job, no partial file, the job cancelled', async () => {
    const copy = await openCopy(world);
    const folder = outputFolder(copy.backend);
    const { jobId } = await copy.client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: BATCH });
    await untilBatches(copy.client, jobId, 1);
    // What the backend thread does on the app's 'shutdown' message: after this the thread may be ended at once.
    await copy.backend.shutdown();
    expect(mergeState(copy.backend).live).toBeNull();
    expect(parts(folder)).toEqual([]);
    await copy.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    const p = await copy.client.call('merge.progress', { jobId });
    expect(p.status).toBe('cancelled');
    expect(p.batchesDone).toBeLessThan(p.totalBatches);
  }, 60_000);
});
