import { AppError } from '../../shared/api/errors.ts';
import { addBusinessDays, businessDaysBetween, dayIn } from '../../shared/domain/calendar.ts';
import { noDelete } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';
import type { DB } from '../vault/database.ts';
import { committeeZone } from '../users/calendar.ts';
import { turnaroundDays } from './election-versions.ts';

// Published turnaround and holds (issue 14 §4, DESIGN §2): requests move within the turnaround the election version
// states (business days from paid in full to release, in the committee's time zone). A committee member may hold a
// request, with a reason on record; a request released after its turnaround needs a recorded technical reason, checked
// here in the core. The equal-treatment report shows both, per request, and names any difference between candidates.

export const requestHoldsTables: Migration = {
  id: 'request-holds',
  name: 'requests: holds with their reasons, the turnaround due day and the reason for a late release',
  up: (db) => db.exec(`
    CREATE TABLE request_holds (
      id INTEGER PRIMARY KEY,
      request_id INTEGER NOT NULL REFERENCES requests(id),
      reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      held_at TEXT NOT NULL,
      held_by INTEGER NOT NULL,
      ended_at TEXT,
      ended_by INTEGER
    ) STRICT;
    CREATE INDEX request_holds_request ON request_holds(request_id);
    -- One open hold per request at a time.
    CREATE UNIQUE INDEX request_holds_open ON request_holds(request_id) WHERE ended_at IS NULL;
    -- A hold is never rewritten: only its end is recorded, once.
    CREATE TRIGGER request_holds_end_once BEFORE UPDATE ON request_holds
    WHEN OLD.ended_at IS NOT NULL OR NEW.reason IS NOT OLD.reason OR NEW.held_at IS NOT OLD.held_at OR NEW.held_by IS NOT OLD.held_by
      OR NEW.request_id IS NOT OLD.request_id OR NEW.ended_at IS NULL
    BEGIN SELECT RAISE(ABORT, 'a hold is kept as recorded; only its end is added'); END;
    ${noDelete('request_holds', 'holds are kept')}
    ALTER TABLE requests ADD COLUMN release_due TEXT;
    ALTER TABLE requests ADD COLUMN late_release_reason TEXT;
  `),
};

export type HoldRow = { id: number; request_id: number; reason: string; held_at: string; held_by: number; ended_at: string | null; ended_by: number | null };

export const openHold = (db: DB, requestId: number): HoldRow | undefined =>
  db.prepare('SELECT * FROM request_holds WHERE request_id = ? AND ended_at IS NULL').get(requestId) as HoldRow | undefined;

export function placeHold(db: DB, requestId: number, reason: string, now: Date, by: number): number {
  if (openHold(db, requestId)) throw new AppError('requests.alreadyHeld', 'This request is already on hold.');
  return Number(db.prepare('INSERT INTO request_holds (request_id, reason, held_at, held_by) VALUES (?,?,?,?)')
    .run(requestId, reason.trim(), now.toISOString(), by).lastInsertRowid);
}

export function endHold(db: DB, requestId: number, now: Date, by: number): HoldRow | undefined {
  const h = openHold(db, requestId);
  if (h) db.prepare('UPDATE request_holds SET ended_at = ?, ended_by = ? WHERE id = ?').run(now.toISOString(), by, h.id);
  return h;
}

/**
 * When the turnaround clock starts for a request: paid in full and signed off, whichever came later (the candidate's
 * own steps). Paid in full is the candidate's last payment received before `until` (release needs the whole quote
 * prepaid, so it is covered from then on); without a payment on record, the sign-off.
 */
export function clockStart(db: DB, requestId: number, until: string): string | null {
  const r = db.prepare('SELECT candidate_id, signed_off_at FROM requests WHERE id = ?').get(requestId) as { candidate_id: number; signed_off_at: string | null } | undefined;
  if (!r || !r.signed_off_at) return null;
  const paid = (db.prepare(`SELECT max(posted_at) AS at FROM billing_postings WHERE candidate_id = ? AND kind = 'payment' AND posted_at <= ?`)
    .get(r.candidate_id, until) as { at: string | null }).at;
  return paid && paid > r.signed_off_at ? paid : r.signed_off_at;
}

export type Turnaround = { turnaroundBusinessDays: number; startedAt: string; due: string; businessDays: number; late: boolean };

/** The turnaround of a request released (or still waiting) at `at`, in the committee's calendar. */
export function turnaroundAt(db: DB, requestId: number, electionId: number, at: Date): Turnaround | null {
  const start = clockStart(db, requestId, at.toISOString());
  if (!start) return null;
  const zone = committeeZone(db);
  const days = turnaroundDays(db, electionId);
  const startDay = dayIn(zone, new Date(start));
  const due = addBusinessDays(startDay, days);
  const day = dayIn(zone, at);
  return { turnaroundBusinessDays: days, startedAt: start, due, businessDays: businessDaysBetween(startDay, day), late: day > due };
}
