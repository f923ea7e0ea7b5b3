import { createHash } from 'node:crypto';

// The shape of a job, derived only from its record: which global piece positions fall in which batch, where the
// seed pieces sit, the IMb serial of each piece and the file names. Resume recomputes all of it and gets the same.

/** Seed pieces a job carries: enough to trace a leaked list to the job, few enough to cost nothing. */
export const SEEDS_PER_JOB = 3;

export const batchCount = (totalPieces: number, batchSize: number): number => Math.ceil(totalPieces / batchSize);

export function batchRange(index: number, totalPieces: number, batchSize: number): { start: number; end: number } {
  const start = index * batchSize;
  return { start, end: Math.min(totalPieces, start + batchSize) };
}

const digest = (s: string): bigint => BigInt('0x' + createHash('sha256').update(s).digest('hex').slice(0, 15));

/**
 * Which active seeds a job carries and at which piece positions: a keyed hash of the job's id, so each job gets its
 * own selection and places (a list that leaks points to one job), and a copy of the same vault plans the same job.
 */
export function planSeeds(jobId: number, seedIds: readonly number[], members: number): Array<{ seedId: number; position: number }> {
  const chosen = [...seedIds].sort((a, b) => (digest(`pick:${jobId}:${a}`) < digest(`pick:${jobId}:${b}`) ? -1 : 1)).slice(0, SEEDS_PER_JOB);
  const total = members + chosen.length;
  const taken = new Set<number>();
  return chosen.map((seedId) => {
    let position = Number(digest(`place:${jobId}:${seedId}`) % BigInt(Math.max(1, total)));
    while (taken.has(position)) position = (position + 1) % total;
    taken.add(position);
    return { seedId, position };
  });
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

export const manifestNames = (prefix: string) => ({ pdf: `${prefix}-manifest.pdf`, csv: `${prefix}-manifest.csv` });
