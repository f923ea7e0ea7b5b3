import fontkit from '@pdf-lib/fontkit';
import { wrapText } from '../pdf/wrap.ts';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Head } from '../../shared/domain/chain-head.ts';
import { chainHeadSide, drawChainHead } from '../pdf/chain-head.ts';
import { unicodeFont } from '../pdf/unicode-font.ts';

// Report PDFs: landscape US Letter, DejaVu Sans (resources/, free licence) embedded and subset because the standard
// PDF fonts cannot encode Vietnamese or Spanish names exactly. Dates come from the report, so the same report data
// gives the same bytes.

export type PdfColumn = { label: string; width: number; align?: 'left' | 'right' };
export type PdfSection = {
  heading: string;
  lines?: string[];
  columns?: PdfColumn[];
  rows?: string[][];
  /** Rows drawn on a highlight band (unexplained differences). */
  highlight?: boolean[];
};
export type PdfSpec = {
  title: string; meta: string[]; sections: PdfSection[]; footer: string; generatedAt: string;
  /** The reader's language: "Page 2 of 3." and the document's /Lang (English when not given). */
  pageLabel?: (page: number, pages: number) => string; locale?: string; headLabel?: (short: string) => string;
};

const W = 792;
const H = 612;
const M = 36;
const SIZE = 8;
const LEAD = 11;
const MAX_CELL_LINES = 8;

function fit(font: PDFFont, text: string, width: number, size = SIZE): string {
  const clean = text.normalize('NFC').replace(/[\r\n\t]+/g, ' ');
  if (font.widthOfTextAtSize(clean, size) <= width) return clean;
  let s = clean;
  while (s.length > 1 && font.widthOfTextAtSize(`${s}…`, size) > width) s = s.slice(0, -1);
  return `${s}…`;
}

/** Lines that fit `width` (the one wrapping rule every document uses). */
const wrap = (font: PDFFont, text: string, width: number, size = SIZE): string[] => wrapText(font, text, width, size);

/** Lower-left corner of the chain head's QR code on page 1 (top right). */
export const reportHeadCorner = (side: number): { x: number; y: number } => ({ x: W - M - side, y: H - M + 8 - side });

export async function reportPdf(spec: PdfSpec, head?: Head): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(unicodeFont(), { subset: true });
  const when = new Date(spec.generatedAt);
  doc.setTitle(spec.title);
  doc.setLanguage(spec.locale ?? 'en-US');
  doc.setProducer('LitDesk');
  doc.setCreator('LitDesk');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - M;
  const newPage = () => { page = doc.addPage([W, H]); y = H - M; };
  const need = (h: number) => { if (y - h < M + 24) newPage(); };
  const text = (s: string, x: number, size = SIZE) => page.drawText(s, { x, y, size, font, color: rgb(0, 0, 0) });

  // The audit chain head the report was built from, top right of page 1: text and QR code (DESIGN §3).
  const side = head ? chainHeadSide(head) : 0;
  if (head) drawChainHead(page, font, head, { ...reportHeadCorner(side), text: 'left', ...(spec.headLabel ? { label: spec.headLabel } : {}) });
  need(30);
  const beside = W - 2 * M - (head ? side + 170 : 0);
  // The title wraps rather than being cut: in Spanish or Vietnamese it runs longer, and the election date is at its end.
  for (const l of wrap(font, spec.title, beside, 14).slice(0, 3)) { text(l, M, 14); y -= 18; }
  y -= 4;
  for (const m of spec.meta) for (const l of wrap(font, m, beside)) { need(LEAD); text(l, M); y -= LEAD; }

  for (const s of spec.sections) {
    y -= 6;
    need(LEAD * 3);
    text(fit(font, s.heading, W - 2 * M, 10), M, 10);
    y -= LEAD + 3;
    for (const line of s.lines ?? []) for (const l of wrap(font, line, W - 2 * M)) { need(LEAD); text(l, M); y -= LEAD; }
    if (!s.columns) continue;
    const header = () => {
      // Column labels wrap (up to three lines) rather than being cut: "Retenido a favor del candidato" is a money word.
      const labels = s.columns!.map((c) => wrap(font, c.label, c.width - 4).slice(0, 3));
      const lines = Math.max(1, ...labels.map((l) => l.length));
      let x = M;
      s.columns!.forEach((c, j) => { labels[j]!.forEach((l, k) => page.drawText(l, { x, y: y - k * LEAD, size: SIZE, font, color: rgb(0, 0, 0) })); x += c.width; });
      y -= (lines - 1) * LEAD;
      y -= 3;
      page.drawLine({ start: { x: M, y }, end: { x: W - M, y }, thickness: 0.5, color: rgb(0.4, 0.4, 0.4) });
      y -= LEAD - 2;
    };
    header();
    (s.rows ?? []).forEach((row, i) => {
      // Cells wrap instead of being cut: a reason or a rate list must be readable in full.
      const cells = s.columns!.map((c, j) => wrap(font, row[j] ?? '', c.width - 4).slice(0, MAX_CELL_LINES));
      const height = Math.max(1, ...cells.map((c) => c.length)) * LEAD;
      if (y - height < M + 24) { newPage(); header(); }
      if (s.highlight?.[i]) {
        page.drawRectangle({ x: M - 2, y: y - height + LEAD - 3, width: W - 2 * M + 4, height, color: rgb(1, 0.9, 0.6) });
      }
      let x = M;
      s.columns!.forEach((c, j) => {
        cells[j]!.forEach((line, k) => {
          const dx = c.align === 'right' ? c.width - 4 - font.widthOfTextAtSize(line, SIZE) : 0;
          page.drawText(line, { x: x + dx, y: y - k * LEAD, size: SIZE, font, color: rgb(0, 0, 0) });
        });
        x += c.width;
      });
      y -= height;
    });
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const pageText = spec.pageLabel ? spec.pageLabel(i + 1, pages.length) : `Page ${i + 1} of ${pages.length}.`;
    const lines = wrap(font, `${spec.footer} ${pageText}`, W - 2 * M, 7);
    lines.slice(0, 3).forEach((l, k) => p.drawText(l, { x: M, y: M - 4 - k * 9, size: 7, font, color: rgb(0.25, 0.25, 0.25) }));
  });
  return doc.save({ useObjectStreams: false });
}
