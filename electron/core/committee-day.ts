import { addDays, dayIn, startOfDay } from '../../shared/domain/calendar.ts';
import { committeeZone } from '../users/calendar.ts';
import type { DB } from '../vault/database.ts';

export type CommitteeDayBounds = { day: string; zone: string; start: string; end: string };

/**
 * "Today" for daily limits (the read budget): the committee's calendar day around `now` in the committee's time
 * zone, with its bounds as ISO instants [start, end) to compare with audit-log times.
 */
export function committeeDayBounds(db: DB, now: Date): CommitteeDayBounds {
  const zone = committeeZone(db);
  const day = dayIn(zone, now);
  return { day, zone, start: startOfDay(zone, day).toISOString(), end: startOfDay(zone, addDays(day, 1)).toISOString() };
}
