import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Cancel took the whole app down now and then (SIGABRT in the e2e merge test under load): the pool ended merge
// workers with `terminate()` while a batch's OpenPGP seal had an X25519 key generation on Node's thread pool, and
// Node aborts the process when such a job completes in a terminated thread (assertion in KeyGenJob::ToResult). The
// pool now asks each worker to stop and ends it only once its batch has settled. This runs 20 cancels against a
// worker that always has key generations in flight; with `terminate()` straight away (the old pool) the child dies
// with SIGABRT within a few trials.
describe('cancelling a production job', () => {
  it('never ends a merge worker while it has key generations in flight', () => {
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./fixtures/stop-trials.ts', import.meta.url)), '20'], {
      encoding: 'utf8', timeout: 120_000,
    });
    expect(child.signal, child.stderr.slice(0, 600)).toBeNull();
    expect(child.status, child.stderr.slice(0, 600)).toBe(0);
    expect(child.stdout).toContain('survived 20');
  }, 150_000);
});
