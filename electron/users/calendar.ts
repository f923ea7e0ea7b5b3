import { dayIn, isTimeZone, workstationTimeZone, type Day } from '../../shared/domain/calendar.ts';
import type { DB } from '../vault/database.ts';

// The committee's time zone (DESIGN §2), kept in the vault's settings. A vault set up before the setting existed
// uses the workstation's zone until the chair sets one.

export const TIME_ZONE_KEY = 'time_zone';

export function committeeZone(db: DB): string {
  const tz = (db.prepare('SELECT value FROM settings WHERE key = ?').get(TIME_ZONE_KEY) as { value: string } | undefined)?.value ?? '';
  return isTimeZone(tz) ? tz : workstationTimeZone();
}

/** The committee's today: every default date, deadline, window and document date starts here. */
export const committeeDay = (db: DB, now: Date): Day => dayIn(committeeZone(db), now);
