import QRCode from 'qrcode';
import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { headLine, headQrText, shortHead, type Head } from '../../shared/domain/chain-head.ts';

/** The QR matrix of a head (error correction M): rows of booleans, true = dark module. */
export function headMatrix(h: Head): boolean[][] {
  const { modules } = QRCode.create(headQrText(h), { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1));
}

/** Where the mark goes: (x, y) is the lower-left corner of the QR code's quiet zone; the text sits to its right or left. */
export type HeadMark = {
  x: number; y: number; module?: number; size?: number; text?: 'right' | 'left' | 'below';
  /** The short form in the reader's language ("Cadena de auditoría #12 0123abcd..."); English when not given. */
  label?: (short: string) => string;
};

/**
 * Draws the head on a page: the QR code as vector squares (one rectangle per run of dark modules in a row, so it
 * prints sharp at any resolution and needs no image), with its 4-module quiet zone, and the short form beside it.
 * Returns the side of the square.
 */
export function drawChainHead(page: PDFPage, font: PDFFont, h: Head, at: HeadMark): { width: number; height: number } {
  const m = at.module ?? 1.5;
  const size = at.size ?? 7;
  const matrix = headMatrix(h);
  const n = matrix.length;
  const quiet = 4 * m;
  const side = n * m + 2 * quiet;
  page.drawRectangle({ x: at.x, y: at.y, width: side, height: side, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    const row = matrix[r]!;
    for (let c = 0; c < n; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < n && row[end + 1]) end++;
      page.drawRectangle({ x: at.x + quiet + c * m, y: at.y + quiet + (n - 1 - r) * m, width: (end - c + 1) * m, height: m, color: rgb(0, 0, 0) });
      c = end;
    }
  }
  const line = at.label ? at.label(shortHead(h)) : headLine(h);
  const w = font.widthOfTextAtSize(line, size);
  const x = at.text === 'left' ? at.x - 2 - w : at.text === 'below' ? at.x + side - w : at.x + side + 2;
  const y = at.text === 'below' ? at.y - size : at.y + side / 2 - size / 2;
  page.drawText(line, { x, y, size, font, color: rgb(0.2, 0.2, 0.2) });
  return { width: side, height: side };
}

/** The side of the square the QR code takes, quiet zone included, for a layout to reserve room. */
export const chainHeadSide = (h: Head, module = 1.5): number => (headMatrix(h).length + 8) * module;
