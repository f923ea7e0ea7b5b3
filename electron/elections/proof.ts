import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { PrintSettings } from '../../shared/api/commands/elections.ts';
import type { Head } from '../../shared/domain/chain-head.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { removeTextUnder } from '../requests/literature/knockout.ts';
import { normaliseDocument } from '../requests/literature/normalise.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';
import { CLEAR_PT } from './print-settings.ts';

/**
 * The address on every proof: obviously not a member (never a real member's data on a proof), in the Publication 28
 * style the merge prints, with Vietnamese diacritics so the candidate sees the font covers them.
 */
export const SPECIMEN_LINES = ['SPECIMEN · NGUYỄN THỊ HƯƠNG', '1234 SAMPLE ST APT 5', 'ANYTOWN CA 90000-0000'];

const FONT_SIZE = 10;
const LEADING = 12;
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** The proof's name in audit_anchors (its head is recorded when the request is received). */
export const proofDocument = (requestId: number): string => `request ${requestId}`;

/**
 * The literature as it will print: in window mode page 1 gets a white knock-out over the window (as the merge engine
 * does) with the specimen address inside the 1/8 in clear space and a thin outline of the window; in address-page
 * mode a separate first page carries the address. Deterministic bytes (fixed dates, fixed font name) so the
 * candidate's sign-off can name the exact proof by its SHA-256.
 */
export async function buildProof(literature: Uint8Array, print: PrintSettings, record?: { requestId: number; head: Head | null }): Promise<{ bytes: Uint8Array; sha256: string; pages: number }> {
  const doc = await PDFDocument.load(literature, { updateMetadata: false });
  // The same upright, trimmed objects the merge draws (a no-op for literature stored since intake normalises it).
  normaliseDocument(doc);
  // The literature's own text under the window goes, as in the merge (knockout.ts): the proof shows what prints.
  if (print.addressMode === 'window' && doc.getPageCount() > 0) {
    await removeTextUnder(doc, 0, { x: print.windowXPt, y: print.windowYPt, w: print.windowWPt, h: print.windowHPt });
  }
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true, customName: 'LitDeskDejaVuSans' });
  let page;
  if (print.addressMode === 'addressPage') {
    page = doc.insertPage(0, [612, 792]);
  } else {
    page = doc.getPage(0);
    page.drawRectangle({ x: print.windowXPt, y: print.windowYPt, width: print.windowWPt, height: print.windowHPt, color: rgb(1, 1, 1) });
  }
  page.drawRectangle({
    x: print.windowXPt, y: print.windowYPt, width: print.windowWPt, height: print.windowHPt,
    borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5, borderDashArray: [3, 3],
  });
  let y = print.windowYPt + print.windowHPt - CLEAR_PT - FONT_SIZE;
  for (const line of SPECIMEN_LINES) {
    page.drawText(line.normalize('NFC'), { x: print.windowXPt + CLEAR_PT, y, size: FONT_SIZE, font, color: rgb(0, 0, 0) });
    y -= LEADING;
  }
  const pages = doc.getPageCount();
  if (record?.head) {
    // A last sheet that is not part of the mailing: which request this proof is for, and the audit chain head when
    // the request was received (DESIGN §3). The pages before it are exactly what will print.
    const sheet = doc.addPage([612, 792]);
    const lines = [`Proof for request #${record.requestId}`, 'This page is the proof record. It is not part of the mailing: the pages before it are what will print.'];
    lines.forEach((l, i) => sheet.drawText(l, { x: 72, y: 720 - i * 16, size: i === 0 ? 14 : 10, font, color: rgb(0, 0, 0) }));
    drawChainHead(sheet, font, record.head, { x: 72, y: 640 - chainHeadSide(record.head), text: 'right' });
  }
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  doc.setProducer('LitDesk proof');
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), pages };
}

/**
 * Every page as a PNG for the on-screen preview (issue 16 §9: the candidate sees each page before signing off),
 * if poppler's pdftoppm is on this machine (Linux usually has it). The renderer cannot show PDFs itself (no pdf.js,
 * frames may not load blob: URLs under the CSP), so without it the screen shows the window diagram and the
 * candidate saves the PDF. The PDF goes through stdin and each PNG comes back on stdout: no temp files. One page
 * per run, one run at a time (a proof has a few pages; the machine's cores are shared).
 */
export async function previewPages(pdf: Uint8Array, pages: number, dpi = 72): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const png = await previewPage(pdf, page, dpi);
    if (png === null) return [];
    out.push(png);
  }
  return out;
}

function previewPage(pdf: Uint8Array, page: number, dpi: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = execFile('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-'],
      { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024, timeout: 15_000 },
      (err, stdout) => resolve(err || !stdout.length ? null : Buffer.from(stdout).toString('base64')));
    child.on('error', () => resolve(null));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(Buffer.from(pdf));
  });
}
