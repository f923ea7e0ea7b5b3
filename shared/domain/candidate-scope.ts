import type { Role } from '../api/roles.ts';

/**
 * Candidate scoping, once (issue 11 §5): a candidate login reaches only its own candidacy's records, and of
 * election-level records only its own candidacy's election's, whatever ids it sends; committee members and the auditor
 * reach every candidate's and every election's. Handlers ask these questions instead of writing the rule again, and a
 * record outside the caller's scope is answered exactly like one that does not exist.
 */
export type ScopedUser = { role: Role; candidateId: number | null };

/** A candidate id no record has: what a candidate login without a candidacy is scoped to (it sees nothing). */
export const NO_CANDIDATE = -1;

/** An election id no election has: what a candidate login without a candidacy is scoped to (it sees no election). */
export const NO_ELECTION = -1;

/**
 * The election a candidacy stands in. The core supplies it (a look-up in the vault); it is asked only for a candidate
 * login bound to a candidacy, so a committee member's call never reaches the vault for it.
 */
export type ElectionOf = (candidateId: number) => number;

/** Whether a login is scoped to one candidacy (a candidate login) rather than reaching every candidate's records. */
export function candidateScoped(user: ScopedUser): boolean {
  return user.role === 'candidate';
}

/** The candidacy a candidate login is bound to; null for a candidate login without one and for every other login. */
export function ownCandidacy(user: ScopedUser): number | null {
  return candidateScoped(user) ? user.candidateId : null;
}

/**
 * The candidate filter a list applies: for a candidate their own id (the filter they sent is ignored), for everyone
 * else the filter they sent (undefined: every candidate).
 */
export function candidateFilter(user: ScopedUser, requested: number | undefined): number | undefined {
  return candidateScoped(user) ? (ownCandidacy(user) ?? NO_CANDIDATE) : requested;
}

/** Whether the user may see or act on a record that belongs to candidate `owner`. */
export function inScope(user: ScopedUser, owner: number): boolean {
  const own = ownCandidacy(user);
  return !candidateScoped(user) || (own !== null && own === owner);
}

/**
 * The election filter a list applies: for a candidate the election of their own candidacy (the filter they sent is
 * ignored; NO_ELECTION without a candidacy), for everyone else the filter they sent (undefined: every election).
 */
export function electionFilter(user: ScopedUser, requested: number | undefined, electionOf: ElectionOf): number | undefined {
  if (!candidateScoped(user)) return requested;
  const own = ownCandidacy(user);
  return own === null ? NO_ELECTION : electionOf(own);
}

/** Whether the user may see or act on a record that belongs to election `electionId` as a whole. */
export function electionInScope(user: ScopedUser, electionId: number, electionOf: ElectionOf): boolean {
  if (!candidateScoped(user)) return true;
  const own = ownCandidacy(user);
  return own !== null && electionOf(own) === electionId;
}
