import { MAILER_ID_RE } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { HandlerContext } from '../core/context.ts';
import { requestForProduction } from '../elections/production.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { audienceWhere } from '../members/audience-sql.ts';
import { audienceMembers, countAudienceSql } from '../members/audience.ts';
import type { DB } from '../vault/database.ts';
import { checkCoverage, MergeError, validateGeometry } from './engine/index.ts';
import { batchCount, filePrefix, planSeeds, SEEDS_PER_JOB } from './plan.ts';
import { geometryOf, launch, mergeState } from './runner.ts';
import { jobsOfRequest, loadJob } from './store.ts';

/** Lines the merge will print for the audience and the active seeds: the font must cover every character. */
function* printedTexts(db: DB, audience: Parameters<typeof audienceMembers>[1]): Generator<string> {
  for (const m of audienceMembers(db, audience)) {
    yield m.printName; yield m.delivery; yield m.lastLine;
    if (m.secondary) yield m.secondary;
    yield* m.above;
  }
  for (const l of db.prepare('SELECT lines FROM seed_addresses WHERE active = 1').pluck().all() as string[]) yield* JSON.parse(l) as string[];
}

function refuseIfBusy(ctx: HandlerContext): void {
  const live = mergeState(ctx.backend).live;
  if (live) throw new AppError('merge.busy', 'Another production job is running. Wait for it or cancel it first.', { jobId: live.jobId });
}

/**
 * Plans a job in the command's transaction (a few seconds at a million members: one INSERT…SELECT freezes the
 * audience in presort order) and starts it in the background once committed.
 */
export function startJob(ctx: HandlerContext, input: { requestId: number; folder: string; batchSize?: number | undefined }): { jobId: number } {
  const folder = ctx.backend.grants.requireFolder(input.folder);
  const db = ctx.db;
  const req = requestForProduction(db, input.requestId);
  if (req.status !== 'released') throw new AppError('merge.notReleased', 'Only a released request can be produced.', { status: req.status });
  const open = jobsOfRequest(db, req.requestId).find((j) => j.status === 'running' || j.status === 'cancelled');
  if (open) throw new AppError('merge.jobExists', 'This request already has a production job: resume it.', { jobId: open.id });
  refuseIfBusy(ctx);
  // Elections saved before the rule may hold the old 000000 placeholder: refuse before any file, not mid-job.
  if (!MAILER_ID_RE.test(req.print.mailerId)) {
    throw new AppError('merge.badMailerId', "The election's mailer ID is not one USPS assigns.", { mailerId: req.print.mailerId });
  }
  try {
    validateGeometry(geometryOf(req.print));
  } catch (e) {
    if (e instanceof MergeError) throw new AppError(e.code, e.message, e.details);
    throw e;
  }
  const { missing } = checkCoverage(unicodeFont(), printedTexts(db, req.audience));
  if (missing.length > 0) {
    // The characters and their code points only: never the names they came from.
    throw new AppError('merge.missingGlyph', 'The address font cannot print some characters of this audience.', {
      count: missing.length, characters: missing.slice(0, 50).map((m) => `${m.char} ${m.codePoint}`).join(', '),
    });
  }
  const members = countAudienceSql(db, req.audience);
  if (members === 0) throw new AppError('merge.emptyAudience', 'The audience of this request has no members.');
  const activeSeeds = db.prepare('SELECT id FROM seed_addresses WHERE active = 1 ORDER BY id').pluck().all() as number[];
  const seeds = Math.min(activeSeeds.length, SEEDS_PER_JOB);
  const batchSize = input.batchSize ?? req.print.batchSize;
  const total = members + seeds;
  const serialBase = (db.prepare('SELECT coalesce(max(serial_base + total_pieces), 0) FROM merge_jobs').pluck().get() as number) % 1_000_000_000;
  const election = db.prepare('SELECT name FROM elections WHERE id = ?').get(req.electionId) as { name: string };
  const jobId = Number(db.prepare(`INSERT INTO merge_jobs (request_id, folder, file_prefix, batch_size, members, seeds, total_pieces, total_batches,
      serial_base, literature_sha256, print_settings, status, started_at, started_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,'running',?,?)`)
    .run(req.requestId, folder, filePrefix(election.name, req.requestId), batchSize, members, seeds, total, batchCount(total, batchSize),
      serialBase, req.literature.sha256, JSON.stringify(req.print), ctx.now().toISOString(), ctx.user.id).lastInsertRowid);
  const where = audienceWhere(req.audience);
  const frozen = db.prepare(`INSERT INTO merge_job_members (job_id, seq, member_row)
      SELECT ?, row_number() OVER (ORDER BY m.zip5, m.zip4, m.id) - 1, m.id FROM members m WHERE ${where.sql}`).run(jobId, ...where.params);
  if (frozen.changes !== members) throw new AppError('merge.audienceChanged', 'The audience changed while the job was planned. Try again.');
  const insertSeed = db.prepare('INSERT INTO merge_job_seeds (job_id, seed_id, position, batch_index) VALUES (?,?,?,?)');
  for (const s of planSeeds(jobId, activeSeeds, members)) insertSeed.run(jobId, s.seedId, s.position, Math.floor(s.position / batchSize));
  const job = loadJob(db, jobId);
  ctx.audit({
    action: 'merge.start', target: `request:${req.requestId}`,
    details: { jobId, requestId: req.requestId, members, seeds, batchSize, batches: job.totalBatches, literatureSha256: req.literature.sha256 },
  });
  ctx.afterCommit(() => { launch(ctx.backend, jobId); });
  return { jobId };
}

export function resumeJob(ctx: HandlerContext, jobId: number): { jobId: number } {
  const db = ctx.db;
  const job = loadJob(db, jobId);
  const live = mergeState(ctx.backend).live;
  if (live?.jobId === jobId) throw new AppError('merge.alreadyRunning', 'This job is running.');
  if (job.status !== 'cancelled' && job.status !== 'running') {
    throw new AppError('merge.notResumable', 'Only a cancelled or interrupted job can be resumed.', { status: job.status });
  }
  refuseIfBusy(ctx);
  const req = requestForProduction(db, job.requestId);
  if (req.status !== 'released') throw new AppError('merge.notReleased', 'Only a released request can be produced.', { status: req.status });
  const done = db.prepare('SELECT count(*) FROM merge_batches WHERE job_id = ?').pluck().get(jobId) as number;
  db.prepare("UPDATE merge_jobs SET status = 'running', error_code = NULL WHERE id = ?").run(jobId);
  ctx.audit({ action: 'merge.resume', target: `mergeJob:${jobId}`, details: { jobId, batchesDone: done, batches: job.totalBatches } });
  ctx.afterCommit(() => { launch(ctx.backend, jobId); });
  return { jobId };
}
