import { MergeError, type Geometry } from './types.ts';

export const LETTER_W = 612;
export const LETTER_H = 792;
const IN = 72;

/**
 * DESIGN §7 default: #10 window envelope, window 1 1/8 x 4 1/2 in, 7/8 in from the left and 1/2 in from the bottom
 * of the folded panel. A letter tri-folded into a #10 puts the top third of page 1 behind the window side, so the
 * panel's bottom sits at 792 - 264 = 528 pt on page 1. Elections override this; staff check it with the
 * calibration sheet.
 */
export const DEFAULT_GEOMETRY: Geometry = {
  windowX: 0.875 * IN,
  windowY: LETTER_H - 3.667 * IN + 0.5 * IN,
  windowW: 4.5 * IN,
  windowH: 1.125 * IN,
  clear: 0.125 * IN,
  mode: 'window',
  sides: 'duplex',
};

/**
 * Intelligent Mail barcode dimensions (USPS-B-3200 ranges: 20-24 bars/in, bar width 0.015-0.025 in, full bar
 * 0.125-0.165 in, tracker 0.039-0.057 in). Nominal values, in points.
 */
export const IMB = {
  pitch: IN / 22,
  barWidth: 0.02 * IN,
  full: 0.145 * IN,
  tracker: 0.05 * IN,
  /** Clear zone above and below the bars (spec minimum 0.028 in). */
  gap: 0.04 * IN,
  bars: 65,
};
export const IMB_LENGTH = (IMB.bars - 1) * IMB.pitch + IMB.barWidth;

export type InnerBox = { x0: number; y0: number; x1: number; y1: number };

/** The area the address may use: the window less the clear space on every side. */
export function innerBox(g: Geometry): InnerBox {
  return { x0: g.windowX + g.clear, y0: g.windowY + g.clear, x1: g.windowX + g.windowW - g.clear, y1: g.windowY + g.windowH - g.clear };
}

export function validateGeometry(g: Geometry): void {
  const nums = [g.windowX, g.windowY, g.windowW, g.windowH, g.clear];
  const bad = (why: string): never => {
    throw new MergeError('merge.badGeometry', `Envelope window geometry is unusable: ${why}`, { why });
  };
  if (!nums.every((n) => Number.isFinite(n))) bad('a value is not a number');
  if (g.mode !== 'window' && g.mode !== 'addressPage') bad('unknown mode');
  if (g.sides !== undefined && g.sides !== 'duplex' && g.sides !== 'simplex') bad('unknown sides');
  if (g.clear < 0) bad('negative clear space');
  if (g.windowX < 0 || g.windowY < 0 || g.windowX + g.windowW > LETTER_W || g.windowY + g.windowH > LETTER_H) {
    bad('window lies outside the page');
  }
  const b = innerBox(g);
  if (b.x1 - b.x0 < IMB_LENGTH) bad('window too narrow for the Intelligent Mail barcode');
  if (b.y1 - b.y0 < 24) bad('window too short for an address');
}
