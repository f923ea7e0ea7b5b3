import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Channel, Quote } from '../../shared/api/commands/elections.ts';
import { CANDIDATE_MIN_COUNT } from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import type { HandlerContext, ReadContext } from '../core/context.ts';
import { countAudience } from '../members/audience.ts';
import { countEmailAudience } from '../email/jobs.ts';
import { checkLiterature, DEFAULT_MAX_BYTES } from '../requests/literature/intake.ts';
import { requireActsFor } from './candidates.ts';
import { committeeDay } from '../users/calendar.ts';
import { currentRateCard, electionInput } from './elections-store.ts';
import { computeQuote } from './quote.ts';
import { storeQuote } from './requests-store.ts';
import { anchorHead } from '../audit/anchors.ts';
import { proofDocument } from './proof.ts';
import { resolveAudience } from './audiences.ts';

type Offer = { audience: Audience; channel: Channel };

/** The election's options are the same for everyone; a request outside them is refused, naming the option. */
export function checkOffered(e: { audienceKinds: string[]; channels: string[] }, o: Offer): void {
  if (!e.audienceKinds.includes(o.audience.kind)) throw new AppError('requests.audienceNotOffered', 'That audience is not offered in this election.', { kind: o.audience.kind });
  if (!e.channels.includes(o.channel)) throw new AppError('requests.channelNotOffered', 'That mail class is not offered in this election.', { channel: o.channel });
}

/** A quote for a candidate's election: audience count from the vault, rates from the card in force. */
export function quoteFor(ctx: ReadContext, electionId: number, o: Offer, pages: number): Quote {
  const e = electionInput(ctx.db, electionId);
  checkOffered(e, o);
  const card = currentRateCard(ctx.db, electionId);
  if (!card) throw new AppError('requests.noRateCard', 'The committee has not published a rate card for this election yet.');
  // Email goes only to members with a usable address who have not unsubscribed or bounced (issue 17).
  const pieces = o.channel === 'email' ? countEmailAudience(ctx.db, o.audience) : countAudience(ctx.db, o.audience);
  if (pieces === 0) throw new AppError('requests.emptyAudience', 'No member in good standing is in that audience.');
  // A quote names its piece count: a candidate never learns that a band holds fewer than 10 members (issue 13 §3).
  if (ctx.user.role === 'candidate' && pieces < CANDIDATE_MIN_COUNT) {
    throw new AppError('members.audienceTooSmall', 'This audience is too small to quote: choose one with more members.', { min: CANDIDATE_MIN_COUNT });
  }
  return computeQuote(card.card, card.version, { pieces, literaturePages: pages, addressPage: e.print.addressMode === 'addressPage', channel: o.channel, sides: e.print.sides });
}

export type SubmitInput = { audience?: Audience | undefined; audienceId?: number | undefined; channel: Channel; candidateId: number; requestedMailingDate: string; literaturePath: string };

/**
 * Receives a request: technical intake of the literature (the election's uniform rules only; a refusal names the rule
 * and nothing is stored, because the whole command rolls back), then the request is queued with its receipt time
 * and quoted from the published rate card, all in one transaction.
 */
export async function submitRequest(ctx: HandlerContext, raw: SubmitInput): Promise<number> {
  const cand = requireActsFor(ctx.db, ctx.user, raw.candidateId);
  if (!cand.active) throw new AppError('candidates.inactive', 'That candidacy is no longer active.');
  const e = electionInput(ctx.db, cand.electionId);
  if (!e.active) throw new AppError('elections.inactive', 'That election is closed.');
  const chosen = resolveAudience(ctx, e.id, raw);
  const input = { ...raw, audience: chosen.audience };
  checkOffered(e, input);
  const today = committeeDay(ctx.db, ctx.now());
  if (input.requestedMailingDate < today) throw new AppError('requests.mailingDateInPast', 'The requested mailing date has passed.', { date: input.requestedMailingDate });
  if (input.requestedMailingDate > e.electionDate) throw new AppError('requests.mailingDateAfterElection', 'The requested mailing date is after the election.', { date: input.requestedMailingDate });
  if (!currentRateCard(ctx.db, e.id)) throw new AppError('requests.noRateCard', 'The committee has not published a rate card for this election yet.');

  const file = ctx.backend.grants.requireFile(input.literaturePath, 'literature');
  let size: number;
  try { size = statSync(file).size; } catch { throw new AppError('literature.unreadable', 'The file could not be read.'); }
  if (size > DEFAULT_MAX_BYTES) throw new AppError('literature.tooLarge', 'The file is larger than the limit.', { bytes: size, max: DEFAULT_MAX_BYTES });
  const bytes = new Uint8Array(readFileSync(file));
  const checked = await checkLiterature(bytes, e.rules);
  if (!checked.ok) {
    // The command rolls back: no literature, no request, no partial record of the file stays in the vault.
    throw new AppError(checked.code, 'The literature does not meet a technical rule of this election.', checked.details);
  }

  const at = ctx.now().toISOString();
  const lit = ctx.db.prepare(`INSERT INTO literature (election_id, candidate_id, file_name, bytes, size, sha256, pages, removed, received_at)
    VALUES (?,?,?,?,?,?,?,?,?)`).run(e.id, cand.id, path.basename(file).slice(0, 200), Buffer.from(checked.cleaned), checked.cleaned.length,
    checked.sha256, checked.pages, JSON.stringify(checked.removed), at);
  const r = ctx.db.prepare(`INSERT INTO requests (election_id, candidate_id, status, received_at, submitted_by, literature_id, audience, channel, requested_mailing_date, audience_id)
    VALUES (?,?,?,?,?,?,?,?,?,?)`).run(e.id, cand.id, 'received', at, ctx.user.id, Number(lit.lastInsertRowid), JSON.stringify(input.audience),
    input.channel, input.requestedMailingDate, chosen.audienceId);
  const requestId = Number(r.lastInsertRowid);
  // The proof of this request prints the head as it stood when the request was received; the same head every time
  // it is shown, so the proof's SHA-256 (which the candidate signs off) does not change as the trail grows.
  anchorHead(ctx.db, { kind: 'proof', document: proofDocument(requestId), at: ctx.now(), by: ctx.user.id });
  ctx.audit({ action: 'requests.receive', target: `request:${requestId}`, details: {
    candidateId: cand.id, electionId: e.id, sha256: checked.sha256, pages: checked.pages, removed: checked.removed, channel: input.channel,
  } });
  const q = quoteFor(ctx, e.id, input, checked.pages);
  storeQuote(ctx.db, requestId, q, ctx.now());
  ctx.audit({ action: 'requests.quote', target: `request:${requestId}`, details: { rateCardVersion: q.rateCardVersion, pieces: q.pieces, totalCents: q.totalCents } });
  return requestId;
}
