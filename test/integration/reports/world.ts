import type { RateCard } from '../../../shared/api/commands/elections.ts';
import { computeQuote } from '../../../electron/elections/quote.ts';
import type { DB } from '../../../electron/vault/database.ts';
import { prepareMember } from '../../../electron/members/record.ts';
import { MemberWriter } from '../../../electron/members/writer.ts';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin, setUpVault } from '../../support/backend.ts';
import { CARD, ELECTION } from '../elections/helpers.ts';
import { producedJob, secondMember } from '../billing/fixtures.ts';

// A populated election for the reports: real commands where the elections and billing domains offer them (election,
// rate cards with notices, candidates, extra access, payments, reconciliation, refunds), and the same row writes the
// billing tests use for requests (so these tests do not depend on the literature intake flow). Status changes go
// through the database triggers (forward only, release only when prepaid) exactly as in the app.

export const LIT_MARKER = 'LITMARKER-7f3a-campaign-leaflet-text';
export const INJECTION_NAME = '=HYPERLINK("http://evil.example","click")';
export const CARD_V2: RateCard = { ...CARD, postageCents: { ...CARD.postageCents, firstClass: 78 } };

let tick = 0;
/** A request received now, quoted under the card in force (or `version`), signed off and authorised. */
export function addRequest(db: DB, electionId: number, candidateId: number, o: {
  pieces: number; at: Date; channel?: 'firstClass' | 'marketing'; mailing?: string; pages?: number;
  audience?: string; version?: number;
}): { id: number; quoteCents: number } {
  const at = new Date(o.at.getTime() + tick++ * 1000).toISOString();
  const cur = db.prepare('SELECT version, card FROM rate_cards WHERE election_id = ? AND version = coalesce(?, (SELECT max(version) FROM rate_cards WHERE election_id = ?))')
    .get(electionId, o.version ?? null, electionId) as { version: number; card: string };
  const pages = o.pages ?? 2;
  const bytes = Buffer.from(`%PDF-1.7\n% ${LIT_MARKER} candidate ${candidateId}\n`, 'latin1');
  const lit = Number(db.prepare(`INSERT INTO literature (election_id, candidate_id, file_name, bytes, size, sha256, pages, removed, received_at)
    VALUES (?,?,?,?,?,?,?,?,?)`).run(electionId, candidateId, 'leaflet.pdf', bytes, bytes.length, 'b'.repeat(64), pages, '[]', at).lastInsertRowid);
  const channel = o.channel ?? 'firstClass';
  const id = Number(db.prepare(`INSERT INTO requests (election_id, candidate_id, status, received_at, literature_id, audience, channel, requested_mailing_date)
    VALUES (?,?,?,?,?,?,?,?)`).run(electionId, candidateId, 'received', at, lit, o.audience ?? '{"kind":"allGoodStanding"}', channel, o.mailing ?? '2026-06-01').lastInsertRowid);
  const q = computeQuote(JSON.parse(cur.card) as RateCard, cur.version, { pieces: o.pieces, literaturePages: pages, addressPage: false, channel });
  const { totalCents, rateCardVersion, ...rest } = q;
  const later = (h: number) => new Date(Date.parse(at) + h * 3_600_000).toISOString();
  db.prepare(`UPDATE requests SET status='quoted', quote_cents=?, quote_lines=?, rate_card_version=?, audience_count=?, quoted_at=? WHERE id=?`)
    .run(totalCents, JSON.stringify(rest), rateCardVersion, o.pieces, later(2), id);
  db.prepare("UPDATE requests SET status='signedOff', signed_off_at=? WHERE id=?").run(later(5), id);
  // Authorised by the chair (user 1); a second committee member releases (four eyes, issue 13).
  db.prepare("UPDATE requests SET status='authorised', authorised_at=?, authorised_by=1 WHERE id=?").run(later(6), id);
  return { id, quoteCents: totalCents };
}

/** Released by a second committee member, produced (`members` pieces mailed, one sheet each) and mailed. */
export function release(db: DB, requestId: number, at: Date, members?: number): void {
  db.prepare("UPDATE requests SET status='released', released_at=?, released_by=? WHERE id=?").run(at.toISOString(), secondMember(db), requestId);
  if (members === undefined) db.prepare("UPDATE requests SET status='produced' WHERE id=?").run(requestId);
  else producedJob(db, requestId, members);
  db.prepare("UPDATE requests SET status='mailed' WHERE id=?").run(requestId);
}

const check = (reference: string) => ({ type: 'check' as const, reference });

/** Two real candidates and one whose name is a spreadsheet formula; money moved through the billing commands. */
export async function reportWorld(opts: { members?: number; seed?: number; extraMembers?: (db: DB) => void } = {}) {
  let now = new Date('2026-05-01T12:00:00Z');
  const clock = () => now;
  // A lower scrypt cost than production: these tests are about reports, not key derivation.
  const chair = await setUpVault({ clock, kdf: { N: 2 ** 14, r: 8, p: 1 } });
  const db = chair.backend.vault!.db;
  seedMembers(db, opts.members ?? 40, { seed: opts.seed ?? 7 });
  opts.extraMembers?.(db);
  const api = chair.client;
  const election = await api.call('elections.save', { election: ELECTION });
  await api.call('rateCard.publish', { electionId: election.id, card: CARD });
  const a = await api.call('candidates.register', { electionId: election.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
  const b = await api.call('candidates.register', { electionId: election.id, fullName: 'José Muñoz Peña', office: 'President', standing: 'seekingNomination' });
  const c = await api.call('candidates.register', { electionId: election.id, fullName: INJECTION_NAME, office: 'Secretary-Treasurer', standing: 'candidate' });

  // Hương: one job of 1,200 pieces, prepaid, mailed, reconciled below the quote, the difference refunded.
  const ra = addRequest(db, election.id, a.id, { pieces: 1200, at: now, mailing: '2026-06-01' });
  await api.call('billing.recordPayment', { candidateId: a.id, amountCents: ra.quoteCents, receivedOn: '2026-05-01', method: check('501'), payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
  now = new Date('2026-05-03T10:00:00Z');
  // The production job mailed 1,150 pieces: the final invoice takes them from it.
  release(db, ra.id, now, 1150);
  await api.call('billing.reconcile', { requestId: ra.id, actualPostageCents: 1150 * 73 });
  const va = await api.call('billing.candidate', { candidateId: a.id });
  await api.call('billing.recordRefund', { candidateId: a.id, amountCents: va.balance.refundableCents, paidOn: '2026-05-03', method: check('9001'), payee: 'Nguyễn Thị Hương' });

  // A new card (first-class postage up); José's jobs come after it: one marketing mail segment job, one still quoted.
  now = new Date('2026-05-05T09:00:00Z');
  await api.call('rateCard.publish', { electionId: election.id, card: CARD_V2 });
  const rb = addRequest(db, election.id, b.id, { pieces: 800, at: now, channel: 'marketing', mailing: '2026-06-10',
    audience: JSON.stringify({ kind: 'segment', combine: 'or', filters: [{ field: 'local', values: ['Local 42'] }] }) });
  await api.call('billing.recordPayment', { candidateId: b.id, amountCents: rb.quoteCents + 1000, receivedOn: '2026-05-05', method: check('77'), payer: { type: 'campaignCommittee', name: 'Friends of José', accountHolder: 'Friends of José' } });
  now = new Date('2026-05-07T10:00:00Z');
  release(db, rb.id, now);
  const rb2 = addRequest(db, election.id, b.id, { pieces: 300, at: now, mailing: '2026-06-15' });
  // The formula-named candidate: a quoted request, nothing paid.
  const rc = addRequest(db, election.id, c.id, { pieces: 100, at: now, mailing: '2026-06-15' });
  now = new Date('2026-05-20T15:00:00Z');
  await api.call('extraAccess.grant', { candidateId: a.id, kind: 'extraInspection', description: 'Second inspection session' });
  const auditor = await addUserAndLogin(api, chair.dir, { login: 'audra', role: 'auditor' });
  auditor.backend.options.clock = clock;
  return {
    chair, auditor, db, election, candidates: { a, b, c }, requests: { ra, rb, rb2, rc },
    setNow: (d: Date) => { now = d; },
  };
}

/** A member with a name and address found nowhere else: any report or file that carries member data shows it. */
export const CANARY = {
  memberId: '7700991', firstName: 'Zebulon', lastName: 'Quillfeather', fullName: 'Zebulon Quillfeather',
  address1: '4242 Canarywood Ln', address2: 'Apt 9Q', city: 'Springfield', state: 'MA', zip: '01105', email: 'zq@example.org',
  local: 'Local 42', worksite: 'North Yard', shift: 'Day', status: 'Active', segments: {},
};
export const CANARY_TOKENS = ['Quillfeather', 'QUILLFEATHER', 'Zebulon', 'ZEBULON', 'Canarywood', 'CANARYWOOD', '7700991', 'zq@example.org'];

export function seedCanary(db: DB): void {
  const prepared = prepareMember(CANARY);
  if (!prepared.ok) throw new Error('canary address not usable');
  db.transaction(() => new MemberWriter(db, { now: new Date('2026-03-01T12:00:00Z'), source: 'import', actorId: null }).write(prepared.member, true))();
}
