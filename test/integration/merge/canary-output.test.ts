import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANARY_NEEDLES, insertCanary, scanForCanary } from '../../support/canary-scan.ts';
import { CLEAR_DIR, clearCopy } from '../../support/mail-house.ts';
import { buildMergeWorld, outputFolder, waitForJob, openCopy, type MergeWorld } from './world.ts';

// Issue 8: after the whole flow — production, manifest, mailing, reconciliation, report exports — the canary member
// appears in no file but the printed pieces themselves: not in the manifest, the vault (encrypted), its WAL, or
// anything the run left in the temp folder.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 150, seeds: 1, extra: (b) => insertCanary(b.vault!.db) });
}, 120_000);

describe('the canary after production', () => {
  it('is printed on its piece and found nowhere else', async () => {
    const started = Date.now();
    const { client, backend, dir } = await openCopy(world);
    const folder = outputFolder(backend);
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: 40 });
    expect((await waitForJob(client, jobId)).status).toBe('done');
    await client.call('requests.markMailed', { requestId: world.requestId, mailedOn: '2026-05-20', mailHouse: 'Bay Mailing Co' });
    await client.call('billing.reconcile', { requestId: world.requestId, actualPostageCents: 73 * world.members });
    const exports = [];
    for (const format of ['csv', 'pdf'] as const) {
      exports.push(await client.call('reports.export', { report: 'spend', electionId: world.electionId, format }));
      exports.push(await client.call('reports.export', { report: 'equalTreatment', electionId: world.electionId, format }));
    }
    exports.push(await client.call('reports.export', { report: 'audit', format: 'jsonl' }));
    for (const e of exports) {
      const body = Buffer.from((e as { base64: string }).base64, 'base64').toString('utf8');
      for (const n of CANARY_NEEDLES) expect(body.includes(n), `${(e as { fileName: string }).fileName}: ${n}`).toBe(false);
    }

    // Printed pieces are the one place the canary belongs, and they leave encrypted to the mail house: decrypted
    // (into the tests' own CLEAR_DIR, which the scan skips) they show it; on disk nothing does, batches included.
    const printed: string[] = [];
    for (const f of fs.readdirSync(folder).filter((n) => /-batch-/.test(n))) {
      printed.push(execFileSync('pdftotext', [await clearCopy(path.join(folder, f)), '-']).toString('utf8'));
    }
    expect(printed.join('\n')).toContain('ZYXWVUQÑ CANARYĐ');
    const hits = scanForCanary([folder, path.dirname(dir), os.tmpdir()], CANARY_NEEDLES, {
      since: started,
      exclude: (f) => f.startsWith(CLEAR_DIR + path.sep) || f.startsWith(repoRoot + path.sep),
    });
    expect(hits).toEqual([]);
  }, 120_000);
});
