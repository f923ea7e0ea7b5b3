import type { PrintSettings } from '../../shared/api/commands/elections.ts';
import { addressBlockLines } from '../../shared/domain/address/block.ts';
import { encodeImb, imbTrackingCode } from '../../shared/domain/imb/imb.ts';
import type { DB } from '../vault/database.ts';
import type { Piece } from './engine/index.ts';
import { batchRange, membersBefore } from './plan.ts';
import { slicing, yieldTurn, type FrozenRows, type MemberRow } from './job-rows.ts';
import { orderedRows, type JobRecord, type JobSeed } from './store.ts';

export type BatchPieces = { pieces: Piece[]; seeds: number; firstZip: string; lastZip: string; zip3: Record<string, number> };


/**
 * The IMb of a member or seed. Its routing code is the ZIP, the ZIP+4 where the list has one, and the delivery point
 * after it where the member file carried one (11 digits, USPS-B-3200); a delivery point without a ZIP+4 never gets
 * here (import refuses it, the members table's CHECK too). Not validated against USPS data: DPV is CASS software's
 * job, at the mail house.
 */
export function imbFor(print: PrintSettings, serialBase: number, position: number, zip5: string, zip4: string | null, deliveryPoint: string | null = null): string {
  const serialDigits = print.mailerId.length === 9 ? 6 : 9;
  const serial = (serialBase + position) % 10 ** serialDigits;
  const tracking = imbTrackingCode({ barcodeId: '00', serviceType: print.serviceType, mailerId: print.mailerId, serial });
  if (!tracking.ok) throw new Error('imb tracking');
  const bars = encodeImb(tracking.value, zip5 + (zip4 === null ? '' : zip4 + (deliveryPoint ?? '')));
  if (!bars.ok) throw new Error('imb routing');
  return bars.value;
}

/** The printed fields of the job's frozen members at positions [from, to), in print order. */
function frozenMembers(db: DB, jobId: number, from: number, to: number): MemberRow[] {
  const ids = orderedRows(db, jobId, from, to);
  if (ids === null) {
    return db.prepare(`SELECT m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, m.zip5, m.zip4, a.lines, m.delivery_point
      FROM merge_job_members j JOIN members m ON m.id = j.member_row LEFT JOIN member_print_above a ON a.member_row = m.id
      WHERE j.job_id = ? AND j.seq >= ? AND j.seq < ? ORDER BY j.seq`).raw().all(jobId, from, to) as MemberRow[];
  }
  const one = db.prepare(`SELECT m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, m.zip5, m.zip4, a.lines, m.delivery_point
      FROM members m LEFT JOIN member_print_above a ON a.member_row = m.id WHERE m.id = ?`).raw();
  const rows: MemberRow[] = [];
  for (const id of ids) {
    const row = one.get(id) as MemberRow | undefined;
    if (!row) throw new Error('merge job members missing');
    rows.push(row);
  }
  return rows;
}

/** The frozen member positions [from, to) that batch `index` prints (the job's seeds take the other places). */
export function batchMemberRange(job: JobRecord, seeds: readonly JobSeed[], index: number): { from: number; to: number } {
  const { start, end } = batchRange(index, job.totalPieces, job.batchSize, job.batchStarts);
  const positions = seeds.map((s) => s.position);
  return { from: membersBefore(start, positions), to: membersBefore(end, positions) };
}

/**
 * The pieces of batch `index` in print order: the job's frozen members for that range (from the rows the job read
 * when it started, or one short read for a job frozen before `merge_job_order`) with the job's seed pieces at their
 * recorded positions. Also the batch's ZIP range and its counts per ZIP3 (for the manifest). Lets other commands run
 * every ~20 ms (a batch of 5,000 is some 40 ms of barcodes and address blocks).
 */
export async function batchPieces(db: DB, job: JobRecord, seeds: readonly JobSeed[], index: number, frozen: FrozenRows | null = null): Promise<BatchPieces> {
  const { start, end } = batchRange(index, job.totalPieces, job.batchSize, job.batchStarts);
  const { from, to } = batchMemberRange(job, seeds, index);
  const rows = frozen ? frozen.rows(from, to) : frozenMembers(db, job.id, from, to);
  const bySeat = new Map(seeds.filter((s) => s.position >= start && s.position < end).map((s) => [s.position, s]));
  const pieces: Piece[] = [];
  const zip3: Record<string, number> = {};
  let firstZip = '';
  let lastZip = '';
  let r = 0;
  let slice = performance.now();
  for (let p = start; p < end; p++) {
    if ((p & 255) === 0 && performance.now() - slice > slicing.ms) {
      await yieldTurn();
      slice = performance.now();
    }
    const seed = bySeat.get(p);
    let zip5: string;
    if (seed) {
      zip5 = seed.zip5;
      pieces.push({ lines: seed.lines, imb: imbFor(job.print, job.serialBase, p, seed.zip5, seed.zip4), seed: true });
    } else {
      const row = rows[r++];
      if (!row) throw new Error('merge job members missing');
      const [name, delivery, secondary, lastLine, z5, zip4, above, dp] = row;
      zip5 = z5;
      const block = addressBlockLines(name, {
        delivery, ...(secondary ? { secondary } : {}), above: above ? (JSON.parse(above) as string[]) : [],
        lastLine, city: '', state: '', zip5: z5, ...(zip4 ? { zip4 } : {}),
      });
      pieces.push({ lines: block.lines, imb: imbFor(job.print, job.serialBase, p, z5, zip4, dp) });
    }
    // Seeds sit in ZIP order (plan.ts), so the batch's range counts them like any other piece.
    firstZip ||= zip5;
    lastZip = zip5;
    const z3 = zip5.slice(0, 3);
    zip3[z3] = (zip3[z3] ?? 0) + 1;
  }
  return { pieces, seeds: bySeat.size, firstZip, lastZip, zip3 };
}
