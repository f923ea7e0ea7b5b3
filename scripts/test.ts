import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './browser-app.ts';

// `npm test`: type-check, lint, build the whole app (`electron-vite build`: main, backend and merge threads, preload,
// renderer — the same bundles the installer ships), then every unit, integration and end-to-end test, including the
// test of the bundled backend thread (LITDESK_REQUIRE_BUILD turns its "no build here" skip into a failure). Ends with
// one plain line `N passed, N failed, N skipped` for CI.
const run = (label: string, cmd: string, args: string[]): boolean => {
  const t0 = Date.now();
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', LITDESK_REQUIRE_BUILD: '1' } });
  console.log(`== ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status === 0;
};
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let ok = true;
ok = run('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) && ok;
ok = run('lint', bin('eslint'), ['.']) && ok;
ok = run('electronegativity', process.execPath, ['scripts/electronegativity.ts', '--strict']) && ok;
ok = run('build app', bin('electron-vite'), ['build', '--logLevel', 'warn']) && ok;
const report = path.join(root, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
ok = run('tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]) && ok;

let passed = 0, failed = 0, skipped = 0;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  passed = r.numPassedTests; failed = r.numFailedTests; skipped = r.numPendingTests + r.numTodoTests;
}
if (!ok && failed === 0) failed = 1; // a failed type-check, lint or build counts as a failure
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
