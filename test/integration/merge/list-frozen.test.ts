// Issue 16 §10: a production job prints the list as it was when the job started. The list cannot change under an
// unfinished job (running, interrupted or cancelled-but-resumable): an import or a correction is refused with a plain
// message naming the job, and nothing changes; once the job is done the same import goes through.
import { beforeAll, describe, expect, it } from 'vitest';
import { membersCsv, syntheticMembers } from '../../support/members.ts';
import { memberTableHash, writeTemp } from '../members/helpers.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 200, seeds: 1 });
}, 60_000);

describe('the list is frozen while a production job is unfinished', () => {
  it('import and correction are refused while the job runs and while it is cancelled; allowed once it is done', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    const file = writeTemp('new-list.csv', membersCsv([...syntheticMembers(200, { seed: 11 })]));
    backend.grants.grantFile(file, 'memberList');
    const preview = await client.call('members.importPreview', { path: file });
    const someone = db.prepare('SELECT id FROM members WHERE active = 1 ORDER BY id LIMIT 1').pluck().get() as number;
    const correction = { id: someone, address: { address1: '9 Changed Rd', address2: '', city: 'Boston', state: 'MA', zip: '02108' }, reason: 'moved' };

    // A validated plan from before the job: its commit is refused too.
    const early = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder: outputFolder(backend), mailHouseId: world.mailHouseId, batchSize: 10 });
    const before = memberTableHash(db);
    const refused = { code: 'members.productionUnfinished', details: { jobId } };
    await expect(client.call('members.importCommit', { token: early.token, skipInvalid: true, confirmNoLongerOnList: early.diff.noLongerOnList })).rejects.toMatchObject(refused);
    await expect(client.call('members.importValidate', { path: file, mapping: preview.mapping })).rejects.toMatchObject(refused);
    await expect(client.call('members.correct', correction)).rejects.toMatchObject(refused);

    const p = await client.call('merge.progress', { jobId });
    if (p.status === 'running') {
      await client.call('merge.cancel', { jobId });
      // Cancelled, the job can still be resumed: its remaining batches must read the same list.
      await expect(client.call('members.correct', correction)).rejects.toMatchObject(refused);
      await client.call('merge.resume', { jobId });
    }
    expect(memberTableHash(db)).toBe(before);
    expect((await waitForJob(client, jobId)).status).toBe('done');

    await client.call('members.correct', correction);
    const v = await client.call('members.importValidate', { path: file, mapping: preview.mapping });
    expect(v.fatal).toBeNull();
    backend.lock('test');
  }, 60_000);
});
