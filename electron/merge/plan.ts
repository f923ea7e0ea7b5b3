import { createHmac } from 'node:crypto';

// The shape of a job, derived only from its record: which global piece positions fall in which batch, where the
// seed pieces sit, the IMb serial of each piece and the file names. Resume recomputes all of it and gets the same.

/** Seed pieces a job carries: enough to trace a leaked list to the job, few enough to cost nothing. */
export const SEEDS_PER_JOB = 3;

export const batchCount = (totalPieces: number, batchSize: number): number => Math.ceil(totalPieces / batchSize);

/**
 * Global positions [start, end) of batch `index`. `starts` is the job's recorded plan (`planBatchStarts`); a job
 * started before ZIP3 breaks has none and keeps its fixed-size batches, so it resumes to the same files.
 */
export function batchRange(index: number, totalPieces: number, batchSize: number, starts?: readonly number[] | null): { start: number; end: number } {
  if (starts) return { start: starts[index] as number, end: index + 1 < starts.length ? (starts[index + 1] as number) : totalPieces };
  const start = index * batchSize;
  return { start, end: Math.min(totalPieces, start + batchSize) };
}

/** The batch holding global position `p` (the last start at or before it). */
export function batchOf(p: number, batchSize: number, starts?: readonly number[] | null): number {
  if (!starts) return Math.floor(p / batchSize);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where batches start (issue 15 §9): mail houses tray by ZIP3, so a batch ends at a ZIP3 boundary where the batch
 * size allows. A batch never holds more than `batchSize` pieces and, except the last, never fewer than half of it:
 * it ends at the last ZIP3 boundary in the second half of its range; when one ZIP3 runs through the whole second
 * half (a ZIP3 larger than half a batch), at the last ZIP5 boundary there; failing that, at `batchSize`. So a ZIP3
 * of at most half a batch is never split, and no plan has more than twice the batches of fixed-size cutting.
 * `zip5` holds every piece's ZIP Code as a number, seeds included, in print order. Linear in the pieces.
 */
export function planBatchStarts(zip5: ArrayLike<number>, batchSize: number): number[] {
  const total = zip5.length;
  const starts = [0];
  if (total === 0) return [];
  const zip3 = (p: number): number => Math.floor((zip5[p] as number) / 100);
  let s = 0;
  while (s + batchSize < total) {
    const limit = s + batchSize;
    const min = s + Math.ceil(batchSize / 2);
    let e = limit;
    while (e >= min && zip3(e - 1) === zip3(e)) e--;
    if (e < min) {
      e = limit;
      while (e >= min && zip5[e - 1] === zip5[e]) e--;
      if (e < min) e = limit;
    }
    starts.push(e);
    s = e;
  }
  return starts;
}

/** HMAC-SHA256 of `message` under the vault's seed key, as a 60-bit integer. */
const keyed = (key: Buffer, message: string): bigint => BigInt('0x' + createHmac('sha256', key).update(message).digest('hex').slice(0, 15));

export type SeedCandidate = { seedId: number; zip5: string };

/**
 * Which active seeds a job carries and where. The choice and the place come from an HMAC keyed with a secret kept in
 * the vault (`seedKey`), so nobody holding the manifest (job number, piece counts, ZIP counts) can compute them. A
 * seed goes where its own ZIP Code sorts among the job's members (presort order), at a keyed position among the
 * members of the same ZIP: in ZIP order in its batch, inside the batch's ZIP range, counted in its ZIP3 figures,
 * looking like any other piece of that ZIP. `zipAt(i)` is the ZIP5 of the i-th member in presort order.
 */
export function planSeeds(key: Buffer, jobId: number, seeds: readonly SeedCandidate[], members: number, zipAt: (i: number) => string): Array<{ seedId: number; position: number }> {
  const chosen = [...seeds]
    .map((s) => ({ ...s, pick: keyed(key, `pick:${jobId}:${s.seedId}`), place: keyed(key, `place:${jobId}:${s.seedId}`) }))
    .sort((a, b) => (a.pick < b.pick ? -1 : a.pick > b.pick ? 1 : a.seedId - b.seedId))
    .slice(0, SEEDS_PER_JOB);
  /** First member index whose ZIP sorts at or after (strict: after) `zip`. */
  const bound = (zip: string, strict: boolean): number => {
    let lo = 0;
    let hi = members;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const z = zipAt(mid);
      if (z < zip || (strict && z === zip)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const slots = chosen.map((s) => {
    const lo = bound(s.zip5, false);
    const hi = bound(s.zip5, true);
    return { seedId: s.seedId, place: s.place, slot: lo + Number(s.place % BigInt(hi - lo + 1)) };
  });
  // Seeds before the same member keep a keyed order; each earlier seed moves the later ones one place on.
  slots.sort((a, b) => a.slot - b.slot || (a.place < b.place ? -1 : a.place > b.place ? 1 : a.seedId - b.seedId));
  return slots.map((s, i) => ({ seedId: s.seedId, position: s.slot + i }));
}

/** Members before global position `p`: positions not taken by a seed. */
export function membersBefore(p: number, seedPositions: readonly number[]): number {
  let n = p;
  for (const s of seedPositions) if (s < p) n--;
  return n;
}

/** A file-name-safe slug of the election's name, so the mail house sees whose batches these are. */
export function filePrefix(electionName: string, requestId: number): string {
  const slug = electionName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `${slug || 'election'}-request-${requestId}`;
}

/** Zero-padded so an alphabetical listing is the running order: `<prefix>-batch-0001-of-0012.pdf`. */
export function batchFileName(prefix: string, index: number, total: number): string {
  const w = Math.max(4, String(total).length);
  return `${prefix}-batch-${String(index + 1).padStart(w, '0')}-of-${String(total).padStart(w, '0')}.pdf`;
}

/** A batch as delivered: the PDF encrypted to the mail house's OpenPGP key (`gpg --decrypt` gives the PDF back). */
export const deliveredFileName = (prefix: string, index: number, total: number): string => `${batchFileName(prefix, index, total)}.gpg`;

export const manifestNames = (prefix: string) => ({ pdf: `${prefix}-manifest.pdf`, csv: `${prefix}-manifest.csv` });
