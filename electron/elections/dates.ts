// Calendar dates as 'YYYY-MM-DD' strings, compared as UTC days: an election date has no time of day.
const DAY_MS = 86_400_000;

export const toDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => toDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

/**
 * 401(c) inspection window (29 CFR 452.71): once "within 30 days prior to the election". For a mail ballot the
 * reference date is the day ballots are mailed, so the list can still be used before members vote. The window opens
 * 30 days before the reference date and closes at the start of the reference date.
 */
export function inspectionWindow(e: { electionDate: string; mailBallot: boolean; ballotMailingDate: string | null }, today: string) {
  const reference = e.mailBallot && e.ballotMailingDate ? e.ballotMailingDate : e.electionDate;
  const opens = addDays(reference, -30);
  return { opens, closesBefore: reference, open: today >= opens && today < reference, today };
}
