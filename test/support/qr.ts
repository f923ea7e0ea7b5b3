import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { headMatrix } from '../../electron/pdf/chain-head.ts';
import type { Head } from '../../shared/domain/chain-head.ts';

const DPI = 288; // 4 pixels per point
const PX = DPI / 72;

/** Page `page` of a PDF rendered by poppler as a grey bitmap (PGM), as a printer would put it on paper. */
export function renderGray(file: string, page = 1): { w: number; h: number; at: (x: number, y: number) => number } {
  const prefix = path.join(path.dirname(file), `${path.basename(file)}-qr`);
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const buf = fs.readFileSync(`${prefix}.pgm`);
  // P5\n<w> <h>\n255\n<bytes>
  const header = buf.subarray(0, 40).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header)!;
  const [w, h] = [Number(m[1]), Number(m[2])];
  const data = buf.subarray(m[0].length);
  return { w, h, at: (x, y) => data[Math.round(y) * w + Math.round(x)]! };
}

/**
 * Reads the QR modules printed with their quiet zone's lower-left corner at (x, y) points, `module` points each, by
 * sampling the centre of every module in the rendered page; returns how many of the head's modules match.
 */
export function qrMatches(file: string, pageHeightPt: number, corner: { x: number; y: number }, head: Head, module = 1.5, page = 1): { modules: number; matching: number } {
  const img = renderGray(file, page);
  const expected = headMatrix(head);
  const n = expected.length;
  let matching = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const xPt = corner.x + 4 * module + (c + 0.5) * module;
      const yPt = corner.y + 4 * module + (n - 1 - r + 0.5) * module;
      const dark = img.at(xPt * PX, (pageHeightPt - yPt) * PX) < 128;
      if (dark === expected[r]![c]) matching++;
    }
  }
  return { modules: n * n, matching };
}
