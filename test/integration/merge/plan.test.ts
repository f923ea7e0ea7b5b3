// Planning a production job reads the whole audience (seconds at a million members). It runs on a read-only
// connection before the write queue, so other commands are not held; its write step refuses if members changed
// in between, so the job never freezes a list that no longer exists.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext, ReadContext } from '../../../electron/core/context.ts';
import { handlers } from '../../../electron/core/handlers.ts';
import { orderedRows } from '../../../electron/merge/store.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

type Step = (ctx: HandlerContext) => unknown;
type PlannedStart = { plan: (ctx: ReadContext, input: unknown) => Promise<Step> };
const start = handlers['merge.start'] as unknown as PlannedStart;
const realPlan = start.plan;
afterEach(() => { start.plan = realPlan; });

let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 120, seeds: 2 });
}, 60_000);

describe('planning a production job', () => {
  it('holds no other command: a write and a read finish while the plan is still under way', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let planned = false;
    start.plan = async (ctx, input) => {
      const step = await realPlan(ctx, input);
      planned = true;
      await gate; // the plan is "still reading"
      return step;
    };
    const starting = client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 50 });
    while (!planned) await new Promise((r) => setTimeout(r, 5));
    // A write command goes through the write queue; it must not wait for the plan.
    await client.call('settings.update', { idleMinutes: 25 });
    expect((await client.call('merge.productionQueue', {})).length).toBe(1);
    release();
    const { jobId } = await starting;
    expect((await waitForJob(client, jobId)).status).toBe('done');
  });

  it('refuses to record the job when members changed between the plan and the write, and records nothing', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    const db = backend.vault!.db;
    start.plan = async (ctx, input) => {
      const step = await realPlan(ctx, input);
      // Another command changed the list meanwhile (an import, a correction, a purge: each bumps the generation).
      db.prepare('UPDATE members_meta SET generation = generation + 1 WHERE id = 1').run();
      return step;
    };
    await expect(client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 50 }))
      .rejects.toMatchObject({ code: 'merge.audienceChanged' });
    expect(db.prepare('SELECT count(*) FROM merge_jobs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM merge_job_order').pluck().get()).toBe(0);
    start.plan = realPlan;
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 50 });
    expect((await waitForJob(client, jobId)).status).toBe('done');
    expect(orderedRows(db, jobId, 0, world.members)).toHaveLength(world.members);
  });

  it('freezes the audience in presort order (ZIP5, ZIP+4, row id), packed, and reads any range of it back', async () => {
    const { client, backend } = await openCopy(world);
    const folder = outputFolder(backend);
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 50 });
    const db = backend.vault!.db;
    const frozen = orderedRows(db, jobId, 0, world.members);
    const expected = db.prepare('SELECT id FROM members WHERE active = 1 AND good_standing = 1 ORDER BY zip5, zip4, id').pluck().all();
    expect(frozen).toEqual(expected);
    expect(orderedRows(db, jobId, 7, 93)).toEqual(expected.slice(7, 93));
    expect(orderedRows(db, jobId, 50, 50)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM merge_job_members WHERE job_id = ?').pluck().get(jobId)).toBe(0);
    await waitForJob(client, jobId);
  });
});
