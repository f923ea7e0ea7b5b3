import { describe, expect, it } from 'vitest';
import {
  IMB_BAR_WIDTH_PT,
  IMB_FULL_HEIGHT_PT,
  IMB_TRACKER_HEIGHT_PT,
  IMB_WIDTH_PT,
  imbBarGeometry,
} from '../../../shared/domain/imb/geometry.ts';

const BARS = 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA';

describe('imbBarGeometry', () => {
  const boxes = imbBarGeometry(BARS);

  it('gives one box per bar at 22 bars per inch', () => {
    expect(boxes).toHaveLength(65);
    expect(boxes[1]!.x - boxes[0]!.x).toBeCloseTo(72 / 22, 6);
    expect(boxes[64]!.x + IMB_BAR_WIDTH_PT).toBeCloseTo(IMB_WIDTH_PT, 6);
  });

  it('stays inside the specification: overall length 2.667-3.225 in, height 0.125-0.165 in', () => {
    expect(IMB_WIDTH_PT / 72).toBeGreaterThanOrEqual(2.667);
    expect(IMB_WIDTH_PT / 72).toBeLessThanOrEqual(3.225);
    expect(IMB_FULL_HEIGHT_PT / 72).toBeCloseTo(0.145, 6);
    expect(IMB_TRACKER_HEIGHT_PT / 72).toBeCloseTo(0.05, 6);
  });

  it('draws full, ascender, descender and tracker bars around a shared centred tracker', () => {
    const byKind = (kind: string) => boxes[BARS.indexOf(kind)]!;
    const full = byKind('F');
    const ascender = byKind('A');
    const descender = byKind('D');
    const tracker = byKind('T');
    expect(full.y).toBe(0);
    expect(full.h).toBeCloseTo(IMB_FULL_HEIGHT_PT, 6);
    expect(descender.y).toBe(0);
    expect(descender.h / 72).toBeCloseTo(0.0975, 6);
    expect(ascender.y + ascender.h).toBeCloseTo(IMB_FULL_HEIGHT_PT, 6);
    expect(ascender.h / 72).toBeCloseTo(0.0975, 6);
    expect(tracker.h).toBeCloseTo(IMB_TRACKER_HEIGHT_PT, 6);
    expect(tracker.y + tracker.h / 2).toBeCloseTo(IMB_FULL_HEIGHT_PT / 2, 6);
  });

  it('refuses anything but 65 bars', () => {
    expect(() => imbBarGeometry(BARS.slice(1))).toThrow('imb.badBars');
    expect(() => imbBarGeometry(BARS.replace('A', 'X'))).toThrow('imb.badBars');
  });
});
