/** mulberry32: a small deterministic PRNG, so generated members, files and benchmarks are the same on every run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed of a randomised test: `LITDESK_SEED` when set (to replay a run), otherwise a fresh one. Printed either way,
 * so a red run in CI names the command that replays it (issue 11 §2).
 */
export function testSeed(label: string): number {
  const fromEnv = process.env['LITDESK_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : Math.floor(Math.random() * 2 ** 31);
  console.info(`[${label}] seed ${seed} (replay: LITDESK_SEED=${seed})`);
  return seed;
}
