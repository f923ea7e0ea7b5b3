import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../../../shared/domain/calendar-day.ts';

describe('a calendar day', () => {
  it('accepts real days, leap days included', () => {
    for (const d of ['2026-06-30', '2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31']) expect(isCalendarDay(d), d).toBe(true);
  });
  it('refuses days that do not exist and other shapes', () => {
    for (const d of ['0000-00-00', '2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-06-31', '1899-12-31', '2026-6-30', '2026-06-30T00:00', '']) {
      expect(isCalendarDay(d), d).toBe(false);
    }
  });
});
