import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readMemberFile } from '../../../electron/members/import/index.ts';
import { Corpus, csv, member } from './corpus.ts';
import { readAll } from './helpers.ts';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await Corpus.create();
});
afterAll(() => corpus.remove());

describe('streaming', () => {
  it('reads a 200,000-row file with heap growth far below the file size', async () => {
    const path = await corpus.bigCsv(200_000);
    const size = (await stat(path)).size;
    const probe = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', probe, path], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout) as { baseline: number; peak: number; members: number; rows: number };
    expect(r.members).toBe(200_000);
    expect(r.rows).toBe(200_000);
    const growth = r.peak - r.baseline;
    // What grows is the duplicate-ID index (a Map entry of about 37 bytes per member, measured), not the file
    // (about 147 bytes per row here, more in real exports with more columns).
    expect(growth / r.rows).toBeLessThan(64);
    expect(growth).toBeLessThan(size / 3);
    console.log(`200k rows: file ${(size / 1e6).toFixed(1)} MB, heap growth ${(growth / 1e6).toFixed(1)} MB`);
  });

  it('reports progress up to the file size and a SHA-256 for a second pass', async () => {
    const path = await corpus.bigCsv(5_000, 'progress.csv');
    const size = (await stat(path)).size;
    const seen: number[] = [];
    const first = await readAll(path, { onProgress: (read, total) => { expect(total).toBe(size); seen.push(read); } });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(size);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(first.report.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await readAll(path, { expectSha256: first.report.sourceSha256! });
    expect(second.report.fatal).toBeUndefined();
    expect(second.members).toEqual(first.members);
    const changed = await readAll(path, { expectSha256: '0'.repeat(64) });
    expect(changed.report.fatal).toEqual({ code: 'import.fileChanged' });
  });

  it('stops on abort with the signal\'s reason', async () => {
    const path = await corpus.bigCsv(20_000, 'abort.csv');
    const controller = new AbortController();
    let n = 0;
    await expect(async () => {
      for await (const item of readMemberFile(path, { signal: controller.signal })) {
        if (item.kind === 'member' && ++n === 100) controller.abort(new Error('staff pressed cancel'));
      }
    }).rejects.toThrow('staff pressed cancel');
    expect(n).toBe(100);
  });

  it('lists at most 10,000 problems but counts them all', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => member(i + 1, { State: 'ZZ' }));
    const { report } = await readAll(await corpus.file('many.csv', csv(rows)));
    expect(report.problems).toHaveLength(10_000);
    expect(report.problemsTruncated).toBe(true);
    expect(report.problemCounts['row.unknownState']).toBe(12_000);
    expect(report.rowsWithProblems).toBe(12_000);
  });
});
