import type { PrintSettings } from '../../shared/api/commands/elections.ts';

const IN = 72;
const LETTER_H = 792;

/**
 * Default #10 window envelope position on page 1 of a tri-folded US Letter sheet, in points from the bottom-left
 * corner (DESIGN §7). The top panel (11/3 in = 264 pt) faces the window, so the folded panel's bottom edge is at
 * y = 792 - 264 = 528; the window is 1/2 in above that edge and 7/8 in from the left: x = 63, y = 564, 324 x 81 pt.
 * These are the same numbers as electron/merge/engine/geometry.ts, so the proof and the print agree.
 */
export const DEFAULT_PRINT_SETTINGS: PrintSettings = {
  windowXPt: 0.875 * IN,
  windowYPt: LETTER_H - 264 + 0.5 * IN,
  windowWPt: 4.5 * IN,
  windowHPt: 1.125 * IN,
  addressMode: 'window',
  // No usable default: USPS assigns each mailer its ID, and 000000 is not one (the election form asks for it).
  mailerId: '',
  serviceType: '040',
  batchSize: 5000,
  sides: 'duplex',
};

/** The address keeps 1/8 in of clear space inside the window on every side (DESIGN §7). */
export const CLEAR_PT = 0.125 * IN;

export function windowFits(p: PrintSettings): boolean {
  return p.windowXPt + p.windowWPt <= 612 && p.windowYPt + p.windowHPt <= LETTER_H;
}
