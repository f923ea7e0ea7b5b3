// Bar positions for drawing an Intelligent Mail barcode, in PDF points (1/72 in), USPS-B-3200 section 2.3.
// Nominal values are chosen inside the specification's tolerances: pitch 22 bars/in (20-24), bar width 0.02 in
// (0.015-0.025), full bar 0.145 in (0.125-0.165), tracker 0.05 in (0.039-0.057). The tracker is centred, so an
// ascender or descender is the tracker plus half the difference: 0.0975 in, the nominal "about 0.10 in".

const POINTS_PER_INCH = 72;

export const IMB_PITCH_PT = POINTS_PER_INCH / 22;
export const IMB_BAR_WIDTH_PT = 0.02 * POINTS_PER_INCH;
export const IMB_FULL_HEIGHT_PT = 0.145 * POINTS_PER_INCH;
export const IMB_TRACKER_HEIGHT_PT = 0.05 * POINTS_PER_INCH;
const EXTENDER_PT = (IMB_FULL_HEIGHT_PT - IMB_TRACKER_HEIGHT_PT) / 2;
export const IMB_HALF_HEIGHT_PT = IMB_TRACKER_HEIGHT_PT + EXTENDER_PT;
/** Overall width of the 65 bars: 64 pitches plus one bar. */
export const IMB_WIDTH_PT = 64 * IMB_PITCH_PT + IMB_BAR_WIDTH_PT;

export interface ImbBarBox {
  /** Left edge, from the left edge of the first bar. */
  x: number;
  /** Bottom edge, from the bottom of a full bar (PDF coordinates: y grows upwards). */
  y: number;
  w: number;
  h: number;
}

/**
 * One rectangle per bar, origin at the barcode's bottom-left corner. Throws on anything but 65 A/D/T/F characters,
 * because a wrong barcode must never reach a print file.
 */
export function imbBarGeometry(bars: string): ImbBarBox[] {
  if (!/^[ADTF]{65}$/.test(bars)) throw new Error('imb.badBars');
  return Array.from(bars, (bar, i) => {
    const x = i * IMB_PITCH_PT;
    const hasDescender = bar === 'D' || bar === 'F';
    const hasAscender = bar === 'A' || bar === 'F';
    const y = hasDescender ? 0 : EXTENDER_PT;
    const h = IMB_TRACKER_HEIGHT_PT + (hasDescender ? EXTENDER_PT : 0) + (hasAscender ? EXTENDER_PT : 0);
    return { x, y, w: IMB_BAR_WIDTH_PT, h };
  });
}
