// Merge benchmark (issues 5 and 11): LitDesk's engine against three baselines in the same run, on the same synthetic
// members and the same 4-page literature with images: pdf-lib naive (copyPages per member, the floor), pdf-lib used
// competently (embedPages once per file, drawPage, drawText) and qpdf used competently (pdf-lib address pages, one
// qpdf --underlay pass per batch).
//   node bench/merge.ts --members 20000 [--workers 1,2] [--naive-members 1000] [--competent-members 5000] [--batch 5000]
// The engine runs in a child process per worker count (so peak RSS is its own); the summary line uses
// defaultWorkers(). Baselines write fewer members (one batch by default) and report per-piece rates.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import {
  fill, PDFDocument, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingGrayscaleColor, type PDFFont, type PDFOperator, type PDFPage,
} from 'pdf-lib';
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
  /** Members for the competent pdf-lib and qpdf runs (default: one batch). */
  competentMembers?: number;
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
  pdflib: { members: number; piecesPerS: number; bytesPerPiece: number };
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

/** A baseline's cost: wall seconds, CPU seconds (this process plus the qpdf children it waited for), bytes written. */
type BaselineRun = { seconds: number; cpuSeconds: number; bytes: number };

/** CPU seconds of waited-for child processes (qpdf): /proc/self/stat cutime + cstime, in clock ticks of 1/100 s. */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function measured(fn: () => Promise<number>): Promise<BaselineRun> {
  const cpu0 = process.cpuUsage();
  const child0 = childCpuSeconds();
  const t0 = performance.now();
  const bytes = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 + childCpuSeconds() - child0, bytes };
}

const box = innerBox(DEFAULT_GEOMETRY);
const BLACK = rgb(0, 0, 0);

/** The address as a script would draw it with pdf-lib's high-level API: one rectangle per bar, drawText per line. */
function drawAddressNaive(page: PDFPage, font: PDFFont, piece: Piece): void {
  if (piece.imb) {
    for (let i = 0; i < 65; i++) {
      const c = piece.imb[i];
      const lo = c === 'A' || c === 'T' ? (IMB.full - IMB.tracker) / 2 : 0;
      const hi = c === 'D' || c === 'T' ? (IMB.full + IMB.tracker) / 2 : IMB.full;
      page.drawRectangle({ x: box.x0 + i * IMB.pitch, y: box.y1 - IMB.full + lo, width: IMB.barWidth, height: hi - lo, color: BLACK });
    }
  }
  piece.lines.forEach((line, i) => {
    page.drawText(line.normalize('NFC'), { x: box.x0, y: box.y1 - IMB.full - IMB.gap - 9.3 - i * 12, size: 10, font });
  });
}

/**
 * The address as a competent pdf-lib user draws it: the window knocked out in white (as LitDesk does, so the pages
 * match), the whole barcode as ONE path (65 `re` and a single fill), then drawText per line.
 */
function drawAddressCompetent(page: PDFPage, font: PDFFont, piece: Piece): void {
  page.drawRectangle({ x: DEFAULT_GEOMETRY.windowX, y: DEFAULT_GEOMETRY.windowY, width: DEFAULT_GEOMETRY.windowW, height: DEFAULT_GEOMETRY.windowH, color: rgb(1, 1, 1) });
  if (piece.imb) {
    const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
    for (let i = 0; i < 65; i++) {
      const c = piece.imb[i];
      const lo = c === 'A' || c === 'T' ? (IMB.full - IMB.tracker) / 2 : 0;
      const hi = c === 'D' || c === 'T' ? (IMB.full + IMB.tracker) / 2 : IMB.full;
      ops.push(rectangle(box.x0 + i * IMB.pitch, box.y1 - IMB.full + lo, IMB.barWidth, hi - lo));
    }
    ops.push(fill(), popGraphicsState());
    page.pushOperators(...ops);
  }
  piece.lines.forEach((line, i) => {
    page.drawText(line.normalize('NFC'), { x: box.x0, y: box.y1 - IMB.full - IMB.gap - 9.3 - i * 12, size: 10, font });
  });
}

/** pdf-lib's fastest save: no object streams, no yielding to the event loop every 50 objects. */
const FAST_SAVE = { useObjectStreams: false, objectsPerTick: Infinity } as const;

/** (a) Naive, the floor: copyPages of the whole literature for every member, address with drawRectangle/drawText. */
async function runNaive(literature: Uint8Array, font: Uint8Array, members: number, batch: number, dir: string): Promise<BaselineRun> {
  const lit = await PDFDocument.load(literature);
  const indices = lit.getPageIndices();
  return measured(async () => {
    let bytes = 0;
    for (const task of batchesOf(members, batch, dir)) {
      const doc = await PDFDocument.create();
      doc.registerFontkit(fontkit);
      const f = await doc.embedFont(font, { subset: true });
      for (const piece of task.pieces) {
        const pages = await doc.copyPages(lit, indices);
        pages.forEach((p) => doc.addPage(p));
        drawAddressNaive(pages[0] as PDFPage, f, piece);
      }
      const out = await doc.save();
      writeFileSync(task.outPath, out);
      bytes += out.length;
    }
    return bytes;
  });
}

/**
 * (b) pdf-lib used competently: the literature embedded ONCE per file (`embedPages`: one form XObject per page, images
 * stored once), `drawPage` of those forms on each member's pages, the address as above, saved the fast way.
 */
async function runPdflib(literature: Uint8Array, font: Uint8Array, members: number, batch: number, dir: string): Promise<BaselineRun> {
  const lit = await PDFDocument.load(literature);
  return measured(async () => {
    let bytes = 0;
    for (const task of batchesOf(members, batch, dir)) {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.registerFontkit(fontkit);
      const f = await doc.embedFont(font, { subset: true });
      const forms = await doc.embedPages(lit.getPages());
      for (const piece of task.pieces) {
        forms.forEach((form, k) => {
          const page = doc.addPage([612, 792]);
          page.drawPage(form, { x: 0, y: 0 });
          if (k === 0) drawAddressCompetent(page, f, piece);
        });
      }
      const out = await doc.save(FAST_SAVE);
      writeFileSync(task.outPath, out);
      bytes += out.length;
    }
    return bytes;
  });
}

/**
 * (c) qpdf used competently: pdf-lib writes only the address pages (page 1 with the address, pages 2..n blank, the
 * barcode as one path, fast save), then ONE qpdf pass per batch lays literature page k under page k of every piece
 * (`--underlay --from=1-n --repeat=1-n`; qpdf turns each literature page into one form XObject per file).
 */
async function runQpdf(literature: Uint8Array, litPath: string, font: Uint8Array, members: number, batch: number, dir: string): Promise<BaselineRun & { qpdfSeconds: number }> {
  const nLit = (await PDFDocument.load(literature)).getPageCount();
  let qpdfSeconds = 0;
  const run = await measured(async () => {
    let bytes = 0;
    for (const task of batchesOf(members, batch, dir)) {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.registerFontkit(fontkit);
      const f = await doc.embedFont(font, { subset: true });
      for (const piece of task.pieces) {
        drawAddressCompetent(doc.addPage([612, 792]), f, piece);
        for (let k = 1; k < nLit; k++) doc.addPage([612, 792]);
      }
      const addresses = task.outPath.replace(/\.pdf$/, '-addresses.pdf');
      writeFileSync(addresses, await doc.save(FAST_SAVE));
      const tq = performance.now();
      execFileSync('qpdf', [addresses, '--stream-data=preserve', '--underlay', litPath, `--from=1-${nLit}`, `--repeat=1-${nLit}`, '--', task.outPath]);
      qpdfSeconds += (performance.now() - tq) / 1000;
      rmSync(addresses);
      bytes += statSync(task.outPath).size;
    }
    return bytes;
  });
  return { ...run, qpdfSeconds };
}

export async function runMergeBench(opts: MergeBenchOptions = {}): Promise<MergeBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const members = opts.members ?? 20_000;
  const batch = opts.batchSize ?? 5_000;
  const naiveMembers = Math.min(members, opts.naiveMembers ?? 1_000);
  // The competent baselines write one whole batch by default, so their files carry the literature over as many
  // pieces as the engine's do.
  const competentMembers = Math.min(members, opts.competentMembers ?? batch);
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
          `peak_rss_mb=${Math.round(r.peakRssMb)} bytes_per_piece=${(r.bytes / r.pieces).toFixed(0)} marginal_bytes_per_piece=${marginalBytesPerPiece(r).toFixed(0)} load=${load()}`,
      );
    }
    const chosen = engine.find((e) => e.workers === defaultWorkers()) ?? (engine[0] as EngineRun);

    const baseline = async (name: string, count: number, fn: (dir: string) => Promise<BaselineRun>) => {
      const d = join(dir, name);
      mkdirSync(d);
      const r = await fn(d);
      rmSync(d, { recursive: true, force: true });
      return { ...r, members: count, rate: count / r.seconds, cpuRate: count / r.cpuSeconds, bpp: r.bytes / count };
    };
    const scaled = (n: number) => (n < members ? ` (of ${members}; rate per piece)` : '');
    const naive = await baseline('naive', naiveMembers, (d) => runNaive(literature, font, naiveMembers, batch, d));
    log(`naive pdf-lib copyPages: members=${naiveMembers}${scaled(naiveMembers)} seconds=${naive.seconds.toFixed(2)} pieces_per_s=${naive.rate.toFixed(1)} cpu_pieces_per_s=${naive.cpuRate.toFixed(1)} bytes_per_piece=${Math.round(naive.bpp)} load=${load()}`);
    const pdflib = await baseline('pdflib', competentMembers, (d) => runPdflib(literature, font, competentMembers, batch, d));
    log(`pdf-lib embedPages once per file + drawPage + drawText: members=${competentMembers}${scaled(competentMembers)} seconds=${pdflib.seconds.toFixed(2)} pieces_per_s=${pdflib.rate.toFixed(1)} cpu_pieces_per_s=${pdflib.cpuRate.toFixed(1)} bytes_per_piece=${Math.round(pdflib.bpp)} load=${load()}`);
    let qpdfSeconds = 0;
    const qpdf = await baseline('qpdf', competentMembers, async (d) => {
      const r = await runQpdf(literature, litPath, font, competentMembers, batch, d);
      qpdfSeconds = r.qpdfSeconds;
      return r;
    });
    log(`qpdf: pdf-lib address pages + one qpdf --underlay pass per batch: members=${competentMembers}${scaled(competentMembers)} seconds=${qpdf.seconds.toFixed(2)} pieces_per_s=${qpdf.rate.toFixed(1)} cpu_pieces_per_s=${qpdf.cpuRate.toFixed(1)} qpdf_step_only_pieces_per_s=${(competentMembers / qpdfSeconds).toFixed(1)} bytes_per_piece=${Math.round(qpdf.bpp)} load=${load()}`);

    const rate = chosen.pieces / chosen.seconds;
    const cpuRate = chosen.pieces / chosen.cpuSeconds;
    const bpp = chosen.bytes / chosen.pieces;
    const line =
      `merge: members=${members} pieces_per_s=${Math.round(rate)} peak_rss_mb=${Math.round(chosen.peakRssMb)} bytes_per_piece=${Math.round(bpp)} ` +
      `naive_pieces_per_s=${naive.rate.toFixed(1)} ratio=${(rate / naive.rate).toFixed(1)} ` +
      `pdflib_pieces_per_s=${pdflib.rate.toFixed(1)} ratio_pdflib=${(rate / pdflib.rate).toFixed(1)} ` +
      `qpdf_pieces_per_s=${qpdf.rate.toFixed(1)} ratio_qpdf=${(rate / qpdf.rate).toFixed(1)}`;
    log(line);
    log(
      `merge: cpu ratios (CPU time is not skewed by other processes on a shared machine) ratio=${(cpuRate / naive.cpuRate).toFixed(1)} ` +
        `ratio_pdflib=${(cpuRate / pdflib.cpuRate).toFixed(1)} ratio_qpdf=${(cpuRate / qpdf.cpuRate).toFixed(1)}; ` +
        `bytes_per_piece: engine=${Math.round(bpp)} pdflib=${Math.round(pdflib.bpp)} qpdf=${Math.round(qpdf.bpp)} naive=${Math.round(naive.bpp)} ` +
        `(whole files over their pieces, literature included); load=${load()}`,
    );
    return {
      members, engine, chosen, piecesPerS: rate, bytesPerPiece: bpp,
      naive: { members: naiveMembers, piecesPerS: naive.rate, bytesPerPiece: naive.bpp },
      pdflib: { members: competentMembers, piecesPerS: pdflib.rate, bytesPerPiece: pdflib.bpp },
      qpdf: { members: competentMembers, piecesPerS: qpdf.rate, bytesPerPiece: qpdf.bpp },
      line,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The machine's 1-minute load average: figures from a shared machine are read next to it. */
export const load = (): string => readFileSync('/proc/loadavg', 'latin1').split(' ')[0] ?? '?';

/** Bytes each piece adds beyond what every batch file carries anyway (literature, font, trailer). */
function marginalBytesPerPiece(r: EngineRun): number {
  return (r.bytes - r.batches * r.fixedBytes) / r.pieces;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--engine-child') {
    await engineChild(JSON.parse(process.argv[3] as string));
  } else {
    const { values } = parseArgs({
      options: {
        members: { type: 'string' }, 'naive-members': { type: 'string' }, 'competent-members': { type: 'string' },
        batch: { type: 'string' }, workers: { type: 'string' }, 'object-streams': { type: 'boolean' },
      },
    });
    const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    await runMergeBench({
      members: n(values.members), naiveMembers: n(values['naive-members']), competentMembers: n(values['competent-members']),
      batchSize: n(values.batch), workers: values.workers?.split(',').map(Number), objectStreams: values['object-streams'],
    });
  }
}
