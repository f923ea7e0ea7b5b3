import type { MailClass, Quote, RequestStatus, RequestView } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import { prepaymentShortfall } from '../billing/gate.ts';
import type { SessionUser } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import { candidateFilter, inScope } from '../../shared/domain/candidate-scope.ts';

type Row = {
  id: number; election_id: number; candidate_id: number; candidate_name: string; status: RequestStatus; received_at: string;
  queue_position: number; audience: string; channel: MailClass; requested_mailing_date: string; audience_count: number | null;
  quote_cents: number | null; quote_lines: string | null; rate_card_version: number | null;
  signed_off_at: string | null; authorised_at: string | null; released_at: string | null; withdrawn_at: string | null;
  lit_sha256: string; lit_pages: number; lit_size: number; lit_name: string; lit_removed: string;
  pages_per_piece: number | null; sheets_per_piece: number | null;
  audience_id: number | null; audience_name: string | null;
  release_due: string | null; late_release_reason: string | null;
  hold_reason: string | null; hold_at: string | null;
};

// The queue position counts every request of the election in the order received (29 CFR 452.67: handled in order).
const SELECT = `
  SELECT r.*, c.full_name AS candidate_name, (SELECT a.name FROM election_audiences a WHERE a.id = r.audience_id) AS audience_name,
    (SELECT count(*) FROM requests q WHERE q.election_id = r.election_id
       AND (q.received_at < r.received_at OR (q.received_at = r.received_at AND q.id <= r.id))) AS queue_position,
    l.sha256 AS lit_sha256, l.pages AS lit_pages, l.size AS lit_size, l.file_name AS lit_name, l.removed AS lit_removed,
    h.reason AS hold_reason, h.held_at AS hold_at
  FROM requests r LEFT JOIN request_holds h ON h.request_id = r.id AND h.ended_at IS NULL JOIN candidates c ON c.id = r.candidate_id JOIN literature l ON l.id = r.literature_id`;

function toView(db: DB, r: Row): RequestView {
  const quote: Quote | null = r.quote_lines === null || r.quote_cents === null || r.rate_card_version === null ? null : {
    ...(JSON.parse(r.quote_lines) as Omit<Quote, 'totalCents' | 'rateCardVersion'>), totalCents: r.quote_cents, rateCardVersion: r.rate_card_version,
  };
  const payable = r.status === 'signedOff' || r.status === 'authorised' || r.status === 'quoted';
  return {
    id: r.id, electionId: r.election_id, candidateId: r.candidate_id, candidateName: r.candidate_name, status: r.status,
    receivedAt: r.received_at, queuePosition: r.queue_position, audience: JSON.parse(r.audience) as Audience, channel: r.channel,
    requestedMailingDate: r.requested_mailing_date, audienceId: r.audience_id, audienceName: r.audience_name,
    literature: { sha256: r.lit_sha256, pages: r.lit_pages, bytes: r.lit_size, fileName: r.lit_name, removed: JSON.parse(r.lit_removed) as string[] },
    quote, signedOffAt: r.signed_off_at, authorisedAt: r.authorised_at, releasedAt: r.released_at, withdrawnAt: r.withdrawn_at,
    shortfallCents: payable ? prepaymentShortfall(db, r.id) : null,
    hold: r.hold_reason === null ? null : { reason: r.hold_reason, heldAt: r.hold_at! },
    releaseDue: r.release_due, lateReleaseReason: r.late_release_reason,
  };
}

/** The stored quote keeps its lines and basis; total and version also sit in their own columns (billing reads them). */
export function storeQuote(db: DB, requestId: number, q: Quote, now: Date): void {
  const { totalCents, rateCardVersion, ...rest } = q;
  db.prepare(`UPDATE requests SET status='quoted', quote_cents=?, quote_lines=?, rate_card_version=?, audience_count=?, quoted_at=? WHERE id=?`)
    .run(totalCents, JSON.stringify(rest), rateCardVersion, q.pieces, now.toISOString(), requestId);
}

export function quoteLines(db: DB, requestId: number): Quote['lines'] {
  const r = db.prepare('SELECT quote_lines FROM requests WHERE id=?').get(requestId) as { quote_lines: string | null };
  return r.quote_lines ? (JSON.parse(r.quote_lines) as { lines: Quote['lines'] }).lines : [];
}

/** One request; a candidate asking for another candidate's gets the same answer as for one that does not exist. */
export function requestView(db: DB, user: SessionUser, id: number): RequestView {
  const r = db.prepare(`${SELECT} WHERE r.id=?`).get(id) as Row | undefined;
  if (!r || !inScope(user, r.candidate_id)) {
    throw new AppError('requests.notFound', 'Not found.');
  }
  return toView(db, r);
}

export function listRequests(db: DB, user: SessionUser, f: { electionId?: number | undefined; candidateId?: number | undefined }): RequestView[] {
  const where: string[] = [];
  const params: number[] = [];
  // A candidate sees only their own requests, whatever filter they send.
  const candidateId = candidateFilter(user, f.candidateId);
  if (candidateId !== undefined) { where.push('r.candidate_id=?'); params.push(candidateId); }
  if (f.electionId !== undefined) { where.push('r.election_id=?'); params.push(f.electionId); }
  const rows = db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.election_id, r.received_at, r.id`)
    .all(...params) as Row[];
  return rows.map((r) => toView(db, r));
}

export function requireStatus(v: RequestView, allowed: RequestStatus[], action: string): void {
  if (!allowed.includes(v.status)) {
    throw new AppError('requests.wrongStatus', `This request cannot be ${action} now.`, { status: v.status, action });
  }
}

/** Literature bytes and election of a request, for the proof and the merge. */
export function literatureOf(db: DB, requestId: number): { bytes: Uint8Array; sha256: string; pages: number } {
  const r = db.prepare('SELECT l.bytes, l.sha256, l.pages FROM requests r JOIN literature l ON l.id = r.literature_id WHERE r.id=?')
    .get(requestId) as { bytes: Buffer; sha256: string; pages: number } | undefined;
  if (!r) throw new AppError('requests.notFound', 'Not found.');
  return { bytes: new Uint8Array(r.bytes), sha256: r.sha256, pages: r.pages };
}
