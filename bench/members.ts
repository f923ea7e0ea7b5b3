// Import benchmark (issue 3): the same import code into an encrypted vault database and into a plain SQLite file,
// in the same run, then segment counts and search on the encrypted store. Run alone:
//   node bench/members.ts --rows 1000000
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Audience } from '../shared/domain/audience.ts';
import { openEncrypted, openPlain, type DB } from '../electron/vault/database.ts';
import { migrate } from '../electron/vault/migrations/index.ts';
import { countAudience } from '../electron/members/audience.ts';
import { currentSnapshot } from '../electron/members/snapshot.ts';
import { listMembers, membersSummary, searchMembers } from '../electron/members/queries.ts';
import { importFileDirect, writeSyntheticMemberCsv } from '../test/support/members.ts';
import { load } from './merge.ts';

type Timing = {
  validateS: number; commitS: number; totalS: number;
  /** After the commit: the WAL copied into the file on a thread of its own, as the app does (vault/checkpoint.ts). */
  checkpointS: number;
  /** CPU of the whole process (every thread), and of the thread that reads the file and writes the store alone. */
  cpuS: number; mainCpuS: number;
  workers: number; kept: boolean; peakRssMb: number;
};

/** The import as the app runs it (preview mapping, validate, standing map, commit in one transaction). */
async function importInto(db: DB, file: string, checkpoint: { file: string; key: Buffer | null }): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  const r = await importFileDirect(db, file, { checkpoint });
  const c0 = performance.now();
  // CPU is counted with the checkpoint's (it runs after the commit, on the other core).
  const copied = await r.checkpoint;
  if (!copied || copied.busy !== 0 || copied.checkpointed !== copied.log) throw new Error('bench: the background checkpoint did not copy the whole WAL');
  const checkpointS = (performance.now() - c0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpu = process.cpuUsage(cpu0);
  const main = process.threadCpuUsage(main0);
  if (r.counts.added + r.counts.changed + r.counts.unchanged !== r.validation.report.valid) throw new Error('bench import lost rows');
  return {
    validateS: r.validateMs / 1000, commitS: r.commitMs / 1000, totalS: (r.validateMs + r.commitMs) / 1000, checkpointS, cpuS: (cpu.user + cpu.system) / 1e6,
    mainCpuS: (main.user + main.system) / 1e6, workers: r.validation.workers, kept: r.validation.prepared !== null, peakRssMb: peak / 2 ** 20,
  };
}

const SEGMENTS: Array<[string, Audience]> = [
  ['allGoodStanding', { kind: 'allGoodStanding' }],
  ['local', { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: ['Local 42', 'Local 7'] }] }],
  ['worksite', { kind: 'segment', combine: 'and', filters: [{ field: 'worksite', values: ['County General'] }] }],
  ['shift', { kind: 'segment', combine: 'and', filters: [{ field: 'shift', values: ['Night'] }] }],
  ['zip5', { kind: 'segment', combine: 'and', filters: [{ field: 'zip5', from: '90000', to: '96199' }] }],
  ['zip3', { kind: 'segment', combine: 'and', filters: [{ field: 'zip3', from: '021', to: '112' }] }],
  ['custom', { kind: 'segment', combine: 'and', filters: [{ field: 'custom', name: 'classification', values: ['RN', 'LPN'] }] }],
  ['and', { kind: 'segment', combine: 'and', filters: [
    { field: 'local', values: ['Local 42'] }, { field: 'shift', values: ['Day', 'Night'] },
    { field: 'zip3', from: '770', to: '799' }, { field: 'custom', name: 'classification', values: ['CNA'] }] }],
  ['or', { kind: 'segment', combine: 'or', filters: [
    { field: 'local', values: ['Local 1199'] }, { field: 'worksite', values: ['North Yard', 'Port Terminal 3'] },
    { field: 'zip5', from: '02100', to: '02199' }, { field: 'shift', values: ['Evening'] },
    { field: 'custom', name: 'classification', values: ['Tech'] }] }],
];

const SEARCHES = ['1000042', 'nguy', 'Nguyễn Hương', 'pena', 'José Muñoz', 'o\'brien', 'dvorak', 'm', 'jose m'];

export async function runImportBench(opts: { rows: number; keep?: boolean }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litdesk-bench-members-'));
  try {
    const csv = path.join(dir, 'members.csv');
    const g0 = performance.now();
    await writeSyntheticMemberCsv(csv, opts.rows, { seed: 2026 });
    console.log(`import: generated ${opts.rows} rows (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

    // A discarded warm-up on each side (JIT, file cache), on a list of its own, before the measured imports.
    const warm = path.join(dir, 'warm.csv');
    await writeSyntheticMemberCsv(warm, Math.min(opts.rows, 20_000), { seed: 7 });
    const key = crypto.randomBytes(32);
    for (const [name, encrypted] of [['warm-encrypted.db', true], ['warm-plain.db', false]] as const) {
      const f = path.join(dir, name);
      const db = encrypted ? openEncrypted(f, key) : openPlain(f);
      migrate(db);
      await importInto(db, warm, { file: f, key: encrypted ? key : null });
      db.close();
    }
    const encFile = path.join(dir, 'encrypted.db');
    const enc = openEncrypted(encFile, key);
    migrate(enc);
    const plainFile = path.join(dir, 'plain.db');
    const plain = openPlain(plainFile);
    migrate(plain);
    const e = await importInto(enc, csv, { file: encFile, key });
    const p = await importInto(plain, csv, { file: plainFile, key: null });
    console.log(`import: rows=${opts.rows} encrypted_s=${e.totalS.toFixed(1)} plain_s=${p.totalS.toFixed(1)} ratio=${(e.totalS / p.totalS).toFixed(2)} encrypted_cpu_s=${e.cpuS.toFixed(1)} plain_cpu_s=${p.cpuS.toFixed(1)} cpu_ratio=${(e.cpuS / p.cpuS).toFixed(2)} load=${load()} encrypted_main_cpu_s=${e.mainCpuS.toFixed(1)} prepare_workers=${e.workers} peak_rss_mb=${e.peakRssMb.toFixed(0)} checkpoint_after_s=${e.checkpointS.toFixed(1)}`);
    console.log(`import: detail encrypted validate_s=${e.validateS.toFixed(1)} commit_s=${e.commitS.toFixed(1)} cpu_s=${e.cpuS.toFixed(1)} main_cpu_s=${e.mainCpuS.toFixed(1)} prepared_kept=${e.kept ? 'yes' : 'no'}; plain validate_s=${p.validateS.toFixed(1)} commit_s=${p.commitS.toFixed(1)} cpu_s=${p.cpuS.toFixed(1)} main_cpu_s=${p.mainCpuS.toFixed(1)}; cpu ratio=${(e.cpuS / p.cpuS).toFixed(2)} (CPU time is not skewed by other processes on a shared machine)`);
    plain.close();

    const s0 = performance.now();
    currentSnapshot(enc);
    const snapshotMs = performance.now() - s0;
    let worst = 0;
    let worstKind = '';
    const perKind: string[] = [];
    for (const [kind, audience] of SEGMENTS) {
      let best = Infinity;
      let count = 0;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        count = countAudience(enc, audience);
        best = Math.min(best, performance.now() - t);
      }
      perKind.push(`${kind}=${best.toFixed(1)}ms/${count}`);
      if (best > worst) { worst = best; worstKind = kind; }
    }
    console.log(`count: segment_ms=${worst.toFixed(1)} (worst: ${worstKind}; snapshot built once after import in ${snapshotMs.toFixed(0)} ms)`);
    console.log(`count: detail ${perKind.join(' ')}`);
    let worstSearch = 0;
    for (const q of SEARCHES) {
      const t = performance.now();
      searchMembers(enc, q);
      worstSearch = Math.max(worstSearch, performance.now() - t);
    }
    console.log(`search: ms=${worstSearch.toFixed(1)} (worst of ${SEARCHES.length} queries: member ID prefix, name prefixes down to one letter, two-word names)`);
    const l0 = performance.now();
    listMembers(enc, Math.floor(opts.rows * 0.9), 100);
    const listMs = performance.now() - l0;
    const m0 = performance.now();
    membersSummary(enc);
    console.log(`list: page_ms=${listMs.toFixed(1)} (100 rows at 90 % of the list) summary_ms=${(performance.now() - m0).toFixed(1)}`);
    enc.close();
  } finally {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--rows');
  await runImportBench({ rows: i >= 0 ? Number(process.argv[i + 1]) : 1_000_000 });
}
