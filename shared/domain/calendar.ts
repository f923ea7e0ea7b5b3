// The committee's calendar (DESIGN §2): one IANA time zone, set at setup, decides what "today" is for every default,
// deadline, window, document date and file name. Calendar days are 'YYYY-MM-DD' strings; instants are Date. Only
// Intl is used (no time-zone package): Node and Chromium ship the full IANA database.

import { localeOf } from '../i18n/language.ts';

export type Day = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `tz` is an IANA zone name this runtime knows ("America/Los_Angeles", "Pacific/Honolulu", "UTC"). */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone this workstation is set to: the default offered at setup. */
export const workstationTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsIn(tz: string, at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsCache.set(tz, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal' && p.type !== 'era') out[p.type] = Number(p.value);
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The calendar day an instant falls on in `tz`: at 8 pm in Los Angeles it is still today there, not tomorrow. */
export function dayIn(tz: string, at: Date): Day {
  const p = partsIn(tz, at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes `tz` is ahead of UTC at that instant (Los Angeles in summer: -420). */
export function offsetMinutes(tz: string, at: Date): number {
  const p = partsIn(tz, at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const utcOf = (day: Day): number => {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};
const dayOfUtc = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: Day, n: number): Day => dayOfUtc(utcOf(day) + n * DAY_MS);

/** The same day of the month `n` years on; 29 February falls on 1 March in a common year. */
export function addYears(day: Day, n: number): Day {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return dayOfUtc(Date.UTC(Number(m[1]) + n, Number(m[2]) - 1, Number(m[3])));
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: Day, b: Day): number => Math.round((utcOf(b) - utcOf(a)) / DAY_MS);

/** Monday to Friday; the committee's holidays are not known to LitDesk. */
export const isBusinessDay = (day: Day): boolean => { const w = new Date(utcOf(day)).getUTCDay(); return w !== 0 && w !== 6; };

/** The day `n` business days after `day` (a Friday + 1 is the Monday). */
export function addBusinessDays(day: Day, n: number): Day {
  let d = day;
  let left = n;
  while (left > 0) { d = addDays(d, 1); if (isBusinessDay(d)) left--; }
  return d;
}

/** Business days after `from` up to and including `to` (0 when `to` is not later). */
export function businessDaysBetween(from: Day, to: Day): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d)) n++;
  return n;
}

/** The instant a day begins in `tz` (local midnight; on a day that skips midnight, the first instant that exists). */
export function startOfDay(tz: string, day: Day): Date {
  const base = utcOf(day);
  // Two passes settle the offset, also across a daylight-saving change on that day.
  let guess = base - offsetMinutes(tz, new Date(base)) * 60_000;
  guess = base - offsetMinutes(tz, new Date(guess)) * 60_000;
  if (dayIn(tz, new Date(guess)) !== day) {
    // Midnight does not exist on that day: step forward to the first minute of it.
    while (dayIn(tz, new Date(guess)) < day) guess += 60_000 * 15;
  }
  return new Date(guess);
}

/** A day as a reader in `locale` writes it ("March 2, 2026", "2 de marzo de 2026", "2 tháng 3, 2026"). */
export function formatDay(day: Day, locale: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(localeOf(locale), { dateStyle: style, timeZone: 'UTC' }).format(new Date(utcOf(day)));
}

/**
 * An instant as a reader in `locale` writes it, in the committee's zone, with the zone named ("Mar 2, 2026, 4:00 AM
 * PST", "2 mar 2026, 4:00 a.m. PST", "04:00 PST 2 thg 3, 2026"). Intl refuses `dateStyle` together with
 * `timeZoneName`, so the parts are named one by one.
 */
export function formatInstant(at: Date, tz: string, locale: string): string {
  return new Intl.DateTimeFormat(localeOf(locale), {
    year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: tz, timeZoneName: 'short',
  }).format(at);
}

/** The day for a file name: the committee's, so a file made at 8 pm in Los Angeles is not named tomorrow. */
export const fileDay = (tz: string, at: Date): string => dayIn(tz, at);
