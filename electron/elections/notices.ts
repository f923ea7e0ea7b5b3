import type { NoticeView, TermChange } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { SessionUser } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import { candidateFilter } from '../../shared/domain/candidate-scope.ts';

type Row = {
  kind: 'rateCard' | 'extraAccess' | 'instruction' | 'electionVersion'; id: number; election_id: number; candidate_id: number; candidate_name: string; created_at: string;
  read_at: string | null; rate_card_version: number | null; offer_id: number | null; description: string | null; grant_kind: string | null;
  response: 'open' | 'accepted' | 'declined' | null;
  i_kind: 'withdrawRequest' | 'acceptOffer' | 'declineOffer' | null; i_request: number | null; i_offer: number | null; i_dated: string | null; i_by: string | null;
  v_version: number | null; v_reason: string | null; v_changes: string | null;
};

/** Instructions take ids from this offset on, so one id space serves all three kinds of notice. */
const INSTRUCTION_BASE = 1_000_000_000;
/** Notices of a new election version take ids from this offset on (issue 14 §2). */
const VERSION_BASE = 2_000_000_000;

// Offers of extra access are notices too; their ids are negated so one id space serves both kinds on screen. A
// candidate's written instruction recorded by a committee member is a notice to that candidate (who recorded what).
const UNION = `
  SELECT 'rateCard' AS kind, n.id, n.election_id, n.candidate_id, c.full_name AS candidate_name, n.created_at, n.read_at,
    n.rate_card_version, NULL AS offer_id, NULL AS description, NULL AS grant_kind, NULL AS response,
    NULL AS i_kind, NULL AS i_request, NULL AS i_offer, NULL AS i_dated, NULL AS i_by, NULL AS v_version, NULL AS v_reason, NULL AS v_changes
  FROM rate_card_notices n JOIN candidates c ON c.id = n.candidate_id
  UNION ALL
  SELECT 'extraAccess', -o.id, g.election_id, o.candidate_id, c.full_name, o.offered_at, o.read_at,
    NULL, o.id, g.description, g.kind, o.response, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM extra_access_offers o JOIN extra_access_grants g ON g.id = o.grant_id JOIN candidates c ON c.id = o.candidate_id
  UNION ALL
  SELECT 'instruction', ${INSTRUCTION_BASE} + i.id, c.election_id, i.candidate_id, c.full_name, i.recorded_at, i.read_at,
    NULL, NULL, NULL, NULL, NULL, i.kind, i.request_id, i.offer_id, i.dated, coalesce(u.display_name, ''), NULL, NULL, NULL
  FROM candidate_instructions i JOIN candidates c ON c.id = i.candidate_id LEFT JOIN users u ON u.id = i.recorded_by
  UNION ALL
  SELECT 'electionVersion', ${VERSION_BASE} + n.id, n.election_id, n.candidate_id, c.full_name, n.created_at, n.read_at,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.version, v.reason, v.changes
  FROM election_version_notices n JOIN candidates c ON c.id = n.candidate_id
    JOIN election_versions v ON v.election_id = n.election_id AND v.version = n.version`;

const toView = (r: Row): NoticeView => ({
  id: r.id, kind: r.kind, electionId: r.election_id, candidateId: r.candidate_id, candidateName: r.candidate_name, createdAt: r.created_at,
  readAt: r.read_at, rateCardVersion: r.rate_card_version,
  extraAccess: r.kind === 'extraAccess' ? { offerId: r.offer_id!, description: r.description!, kind: r.grant_kind!, response: r.response! } : null,
  instruction: r.kind === 'instruction' ? { kind: r.i_kind!, requestId: r.i_request, offerId: r.i_offer, dated: r.i_dated!, recordedBy: r.i_by ?? '' } : null,
  electionVersion: r.kind === 'electionVersion' ? { version: r.v_version!, reason: r.v_reason, changes: JSON.parse(r.v_changes ?? '[]') as TermChange[] } : null,
});

export function listNotices(db: DB, user: SessionUser, f: { electionId?: number | undefined; candidateId?: number | undefined }): NoticeView[] {
  const where: string[] = [];
  const params: number[] = [];
  const candidateId = candidateFilter(user, f.candidateId);
  if (candidateId !== undefined) { where.push('candidate_id=?'); params.push(candidateId); }
  if (f.electionId !== undefined) { where.push('election_id=?'); params.push(f.electionId); }
  const rows = db.prepare(`SELECT * FROM (${UNION}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC`).all(...params) as Row[];
  return rows.map(toView);
}

export function notice(db: DB, user: SessionUser, id: number): NoticeView {
  const n = listNotices(db, user, {}).find((x) => x.id === id);
  if (!n) throw new AppError('notices.notFound', 'Not found.');
  return n;
}

export function markRead(db: DB, user: SessionUser, id: number, now: Date): void {
  const n = notice(db, user, id);
  if (n.readAt) return;
  if (n.kind === 'rateCard') db.prepare('UPDATE rate_card_notices SET read_at=? WHERE id=?').run(now.toISOString(), id);
  else if (n.kind === 'electionVersion') db.prepare('UPDATE election_version_notices SET read_at=? WHERE id=?').run(now.toISOString(), id - VERSION_BASE);
  else if (n.kind === 'instruction') db.prepare('UPDATE candidate_instructions SET read_at=? WHERE id=?').run(now.toISOString(), id - INSTRUCTION_BASE);
  else db.prepare('UPDATE extra_access_offers SET read_at=? WHERE id=?').run(now.toISOString(), n.extraAccess!.offerId);
}
