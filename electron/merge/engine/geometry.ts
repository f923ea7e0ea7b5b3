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
  /** Gap between the bars and the nearest glyph ink, measured from the glyph's bounding box (spec minimum 0.028 in). */
  gap: 0.04 * IN,
  /** USPS-B-3200's vertical clear zone: no ink within 0.028 in above or below the bars. */
  clearZone: 0.028 * IN,
  bars: 65,
};
export const IMB_LENGTH = (IMB.bars - 1) * IMB.pitch + IMB.barWidth;

export type InnerBox = { x0: number; y0: number; x1: number; y1: number };

/** The area the address may use: the window less the clear space on every side. */
export function innerBox(g: Geometry): InnerBox {
  return { x0: g.windowX + g.clear, y0: g.windowY + g.clear, x1: g.windowX + g.windowW - g.clear, y1: g.windowY + g.windowH - g.clear };
}

/**
 * How far the insert may slide left or right in the envelope while the address still keeps its clear space inside
 * the window: 1/4 in each way. A Letter sheet (8 1/2 in) in a #10 envelope (9 1/2 in) has up to 1/2 in of play
 * each way; a quarter is what a 4 1/2 in window can give while leaving room for a 40-character line at 8 pt.
 */
export const SIDEWAYS = 0.25 * IN;

/**
 * The tolerance box: where every glyph's ink and every bar must lie so that, with the insert moved SIDEWAYS left or
 * right, they still keep the 1/8 in clear space from the window's edges. Vertically it is the window less the clear
 * space; the block is centred in it, so the insert can move up or down by half of what the block leaves free.
 */
export function toleranceBox(g: Geometry): InnerBox {
  const b = innerBox(g);
  return { x0: b.x0 + SIDEWAYS, y0: b.y0, x1: b.x1 - SIDEWAYS, y1: b.y1 };
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
  const b = toleranceBox(g);
  if (b.x1 - b.x0 < IMB_LENGTH) bad('window too narrow for the Intelligent Mail barcode with 1/4 in of sideways play');
  if (b.y1 - b.y0 < IMB.full + IMB.gap + 24) bad('window too short for an address and its barcode');
}
