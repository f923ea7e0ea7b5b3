import type { CandidateView } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { SessionUser } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import { inScope, type ElectionOf } from '../../shared/domain/candidate-scope.ts';

type Row = {
  id: number; election_id: number; full_name: string; office: string; standing: CandidateView['standing']; email: string | null;
  phone: string | null; mailing_address: string | null; registered_at: string; active: number; logins: string | null;
};

const SELECT = `SELECT c.*, (SELECT group_concat(login, ',') FROM users u WHERE u.candidate_id = c.id AND u.active = 1) AS logins
  FROM candidates c`;

const toView = (r: Row): CandidateView => ({
  id: r.id, electionId: r.election_id, fullName: r.full_name, office: r.office, standing: r.standing, email: r.email,
  phone: r.phone, mailingAddress: r.mailing_address, registeredAt: r.registered_at, active: r.active === 1,
  logins: r.logins ? r.logins.split(',') : [],
});

export function insertCandidate(db: DB, c: Omit<CandidateView, 'id' | 'registeredAt' | 'active' | 'logins'>, now: Date, userId: number): number {
  const r = db.prepare(`INSERT INTO candidates (election_id, full_name, office, standing, email, phone, mailing_address, registered_at, registered_by)
    VALUES (?,?,?,?,?,?,?,?,?)`).run(c.electionId, c.fullName.normalize('NFC'), c.office, c.standing, c.email, c.phone, c.mailingAddress, now.toISOString(), userId);
  return Number(r.lastInsertRowid);
}

export function candidate(db: DB, id: number): CandidateView {
  const r = db.prepare(`${SELECT} WHERE c.id=?`).get(id) as Row | undefined;
  if (!r) throw new AppError('candidates.notFound', 'That candidate is not registered.');
  return toView(r);
}

export function listCandidates(db: DB, electionId: number | undefined): CandidateView[] {
  const rows = (electionId === undefined
    ? db.prepare(`${SELECT} ORDER BY c.election_id, c.full_name`).all()
    : db.prepare(`${SELECT} WHERE c.election_id=? ORDER BY c.full_name`).all(electionId)) as Row[];
  return rows.map(toView);
}

/** The election a candidacy stands in: the look-up candidate scoping asks for (shared/domain/candidate-scope.ts). */
export const electionOf = (db: DB): ElectionOf => (candidateId) => candidate(db, candidateId).electionId;

/**
 * A candidate login acts only for its own candidate record; staff and the chair act for any. Anything else is refused
 * the same way as an unknown record, so a candidate learns nothing about another's requests.
 */
export function requireActsFor(db: DB, user: SessionUser, candidateId: number): CandidateView {
  if (!inScope(user, candidateId)) {
    throw new AppError('candidates.notYours', 'You can act only for your own candidacy.');
  }
  return candidate(db, candidateId);
}
