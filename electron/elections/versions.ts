import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';
import type { DB } from '../vault/database.ts';

// Every election date ever set, kept (issue 14 §2): retention counts from the latest date ever recorded and waits a
// year after the latest change, so moving the date back a year does not open the records to a purge.

export const electionDatesTable: Migration = {
  id: 'election-date-history',
  name: 'elections: every election date ever set, for retention',
  up: (db) => db.exec(`
    CREATE TABLE election_dates (
      id INTEGER PRIMARY KEY,
      election_id INTEGER NOT NULL REFERENCES elections(id),
      election_date TEXT NOT NULL,
      ballot_mailing_date TEXT,
      recorded_at TEXT NOT NULL,
      recorded_by INTEGER
    ) STRICT;
    CREATE INDEX election_dates_election ON election_dates(election_id);
    ${appendOnly('election_dates', 'election dates are kept')}
    INSERT INTO election_dates (election_id, election_date, ballot_mailing_date, recorded_at, recorded_by)
      SELECT id, election_date, ballot_mailing_date, created_at, created_by FROM elections;
  `),
};

/** Records the election's dates as they are now, when they differ from the last record. */
export function recordElectionDates(db: DB, electionId: number, now: Date, by: number): void {
  const cur = db.prepare('SELECT election_date, ballot_mailing_date FROM elections WHERE id = ?').get(electionId) as { election_date: string; ballot_mailing_date: string | null };
  const last = db.prepare('SELECT election_date, ballot_mailing_date FROM election_dates WHERE election_id = ? ORDER BY id DESC LIMIT 1').get(electionId) as
    { election_date: string; ballot_mailing_date: string | null } | undefined;
  if (last && last.election_date === cur.election_date && last.ballot_mailing_date === cur.ballot_mailing_date) return;
  db.prepare('INSERT INTO election_dates (election_id, election_date, ballot_mailing_date, recorded_at, recorded_by) VALUES (?,?,?,?,?)')
    .run(electionId, cur.election_date, cur.ballot_mailing_date, now.toISOString(), by);
}

/** The latest election date ever set, and when the dates last changed. */
export function dateHistory(db: DB, electionId: number): { latestDate: string | null; lastChangedAt: string | null } {
  const r = db.prepare('SELECT max(election_date) AS d, max(recorded_at) AS at FROM election_dates WHERE election_id = ?').get(electionId) as { d: string | null; at: string | null };
  return { latestDate: r.d, lastChangedAt: r.at };
}
