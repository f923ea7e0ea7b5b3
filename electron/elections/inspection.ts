import type { InspectionPage, InspectionSession, InspectionStatus } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { candidate, listCandidates } from './candidates.ts';
import { inspectionWindow } from './dates.ts';
import { committeeDay } from '../users/calendar.ts';
import { electionInput } from './elections-store.ts';

/** A session lasts this long; then pages are refused. */
export const INSPECTION_MINUTES = 60;
export const INSPECTION_PAGE_SIZE = 50;

// The inspected list: names and last known addresses of members in good standing still on the list.
const LISTED = 'active = 1 AND good_standing = 1';

type SessionRow = { id: number; election_id: number; candidate_id: number; grant_id: number | null; started_at: string; expires_at: string; ended_at: string | null };

export function sessionOf(db: DB, id: number): SessionRow { return sessionRow(db, id); }

function sessionRow(db: DB, id: number): SessionRow {
  const s = db.prepare('SELECT * FROM inspections WHERE id=?').get(id) as SessionRow | undefined;
  if (!s) throw new AppError('inspection.notFound', 'Not found.');
  return s;
}

const listedCount = (db: DB): number => (db.prepare(`SELECT count(*) AS n FROM members WHERE ${LISTED}`).get() as { n: number }).n;

function toSession(db: DB, s: SessionRow): InspectionSession {
  return {
    id: s.id, candidateId: s.candidate_id, candidateName: candidate(db, s.candidate_id).fullName, startedAt: s.started_at,
    expiresAt: s.expires_at, grantId: s.grant_id, totalMembers: listedCount(db), pageSize: INSPECTION_PAGE_SIZE,
  };
}

/**
 * Starts a supervised 401(c) inspection (29 CFR 452.71): only inside the window, once per candidate; an extra
 * session only under a grant the candidate holds (granted to them, or offered to them and accepted), once per grant.
 * Refusals name the reason.
 */
export function startInspection(db: DB, candidateId: number, grantId: number | undefined, now: Date, userId: number): InspectionSession {
  const cand = candidate(db, candidateId);
  if (!cand.active) throw new AppError('candidates.inactive', 'That candidacy is no longer active.');
  const e = electionInput(db, cand.electionId);
  const w = inspectionWindow(e, committeeDay(db, now));
  if (!w.open) {
    throw new AppError('inspection.outsideWindow', 'The list may be inspected only in the 30 days before the election (before ballots are mailed).',
      { opens: w.opens, closesBefore: w.closesBefore, today: w.today });
  }
  const open = db.prepare('SELECT id FROM inspections WHERE ended_at IS NULL AND expires_at > ? AND candidate_id = ?').get(now.toISOString(), candidateId) as { id: number } | undefined;
  if (open) throw new AppError('inspection.sessionOpen', 'Your inspection session is still open. End it first.');
  if (grantId === undefined) {
    const used = db.prepare('SELECT started_at FROM inspections WHERE candidate_id=? AND grant_id IS NULL').get(candidateId) as { started_at: string } | undefined;
    if (used) throw new AppError('inspection.alreadyUsed', 'This candidate has already inspected the list once.', { on: used.started_at.slice(0, 10) });
  } else {
    const offer = db.prepare(`SELECT o.response FROM extra_access_offers o JOIN extra_access_grants g ON g.id = o.grant_id
      WHERE o.grant_id=? AND o.candidate_id=? AND g.kind='extraInspection'`).get(grantId, candidateId) as { response: string } | undefined;
    if (!offer) throw new AppError('inspection.noSuchGrant', 'This candidate holds no such extra access.');
    if (offer.response !== 'accepted') throw new AppError('inspection.offerNotAccepted', 'The candidate has not accepted that offer.');
    if (db.prepare('SELECT 1 FROM inspections WHERE candidate_id=? AND grant_id=?').get(candidateId, grantId)) {
      throw new AppError('inspection.alreadyUsed', 'This candidate has already used that extra inspection.', { grantId });
    }
  }
  const expires = new Date(now.getTime() + INSPECTION_MINUTES * 60_000).toISOString();
  const r = db.prepare('INSERT INTO inspections (election_id, candidate_id, grant_id, started_at, started_by, expires_at) VALUES (?,?,?,?,?,?)')
    .run(e.id, candidateId, grantId ?? null, now.toISOString(), userId, expires);
  return toSession(db, sessionRow(db, Number(r.lastInsertRowid)));
}

/** A session may be read only while it is open and not expired. */
export function liveSession(db: DB, sessionId: number, now: Date): SessionRow {
  const s = sessionRow(db, sessionId);
  if (s.ended_at) throw new AppError('inspection.ended', 'This inspection session has ended.');
  if (s.expires_at <= now.toISOString()) throw new AppError('inspection.expired', 'The time for this inspection is over.', { expiredAt: s.expires_at });
  return s;
}

/** One page of names and last known addresses, ordered by name. Returns the member-row range for the audit. */
export function inspectionPage(db: DB, s: SessionRow, page: number): { page: InspectionPage; firstRow: number | null; lastRow: number | null; ids: number[] } {
  const total = listedCount(db);
  const rows = db.prepare(`SELECT id, print_name, print_delivery, print_last_line FROM members WHERE ${LISTED}
    ORDER BY print_name, id LIMIT ? OFFSET ?`).all(INSPECTION_PAGE_SIZE, (page - 1) * INSPECTION_PAGE_SIZE) as
    { id: number; print_name: string; print_delivery: string; print_last_line: string }[];
  const ids = rows.map((r) => r.id);
  return {
    page: {
      page, pageSize: INSPECTION_PAGE_SIZE, total, expiresAt: s.expires_at,
      // The delivery line already ends with the unit (print_secondary repeats it for the merge's long-line rule).
      rows: rows.map((r) => ({ name: r.print_name, lines: [r.print_delivery, r.print_last_line] })),
    },
    firstRow: ids.length ? Math.min(...ids) : null, lastRow: ids.length ? Math.max(...ids) : null, ids,
  };
}

export function endInspection(db: DB, sessionId: number, now: Date): SessionRow {
  const s = sessionRow(db, sessionId);
  if (!s.ended_at) db.prepare('UPDATE inspections SET ended_at=? WHERE id=?').run(now.toISOString(), sessionId);
  return s;
}

export function inspectionStatus(db: DB, electionId: number, now: Date): InspectionStatus {
  const e = electionInput(db, electionId);
  const cands = listCandidates(db, electionId).filter((c) => c.active);
  const offers = db.prepare(`SELECT o.id AS offer_id, o.grant_id, o.response, g.description,
      EXISTS (SELECT 1 FROM inspections i WHERE i.candidate_id = o.candidate_id AND i.grant_id = o.grant_id) AS used
    FROM extra_access_offers o JOIN extra_access_grants g ON g.id = o.grant_id WHERE o.candidate_id=? ORDER BY o.id`);
  const regular = db.prepare('SELECT started_at FROM inspections WHERE candidate_id=? AND grant_id IS NULL');
  const active = db.prepare(`SELECT i.* FROM inspections i WHERE i.election_id=? AND i.ended_at IS NULL AND i.expires_at > ? ORDER BY i.id DESC LIMIT 1`)
    .get(electionId, now.toISOString()) as SessionRow | undefined;
  return {
    window: inspectionWindow(e, committeeDay(db, now)),
    minutes: INSPECTION_MINUTES,
    candidates: cands.map((c) => {
      const used = regular.get(c.id) as { started_at: string } | undefined;
      return {
        candidateId: c.id, fullName: c.fullName, used: used !== undefined, usedAt: used?.started_at ?? null,
        extraOffers: (offers.all(c.id) as { offer_id: number; grant_id: number; response: 'open' | 'accepted' | 'declined'; description: string; used: number }[])
          .map((o) => ({ grantId: o.grant_id, offerId: o.offer_id, description: o.description, response: o.response, used: o.used === 1 })),
      };
    }),
    activeSession: active ? toSession(db, active) : null,
  };
}
