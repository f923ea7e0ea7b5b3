// Merge benchmark (issue 5): LitDesk's engine against naive pdf-lib copyPages and a qpdf --underlay pipeline, on the
// same synthetic members and the same 4-page literature with images.
//   node bench/merge.ts --members 20000 [--workers 1,2] [--naive-members 1000] [--qpdf-members 2000] [--batch 5000]
// The engine runs in a child process per worker count (so peak RSS is its own); the summary line uses
// defaultWorkers(). Naive and qpdf runs use fewer members (they are 100x slower) and report per-piece rates.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DEFAULT_GEOMETRY, IMB, innerBox } from '../electron/merge/engine/geometry.ts';
import { defaultWorkers, runBatches, type BatchTask } from '../electron/merge/engine/pool.ts';
import type { Piece } from '../electron/merge/engine/types.ts';
import { writeBatch } from '../electron/merge/engine/write-batch.ts';
import { makeLiterature, syntheticPieces } from './merge-data.ts';

const FONT_PATH = fileURLToPath(new URL('../resources/fonts/DejaVuSans.ttf', import.meta.url));
const SEED = 20_240_501;

export type MergeBenchOptions = {
  members?: number;
  /** Members for the naive run (it is ~100x slower); its rate is per piece, so it scales. */
  naiveMembers?: number;
  /** Members for the qpdf run. */
  qpdfMembers?: number;
  batchSize?: number;
  /** Worker counts to measure; the summary line uses `defaultWorkers()` when measured, else the first. */
  workers?: number[];
  objectStreams?: boolean;
  log?: (line: string) => void;
};

export type EngineRun = {
  workers: number;
  pieces: number;
  pages: number;
  batches: number;
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  /** Size of a batch file holding no pieces: the literature, font and trailer every file carries. */
  fixedBytes: number;
  peakRssMb: number;
};

export type MergeBenchResult = {
  members: number;
  engine: EngineRun[];
  chosen: EngineRun;
  piecesPerS: number;
  bytesPerPiece: number;
  naive: { members: number; piecesPerS: number; bytesPerPiece: number };
  qpdf: { members: number; piecesPerS: number; bytesPerPiece: number };
  line: string;
};

function* batchesOf(total: number, size: number, dir: string): Generator<BatchTask> {
  for (let i = 0, from = 0; from < total; i++, from += size) {
    yield { pieces: syntheticPieces(SEED, from, Math.min(size, total - from)), outPath: join(dir, `batch-${String(i + 1).padStart(5, '0')}.pdf`) };
  }
}

/** Child process body: runs the engine alone so that its peak RSS is its own. Prints one JSON line. */
async function engineChild(args: { lit: string; members: number; workers: number; batch: number; out: string; objectStreams: boolean }): Promise<void> {
  const literature = readFileSync(args.lit);
  const font = readFileSync(FONT_PATH);
  mkdirSync(args.out, { recursive: true });
  const empty = await writeBatch({ literature, font, pieces: [], geometry: DEFAULT_GEOMETRY, outPath: join(args.out, 'empty.pdf'), objectStreams: args.objectStreams });
  rmSync(join(args.out, 'empty.pdf'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runBatches({
    literature, font, geometry: DEFAULT_GEOMETRY, objectStreams: args.objectStreams, workers: args.workers,
    batches: batchesOf(args.members, args.batch, args.out),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0); // includes the worker threads: same process
  const run: EngineRun = {
    workers: args.workers, pieces: r.pieces, pages: r.pages, batches: r.batches.length, seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes: r.bytes, fixedBytes: empty.bytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(run) + '\n');
}

function runEngineInChild(lit: string, members: number, workers: number, batch: number, out: string, objectStreams: boolean): Promise<EngineRun> {
  const self = fileURLToPath(import.meta.url);
  const payload = JSON.stringify({ lit, members, workers, batch, out, objectStreams });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--engine-child', payload], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`engine child exited with ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as EngineRun);
    });
  });
}

/** The address as a script would draw it with pdf-lib's high-level API (layout per line through fontkit). */
function drawAddress(page: PDFPage, font: PDFFont, piece: Piece): void {
  const box = innerBox(DEFAULT_GEOMETRY);
  if (piece.imb) {
    for (let i = 0; i < 65; i++) {
      const c = piece.imb[i];
      const lo = c === 'A' || c === 'T' ? (IMB.full - IMB.tracker) / 2 : 0;
      const hi = c === 'D' || c === 'T' ? (IMB.full + IMB.tracker) / 2 : IMB.full;
      page.drawRectangle({ x: box.x0 + i * IMB.pitch, y: box.y1 - IMB.full + lo, width: IMB.barWidth, height: hi - lo, color: rgb(0, 0, 0) });
    }
  }
  piece.lines.forEach((line, i) => {
    page.drawText(line.normalize('NFC'), { x: box.x0, y: box.y1 - IMB.full - IMB.gap - 9.3 - i * 12, size: 10, font });
  });
}

/** (a) Naive: copyPages of the whole literature for every member, address drawn with drawText. */
async function runNaive(literature: Uint8Array, font: Uint8Array, members: number, batch: number, dir: string): Promise<{ seconds: number; bytes: number }> {
  const lit = await PDFDocument.load(literature);
  const indices = lit.getPageIndices();
  let bytes = 0;
  const t0 = performance.now();
  for (const task of batchesOf(members, batch, dir)) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const f = await doc.embedFont(font, { subset: true });
    for (const piece of task.pieces) {
      const pages = await doc.copyPages(lit, indices);
      pages.forEach((p) => doc.addPage(p));
      drawAddress(pages[0] as PDFPage, f, piece);
    }
    const out = await doc.save();
    writeFileSync(task.outPath, out);
    bytes += out.length;
  }
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

/**
 * (c) What a script-minded user would do: one address page per member made with pdf-lib, then qpdf lays literature
 * page 1 under each address page and interleaves the other literature pages. (Also tried: 4 pages per member, 3 of
 * them blank, and one `--underlay --repeat=1-4`: slower overall, since pdf-lib then builds 4x the pages.)
 */
async function runQpdf(literature: Uint8Array, litPath: string, font: Uint8Array, members: number, batch: number, dir: string): Promise<{ seconds: number; qpdfSeconds: number; bytes: number }> {
  const nLit = (await PDFDocument.load(literature)).getPageCount();
  let bytes = 0;
  let qpdfSeconds = 0;
  const t0 = performance.now();
  for (const task of batchesOf(members, batch, dir)) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const f = await doc.embedFont(font, { subset: true });
    for (const piece of task.pieces) drawAddress(doc.addPage([612, 792]), f, piece);
    const addresses = task.outPath.replace(/\.pdf$/, '-addresses.pdf');
    const firsts = task.outPath.replace(/\.pdf$/, '-firsts.pdf');
    writeFileSync(addresses, await doc.save());
    const tq = performance.now();
    execFileSync('qpdf', [addresses, '--underlay', litPath, '--from=1', '--repeat=1', '--', firsts]);
    const pages = ['--empty', '--pages'];
    for (let i = 1; i <= task.pieces.length; i++) pages.push(firsts, String(i), ...(nLit > 1 ? [litPath, `2-${nLit}`] : []));
    execFileSync('qpdf', [...pages, '--', task.outPath]);
    qpdfSeconds += (performance.now() - tq) / 1000;
    bytes += statSync(task.outPath).size;
  }
  return { seconds: (performance.now() - t0) / 1000, qpdfSeconds, bytes };
}

export async function runMergeBench(opts: MergeBenchOptions = {}): Promise<MergeBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const members = opts.members ?? 20_000;
  const batch = opts.batchSize ?? 5_000;
  const naiveMembers = Math.min(members, opts.naiveMembers ?? 1_000);
  const qpdfMembers = Math.min(members, opts.qpdfMembers ?? 2_000);
  const workerCounts = opts.workers ?? [1, 2];
  const objectStreams = opts.objectStreams ?? false;
  const dir = mkdtempSync(join(tmpdir(), 'litdesk-merge-bench-'));
  try {
    const literature = await makeLiterature();
    const litPath = join(dir, 'literature.pdf');
    writeFileSync(litPath, literature);
    const font = readFileSync(FONT_PATH);
    log(`literature: pages=4 bytes=${literature.length} (two noisy-gradient PNG images); batch=${batch} pieces`);

    const engine: EngineRun[] = [];
    for (const w of workerCounts) {
      const out = join(dir, `engine-${w}`);
      const r = await runEngineInChild(litPath, members, w, batch, out, objectStreams);
      rmSync(out, { recursive: true, force: true });
      engine.push(r);
      log(
        `engine (${w} worker${w > 1 ? 's' : ''}): members=${r.pieces} pages=${r.pages} batches=${r.batches} seconds=${r.seconds.toFixed(2)} ` +
          `pieces_per_s=${Math.round(r.pieces / r.seconds)} cpu_pieces_per_s=${Math.round(r.pieces / r.cpuSeconds)} ` +
          `peak_rss_mb=${Math.round(r.peakRssMb)} bytes_per_piece=${bytesPerPiece(r).toFixed(0)} file_bytes_per_piece=${(r.bytes / r.pieces).toFixed(0)}`,
      );
    }
    const chosen = engine.find((e) => e.workers === defaultWorkers()) ?? (engine[0] as EngineRun);

    const naiveDir = join(dir, 'naive');
    mkdirSync(naiveDir);
    const naive = await runNaive(literature, font, naiveMembers, batch, naiveDir);
    rmSync(naiveDir, { recursive: true, force: true });
    const naiveRate = naiveMembers / naive.seconds;
    log(`naive pdf-lib copyPages: members=${naiveMembers}${naiveMembers < members ? ` (of ${members}; rate per piece, scaled)` : ''} seconds=${naive.seconds.toFixed(2)} pieces_per_s=${naiveRate.toFixed(1)} bytes_per_piece=${Math.round(naive.bytes / naiveMembers)}`);

    const qpdfDir = join(dir, 'qpdf');
    mkdirSync(qpdfDir);
    const q = await runQpdf(literature, litPath, font, qpdfMembers, batch, qpdfDir);
    rmSync(qpdfDir, { recursive: true, force: true });
    const qpdfRate = qpdfMembers / q.seconds;
    log(`qpdf pipeline (pdf-lib address pages + qpdf --underlay/--pages): members=${qpdfMembers}${qpdfMembers < members ? ` (of ${members}; rate per piece, scaled)` : ''} seconds=${q.seconds.toFixed(2)} pieces_per_s=${qpdfRate.toFixed(1)} qpdf_step_only_pieces_per_s=${(qpdfMembers / q.qpdfSeconds).toFixed(1)} bytes_per_piece=${Math.round(q.bytes / qpdfMembers)}`);

    const rate = chosen.pieces / chosen.seconds;
    const bpp = bytesPerPiece(chosen);
    const line =
      `merge: members=${members} pieces_per_s=${Math.round(rate)} peak_rss_mb=${Math.round(chosen.peakRssMb)} bytes_per_piece=${Math.round(bpp)} ` +
      `naive_pieces_per_s=${naiveRate.toFixed(1)} ratio=${(rate / naiveRate).toFixed(1)} qpdf_pieces_per_s=${qpdfRate.toFixed(1)} ratio_qpdf=${(rate / qpdfRate).toFixed(1)}`;
    log(line);
    return {
      members, engine, chosen, piecesPerS: rate, bytesPerPiece: bpp,
      naive: { members: naiveMembers, piecesPerS: naiveRate, bytesPerPiece: naive.bytes / naiveMembers },
      qpdf: { members: qpdfMembers, piecesPerS: qpdfRate, bytesPerPiece: q.bytes / qpdfMembers },
      line,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes each piece adds beyond what every batch file carries anyway (literature, font, trailer). */
function bytesPerPiece(r: EngineRun): number {
  return (r.bytes - r.batches * r.fixedBytes) / r.pieces;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--engine-child') {
    await engineChild(JSON.parse(process.argv[3] as string));
  } else {
    const { values } = parseArgs({
      options: {
        members: { type: 'string' }, 'naive-members': { type: 'string' }, 'qpdf-members': { type: 'string' },
        batch: { type: 'string' }, workers: { type: 'string' }, 'object-streams': { type: 'boolean' },
      },
    });
    const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    await runMergeBench({
      members: n(values.members), naiveMembers: n(values['naive-members']), qpdfMembers: n(values['qpdf-members']),
      batchSize: n(values.batch), workers: values.workers?.split(',').map(Number), objectStreams: values['object-streams'],
    });
  }
}
