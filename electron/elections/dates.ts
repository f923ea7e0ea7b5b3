import { addDays } from '../../shared/domain/calendar.ts';

// Calendar dates as 'YYYY-MM-DD' strings in the committee's time zone (shared/domain/calendar.ts): an election date
// has no time of day, and "today" is the committee's today (electron/users/calendar.ts), never UTC's.
export { addDays };

/**
 * 401(c) inspection window (29 CFR 452.71(a)): once "within 30 days prior to" the election. For a mail ballot the
 * 30-day period runs up to the mailing of the ballots (29 CFR 452.72), so the reference date is the day ballots are
 * mailed. The window opens 30 days before the reference date and closes at the start of the reference date, both at
 * midnight in the committee's time zone (`today` is the committee's day). docs/calendar.md gives the reading.
 */
export function inspectionWindow(e: { electionDate: string; mailBallot: boolean; ballotMailingDate: string | null }, today: string) {
  const reference = e.mailBallot && e.ballotMailingDate ? e.ballotMailingDate : e.electionDate;
  const opens = addDays(reference, -30);
  return { opens, closesBefore: reference, open: today >= opens && today < reference, today };
}
