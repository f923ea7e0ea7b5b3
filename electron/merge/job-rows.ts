import type { DB } from '../vault/database.ts';
import { MergeError } from './engine/index.ts';
import { orderedRows } from './store.ts';

/**
 * The printed fields of one frozen member: name, delivery, secondary, last line, ZIP5, ZIP+4, lines above (JSON),
 * delivery point (two digits, with a ZIP+4 only).
 */
export type MemberRow = [string, string, string | null, string, string, string | null, string | null, string | null];

/**
 * How long planning and a job's reads may hold the event loop at a time before other commands run, and how often
 * they look at the clock. Tests shrink them (and watch `onSlice`) to count, not time, that other commands answer
 * between slices.
 */
export const slicing: {
  ms: number; rows: number; walkWindow: number;
  onSlice: ((where: 'plan' | 'job', slice: number) => void) | null;
} = { ms: 20, rows: 1024, walkWindow: 2048, onSlice: null };

/** Lets other commands run: a timer turn, not a microtask, so queued I/O and dispatches get their chance. */
export const yieldTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Counts of what the job's reads did; tests assert on them instead of on timings. */
export type ReadStats = { mode: 'walk' | 'lookup'; slices: number; rows: number };

const FIELDS = 8;
const SEP = 0;
const CHUNK_BYTES = 8 << 20;

/**
 * The printed fields of a job's frozen members at positions [from, to), read once when the job starts and kept
 * packed (UTF-8 in 8 MiB chunks, a start and a length per position: about 90 bytes a member, no object per member
 * for the garbage collector to walk).
 *
 * Why: the batches are in presort (ZIP) order and the table in storage order, so reading each batch's members by
 * id fetched every member's row from a random page, and every page read from the vault is decrypted: that was the
 * largest cost of a production job (a quarter of its CPU, 18 µs a member, profile of a 100,000-member job). When the
 * job needs a good share of the table, one walk in storage order reads each page once; otherwise the members are
 * looked up in id order, so neighbouring rows share pages. Either way the reads run in slices of ~20 ms on the job's
 * own read-only connection, in one read transaction (one committed state), and other commands run between slices.
 */
export class FrozenRows {
  readonly from: number;
  readonly to: number;
  readonly stats: ReadStats;
  #chunks: Buffer[] = [];
  #chunk: Uint16Array;
  #start: Int32Array;
  #length: Int32Array;

  private constructor(from: number, to: number, stats: ReadStats) {
    this.from = from;
    this.to = to;
    this.stats = stats;
    const n = to - from;
    this.#chunk = new Uint16Array(n);
    this.#start = new Int32Array(n);
    this.#length = new Int32Array(n).fill(-1);
  }

  /**
   * Reads the members at frozen positions [from, to) of the job. Null for a job frozen before `merge_job_order`
   * (its batches read `merge_job_members` as before) or when a field holds a NUL (kept out of the packing).
   */
  static async load(db: DB, jobId: number, from: number, to: number, signal?: AbortSignal, mode?: ReadStats['mode']): Promise<FrozenRows | null> {
    const ids = orderedRows(db, jobId, from, to);
    if (ids === null) return null;
    const n = ids.length;
    let maxId = 0;
    let minId = Number.MAX_SAFE_INTEGER;
    for (const id of ids) {
      if (id > maxId) maxId = id;
      if (id < minId) minId = id;
    }
    const span = n === 0 ? 0 : maxId - minId + 1;
    // A walk reads every row of the id range; lookups read one page per member. Walk when the job needs more than
    // one row in eight of the range (a typical page holds more than eight members).
    const stats: ReadStats = { mode: mode ?? (n * 8 >= span || (maxId + 1) * n >= 2 ** 53 ? 'walk' : 'lookup'), slices: 0, rows: 0 };
    const out = new FrozenRows(from, to, stats);
    if (n === 0) return out;

    const fields = `m.id, m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, m.zip5, m.zip4, a.lines, m.delivery_point
      FROM members m LEFT JOIN member_print_above a ON a.member_row = m.id`;
    let slice = performance.now();
    let seen = 0;
    // No statement stays open across a yield (a connection with an iterator open cannot close, and a lock closes
    // every reader): the walk reads windows of ids with one complete statement each.
    const pause = async () => {
      if (performance.now() - slice < slicing.ms) return;
      stats.slices++;
      slicing.onSlice?.('job', stats.slices);
      await yieldTurn();
      if (!db.open || signal?.aborted) throw new MergeError('merge.cancelled', 'The merge was cancelled.');
      slice = performance.now();
    };
    const began = !db.inTransaction;
    if (began) db.exec('BEGIN');
    try {
      if (stats.mode === 'walk') {
        // Position by id over the range (at most 8 entries per member: the rule above).
        const position = new Int32Array(span).fill(-1);
        for (let i = 0; i < n; i++) position[ids[i]! - minId] = i;
        const window = db.prepare(`SELECT ${fields} WHERE m.id BETWEEN ? AND ? ORDER BY m.id`).raw();
        const step = slicing.walkWindow;
        for (let lo = minId; lo <= maxId; lo += step) {
          for (const row of window.all(lo, Math.min(maxId, lo + step - 1)) as Array<[number, ...MemberRow]>) {
            const p = position[row[0] - minId]!;
            if (p < 0) continue;
            if (!out.#put(p, row)) return null;
            stats.rows++;
          }
          await pause();
        }
      } else {
        // Ids in ascending order, each with its position: id * n + position is an exact float64 (the rule above)
        // that a typed array sorts natively.
        const keyed = new Float64Array(n);
        for (let i = 0; i < n; i++) keyed[i] = ids[i]! * n + i;
        keyed.sort();
        const one = db.prepare(`SELECT ${fields} WHERE m.id = ?`).raw();
        for (const k of keyed) {
          const p = k % n;
          const row = one.get((k - p) / n) as [number, ...MemberRow] | undefined;
          if (row) {
            if (!out.#put(p, row)) return null;
            stats.rows++;
          }
          if (++seen % slicing.rows === 0) await pause();
        }
      }
    } finally {
      if (began && db.open && db.inTransaction) db.exec('COMMIT');
    }
    if (stats.rows !== n) throw new Error('merge job members missing');
    return out;
  }

  #put(p: number, row: [number, ...MemberRow]): boolean {
    let bytes = 0;
    for (let f = 1; f <= FIELDS; f++) {
      const v = row[f];
      if (v === null) continue;
      if ((v as string).includes('\u0000')) return false;
      bytes += Buffer.byteLength(v as string, 'utf8');
    }
    bytes += FIELDS - 1;
    let buf = this.#chunks[this.#chunks.length - 1];
    if (!buf || this.#used + bytes > buf.length) {
      buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
      this.#chunks.push(buf);
      this.#used = 0;
    }
    const start = this.#used;
    let at = start;
    for (let f = 1; f <= FIELDS; f++) {
      if (f > 1) buf[at++] = SEP;
      const v = row[f];
      if (v !== null) at += buf.write(v as string, at, 'utf8');
    }
    this.#used = at;
    const i = p;
    this.#chunk[i] = this.#chunks.length - 1;
    this.#start[i] = start;
    this.#length[i] = at - start;
    return true;
  }

  #used = 0;

  /** The members at frozen positions [from, to), in print order (empty fields read back as null). */
  rows(from: number, to: number): MemberRow[] {
    if (from < this.from || to > this.to) throw new Error('merge job rows out of range');
    const out: MemberRow[] = new Array(to - from);
    for (let p = from; p < to; p++) {
      const i = p - this.from;
      const len = this.#length[i]!;
      if (len < 0) throw new Error('merge job members missing');
      const buf = this.#chunks[this.#chunk[i]!]!;
      const f = buf.toString('utf8', this.#start[i], this.#start[i]! + len).split('\u0000');
      out[p - from] = [f[0]!, f[1]!, f[2] || null, f[3]!, f[4]!, f[5] || null, f[6] || null, f[7] || null];
    }
    return out;
  }
}
