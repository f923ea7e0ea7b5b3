import { describe, expect, it } from 'vitest';
import {
  addBusinessDays, addDays, addYears, businessDaysBetween, dayIn, formatDay, isDay, isTimeZone, offsetMinutes, startOfDay,
} from '../../../shared/domain/calendar.ts';

// Local wall-clock times turned into instants by hand (offsets on 2 March 2026: LA -8, Honolulu -10, New York -5;
// on 2 July 2026: LA -7, New York -4; Honolulu has no daylight saving).
const at = (iso: string) => new Date(iso);

describe('the committee calendar', () => {
  const cases: Array<[string, string, string, string]> = [
    // zone, local 23:30 on 2 March as UTC, local 00:30 on 3 March as UTC, label
    ['America/Los_Angeles', '2026-03-03T07:30:00Z', '2026-03-03T08:30:00Z', 'Los Angeles'],
    ['Pacific/Honolulu', '2026-03-03T09:30:00Z', '2026-03-03T10:30:00Z', 'Honolulu'],
    ['America/New_York', '2026-03-03T04:30:00Z', '2026-03-03T05:30:00Z', 'New York'],
  ];
  for (const [tz, lateUtc, earlyUtc, label] of cases) {
    it(`${label}: 23:30 is still the 2nd, 00:30 is the 3rd, whatever UTC says`, () => {
      expect(dayIn(tz, at(lateUtc))).toBe('2026-03-02');
      expect(at(lateUtc).toISOString().slice(0, 10)).toBe('2026-03-03'); // the old, UTC answer
      expect(dayIn(tz, at(earlyUtc))).toBe('2026-03-03');
      expect(startOfDay(tz, '2026-03-03').getTime()).toBe(at(earlyUtc).getTime() - 30 * 60_000);
    });
  }

  it('follows daylight saving: offsets and the start of the day it changes', () => {
    expect(offsetMinutes('America/Los_Angeles', at('2026-07-02T12:00:00Z'))).toBe(-420);
    expect(offsetMinutes('America/Los_Angeles', at('2026-01-02T12:00:00Z'))).toBe(-480);
    expect(offsetMinutes('Pacific/Honolulu', at('2026-07-02T12:00:00Z'))).toBe(-600);
    // 8 March 2026: clocks in Los Angeles go from 02:00 to 03:00; the day still starts at 00:00 PST.
    expect(startOfDay('America/Los_Angeles', '2026-03-08').toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(startOfDay('America/Los_Angeles', '2026-03-09').toISOString()).toBe('2026-03-09T07:00:00.000Z');
    // America/Santiago skips midnight on its spring day: the day begins at 01:00.
    const s = startOfDay('America/Santiago', '2026-09-06');
    expect(dayIn('America/Santiago', s)).toBe('2026-09-06');
    expect(dayIn('America/Santiago', new Date(s.getTime() - 1))).toBe('2026-09-05');
  });

  it('knows real zone names and nothing else', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Honolulu', 'America/New_York', 'UTC', 'Asia/Ho_Chi_Minh']) expect(isTimeZone(tz)).toBe(true);
    for (const tz of ['', 'Mars/Olympus', 'PST8PDT; DROP TABLE', 'x'.repeat(100)]) expect(isTimeZone(tz)).toBe(false);
  });

  it('counts days, years and business days', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-06-30', -30)).toBe('2026-05-31');
    expect(addYears('2028-02-29', 1)).toBe('2029-03-01');
    expect(addBusinessDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday + 1 = Monday
    expect(addBusinessDays('2026-03-02', 5)).toBe('2026-03-09');
    expect(businessDaysBetween('2026-03-02', '2026-03-09')).toBe(5);
    expect(businessDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });

  it("writes a day in the reader's language", () => {
    expect(formatDay('2026-03-02', 'en')).toBe('March 2, 2026');
    expect(formatDay('2026-03-02', 'es')).toBe('2 de marzo de 2026');
    expect(formatDay('2026-03-02', 'vi')).toMatch(/2 tháng 3,? 2026/);
  });
});
