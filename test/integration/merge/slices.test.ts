// Production reads (planning a job, the job's own read of its members, building each batch) run in slices on their
// own read-only connection, and other commands run between slices (issue 11 §3: no command waits more than 1 s on a
// job). These tests count slices instead of timing them: with the slices shrunk, a write and a read issued during the
// first slice must answer before the last one, and a lock in the middle must close the vault cleanly.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FrozenRows, slicing } from '../../../electron/merge/job-rows.ts';
import { mergeState } from '../../../electron/merge/runner.ts';
import { orderedRows } from '../../../electron/merge/store.ts';
import { CHAIR } from '../../support/backend.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

const saved = { ...slicing };
afterEach(() => { Object.assign(slicing, saved); });

let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 400, seeds: 2 });
}, 60_000);

/** Slices as small as they go: a yield every 16 rows (planning, lookups) or 16 ids (the job's walk). */
function tinySlices(): void {
  Object.assign(slicing, { ms: 0, rows: 16, walkWindow: 16 });
}

describe('production reads let other commands run', () => {
  it('a write and a read issued during the first planning slice answer before planning ends', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    tinySlices();
    let planSlices = 0;
    const answered: Record<string, number> = {};
    const pending: Array<Promise<unknown>> = [];
    slicing.onSlice = (where, n) => {
      if (where !== 'plan') return;
      planSlices = n;
      if (n !== 1) return;
      // Issued from a timer, as an IPC message arrives: it runs only when planning gives the event loop a turn.
      pending.push(new Promise((issued) => setTimeout(() => issued([
        client.call('settings.update', { idleMinutes: 25 }).then(() => { answered.write = planSlices; }),
        client.call('merge.productionQueue', {}).then((q) => { expect(q).toHaveLength(1); answered.read = planSlices; }),
      ]), 0)).then((p) => Promise.all(p as Array<Promise<unknown>>)));
    };
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 });
    const total = planSlices;
    await Promise.all(pending);
    expect(Object.keys(answered)).toHaveLength(2);
    // 400 members in slices of 16: some 25 slices; both commands answered within the first few.
    expect(total).toBeGreaterThan(10);
    expect(answered.write).toBeLessThan(total);
    expect(answered.read).toBeLessThan(total);
    slicing.onSlice = null;
    expect((await waitForJob(client, jobId)).status).toBe('done');
  });

  it("a write and a read issued during the job's first read slice answer while the job reads on", async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    tinySlices();
    let jobSlices = 0;
    const answered: Record<string, number> = {};
    const pending: Array<Promise<unknown>> = [];
    slicing.onSlice = (where, n) => {
      if (where !== 'job') return;
      jobSlices = n;
      if (n !== 1) return;
      const live = mergeState(backend).live!.jobId;
      pending.push(new Promise((issued) => setTimeout(() => issued([
        client.call('settings.update', { idleMinutes: 26 }).then(() => { answered.write = jobSlices; }),
        client.call('merge.progress', { jobId: live }).then((p) => { expect(p.status).toBe('running'); answered.read = jobSlices; }),
      ]), 0)).then((p) => Promise.all(p as Array<Promise<unknown>>)));
    };
    const { jobId } = (await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 }));
    expect((await waitForJob(client, jobId)).status).toBe('done');
    await Promise.all(pending);
    expect(Object.keys(answered)).toHaveLength(2);
    expect(jobSlices).toBeGreaterThan(10);
    expect(answered.write).toBeLessThan(jobSlices);
    expect(answered.read).toBeLessThan(jobSlices);
  });

  it('a lock in the middle of planning closes the vault and refuses the start', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    tinySlices();
    slicing.onSlice = (where, n) => { if (where === 'plan' && n === 3) backend.lock('test'); };
    await expect(client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 }))
      .rejects.toMatchObject({ code: 'auth.locked' });
    expect(backend.vault).toBeNull();
  });

  it("a lock in the middle of the job's read closes the vault; the job resumes after unlock to the same batches", async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    tinySlices();
    slicing.onSlice = (where, n) => { if (where === 'job' && n === 3) backend.lock('test'); };
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 });
    await mergeState(backend).live?.promise;
    expect(backend.vault).toBeNull();
    slicing.onSlice = null;
    await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    const resumed = await client.call('merge.resume', { jobId });
    expect((await waitForJob(client, resumed.jobId)).status).toBe('done');
  });

  it('the packed rows read back exactly what the table holds, by walk and by lookups, for any range', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 100 });
    await waitForJob(client, jobId);
    const db = backend.vault!.reader();
    const ids = orderedRows(db, jobId, 0, world.members)!;
    const one = db.prepare(`SELECT m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, m.zip5, m.zip4, a.lines, m.delivery_point
      FROM members m LEFT JOIN member_print_above a ON a.member_row = m.id WHERE m.id = ?`).raw();
    // Empty and NULL print the same (no secondary line, no ZIP+4, nothing above, no delivery point): the packing keeps NULL.
    const expected = ids.map((id) => (one.get(id) as unknown[]).map((v) => (v === '' ? null : v)));
    for (const mode of ['walk', 'lookup'] as const) {
      tinySlices();
      const rows = (await FrozenRows.load(db, jobId, 7, world.members, undefined, mode))!;
      expect(rows.stats).toMatchObject({ mode, rows: world.members - 7 });
      expect(rows.rows(7, world.members).map((r) => r.map((v) => (v === '' ? null : v)))).toEqual(expected.slice(7));
      expect(rows.rows(100, 133)).toEqual(rows.rows(7, world.members).slice(93, 126));
      expect(() => rows.rows(0, 10)).toThrow();
    }
  });
});
