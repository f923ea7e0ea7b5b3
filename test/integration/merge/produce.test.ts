import { shortHead } from '../../../shared/domain/chain-head.ts';
// A released request produced end to end on a real vault, checked with real poppler and qpdf: presort order, batch
// boundaries, seeds at their recorded positions, manifest counts = the audience, no personal data in the manifest.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { countAudience } from '../../../electron/members/audience.ts';
import { prepareMember } from '../../../electron/members/record.ts';
import { MemberWriter } from '../../../electron/members/writer.ts';
import { jobActuals } from '../../../electron/merge/store.ts';
import { CANARY, CANARY_TOKENS, seedCanary } from '../reports/world.ts';
import { clearCopy } from '../../support/mail-house.ts';
import { buildMergeWorld, openCopy, outputFolder, sha256File, waitForJob, type MergeWorld } from './world.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const pdfPages = (f: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [f]))?.[1]);
const BATCH = 40;

let world: MergeWorld;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 300, seeds: 2, extra: (b) => seedCanary(b.vault!.db) });
}, 60_000);

/** Page-1 ZIPs in print order: the last line of each address block ("CITY ST 12345-6789"). */
function pieceZips(file: string): string[] {
  const pages = run('pdftotext', ['-layout', file, '-']).split('\f');
  const zips: string[] = [];
  for (let i = 0; i < pages.length; i += 2) {
    const m = /^\s*\S.* [A-Z]{2} (\d{5})(?:-\d{4})?\s*$/m.exec(pages[i] ?? '');
    if (m) zips.push(m[1]!);
  }
  return zips;
}

describe('merge.start produces a released request', () => {
  it('writes presorted batches, seeds at recorded positions, and a counts-only manifest', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    const folder = outputFolder(backend);
    const t0 = performance.now();
    const { jobId } = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId, batchSize: BATCH });
    const startMs = performance.now() - t0;
    const p = await waitForJob(client, jobId);
    expect(p.status).toBe('done');
    const [job] = await client.call('merge.jobs', { requestId: world.requestId });
    expect(job!.id).toBe(jobId);
    // Started in the background: the command answered before the work was done.
    expect(startMs).toBeLessThan(2000);

    const audience = countAudience(db, { kind: 'allGoodStanding' });
    expect(job!.members).toBe(audience);
    expect(job!.seeds).toBe(2);
    expect(job!.totalPieces).toBe(audience + 2);
    // Batches break on ZIP3 boundaries (issue 15 §9): never over the batch size, never under half of it but the last.
    expect(job!.totalBatches).toBeGreaterThanOrEqual(Math.ceil(job!.totalPieces / BATCH));
    expect(job!.totalBatches).toBeLessThanOrEqual(2 * Math.ceil(job!.totalPieces / BATCH));

    // Files: named in running order, nothing partial, each one a clean PDF with 2 pages per piece.
    const files = fs.readdirSync(folder).sort();
    // Print files and manifests hold or describe the list: readable by this OS user only (issue 12 §7).
    if (process.platform !== 'win32') for (const f of files) expect([f, fs.statSync(path.join(folder, f)).mode & 0o777]).toEqual([f, 0o600]);
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    const batchFiles = files.filter((f) => f.includes('-batch-'));
    expect(batchFiles).toEqual(job!.batches.map((b) => b.fileName));
    expect(batchFiles[0]).toMatch(new RegExp(`^officer-election-2026-request-\\d+-batch-0001-of-${String(job!.totalBatches).padStart(4, '0')}\\.pdf\\.gpg$`));
    const allZips: string[] = [];
    // Each delivered file is the OpenPGP message; its clear PDF (decrypted with the mail house's key) is checked.
    const clear = new Map<string, string>();
    for (const b of job!.batches) {
      expect(sha256File(path.join(folder, b.fileName))).toBe(b.sha256);
      const file = await clearCopy(path.join(folder, b.fileName));
      clear.set(b.fileName, file);
      expect(sha256File(file)).toBe(b.pdfSha256);
      expect(b.pieces).toBeLessThanOrEqual(BATCH);
      if (b.index < job!.totalBatches - 1) expect(b.pieces).toBeGreaterThanOrEqual(BATCH / 2);
      expect(pdfPages(file)).toBe(b.pieces * 2);
      expect(b.pages).toBe(b.pieces * 2);
      expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
      const zips = pieceZips(file);
      expect(zips).toHaveLength(b.pieces);
      expect(Object.values(b.zip3).reduce((s, n) => s + n, 0)).toBe(b.pieces);
      allZips.push(...zips);
    }

    // Seeds sit exactly where the job record says; every other piece is a member in presort order.
    const seeds = db.prepare('SELECT position, batch_index FROM merge_job_seeds WHERE job_id = ? ORDER BY position').all(jobId) as Array<{ position: number; batch_index: number }>;
    expect(seeds).toHaveLength(2);
    const seedText = new Set<number>();
    let globalIndex = 0;
    for (const b of job!.batches) {
      const pages = run('pdftotext', [clear.get(b.fileName)!, '-']).split('\f');
      for (let i = 0; i < pages.length - 1; i += 2) {
        if (/SEED BOX/.test(pages[i]!)) seedText.add(globalIndex);
        globalIndex++;
      }
    }
    expect([...seedText]).toEqual(seeds.map((s) => s.position));
    const firstOf = job!.batches.map((_, i) => job!.batches.slice(0, i).reduce((n, b) => n + b.pieces, 0));
    seeds.forEach((s) => {
      const b = job!.batches[s.batch_index]!;
      expect(s.position).toBeGreaterThanOrEqual(firstOf[s.batch_index]!);
      expect(s.position).toBeLessThan(firstOf[s.batch_index]! + b.pieces);
      // Inside its batch's printed ZIP range, counted in its ZIP3 figures.
      expect(allZips[s.position]! >= b.firstZip && allZips[s.position]! <= b.lastZip).toBe(true);
      expect(b.zip3[allZips[s.position]!.slice(0, 3)]).toBeGreaterThan(0);
    });
    // A ZIP3 in two batch files (read from the printed pages) is one too large for the second half of a batch.
    const zip3Files = new Map<string, Set<number>>();
    let at = 0;
    for (const b of job!.batches) {
      for (let i = 0; i < b.pieces; i++, at++) {
        const z3 = allZips[at]!.slice(0, 3);
        zip3Files.set(z3, (zip3Files.get(z3) ?? new Set<number>()).add(b.index));
      }
    }
    const size3 = (z: string) => allZips.filter((x) => x.startsWith(z)).length;
    const split = [...zip3Files].filter(([, files]) => files.size > 1).map(([z]) => z);
    for (const z of split) expect(size3(z), `ZIP3 ${z} split`).toBeGreaterThan(BATCH / 2);
    expect(zip3Files.size).toBeGreaterThan(3);
    const memberZips = allZips.filter((_, i) => !seedText.has(i));
    const expected = (db.prepare(`SELECT zip5 FROM members WHERE active = 1 AND good_standing = 1 ORDER BY zip5, zip4, id`).pluck().all() as string[]);
    expect(memberZips).toEqual(expected);
    // Batch ranges follow: each batch's first/last member ZIP.
    for (const b of job!.batches) expect(b.firstZip <= b.lastZip).toBe(true);

    // The manifest: counts equal the audience, hashes equal the files, and no names or addresses (canary).
    const csvText = fs.readFileSync(path.join(folder, job!.manifest!.csv), 'utf8');
    const csv = Papa.parse<string[]>(csvText.trim(), { skipEmptyLines: true }).data;
    expect(csv[0]).toEqual(['batch', 'file', 'pieces', 'pages', 'first_zip', 'last_zip', 'zip3_counts', 'sha256', 'pdf_sha256']);
    const rows = csv.slice(1, -1);
    expect(rows.map((r) => r[1])).toEqual(batchFiles);
    expect(rows.reduce((s, r) => s + Number(r[2]), 0)).toBe(audience + job!.seeds);
    expect(Number(csv.at(-1)![2])).toBe(audience + job!.seeds);
    rows.forEach((r, i) => expect(r[7]).toBe(job!.batches[i]!.sha256));
    rows.forEach((r, i) => expect(r[8]).toBe(job!.batches[i]!.pdfSha256));
    const manifestPdf = path.join(folder, job!.manifest!.pdf);
    expect(run('qpdf', ['--check', manifestPdf])).toMatch(/No syntax or stream encoding errors/);
    const pdfText = run('pdftotext', [manifestPdf, '-']);
    for (const b of job!.batches) expect(pdfText).toContain(b.sha256);
    expect(pdfText.replace(/\s+/g, ' ')).toContain('Each batch is encrypted to Bay Mailing Co');
    expect(pdfText.replace(/\s+/g, ' ')).toContain(`Batches break at ZIP3 boundaries where the batch size allows. ZIP3 areas ${zip3Files.size}; split across batches ${split.length}`);
    // The chain head recorded on the job row when production started is printed on the manifest and anchored (issue 14 §1).
    const head = db.prepare("SELECT chain_head_seq AS seq, chain_head_hash AS hash FROM merge_jobs WHERE id = ?").get(job!.id) as { seq: number; hash: string };
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pdfText.replace(/\s+/g, ' ')).toContain(shortHead(head));
    expect(db.prepare("SELECT seq, hash FROM audit_anchors WHERE kind = 'manifest' AND document = ?").get(`manifest job ${job!.id}`)).toEqual(head);
    const personal = db.prepare('SELECT print_name, print_delivery FROM members').raw().all() as string[][];
    for (const text of [csvText, pdfText]) {
      for (const t of CANARY_TOKENS) expect(text).not.toContain(t);
      for (const [name, delivery] of personal) {
        expect(text).not.toContain(name!);
        expect(text).not.toContain(delivery!);
      }
      expect(text).not.toContain('SEED BOX');
    }
    // The canary member was printed (it is in the audience), so the check above could have failed.
    expect(batchFiles.map((f) => run('pdftotext', [clear.get(f)!, '-'])).join(''))
      .toContain('QUILLFEATHER');

    // The request is produced; billing reads the actual totals; the audit trail holds each hash and no names.
    const req = db.prepare('SELECT status FROM requests WHERE id = ?').get(world.requestId) as { status: string };
    expect(req.status).toBe('produced');
    expect(jobActuals(db, world.requestId)).toMatchObject({ jobId, pieces: audience + 2, pages: (audience + 2) * 2, sheets: audience + 2, batches: job!.totalBatches });
    const audits = db.prepare("SELECT details FROM audit_log WHERE action LIKE 'merge.%' ORDER BY seq").pluck().all() as string[];
    for (const b of job!.batches) expect(audits.some((a) => a.includes(b.sha256))).toBe(true);
    for (const t of CANARY_TOKENS) expect(audits.join('\n')).not.toContain(t);
    const v = await client.call('audit.verify', {});
    expect(v.ok).toBe(true);
  }, 60_000);

  it('refuses an unreleased request, an ungranted folder, and a font gap (naming characters, not people)', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    await expect(client.call('merge.start', { requestId: world.requestId, folder: '/tmp', mailHouseId: world.mailHouseId })).rejects.toMatchObject({ code: 'path.notGranted' });
    const folder = outputFolder(backend);
    const odd = prepareMember({ ...CANARY, memberId: '8800111', firstName: '王', lastName: 'Fenwickshire', fullName: '王 Fenwickshire' });
    if (!odd.ok) throw new Error('member');
    db.transaction(() => new MemberWriter(db, { now: new Date(), source: 'import', actorId: null }).write(odd.member, true))();
    const err = await client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId }).catch((e: unknown) => e) as { code: string; details: Record<string, unknown> };
    expect(err.code).toBe('merge.missingGlyph');
    expect(err.details.characters).toBe('王 U+738B');
    expect(JSON.stringify(err)).not.toMatch(/FENWICKSHIRE|Fenwickshire/i);
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM merge_jobs').pluck().get()).toBe(0);
    db.prepare("UPDATE requests SET status='produced' WHERE id=?").run(world.requestId);
    await expect(client.call('merge.start', { requestId: world.requestId, folder, mailHouseId: world.mailHouseId })).rejects.toMatchObject({ code: 'merge.notReleased' });
  }, 30_000);

  it('keeps seed addresses append-only and writes the calibration sheet', async () => {
    const { client, backend } = await openCopy(world);
    const db = backend.vault!.db;
    const seeds = await client.call('merge.seeds.list', {});
    expect(seeds.map((s) => s.lines[0])).toEqual(['SEED BOX 1', 'SEED BOX 2']);
    await client.call('merge.seeds.remove', { seedId: seeds[0]!.id });
    expect((await client.call('merge.seeds.list', {})).length).toBe(1);
    expect((await client.call('merge.seeds.list', { includeRemoved: true })).length).toBe(2);
    expect(() => db.prepare('DELETE FROM seed_addresses').run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE seed_addresses SET lines = '[]'").run()).toThrow(/fixed/);
    const folder = outputFolder(backend);
    const cal = await client.call('merge.calibration', { electionId: world.electionId, folder });
    expect(pdfPages(cal.path!)).toBe(1);
    const saved = await client.call('merge.calibration', { electionId: world.electionId });
    expect(Buffer.from(saved.base64!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  }, 30_000);
});
