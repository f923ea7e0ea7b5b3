import { createHmac } from 'node:crypto';

// The shape of a job, derived only from its record: which global piece positions fall in which batch, where the
// seed pieces sit, the IMb serial of each piece and the file names. Resume recomputes all of it and gets the same.

/** Seed pieces a job carries: enough to trace a leaked list to the job, few enough to cost nothing. */
export const SEEDS_PER_JOB = 3;

export const batchCount = (totalPieces: number, batchSize: number): number => Math.ceil(totalPieces / batchSize);

export function batchRange(index: number, totalPieces: number, batchSize: number): { start: number; end: number } {
  const start = index * batchSize;
  return { start, end: Math.min(totalPieces, start + batchSize) };
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
