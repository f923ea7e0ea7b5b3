// Production-job benchmark (issue 11 §3): a whole job through the router on an encrypted vault of N members,
// merge.start to manifest (vault reads, planning, batches, manifest), while a probe sends one cheap write command and
// one read command every 100 ms and records how long each waited: the longest is `queue_block_ms`.
//   node bench/job.ts --members 1000000 [--batch 5000] [--keep]
// The vault (members seeded through the real writer, one released request) is built once in a child process and kept
// in the temp folder for later runs; the job runs in a fresh child process so that peak RSS is the job's own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMergeWorld, type MergeWorld } from '../test/integration/merge/world.ts';
import { NOW } from '../test/integration/elections/helpers.ts';
import { CHAIR, makeBackend, tempDir } from '../test/support/backend.ts';
import { load } from './merge.ts';

type JobRun = {
  members: number; pieces: number; seconds: number; planS: number; peakRssMb: number; cpuS: number;
  queueBlockMs: number; worstProbe: string; probes: number; idleProbeMs: number; batches: number; loopBlockMs: number;
  /** The longest event-loop stalls: duration and seconds after merge.start. */
  stalls: string;
};

const worldFile = (members: number) => path.join(os.tmpdir(), `litdesk-bench-job-${members}`, 'world-v2.json');

/** Child: builds the vault (cached between runs) and prints its description. */
async function buildChild(members: number): Promise<void> {
  const file = worldFile(members);
  const world = await buildMergeWorld({ members, seeds: 3 });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const dir = path.join(path.dirname(file), 'vault');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(world.dir, dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...world, dir }));
}

/** Child: runs the job on a copy of the vault, with the probe, and prints one JSON line. */
async function jobChild(world: MergeWorld, batch: number): Promise<void> {
  const dir = path.join(tempDir('litdesk-bench-job-run-'), 'vault');
  fs.cpSync(world.dir, dir, { recursive: true });
  const out = tempDir('litdesk-bench-job-out-');
  try {
    const { backend, client } = makeBackend({ vaultDir: dir, clock: () => NOW, logSlow: () => undefined });
    await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    backend.grants.grantFolder(out, 'output');
    const rss0 = process.memoryUsage().rss;

    // The probe: a write (settings.update goes through the write queue and audits) and a read, every 100 ms. Its
    // wait is measured from the moment it was due, so time the event loop was blocked counts too.
    let worst = 0;
    let worstProbe = '';
    let probes = 0;
    let probing = true;
    let lastKind = '';
    const probe = async (): Promise<number> => {
      const due = performance.now();
      await client.call('settings.update', { idleMinutes: 30 });
      const w = performance.now() - due;
      const due2 = performance.now();
      await client.call('merge.productionQueue', {});
      const r = performance.now() - due2;
      lastKind = w >= r ? 'write' : 'read';
      return Math.max(w, r);
    };
    let idleProbeMs = 0;
    for (let i = 0; i < 5; i++) idleProbeMs = Math.max(idleProbeMs, await probe());
    // How long the event loop was blocked at most (sync work on the main thread: nothing can be dispatched then).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let t0 = performance.now();
    // Where the event loop stalled: a 10 ms timer notes every gap over 100 ms with when it happened (the five longest
    // are printed), to find which part of the job held it.
    const gaps: Array<[number, number]> = [];
    let tick = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - tick > 100) gaps.push([now - tick, (tick - t0) / 1000]);
      tick = now;
    }, 10);
    const probeLoop = (async () => {
      let next = performance.now();
      while (probing) {
        next += 100;
        const delay = next - performance.now();
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        const lateBy = Math.max(0, performance.now() - next);
        const ran = await probe();
        const w = lateBy + ran;
        probes++;
        if (w > worst) {
          worst = w;
          worstProbe = `probe ${probes} at ${((performance.now() - t0) / 1000).toFixed(1)} s (${Math.round(lateBy)} ms late, ${lastKind} ${Math.round(ran)} ms)`;
        }
      }
    })();

    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder: out, mailHouseId: world.mailHouseId, batchSize: batch });
    const planS = (performance.now() - t0) / 1000;
    let p = await client.call('merge.progress', { jobId });
    while (p.status === 'running' && !p.interrupted) {
      await new Promise((r) => setTimeout(r, 50));
      p = await client.call('merge.progress', { jobId });
    }
    const seconds = (performance.now() - t0) / 1000;
    probing = false;
    clearInterval(ticker);
    await probeLoop;
    loopDelay.disable();
    if (p.status !== 'done') throw new Error(`job ended ${p.status} ${p.errorCode ?? ''}`);
    const manifest = fs.readdirSync(out).filter((f) => f.includes('manifest'));
    if (manifest.length !== 2) throw new Error('no manifest');
    const cpu = process.cpuUsage(cpu0);
    const run: JobRun = {
      members: world.members, pieces: p.totalPieces, seconds, planS, peakRssMb: process.resourceUsage().maxRSS / 1024,
      cpuS: (cpu.user + cpu.system) / 1e6, queueBlockMs: worst, worstProbe, probes, idleProbeMs, batches: p.totalBatches,
      loopBlockMs: loopDelay.max / 1e6,
      stalls: gaps.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([ms, at]) => `${Math.round(ms)}ms@${at.toFixed(1)}s`).join(' '),
    };
    void rss0;
    backend.lock('bench');
    process.stdout.write(JSON.stringify(run) + '\n');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

function child(args: string[]): Promise<string> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`bench child exited with ${code}`))));
  });
}

export async function runJobBench(opts: { members: number; batch?: number; log?: (l: string) => void }): Promise<JobRun> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const file = worldFile(opts.members);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await child(['--build', String(opts.members)]);
    log(`job: built a vault of ${opts.members} members and one released request in ${((performance.now() - t) / 1000).toFixed(0)} s (kept in ${path.dirname(file)})`);
  }
  const world = JSON.parse(fs.readFileSync(file, 'utf8')) as MergeWorld;
  const out = await child(['--run', JSON.stringify({ world, batch: opts.batch ?? 5000 })]);
  const r = JSON.parse(out.trim().split('\n').pop() as string) as JobRun;
  log(`job: detail pieces=${r.pieces} (members in good standing ${r.members} + seeds) batches=${r.batches} cpu_s=${r.cpuS.toFixed(1)} probes=${r.probes} worst=${r.worstProbe} probe_ms_before_job=${r.idleProbeMs.toFixed(0)} event_loop_block_max_ms=${r.loopBlockMs.toFixed(0)} stalls=${r.stalls || 'none'} cores=${os.cpus().length} load=${load()}`);
  log(`job: members=${opts.members} seconds=${r.seconds.toFixed(1)} pieces_per_s=${Math.round(r.pieces / r.seconds)} peak_rss_mb=${Math.round(r.peakRssMb)} plan_s=${r.planS.toFixed(1)} queue_block_ms=${Math.round(r.queueBlockMs)}`);
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--build') {
    await buildChild(Number(process.argv[3]));
    process.exit(0);
  } else if (process.argv[2] === '--run') {
    const a = JSON.parse(process.argv[3] as string) as { world: MergeWorld; batch: number };
    await jobChild(a.world, a.batch);
    process.exit(0);
  } else {
    const { values } = parseArgs({ options: { members: { type: 'string' }, batch: { type: 'string' } } });
    await runJobBench({ members: Number(values.members ?? 1_000_000), ...(values.batch ? { batch: Number(values.batch) } : {}) });
  }
}
