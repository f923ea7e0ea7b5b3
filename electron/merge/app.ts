import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { mergeCommands, ProductionRow } from '../../shared/api/commands/merge.ts';
import { AppError } from '../../shared/api/errors.ts';
import { planned, type Handlers } from '../core/context.ts';
import { electionPrintSettings } from '../elections/production.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { MergeError, writeCalibrationSheet } from './engine/index.ts';
import { geometryOf, mergeState, progressOf, removeParts } from './runner.ts';
import { addMailHouse, checkKey, listMailHouses, removeMailHouse, requireDeliverable } from './mail-houses.ts';
import { addSeed, removeSeed } from './seeds.ts';
import { planStart, resumeJob } from './start.ts';
import { batchesOf, jobsOfRequest, jobView, listSeeds, loadJob, setJobStatus } from './store.ts';

/** Handlers of the merge domain: one per command in shared/api/commands/merge.ts. Logic lives in the files beside. */
export const mergeHandlers: Handlers<typeof mergeCommands> = {
  'merge.seeds.list': (ctx, input) => listSeeds(ctx.db, input.includeRemoved),
  'merge.seeds.add': (ctx, input) => addSeed(ctx, input),
  'merge.seeds.remove': (ctx, input) => removeSeed(ctx, input.seedId),

  'merge.calibration': async (ctx, input) => {
    const print = electionPrintSettings(ctx.db, input.electionId);
    const fileName = `calibration-election-${input.electionId}.pdf`;
    const folder = input.folder ? ctx.backend.grants.requireFolder(input.folder, 'output') : mkdtempSync(path.join(os.tmpdir(), 'litdesk-cal-'));
    const out = path.join(folder, fileName);
    let r: { bytes: number; sha256: string };
    try {
      r = await writeCalibrationSheet(geometryOf({ ...print }), unicodeFont(), out);
    } catch (e) {
      if (e instanceof MergeError) throw new AppError(e.code, e.message, e.details);
      throw e;
    }
    ctx.audit({ action: 'merge.calibration', target: `election:${input.electionId}`, details: { sha256: r.sha256, toFolder: Boolean(input.folder) } });
    if (input.folder) return { fileName, path: out, base64: null, sha256: r.sha256 };
    // The sheet holds a specimen address only; the temporary copy goes as soon as it is read.
    const base64 = readFileSync(out).toString('base64');
    rmSync(folder, { recursive: true, force: true });
    return { fileName, path: null, base64, sha256: r.sha256 };
  },

  'merge.productionQueue': (ctx) => {
    const live = mergeState(ctx.backend).live;
    const rows = ctx.db.prepare(`SELECT r.id, r.election_id, e.name AS election, c.full_name AS candidate, r.status, r.channel, r.audience_count,
        (SELECT j.id FROM merge_jobs j WHERE j.request_id = r.id ORDER BY j.id DESC LIMIT 1) AS job_id,
        EXISTS (SELECT 1 FROM email_jobs ej WHERE ej.request_id = r.id) AS email_job,
        (SELECT j.status FROM merge_jobs j WHERE j.request_id = r.id ORDER BY j.id DESC LIMIT 1) AS job_status
      FROM requests r JOIN elections e ON e.id = r.election_id JOIN candidates c ON c.id = r.candidate_id
      WHERE r.status IN ('released','produced','mailed') ORDER BY r.released_at, r.id`).all() as Array<{
        id: number; election_id: number; election: string; candidate: string; status: string; channel: string; email_job: number; audience_count: number | null;
        job_id: number | null; job_status: ProductionRow['latestJob'] extends infer J ? J extends { status: infer S } ? S : never : never;
      }>;
    return rows.map((r): ProductionRow => ({
      requestId: r.id, electionId: r.election_id, electionName: r.election, candidateName: r.candidate, status: r.status, channel: r.channel, emailJob: r.email_job === 1, audienceCount: r.audience_count,
      latestJob: r.job_id === null ? null : { id: r.job_id, status: r.job_status, interrupted: r.job_status === 'running' && live?.jobId !== r.job_id },
    }));
  },

  'mailHouses.list': (ctx, input) => listMailHouses(ctx.db, input.includeRemoved),
  'mailHouses.checkKey': async (_ctx, input) => {
    const { publicKey: _k, ...check } = await checkKey(input.publicKey);
    return check;
  },
  'mailHouses.add': (ctx, input) => addMailHouse(ctx, input),
  'mailHouses.remove': (ctx, input) => removeMailHouse(ctx, input.mailHouseId),

  'merge.start': planned(planStart),
  'merge.resume': async (ctx, input) => {
    if (input.mailHouseId !== undefined) await requireDeliverable(ctx.db, input.mailHouseId);
    return resumeJob(ctx, input.jobId, input.mailHouseId);
  },

  'merge.progress': (ctx, input) => {
    const job = loadJob(ctx.db, input.jobId);
    return progressOf(mergeState(ctx.backend), job, batchesOf(ctx.db, job.id), Date.now());
  },

  'merge.cancel': (ctx, input) => {
    const state = mergeState(ctx.backend);
    const job = loadJob(ctx.db, input.jobId);
    const live = state.live?.jobId === job.id ? state.live : null;
    if (job.status === 'running') {
      setJobStatus(ctx.db, job.id, 'cancelled');
      ctx.audit({ action: 'merge.cancel', target: `mergeJob:${job.id}`, details: { jobId: job.id, reason: 'user', batchesDone: batchesOf(ctx.db, job.id).length } });
    } else if (!live) {
      throw new AppError('merge.notRunning', 'This job is not running.', { status: job.status });
    }
    // After the commit: stop the workers and wait until their .part files are gone, so the answer means "stopped".
    ctx.afterCommit(async () => {
      if (live) {
        live.abort.abort();
        await live.promise;
      } else {
        removeParts(job);
      }
    });
    const after = { ...job, status: 'cancelled' as const };
    return { ...progressOf(state, after, batchesOf(ctx.db, job.id), Date.now()), interrupted: false };
  },

  'merge.jobs': (ctx, input) => {
    const live = mergeState(ctx.backend).live;
    return jobsOfRequest(ctx.db, input.requestId).map((j) => jobView(ctx.db, j, live?.jobId === j.id)).reverse();
  },
};
