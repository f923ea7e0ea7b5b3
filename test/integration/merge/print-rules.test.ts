// What a mail house checks before it runs a job (issue 15), end to end on a real vault with poppler and qpdf:
// duplex pieces have an even page count, the manifest counts sheets as the quote did, a placeholder mailer ID never
// reaches a print file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobActuals } from '../../../electron/merge/store.ts';
import type { DB } from '../../../electron/vault/database.ts';
import { buildMergeWorld, openCopy, outputFolder, waitForJob, type MergeWorld } from './world.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const pdfPages = (f: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [f]))?.[1]);

let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 60, seeds: 1 });
}, 60_000);

/** Edits the stored print settings as an older release (or a careless save) would have left them. */
function setPrint(db: DB, electionId: number, patch: Record<string, unknown>, drop: string[] = []): void {
  const row = db.prepare('SELECT print_settings FROM elections WHERE id = ?').get(electionId) as { print_settings: string };
  const print = { ...JSON.parse(row.print_settings), ...patch } as Record<string, unknown>;
  for (const k of drop) delete print[k];
  db.prepare('UPDATE elections SET print_settings = ? WHERE id = ?').run(JSON.stringify(print), electionId);
}

async function produce(patch: Record<string, unknown>, drop: string[] = []) {
  const { client, backend } = await openCopy(world);
  const db = backend.vault!.db;
  setPrint(db, world.electionId, patch, drop);
  const folder = outputFolder(backend);
  const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, batchSize: 100 });
  const p = await waitForJob(client, jobId);
  expect(p.status).toBe('done');
  const [job] = await client.call('merge.jobs', { requestId: world.requestId });
  return { db, folder, job: job!, actuals: jobActuals(db, world.requestId)! };
}

describe('duplex-safe pieces', () => {
  it('address page + 2 literature pages, duplex (old settings without the rule): 4 pages a piece, the 4th blank; sheets = pages / 2', async () => {
    const { folder, job, actuals } = await produce({ addressMode: 'addressPage' }, ['sides']);
    const pieces = job.totalPieces;
    for (const b of job.batches) {
      const file = path.join(folder, b.fileName);
      expect(pdfPages(file)).toBe(b.pieces * 4);
      expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
      // Every 4th page is a blank back: the next member's address page starts a new sheet.
      const pages = run('pdftotext', [file, '-']).split('\f');
      for (let i = 0; i < b.pieces; i++) {
        expect(pages[i * 4]!.trim(), `piece ${i} address page`).toMatch(/ [A-Z]{2} \d{5}/);
        expect(pages[i * 4 + 3]!.trim(), `piece ${i} back`).toBe('');
      }
    }
    expect(actuals.pages).toBe(pieces * 4);
    expect(actuals.sheets).toBe(pieces * 2);
  }, 60_000);

  it('simplex: 3 pages a piece, no blank backs, one sheet per page', async () => {
    const { folder, job, actuals } = await produce({ addressMode: 'addressPage', sides: 'simplex' });
    for (const b of job.batches) expect(pdfPages(path.join(folder, b.fileName))).toBe(b.pieces * 3);
    expect(actuals.sheets).toBe(job.totalPieces * 3);
  }, 60_000);
});

describe('barcode data', () => {
  it('refuses to start a job whose election still holds the 000000 placeholder mailer ID: no file, no job', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    setPrint(db, world.electionId, { mailerId: '000000' });
    const folder = outputFolder(backend);
    await expect(client.call('merge.start', { requestId: world.requestId, folder })).rejects.toMatchObject({ code: 'merge.badMailerId' });
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM merge_jobs').get()).toEqual({ n: 0 });
    // And the election form cannot save it again.
    const e = (await client.call('elections.list', {}))[0]!;
    const input = { ...e } as Record<string, unknown>;
    await expect(client.call('elections.save', { electionId: e.id, election: { ...pick(input), print: { ...e.print, mailerId: '000000' } } } as never))
      .rejects.toMatchObject({ code: 'api.invalidInput' });
  }, 30_000);
});

function pick(e: Record<string, unknown>) {
  const keys = ['name', 'offices', 'electionDate', 'mailBallot', 'ballotMailingDate', 'audienceKinds', 'channels', 'rules'];
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}
