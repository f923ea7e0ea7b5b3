import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { toCsv } from '../../shared/domain/csv.ts';
import type { Head } from '../../shared/domain/chain-head.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { manifestNames } from './plan.ts';
import type { JobRecord } from './store.ts';
import type { MergeBatchView } from '../../shared/api/commands/merge.ts';

// The mail house's manifest: per batch its file, pieces, pages, ZIP range, counts per ZIP3 and SHA-256.
// COUNTS ONLY: nothing here comes from a member's record but ZIP codes aggregated to counts (issue 5). It stays
// clear (issue 13 §4): the mail house checks what it received (the delivered file's SHA-256) before decrypting, and
// the PDF inside after (`pdf_sha256`); both hashes reveal nothing of the list.

export type ManifestInput = {
  job: JobRecord; electionName: string; batches: MergeBatchView[]; pages: number; sheets: number; chainHead?: Head;
  mailHouse?: { name: string; fingerprint: string } | null;
};

const zip3Text = (z: Record<string, number>): string => Object.entries(z).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}:${n}`).join(' ');

/** ZIP3 areas whose pieces are in more than one batch (a tray the mail house must make from two files). */
export function splitZip3(batches: ReadonlyArray<{ zip3: Record<string, number> }>): string[] {
  const seen = new Map<string, number>();
  for (const b of batches) for (const z of Object.keys(b.zip3)) seen.set(z, (seen.get(z) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([z]) => z).sort();
}

export function manifestCsv(m: ManifestInput): string {
  const rows: Array<Array<string | number>> = [
    ['batch', 'file', 'pieces', 'pages', 'first_zip', 'last_zip', 'zip3_counts', 'sha256', 'pdf_sha256'],
    ...m.batches.map((b) => [b.index + 1, b.fileName, b.pieces, b.pages, b.firstZip, b.lastZip, zip3Text(b.zip3), b.sha256, b.pdfSha256 ?? '']),
    ['total', '', m.job.totalPieces, m.pages, '', '', '', '', ''],
  ];
  return toCsv(rows);
}

export async function manifestPdf(m: ManifestInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true });
  const size = 8;
  let page = doc.addPage([612, 792]);
  // The audit chain head when production finished, top right of page 1 (DESIGN §3).
  if (m.chainHead) drawChainHead(page, font, m.chainHead, { x: 572 - chainHeadSide(m.chainHead), y: 780 - chainHeadSide(m.chainHead), text: 'below' });
  let y = 750;
  const line = (text: string, s = size, x = 40) => {
    if (y < 50) { page = doc.addPage([612, 792]); y = 750; }
    page.drawText(text, { x, y, size: s, font, color: rgb(0, 0, 0) });
    y -= s + 4;
  };
  line(`Production manifest: ${m.electionName}, request ${m.job.requestId}, job ${m.job.id}`, 12);
  line(`Pieces ${m.job.totalPieces.toLocaleString('en-US')}  Pages ${m.pages.toLocaleString('en-US')}  Sheets ${m.sheets.toLocaleString('en-US')}  Batches ${m.batches.length}  Batch size ${m.job.batchSize}`);
  line(`Literature SHA-256 ${m.job.literatureSha256}`);
  line('Run the batches in file order. Counts only: this manifest holds no names or addresses.');
  const split = splitZip3(m.batches);
  const areas = new Set(m.batches.flatMap((b) => Object.keys(b.zip3))).size;
  line(m.job.batchStarts ? 'Batches break at ZIP3 boundaries where the batch size allows.' : 'Fixed-size batches (this job started before ZIP3 breaks).');
  line(`ZIP3 areas ${areas}; split across batches ${split.length}${split.length ? ':' : ''}`);
  for (let i = 0; i < split.length; i += 20) line(split.slice(i, i + 20).join('  '), size, 56);
  if (m.mailHouse) {
    line(`Each batch is encrypted to ${m.mailHouse.name}, key ${m.mailHouse.fingerprint.replace(/(.{4})(?!$)/g, '$1 ')}: decrypt with gpg --decrypt.`);
  }
  y -= 6;
  let slice = performance.now();
  for (const b of m.batches) {
    // Two hundred batches of lines are seconds of layout at a million members: let other commands run meanwhile.
    if (performance.now() - slice > 20) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
    line(`${b.index + 1}. ${b.fileName}   pieces ${b.pieces}   pages ${b.pages}   ZIP ${b.firstZip}-${b.lastZip}`, 9);
    line(`SHA-256 ${b.sha256}`, size, 56);
    if (b.pdfSha256) line(`PDF SHA-256 ${b.pdfSha256}`, size, 56);
    // ZIP3 counts wrap at ~14 per line.
    const parts = zip3Text(b.zip3).split(' ');
    for (let i = 0; i < parts.length; i += 14) line(`ZIP3 ${parts.slice(i, i + 14).join('  ')}`, size, 56);
    y -= 3;
  }
  return doc.save({ objectsPerTick: Infinity });
}

/** Writes both manifests under temporary names, then renames: the folder never holds half a manifest. */
export async function writeManifests(m: ManifestInput): Promise<{ pdf: string; csv: string; pdfSha256: string; csvSha256: string }> {
  const names = manifestNames(m.job.filePrefix);
  const put = (name: string, bytes: Uint8Array): string => {
    const file = path.join(m.job.folder, name);
    try {
      writeFileSync(file + '.part', bytes, { flush: true, mode: 0o600 });
      renameSync(file + '.part', file);
    } catch (e) {
      rmSync(file + '.part', { force: true });
      throw e;
    }
    return createHash('sha256').update(bytes).digest('hex');
  };
  const pdfSha256 = put(names.pdf, await manifestPdf(m));
  const csvSha256 = put(names.csv, Buffer.from(manifestCsv(m), 'utf8'));
  return { ...names, pdfSha256, csvSha256 };
}
