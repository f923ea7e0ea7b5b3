// Run in a child process with --expose-gc by streaming.test.ts: reads a file and reports heap use after GC.
import { readMemberFile } from '../../../electron/members/import/index.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const path = process.argv[2]!;
gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
let members = 0;
let rows = 0;
const started = performance.now();
for await (const item of readMemberFile(path)) {
  if (item.kind === 'report') {
    rows = item.report.rows;
    continue;
  }
  members++;
  if (members % 20_000 === 0) {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
}
const seconds = (performance.now() - started) / 1000;
gc();
process.stdout.write(JSON.stringify({ baseline, peak, members, rows, seconds }) + '\n');
