import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run torture [-- --trials N]`: the crash harness at full strength. Import, merge, payment and reconciliation
// each run in a child process that is killed with SIGKILL at random points, N times (default 100); after each kill the
// vault must open, its rules hold, and interrupted work resume to identical results. `npm test` runs the same tests
// with fewer trials. The schema-valid fuzzer sends 200 payloads per command (every one with its repeats) instead of 10.
// Each randomised file prints its seed; `LITDESK_SEED=<n> npm run torture` replays a failed run.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const i = process.argv.indexOf('--trials');
const trials = i >= 0 ? Number(process.argv[i + 1]) : 100;
const files = ['test/integration/members/kill.test.ts', 'test/integration/billing/kill.test.ts', 'test/integration/merge/kill.test.ts',
  'test/integration/keys/kill.test.ts', 'test/integration/email/kill.test.ts',
  'test/integration/hardening/fuzz.test.ts', 'test/integration/hardening/fuzz-valid.test.ts'];
const t0 = Date.now();
const r = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', '--project', 'unit', '--testTimeout', String(trials * 20_000), ...files], {
  cwd: root, stdio: 'inherit', env: { ...process.env, LITDESK_TORTURE_TRIALS: String(trials), LITDESK_FUZZ_RUNS: '1000', LITDESK_FUZZ_VALID_RUNS: '200' },
});
console.log(`torture: ${trials} SIGKILL trials per workflow (import, payments+reconciliation, merge, re-key) in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${r.status === 0 ? 'all held' : 'FAILED'}`);
process.exit(r.status ?? 1);
