import { isMailClass, type RateCard, type RateCardVersion } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { electionInput } from './elections-store.ts';
import { anchorHead } from '../audit/anchors.ts';
import { zeroPrices } from '../../shared/domain/rate-card.ts';

/**
 * Publishes a new rate card version (29 CFR 452.67: one set of terms, published to every candidate). Publishing is
 * dated and creates a notice for every active candidate of the election in the same transaction, so no candidate
 * can be left unaware of a change. Returns the version and how many notices were created.
 */
export function publishRateCard(db: DB, electionId: number, card: RateCard, now: Date, userId: number): { version: number; noticesCreated: number } {
  const e = electionInput(db, electionId);
  if (!e.active) throw new AppError('elections.inactive', 'That election is closed.');
  const missing = e.channels.filter(isMailClass).filter((c) => card.postageCents[c] === undefined);
  if (missing.length) throw new AppError('rateCard.postageMissing', 'Every mail class offered needs a postage rate.', { classes: missing.join(', ') });
  // Email is offered only at a price: a message the union sends free is a union-paid campaign cost (issue 17).
  if (e.channels.includes('email') && !card.email) {
    throw new AppError('rateCard.emailPriceMissing', 'Email is offered in this election: set a price per message and per job, neither of them zero.');
  }
  const zero = zeroPrices(card, e.channels);
  if (zero.length) {
    throw new AppError('rateCard.zeroPrice', 'Every cost the union incurs must have a price: a cost the union absorbs is a campaign subsidy (LMRDA 401(g)), never a setting.',
      { items: zero.join(', ') });
  }
  const names = card.other.map((o) => o.name.toLowerCase());
  if (new Set(names).size !== names.length) throw new AppError('rateCard.duplicateCost', 'Each other cost needs its own name.');
  const last = db.prepare('SELECT max(version) AS v FROM rate_cards WHERE election_id=?').get(electionId) as { v: number | null };
  const version = (last.v ?? 0) + 1;
  const at = now.toISOString();
  db.prepare('INSERT INTO rate_cards (election_id, version, published_at, published_by, card) VALUES (?,?,?,?,?)')
    .run(electionId, version, at, userId, JSON.stringify(card));
  const r = db.prepare(`INSERT INTO rate_card_notices (election_id, candidate_id, rate_card_version, created_at)
    SELECT ?, id, ?, ? FROM candidates WHERE election_id=? AND active=1`).run(electionId, version, at, electionId);
  anchorNotices(db, electionId, now, userId);
  return { version, noticesCreated: r.changes };
}

/** A candidate registered after publication gets a notice of the card in force, like everyone before them. */
export function noticeCurrentCard(db: DB, electionId: number, candidateId: number, now: Date): void {
  const cur = db.prepare('SELECT max(version) AS v FROM rate_cards WHERE election_id=?').get(electionId) as { v: number | null };
  if (cur.v === null) return;
  db.prepare('INSERT OR IGNORE INTO rate_card_notices (election_id, candidate_id, rate_card_version, created_at) VALUES (?,?,?,?)')
    .run(electionId, candidateId, cur.v, now.toISOString());
  anchorNotices(db, electionId, now, null);
}

/** The notice's name in audit_anchors: its number, never the candidate's name. */
export const noticeDocument = (noticeId: number): string => `notice ${noticeId}`;

/** Each new notice carries the chain head as it stood when it was issued (printed on its PDF). */
function anchorNotices(db: DB, electionId: number, now: Date, by: number | null): void {
  const fresh = db.prepare(`SELECT n.id FROM rate_card_notices n WHERE n.election_id = ? AND NOT EXISTS
    (SELECT 1 FROM audit_anchors a WHERE a.kind = 'notice' AND a.document = 'notice ' || n.id)`).all(electionId) as Array<{ id: number }>;
  for (const n of fresh) anchorHead(db, { kind: 'notice', document: noticeDocument(n.id), at: now, by });
}

export function rateCardVersions(db: DB, electionId: number): RateCardVersion[] {
  const rows = db.prepare(`SELECT r.*, coalesce(u.display_name, '') AS by_name FROM rate_cards r LEFT JOIN users u ON u.id = r.published_by
    WHERE r.election_id=? ORDER BY r.version DESC`).all(electionId) as
    { election_id: number; version: number; published_at: string; card: string; by_name: string }[];
  return rows.map((r) => ({ electionId: r.election_id, version: r.version, publishedAt: r.published_at, publishedBy: r.by_name, card: JSON.parse(r.card) as RateCard }));
}

export function rateCardVersion(db: DB, electionId: number, version: number): RateCardVersion {
  const v = rateCardVersions(db, electionId).find((x) => x.version === version);
  if (!v) throw new AppError('rateCard.notFound', 'That rate card version does not exist.');
  return v;
}
