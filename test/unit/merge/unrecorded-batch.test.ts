import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLiterature, syntheticPieces } from '../../../bench/merge-data.ts';
import { DEFAULT_GEOMETRY, runBatches } from '../../../electron/merge/engine/index.ts';
import { MergeError } from '../../../electron/merge/engine/types.ts';

// A batch finished while the job was being stopped is written but not recorded (the runner's onBatchDone refuses
// once the job is cancelled). It must not stay in the folder: the mail house would get a batch the job never lists,
// and the full test run under load caught one (resume.test.ts: batch 3 on disk, two recorded). Here the stop comes
// exactly there, every time: the caller records batch 1, then cancels while batch 2 is being recorded.
const FONT = readFileSync(new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url));

let dir: string;
let literature: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'litdesk-unrecorded-'));
  literature = await makeLiterature(2, [60, 40]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a batch written while the job stops', () => {
  it('is removed when its recording is refused; the recorded ones stay, and the pool answers only after', async () => {
    const folder = mkdtempSync(join(dir, 'job-'));
    const abort = new AbortController();
    const recorded: string[] = [];
    const batches = [0, 1, 2, 3].map((k) => ({ pieces: syntheticPieces(20, k * 20, 20), outPath: join(folder, `batch-${k}.pdf`) }));
    const run = runBatches({
      literature, font: FONT, geometry: DEFAULT_GEOMETRY, workers: 1, batches, signal: abort.signal,
      onBatchDone: async (b) => {
        if (recorded.length === 0) {
          recorded.push(b.outPath);
          return;
        }
        // Stopped while this batch is being recorded: as the runner does, it is not recorded.
        abort.abort();
        await new Promise((r) => setTimeout(r, 50));
        throw new MergeError('merge.cancelled', 'The merge was cancelled.');
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'merge.cancelled' });
    expect(recorded).toEqual([batches[0]!.outPath]);
    expect(readdirSync(folder).sort()).toEqual(['batch-0.pdf']);
    expect(existsSync(batches[1]!.outPath)).toBe(false);
  }, 120_000);
});
