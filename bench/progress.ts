import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GEOMETRY, runBatches } from '../electron/merge/engine/index.ts';
import { testMailHouseKeys } from '../test/support/mail-house.ts';
import { makeLiterature, syntheticPieces } from './merge-data.ts';

/**
 * `npm run bench -- progress [--members N]`: how often a production job's progress moves (issue 16 §9), through the
 * worker pool with sealed 5,000-piece batches. Prints the longest wait between two progress events after the first
 * (and the first separately: it includes starting the worker). A figure under the machine's load, not a test.
 */
export async function runProgressBench(opts: { members: number }): Promise<void> {
  const font = readFileSync(new URL('../resources/fonts/DejaVuSans.ttf', import.meta.url));
  const literature = await makeLiterature(4, [360, 240]);
  const dir = mkdtempSync(join(tmpdir(), 'litdesk-bench-progress-'));
  const key = (await testMailHouseKeys()).publicKey;
  const batches = Math.ceil(opts.members / 5000);
  const t0 = performance.now();
  let last = t0;
  let first = -1;
  let maxGap = 0;
  let events = 0;
  try {
    const r = await runBatches({
      literature, font, geometry: DEFAULT_GEOMETRY, recipientKey: key, workers: 1,
      batches: Array.from({ length: batches }, (_, b) => ({ pieces: syntheticPieces(5, b * 5000, Math.min(5000, opts.members - b * 5000)), outPath: join(dir, `b${b}.pdf`) })),
      onProgress: () => {
        const t = performance.now();
        if (first < 0) first = t - t0;
        else maxGap = Math.max(maxGap, t - last);
        last = t;
        events++;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`progress: pieces=${r.pieces} batches=${batches} seconds=${seconds.toFixed(1)} events=${events} per_s=${(events / seconds).toFixed(1)} `
      + `first_event_ms=${Math.round(first)} max_gap_ms=${Math.round(maxGap)} load=${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
