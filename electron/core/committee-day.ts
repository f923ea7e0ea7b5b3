import type { DB } from '../vault/database.ts';

/**
 * The committee's time zone. TODO(issue 13 §3): the "history" work adds a committee time zone setting; read it here
 * when it lands. Until then the committee's day is the UTC day.
 */
export function committeeTimeZone(_db: DB): string {
  return 'UTC';
}

/** Offset of `zone` from UTC at instant `ms`, in milliseconds (local wall time minus UTC). */
function zoneOffsetMs(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

/** The local day ('YYYY-MM-DD') in `zone` at instant `ms`. */
function localDay(zone: string, ms: number): string {
  return new Date(ms + zoneOffsetMs(zone, ms)).toISOString().slice(0, 10);
}

/** The first instant of a local day in `zone` (midnight, or the first instant after a skipped midnight). */
function dayStartMs(zone: string, day: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let guess = midnightUtc - zoneOffsetMs(zone, midnightUtc);
  guess = midnightUtc - zoneOffsetMs(zone, guess);
  while (localDay(zone, guess) !== day) guess += 15 * 60_000;
  return guess;
}

export type CommitteeDay = { day: string; zone: string; start: string; end: string };

/** "Today" for daily limits: the committee's calendar day around `now`, with its bounds as ISO instants [start, end). */
export function committeeDay(db: DB, now: Date): CommitteeDay {
  const zone = committeeTimeZone(db);
  const day = localDay(zone, now.getTime());
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { day, zone, start: new Date(dayStartMs(zone, day)).toISOString(), end: new Date(dayStartMs(zone, next)).toISOString() };
}
