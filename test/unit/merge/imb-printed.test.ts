// The barcode as printed, read back the way a mail-processing machine reads it: the page rendered by poppler
// (pdftoppm), the 65 bars measured from the pixels, the bars DECODED (test/support/imb-decode.ts, written from
// USPS-B-3200 independently of the encoder) into tracking and routing code. Routing codes of 0, 5, 9 and 11 digits:
// an 11-digit code is ZIP + ZIP+4 + delivery point.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLiterature } from '../../../bench/merge-data.ts';
import { DEFAULT_GEOMETRY, toleranceBox, writeBatch, type Piece } from '../../../electron/merge/engine/index.ts';
import { encodeImb } from '../../../shared/domain/imb/imb.ts';
import { decodeImb, readBarsFromPixels } from '../../support/imb-decode.ts';

const FONT = readFileSync(new URL('../../../resources/fonts/DejaVuSans.ttf', import.meta.url));
const TRACKING = '01234567094987654321';

// USPS-B-3200 Appendix worked examples: the specification's own bars for each routing length.
const SPEC = [
  { routing: '', bars: 'ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT' },
  { routing: '01234', bars: 'DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT' },
  { routing: '012345678', bars: 'ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA' },
  { routing: '01234567891', bars: 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA' },
] as const;

describe('IMb decoder (test support) against the specification', () => {
  for (const ex of SPEC) {
    it(`decodes the published bars for routing "${ex.routing}"`, () => {
      expect(decodeImb(ex.bars)).toEqual({ tracking: TRACKING, routing: ex.routing });
    });
  }
  it('refuses a barcode with one bar changed (frame check or character error)', () => {
    const bars = SPEC[3].bars;
    expect(() => decodeImb((bars[0] === 'A' ? 'F' : 'A') + bars.slice(1))).toThrow();
  });
});

let dir: string;
let literature: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'litdesk-imb-printed-'));
  literature = await makeLiterature(2, [90, 60]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Page `page` rendered at `dpi`, grey, whole page. */
function render(file: string, page: number, dpi: number): { width: number; height: number; pixels: Uint8Array } {
  const r = spawnSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-aaVector', 'no', file], { maxBuffer: 256 << 20 });
  const buf = r.stdout as Buffer;
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: buf.subarray(header[0].length) };
}

describe('the printed barcode decodes to the tracking and routing code it was given (pdftoppm, 600 dpi)', () => {
  const cases = [
    { routing: '', why: 'no ZIP' },
    { routing: '92840', why: 'ZIP only' },
    { routing: '928401234', why: 'ZIP+4' },
    { routing: '92840123456', why: 'ZIP+4 and delivery point 56' },
    { routing: '01234567891', why: 'the specification example (delivery point 91)' },
    { routing: '99999999999', why: 'the largest routing code' },
  ];
  it.each(cases)('routing "$routing" ($why)', async ({ routing }) => {
    const enc = encodeImb(TRACKING, routing);
    if (!enc.ok) throw new Error('encode');
    const pieces: Piece[] = [{ lines: ['NGUYỄN THỊ HƯƠNG', '22 BIRCH LN FL 2', 'GARDEN GROVE CA 92840-1234'], imb: enc.value }];
    const out = join(dir, `imb-${routing || 'none'}.pdf`);
    await writeBatch({ literature, font: FONT, geometry: DEFAULT_GEOMETRY, pieces, outPath: out });
    const dpi = 600;
    const img = render(out, 1, dpi);
    const k = dpi / 72;
    const box = toleranceBox(DEFAULT_GEOMETRY);
    const px = { x0: Math.floor(box.x0 * k) - 2, x1: Math.ceil(box.x1 * k) + 2, y0: Math.floor((792 - box.y1) * k) - 2, y1: Math.ceil((792 - box.y0) * k) + 2 };
    const bars = readBarsFromPixels(img, px);
    expect(bars).toHaveLength(65);
    expect(decodeImb(bars)).toEqual({ tracking: TRACKING, routing });
  }, 60_000);
});
