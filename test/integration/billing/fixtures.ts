import type { RateCard } from '../../../shared/api/commands/elections.ts';
import { computeQuote } from '../../../electron/elections/quote.ts';
import { installReleaseGuard } from '../../../electron/billing/schema.ts';
import type { DB } from '../../../electron/vault/database.ts';

// Rows in the elections domain's real tables, written directly: billing reads them, and these tests must not depend
// on the elections screens' flow. Status changes go through the same UPDATEs the requests domain makes, so the
// database triggers (status only forward, billing_release_guard) judge them exactly as in the app.

export const CARD: RateCard = {
  paperPerSheetCents: 4, printPerSideCents: 6, envelopeCents: 5, insertingCents: 3,
  postageCents: { firstClass: 73, marketing: 35 }, handlingPerJobCents: 2500, staffHourCents: 3600,
  staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [],
};

export function ensureTables(db: DB): void {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='requests'").get();
  if (!has) throw new Error('the elections migrations are not there');
  installReleaseGuard(db);
}

export function addElection(db: DB, name = 'Officer election 2026'): number {
  ensureTables(db);
  const now = new Date().toISOString();
  const id = Number(db.prepare(`INSERT INTO elections (name, offices, election_date, mail_ballot, ballot_mailing_date, audience_kinds, channels, rules, print_settings, created_at)
    VALUES (?,?,?,?,?,?,?,?,?,?)`).run(name, '["President"]', '2026-12-01', 0, null, '["allGoodStanding"]', '["firstClass","marketing"]',
    '{"pageSize":"letter","maxPages":4,"colour":false}', '{}', now).lastInsertRowid);
  db.prepare('INSERT INTO rate_cards (election_id, version, published_at, card) VALUES (?,?,?,?)').run(id, 1, now, JSON.stringify(CARD));
  return id;
}

export function addCandidate(db: DB, electionId: number, fullName: string): number {
  return Number(db.prepare(`INSERT INTO candidates (election_id, full_name, office, standing, registered_at) VALUES (?,?,?,?,?)`)
    .run(electionId, fullName, 'President', 'candidate', new Date().toISOString()).lastInsertRowid);
}

let seq = 0;
/**
 * A request received and quoted for `pieces` pieces of a 2-page leaflet, first class, signed off and authorised by
 * committee member `authorisedBy` (the chair, user 1, unless said otherwise).
 */
export function addQuotedRequest(db: DB, electionId: number, candidateId: number, pieces: number, o: { authorisedBy?: number } = {}): { id: number; quoteCents: number } {
  const now = new Date(Date.UTC(2026, 0, 1) + (seq++) * 1000).toISOString();
  const lit = Number(db.prepare(`INSERT INTO literature (election_id, candidate_id, file_name, bytes, size, sha256, pages, removed, received_at)
    VALUES (?,?,?,?,?,?,?,?,?)`).run(electionId, candidateId, 'leaflet.pdf', Buffer.from('%PDF-1.7'), 8, 'a'.repeat(64), 2, '[]', now).lastInsertRowid);
  const id = Number(db.prepare(`INSERT INTO requests (election_id, candidate_id, status, received_at, literature_id, audience, channel, requested_mailing_date)
    VALUES (?,?,?,?,?,?,?,?)`).run(electionId, candidateId, 'received', now, lit, '{"kind":"allGoodStanding"}', 'firstClass', '2026-10-01').lastInsertRowid);
  const q = computeQuote(CARD, 1, { pieces, literaturePages: 2, addressPage: false, channel: 'firstClass' });
  const { totalCents, rateCardVersion, ...rest } = q;
  db.prepare(`UPDATE requests SET status='quoted', quote_cents=?, quote_lines=?, rate_card_version=?, audience_count=?, quoted_at=? WHERE id=?`)
    .run(totalCents, JSON.stringify(rest), rateCardVersion, pieces, now, id);
  const at = new Date().toISOString();
  db.prepare("UPDATE requests SET status='signedOff', signed_off_at=? WHERE id=?").run(at, id);
  db.prepare("UPDATE requests SET status='authorised', authorised_at=?, authorised_by=? WHERE id=?").run(at, o.authorisedBy ?? 1, id);
  return { id, quoteCents: totalCents };
}

/**
 * The release UPDATE itself, by committee member `releasedBy` (user 2 unless said otherwise); the database triggers
 * refuse it while prepayment is short or when the four-eyes rule is broken.
 */
export function release(db: DB, requestId: number, releasedBy = 2): void {
  db.prepare("UPDATE requests SET status='released', released_at=?, released_by=? WHERE id=?").run(new Date().toISOString(), releasedBy, requestId);
}

export function setStatus(db: DB, requestId: number, status: 'produced' | 'mailed'): void {
  db.prepare('UPDATE requests SET status=? WHERE id=?').run(status, requestId);
}

/**
 * A second committee member as a bare user row (no key slot: these tests never sign them in), for the four-eyes rule
 * at release (issue 13). Returns an existing staff member's id if there is one.
 */
export function secondMember(db: DB): number {
  const staff = db.prepare("SELECT id FROM users WHERE role = 'staff' AND active = 1 ORDER BY id LIMIT 1").get() as { id: number } | undefined;
  if (staff) return staff.id;
  return Number(db.prepare("INSERT INTO users (login, display_name, role, created_at) VALUES ('second.member', 'Second Member', 'staff', ?)")
    .run(new Date().toISOString()).lastInsertRowid);
}

/**
 * The production job of a released request, finished: `members` pieces of the 2-page leaflet (one duplex sheet each),
 * no seeds. Actual costs come from it (issue 13 §5). Moves the request to 'produced'.
 */
export function producedJob(db: DB, requestId: number, members: number): number {
  const at = new Date().toISOString();
  const id = Number(db.prepare(`INSERT INTO merge_jobs (request_id, folder, file_prefix, batch_size, members, seeds, total_pieces, total_batches,
      serial_base, literature_sha256, print_settings, status, started_at, finished_at, pages, sheets)
    VALUES (?, '/nonexistent', 'job', 5000, ?, 0, ?, 1, 0, ?, '{}', 'done', ?, ?, ?, ?)`)
    .run(requestId, members, members, 'a'.repeat(64), at, at, members * 2, members).lastInsertRowid);
  setStatus(db, requestId, 'produced');
  return id;
}
