// Batches break on ZIP3 boundaries where the batch size allows (issue 15 §9), checked over generated presort orders:
// no batch over the size, none under half of it but the last, a ZIP3 of at most half a batch never split, and a
// split only where no ZIP3 boundary lies in the second half of the batch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchOf, batchRange, planBatchStarts } from '../../../electron/merge/plan.ts';
import { splitZip3 } from '../../../electron/merge/manifest.ts';

/** Sorted ZIP5s from runs: each run is a ZIP3 with some ZIP5s and some pieces in each. */
const presort = fc.array(fc.tuple(fc.integer({ min: 5, max: 999 }), fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 40 })
  .map((runs) => {
    const zips: number[] = [];
    const seen = new Set<number>();
    for (const [z3, sizes] of [...runs].sort((a, b) => a[0] - b[0])) {
      if (seen.has(z3)) continue;
      seen.add(z3);
      sizes.forEach((n, k) => { for (let i = 0; i < n; i++) zips.push(z3 * 100 + k); });
    }
    return zips;
  });

describe('ZIP3 batch plan', () => {
  it('holds its promises on any presort order and batch size', () => {
    fc.assert(fc.property(presort, fc.integer({ min: 2, max: 120 }), (zips, size) => {
      const starts = planBatchStarts(zips, size);
      const z3 = (p: number) => Math.floor(zips[p]! / 100);
      expect(starts[0]).toBe(0);
      const batches = starts.map((_, i) => batchRange(i, zips.length, size, starts));
      for (const [i, b] of batches.entries()) {
        expect(b.end - b.start).toBeLessThanOrEqual(size);
        expect(b.end).toBeGreaterThan(b.start);
        if (i < batches.length - 1) expect(b.end - b.start).toBeGreaterThanOrEqual(Math.ceil(size / 2));
        for (let p = b.start; p < b.end; p++) expect(batchOf(p, size, starts)).toBe(i);
        // A break inside a ZIP3: there was no ZIP3 boundary in the batch's second half to break at instead.
        if (i < batches.length - 1 && z3(b.end - 1) === z3(b.end)) {
          for (let e = b.start + Math.ceil(size / 2); e <= b.end; e++) expect(z3(e - 1)).toBe(z3(e));
        }
      }
      expect(batches.at(-1)!.end).toBe(zips.length);
      // A ZIP3 with at most half a batch of pieces sits in one batch.
      const groups = new Map<number, Set<number>>();
      zips.forEach((z, p) => groups.set(Math.floor(z / 100), (groups.get(Math.floor(z / 100)) ?? new Set()).add(batchOf(p, size, starts))));
      for (const [g, inBatches] of groups) {
        if (zips.filter((z) => Math.floor(z / 100) === g).length <= size / 2) expect(inBatches.size).toBe(1);
      }
    }), { numRuns: 300, seed: 15 });
  });

  it('a worked example: 5000 a batch, ZIP3 areas of 1,800 / 2,900 / 700 / 3,000 pieces', () => {
    const zips = [...Array(1800).fill(2108), ...Array(2900).fill(2139), ...Array(700).fill(94110), ...Array(3000).fill(95112)];
    const starts = planBatchStarts(zips, 5000);
    // Fixed cutting would split ZIP3 021 at 5,000 and ZIP3 951 too; here batch 1 is 021 (4,700), batch 2 the rest.
    expect(starts).toEqual([0, 4700]);
    const batches = starts.map((_, i) => batchRange(i, zips.length, 5000, starts));
    const zip3 = batches.map((b) => {
      const c: Record<string, number> = {};
      for (let p = b.start; p < b.end; p++) { const k = String(zips[p]).padStart(5, '0').slice(0, 3); c[k] = (c[k] ?? 0) + 1; }
      return { zip3: c };
    });
    expect(splitZip3(zip3)).toEqual([]);
    // One ZIP3 larger than a batch is cut where its ZIP5 changes in the second half, else at the size.
    expect(planBatchStarts([...Array(70).fill(2108), ...Array(70).fill(2109)], 100)).toEqual([0, 70]);
    expect(planBatchStarts(Array(250).fill(2108), 100)).toEqual([0, 100, 200]);
  });

  it('jobs started before the rule keep fixed-size batches', () => {
    expect(batchRange(2, 250, 100)).toEqual({ start: 200, end: 250 });
    expect(batchOf(199, 100)).toBe(1);
  });
});
