import type { Role } from '../api/roles.ts';

/**
 * Candidate scoping, once (issue 11 §5): a candidate login reaches only its own candidacy's records, whatever ids it
 * sends; committee members and the auditor reach every candidate's. Handlers ask these two questions instead of
 * writing the rule again, and a record outside the caller's scope is answered exactly like one that does not exist.
 */
export type ScopedUser = { role: Role; candidateId: number | null };

/** A candidate id no record has: what a candidate login without a candidacy is scoped to (it sees nothing). */
export const NO_CANDIDATE = -1;

/**
 * The candidate filter a list applies: for a candidate their own id (the filter they sent is ignored), for everyone
 * else the filter they sent (undefined: every candidate).
 */
export function candidateFilter(user: ScopedUser, requested: number | undefined): number | undefined {
  return user.role === 'candidate' ? (user.candidateId ?? NO_CANDIDATE) : requested;
}

/** Whether the user may see or act on a record that belongs to candidate `owner`. */
export function inScope(user: ScopedUser, owner: number): boolean {
  return user.role !== 'candidate' || (user.candidateId !== null && user.candidateId === owner);
}
