import { beforeAll, describe, expect, it } from 'vitest';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

// The last steps of the flow (DESIGN §1): produced by the merge, handed to the mail house, reconciled; the
// equal-treatment report's turnaround shows every step from recorded times.
let world: MergeWorld;
beforeAll(async () => { world = await buildMergeWorld({ members: 120, seeds: 0 }); }, 120_000);

describe('handing a produced job to the mail house', () => {
  it('is refused before production, then recorded once produced, and shows in the turnaround', async () => {
    const { client, backend } = await openCopy(world);
    await expect(client.call('requests.markMailed', { requestId: world.requestId, mailedOn: '2026-05-20', mailHouse: 'Bay Mailing Co' }))
      .rejects.toMatchObject({ code: 'requests.wrongStatus' });

    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder: outputFolder(backend), mailHouseId: world.mailHouseId, batchSize: 50 });
    expect((await waitForJob(client, jobId)).status).toBe('done');

    await expect(client.call('requests.markMailed', { requestId: world.requestId, mailedOn: '2099-01-01', mailHouse: 'Bay Mailing Co' }))
      .rejects.toMatchObject({ code: 'requests.mailedInFuture' });
    const mailed = await client.call('requests.markMailed', { requestId: world.requestId, mailedOn: '2026-05-20', mailHouse: 'Bay Mailing Co' });
    expect(mailed.status).toBe('mailed');

    const report = await client.call('reports.equalTreatment', { electionId: world.electionId });
    const row = report.requests.find((r) => r.requestId === world.requestId)!;
    expect(Object.keys(row.timeline)).toEqual(expect.arrayContaining(['received', 'released', 'produced', 'mailed']));
    expect(row.timeline.mailed).toBe('2026-05-20T12:00:00.000Z');
    expect(report.notRecorded).toEqual([]);

    const audit = backend.vault!.db.prepare("SELECT details FROM audit_log WHERE action='requests.markMailed'").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details).mailHouse)).toEqual(['Bay Mailing Co']);
  });
});

describe('reconciliation after production', () => {
  it('bills the members the job actually mailed when staff give no piece count', async () => {
    const { client, backend } = await openCopy(world);
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder: outputFolder(backend), mailHouseId: world.mailHouseId, batchSize: 50 });
    expect((await waitForJob(client, jobId)).status).toBe('done');
    // Pieces and sheets from the job (issue 13 §5); postage from the statement, at least the card's 73¢ a piece.
    const r = await client.call('billing.reconcile', { requestId: world.requestId, actualPostageCents: 73 * world.members });
    expect(r.totalCents).toBeGreaterThan(0);
    const audit = backend.vault!.db.prepare("SELECT details FROM audit_log WHERE action='billing.reconcile'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ actualPieces: world.members, piecesFrom: 'productionJob' });
  });
});
