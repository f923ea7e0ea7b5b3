import { anchorHead } from '../audit/anchors.ts';
import { manifestDocument } from './schema.ts';
import { MAILER_ID_RE } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import { addressBlockLines } from '../../shared/domain/address/pub28.ts';
import type { mergeCommands } from '../../shared/api/commands/merge.ts';
import type { HandlerContext, Plan, ReadContext } from '../core/context.ts';
import { requestForProduction } from '../elections/production.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import { audienceWhere } from '../members/audience-sql.ts';
import { membersGeneration } from '../members/snapshot.ts';
import { checkCoverage, MergeError, validateGeometry, type Geometry } from './engine/index.ts';
import { mailHouse, requireDeliverable } from './mail-houses.ts';
import { linesFit } from './print-fit.ts';
import { batchOf, filePrefix, planBatchStarts, planSeeds, SEEDS_PER_JOB, type SeedCandidate } from './plan.ts';
import { seedKey } from './seed-key.ts';
import { slicing, yieldTurn } from './job-rows.ts';
import { geometryOf, launch, mergeState } from './runner.ts';
import { jobsOfRequest, loadJob, recordOrder } from './store.ts';

/** A job's audience as planned on a read snapshot: member rows in presort order, and the members generation read. */
type FrozenAudience = { rows: Int32Array; zips: Int32Array; count: number; generation: number };


/**
 * Reads the audience on a read-only connection of its own, in slices of about 20 ms, checking that the font covers
 * every character the job will print, then puts it in presort order (ZIP5, ZIP+4, row id). The table is read in
 * storage order and sorted here: walking the presort index would fetch each member's row from a random page, and
 * every page read from the vault is decrypted (in the profile of a 100,000-member job that walk was the largest
 * part of planning). One read transaction spans the whole walk, so the rows and the generation come from the same
 * committed state; the write step refuses if members changed since. Other commands run between slices, on their own connections.
 */
async function freezeAudience(ctx: ReadContext, audience: Audience, geometry: Geometry): Promise<FrozenAudience> {
  const db = ctx.vault.openReader();
  try {
    db.exec('BEGIN');
    const generation = membersGeneration(db);
    const seedBlocks = (db.prepare('SELECT lines FROM seed_addresses WHERE active = 1').pluck().all() as string[]).map((l) => JSON.parse(l) as string[]);
    const seedLines = seedBlocks.flat();
    // Each block is checked against the election's own window at 8 pt (import checked the default #10 window):
    // members imported before the rule, or a window smaller than the default, are found here, before any file.
    const unfit: string[] = [];
    const unfitSeeds = seedBlocks.filter((lines) => linesFit(lines, geometry)).length;
    // Read window by window of row ids, each with one complete statement: no statement stays open across a yield
    // (a connection with an open iterator cannot close, and a lock closes every reader).
    const where = audienceWhere(audience, { perRow: true });
    const window = db.prepare(`SELECT m.id, m.member_id, m.zip5, m.zip4, m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, a.lines, m.delivery_point
        FROM members m NOT INDEXED LEFT JOIN member_print_above a ON a.member_row = m.id WHERE m.id BETWEEN ? AND ? AND (${where.sql}) ORDER BY m.id`).raw();
    const range = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM members').get() as { lo: number | null; hi: number | null };
    const order = new PresortOrder();
    const missing = new Map<string, { char: string; codePoint: string }>();
    const font = unicodeFont();
    const check = (texts: string[]) => { for (const m of checkCoverage(font, texts).missing) missing.set(m.codePoint, m); };
    let texts: string[] = [...seedLines];
    let slice = performance.now();
    let slices = 0;
    const step = slicing.walkWindow;
    for (let lo = range.lo ?? 0; range.hi !== null && lo <= range.hi; lo += step) {
      const rows = window.all(lo, Math.min(range.hi, lo + step - 1), ...where.params) as Array<[number, string, string, string | null, string, string, string | null, string, string | null, string | null]>;
      for (const [id, memberId, zip5, zip4, name, delivery, secondary, lastLine, aboveJson, dp] of rows) {
        order.add(id, zip5, zip4, dp);
        const above = aboveJson === null ? [] : (JSON.parse(aboveJson) as string[]);
        texts.push(name, delivery, lastLine);
        if (secondary) texts.push(secondary);
        for (const a of above) texts.push(a);
        const block = addressBlockLines('', {
          delivery, ...(secondary ? { secondary } : {}), above, lastLine, city: '', state: '', zip5,
        }).lines;
        if (linesFit([name, ...block], geometry)) unfit.push(memberId);
      }
      if (performance.now() - slice > slicing.ms) {
        check(texts);
        texts = [];
        slicing.onSlice?.('plan', ++slices);
        await yieldTurn();
        if (!db.open) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
        slice = performance.now();
      }
    }
    check(texts);
    db.exec('COMMIT');
    if (missing.size > 0) {
      const list = [...missing.values()];
      // The characters and their code points only: never the names they came from.
      throw new AppError('merge.missingGlyph', 'The address font cannot print some characters of this audience.', {
        count: list.length, characters: list.slice(0, 50).map((m) => `${m.char} ${m.codePoint}`).join(', '),
      });
    }
    if (unfit.length > 0 || unfitSeeds > 0) {
      throw new AppError('merge.addressesDoNotFit', 'Some addresses do not fit this election\'s envelope window at 8 pt.', {
        count: unfit.length, memberIds: unfit.slice(0, 50).join(', '), seeds: unfitSeeds,
      });
    }
    const { rows, zips } = order.sortedWithZips();
    return { rows, zips, count: order.count, generation };
  } finally {
    db.close();
  }
}

const ID_BITS = 2 ** 23;

/**
 * Row ids with their ZIP5, ZIP+4 and delivery point, sorted as SQL's `ORDER BY zip5, zip4, delivery_point, id` would
 * (NULLs first). Well-formed ZIPs and ids below 2^23 pack into one exact float64 key, which a typed array sorts
 * natively (a million in about 0.1 s); the delivery point does not fit in that key too, so members sharing a ZIP+4
 * (a street block, a building: a few dozen) are then put in delivery point order, stably, within their run. Anything
 * else falls back to comparing the strings.
 */
export class PresortOrder {
  count = 0;
  #ids = new Int32Array(1 << 16);
  #keys = new Float64Array(1 << 16);
  /** Delivery point + 1 (0: none), by insertion. */
  #dps = new Uint8Array(1 << 16);
  #anyDp = false;
  #zip5: string[] = [];
  #zip4: Array<string | null> = [];
  #packed = true;

  add(id: number, zip5: string, zip4: string | null, deliveryPoint: string | null = null): void {
    if (this.count === this.#ids.length) {
      const ids = new Int32Array(this.#ids.length * 2);
      ids.set(this.#ids);
      this.#ids = ids;
      const keys = new Float64Array(this.#keys.length * 2);
      keys.set(this.#keys);
      this.#keys = keys;
      const dps = new Uint8Array(this.#dps.length * 2);
      dps.set(this.#dps);
      this.#dps = dps;
    }
    const i = this.count++;
    this.#ids[i] = id;
    this.#zip5.push(zip5);
    this.#zip4.push(zip4);
    // The table's CHECK holds a delivery point to two digits with a ZIP+4; anything else is not sorted on.
    if (deliveryPoint !== null && zip4 !== null && /^\d{2}$/.test(deliveryPoint)) {
      this.#dps[i] = Number(deliveryPoint) + 1;
      this.#anyDp = true;
    }
    if (this.#packed && /^\d{5}$/.test(zip5) && (zip4 === null || /^\d{4}$/.test(zip4)) && id >= 0 && id < ID_BITS) {
      this.#keys[i] = (Number(zip5) * 10_001 + (zip4 === null ? 0 : Number(zip4) + 1)) * ID_BITS + id;
    } else {
      this.#packed = false;
    }
  }

  sorted(): Int32Array {
    return this.sortedWithZips().rows;
  }

  /** Row ids in presort order, and each one's ZIP5 as a number (-1 where it is not five digits). */
  sortedWithZips(): { rows: Int32Array; zips: Int32Array } {
    const n = this.count;
    const zips = new Int32Array(n);
    if (this.#packed) {
      const keys = this.#keys.subarray(0, n).sort();
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        out[i] = k % ID_BITS;
        zips[i] = Math.floor(Math.floor(k / ID_BITS) / 10_001);
      }
      if (this.#anyDp) this.#deliveryPointRuns(keys, out);
      return { rows: out, zips };
    }
    const z5 = this.#zip5;
    const z4 = this.#zip4;
    const ids = this.#ids;
    const dps = this.#dps;
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      z5[a]! < z5[b]! ? -1 : z5[a]! > z5[b]! ? 1
        : z4[a] !== z4[b] ? (z4[a] === null ? -1 : z4[b] === null ? 1 : z4[a]! < z4[b]! ? -1 : 1)
          : dps[a] !== dps[b] ? dps[a]! - dps[b]! : ids[a]! - ids[b]!);
    idx.forEach((i, k) => { zips[k] = /^\d{5}$/.test(z5[i]!) ? Number(z5[i]) : -1; });
    return { rows: Int32Array.from(idx, (i) => ids[i]!), zips };
  }

  /** Within each run of one ZIP+4 (already in id order), delivery point order, stably (ties stay in id order). */
  #deliveryPointRuns(keys: Float64Array, out: Int32Array): void {
    const n = this.count;
    const byId = new Map<number, number>();
    for (let i = 0; i < n; i++) if (this.#dps[i] !== 0) byId.set(this.#ids[i]!, this.#dps[i]!);
    for (let start = 0; start < n; ) {
      const zip = Math.floor(keys[start]! / ID_BITS);
      let end = start + 1;
      while (end < n && Math.floor(keys[end]! / ID_BITS) === zip) end++;
      if (end - start > 1 && zip % 10_001 !== 0) {
        const run = Array.from(out.subarray(start, end));
        if (run.some((id) => byId.has(id))) {
          run.sort((a, b) => (byId.get(a) ?? 0) - (byId.get(b) ?? 0));
          out.set(run, start);
        }
      }
      start = end;
    }
  }
}

function refuseIfBusy(ctx: ReadContext): void {
  const live = mergeState(ctx.backend).live;
  if (live) throw new AppError('merge.busy', 'Another production job is running. Wait for it or cancel it first.', { jobId: live.jobId });
}

type StartInput = { requestId: number; folder: string; mailHouseId: number; batchSize?: number | undefined };

/** The checks a start makes before planning, and again in its write step: the state may have moved in between. */
function startable(ctx: ReadContext, input: StartInput): ReturnType<typeof requestForProduction> {
  const db = ctx.db;
  const req = requestForProduction(db, input.requestId);
  if (req.channel === 'email') throw new AppError('merge.emailRequest', 'This request goes out by email: send it from the Email panel, not as print.');
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
  return req;
}

/**
 * Plans a job: the audience is read and checked on a read-only connection before the write queue (a few seconds at a
 * million members, during which other commands run), then the write step records the job and its frozen audience in
 * the command's transaction (the member rows packed, a few statements) and starts it in the background once committed.
 * `npm run bench -- job` measures both: plan_s, and queue_block_ms, the longest any other command waited.
 */
export const planStart: Plan<(typeof mergeCommands)['merge.start']> = async (ctx, input) => {
  const folder = ctx.backend.grants.requireFolder(input.folder, 'output');
  const req = startable(ctx, input);
  // Every batch is sealed to this mail house's key (issue 13 §4): it must exist and its key still encrypt.
  await requireDeliverable(ctx.db, input.mailHouseId);
  const frozen = await freezeAudience(ctx, req.audience, geometryOf(req.print));
  if (frozen.count === 0) throw new AppError('merge.emptyAudience', 'The audience of this request has no members.');
  return (w) => writeStart(w, input, folder, frozen);
};

function writeStart(ctx: HandlerContext, input: StartInput, folder: string, frozen: FrozenAudience): { jobId: number } {
  const db = ctx.db;
  const req = startable(ctx, input);
  if (!mailHouse(db, input.mailHouseId).active) throw new AppError('mailHouses.notFound', 'That mail house does not exist.');
  if (membersGeneration(db) !== frozen.generation) {
    throw new AppError('merge.audienceChanged', 'The audience changed while the job was planned. Try again.');
  }
  const members = frozen.count;
  const activeSeeds = db.prepare('SELECT id AS seedId, zip5 FROM seed_addresses WHERE active = 1 ORDER BY id').all() as SeedCandidate[];
  const seeds = Math.min(activeSeeds.length, SEEDS_PER_JOB);
  const batchSize = input.batchSize ?? req.print.batchSize;
  const total = members + seeds;
  const serialBase = (db.prepare('SELECT coalesce(max(serial_base + total_pieces), 0) FROM merge_jobs').pluck().get() as number) % 1_000_000_000;
  const election = db.prepare('SELECT name FROM elections WHERE id = ?').get(req.electionId) as { name: string };
  // The id SQLite would give the row (max + 1: merge jobs are never deleted), known first because the seeds' keyed
  // places depend on it and the batch plan depends on the seeds.
  const jobId = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM merge_jobs').pluck().get() as number);
  const zipOf = db.prepare('SELECT zip5 FROM members WHERE id = ?').pluck();
  const zipAt = (i: number) => zipOf.get(frozen.rows[i]) as string;
  const seedZip = new Map(activeSeeds.map((s) => [s.seedId, s.zip5]));
  const placed = planSeeds(seedKey(db), jobId, activeSeeds, members, zipAt);
  // Every piece's ZIP in print order, seeds at their places, for the ZIP3 batch breaks.
  const zips = new Int32Array(total);
  const seedAt = new Map(placed.map((s) => [s.position, s.seedId]));
  for (let p = 0, m = 0; p < total; p++) {
    const seed = seedAt.get(p);
    zips[p] = seed === undefined ? frozen.zips[m++]! : Number(seedZip.get(seed));
  }
  const starts = planBatchStarts(zips, batchSize);
  db.prepare(`INSERT INTO merge_jobs (id, request_id, folder, file_prefix, batch_size, members, seeds, total_pieces, total_batches,
      serial_base, literature_sha256, print_settings, status, started_at, started_by, mail_house_id, batch_starts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'running',?,?,?,?)`)
    .run(jobId, req.requestId, folder, filePrefix(election.name, req.requestId), batchSize, members, seeds, total, starts.length,
      serialBase, req.literature.sha256, JSON.stringify(req.print), ctx.now().toISOString(), ctx.user.id, input.mailHouseId, JSON.stringify(starts));
  // The chain head as production starts, on the job row and among the anchors: the manifests print it, so a job that
  // was killed and resumed writes the same manifest bytes as one that ran straight through (issue 14 §1).
  const head = anchorHead(db, { kind: 'manifest', document: manifestDocument(jobId), at: ctx.now(), by: ctx.user.id });
  db.prepare('UPDATE merge_jobs SET chain_head_seq = ?, chain_head_hash = ? WHERE id = ?').run(head.seq, head.hash, jobId);
  // Packed: 62 rows for a million members (merge_job_order in schema.ts says why).
  if (recordOrder(db, jobId, frozen.rows, members) !== members) throw new AppError('merge.audienceChanged', 'The audience changed while the job was planned. Try again.');
  const insertSeed = db.prepare('INSERT INTO merge_job_seeds (job_id, seed_id, position, batch_index) VALUES (?,?,?,?)');
  for (const s of placed) insertSeed.run(jobId, s.seedId, s.position, batchOf(s.position, batchSize, starts));
  const job = loadJob(db, jobId);
  ctx.audit({
    action: 'merge.start', target: `request:${req.requestId}`,
    details: { jobId, requestId: req.requestId, members, seeds, batchSize, batches: job.totalBatches, literatureSha256: req.literature.sha256, mailHouseId: input.mailHouseId },
  });
  ctx.afterCommit(() => { launch(ctx.backend, jobId); });
  return { jobId };
}

export function resumeJob(ctx: HandlerContext, jobId: number, mailHouseId?: number): { jobId: number } {
  const db = ctx.db;
  const job = loadJob(db, jobId);
  if (job.mailHouseId === null) {
    // A job started before encrypted delivery: its remaining batches go encrypted to the mail house named now.
    if (mailHouseId === undefined) throw new AppError('merge.mailHouseRequired', 'Choose the mail house this job is delivered to.');
    db.prepare('UPDATE merge_jobs SET mail_house_id = ? WHERE id = ?').run(mailHouseId, jobId);
  }
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
