import { AppError } from '../../shared/api/errors.ts';
import type { SessionUser } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import { candidate } from './candidates.ts';
import { inScope } from '../../shared/domain/candidate-scope.ts';

/**
 * Extra access granted to one candidate is recorded and offered, in the same transaction, to every other active
 * candidate of the election (29 CFR 452.71: anything given to one must be offered to all). The grantee's own offer
 * is recorded as accepted.
 */
export function grantExtraAccess(db: DB, candidateId: number, kind: string, description: string, now: Date, userId: number): { grantId: number; offersCreated: number } {
  const c = candidate(db, candidateId);
  const at = now.toISOString();
  const g = db.prepare('INSERT INTO extra_access_grants (election_id, candidate_id, kind, description, granted_at, granted_by) VALUES (?,?,?,?,?,?)')
    .run(c.electionId, c.id, kind, description, at, userId);
  const grantId = Number(g.lastInsertRowid);
  db.prepare(`INSERT INTO extra_access_offers (grant_id, candidate_id, offered_at, response, responded_at)
    SELECT ?, id, ?, CASE WHEN id = ? THEN 'accepted' ELSE 'open' END, CASE WHEN id = ? THEN ? END
    FROM candidates WHERE election_id=? AND (active=1 OR id=?)`).run(grantId, at, c.id, c.id, at, c.electionId, c.id);
  const n = (db.prepare('SELECT count(*) AS n FROM extra_access_offers WHERE grant_id=? AND candidate_id<>?').get(grantId, c.id) as { n: number }).n;
  return { grantId, offersCreated: n };
}

export function respondToOffer(db: DB, user: SessionUser, offerId: number, accept: boolean, now: Date): { candidateId: number; grantId: number } {
  const o = db.prepare('SELECT * FROM extra_access_offers WHERE id=?').get(offerId) as { candidate_id: number; grant_id: number; response: string } | undefined;
  if (!o || !inScope(user, o.candidate_id)) throw new AppError('extraAccess.notFound', 'Not found.');
  if (o.response !== 'open') throw new AppError('extraAccess.alreadyAnswered', 'That offer has already been answered.');
  db.prepare('UPDATE extra_access_offers SET response=?, responded_at=? WHERE id=?').run(accept ? 'accepted' : 'declined', now.toISOString(), offerId);
  return { candidateId: o.candidate_id, grantId: o.grant_id };
}

/** A candidate registered after a grant gets the same offers as everyone registered before. */
export function offerExistingGrants(db: DB, electionId: number, candidateId: number, now: Date): void {
  db.prepare(`INSERT OR IGNORE INTO extra_access_offers (grant_id, candidate_id, offered_at)
    SELECT id, ?, ? FROM extra_access_grants WHERE election_id=?`).run(candidateId, now.toISOString(), electionId);
}
