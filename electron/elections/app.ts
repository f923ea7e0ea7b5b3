import { readFileSync, statSync } from 'node:fs';
import type { electionsCommands } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import { fourEyesRelease, prepaymentShortfall } from '../billing/gate.ts';
import type { HandlerContext, Handlers, ReadContext } from '../core/context.ts';
import { setting } from '../users/store.ts';
import { candidate, electionOf, insertCandidate, listCandidates, requireActsFor } from './candidates.ts';
import { candidateScoped, electionFilter, electionInScope, inScope, ownCandidacy } from '../../shared/domain/candidate-scope.ts';
import { dayIn } from '../../shared/domain/calendar.ts';
import { committeeDay, committeeZone } from '../users/calendar.ts';
import { electionInput, electionView, insertElection, listElectionIds, updateElection } from './elections-store.ts';
import { grantExtraAccess, offerExistingGrants, respondToOffer } from './extra-access.ts';
import { endInspection, inspectionPage, inspectionStatus, liveSession, sessionOf, startInspection } from './inspection.ts';
import { notice, listNotices, markRead } from './notices.ts';
import { readerFor } from '../users/language.ts';
import { rateCardNoticePdf } from './notice-pdf.ts';
import { checkOwnList } from './own-list.ts';
import { proofView as emailProofView } from '../email/proof.ts';
import { buildProof, previewPages, proofDocument, SPECIMEN_LINES } from './proof.ts';
import { anchorOf } from '../audit/anchors.ts';
import { recordInstruction } from './instructions.ts';
import { recordElectionDates } from './versions.ts';
import { endHold, placeHold, turnaroundAt } from './holds.ts';
import { checkTermsChange, electionVersions, recordFirstVersion, recordVersion, termsOf } from './election-versions.ts';
import { noticeCurrentCard, noticeDocument, publishRateCard, rateCardVersion, rateCardVersions } from './rate-card.ts';
import { literatureOf, listRequests, requestView, requireStatus, storeQuote } from './requests-store.ts';
import { quoteFor, submitRequest } from './submit.ts';
import { resolveAudience } from './audiences.ts';

type C = typeof electionsCommands;

const today = (ctx: ReadContext): string => committeeDay(ctx.db, ctx.now());
const OWN_LIST_MAX_BYTES = 2 * 1024 * 1024;

/** A candidate login sees only its own election's records (shared/domain/candidate-scope.ts). */
function requireElectionVisible(ctx: ReadContext, electionId: number): void {
  if (!electionInScope(ctx.user, electionId, electionOf(ctx.db))) throw new AppError('elections.notFound', 'Not found.');
}

/**
 * 401(c) inspection belongs to the candidate's own signed-in session (issue 13): the caller must be a candidate login
 * bound to the candidacy, whatever the contract's roles say, so no committee member can open or read one for them.
 * This is a rule of its own, not candidate scoping: scoping lets committee members reach every candidate's records,
 * this refuses them, and another candidate's id is refused as "own session only" (the caller named a candidacy,
 * not a record). Only "another candidate's session" (ownSession) is scoping, answered like a missing session.
 */
function ownInspector(ctx: HandlerContext, candidateId: number | undefined): number {
  const own = ownCandidacy(ctx.user);
  if (own === null) throw new AppError('inspection.ownSessionOnly', 'Only the candidate, signed in as themselves, can inspect the list.');
  if (candidateId !== undefined && candidateId !== own) throw new AppError('inspection.ownSessionOnly', 'Only the candidate, signed in as themselves, can inspect the list.');
  return own;
}

function ownSession(ctx: HandlerContext, sessionId: number, o: { allowEnded?: boolean } = {}): ReturnType<typeof liveSession> {
  ownInspector(ctx, undefined); // a candidate login bound to a candidacy, or refused
  const s = sessionOf(ctx.db, sessionId);
  // Another candidate's session gets the same answer as one that does not exist.
  if (!inScope(ctx.user, s.candidate_id)) throw new AppError('inspection.notFound', 'Not found.');
  return o.allowEnded ? s : liveSession(ctx.db, sessionId, ctx.now());
}

export const electionsHandlers: Handlers<C> = {
  'elections.list': (ctx, input) => {
    const ids = listElectionIds(ctx.db, input.includeInactive).filter((id) => electionInScope(ctx.user, id, electionOf(ctx.db)));
    return ids.map((id) => electionView(ctx.db, id, today(ctx)));
  },

  'elections.save': (ctx, input) => {
    let id = input.electionId;
    if (id === undefined) {
      id = insertElection(ctx.db, input.election, ctx.now(), ctx.user.id);
      recordElectionDates(ctx.db, id, ctx.now(), ctx.user.id);
      recordFirstVersion(ctx.db, id, termsOf(input.election), ctx.now(), ctx.user.id);
      ctx.audit({ action: 'elections.create', target: `election:${id}`, details: { name: input.election.name, electionDate: input.election.electionDate, version: 1 } });
    } else {
      const before = electionInput(ctx.db, id);
      // Absent turnaround keeps the one in force (an older screen or script does not reset it to the default).
      const after = { ...input.election, turnaroundBusinessDays: input.election.turnaroundBusinessDays ?? before.turnaroundBusinessDays };
      // Terms change only through a new version with a reason once a candidate is on record (issue 14 §2): refused
      // before anything is written.
      const termChanges = checkTermsChange(ctx.db, id, termsOf(before), termsOf(after), input.reason);
      updateElection(ctx.db, id, after);
      recordElectionDates(ctx.db, id, ctx.now(), ctx.user.id);
      const version = termChanges.length > 0 ? recordVersion(ctx.db, id, termsOf(after), termChanges, input.reason, ctx.now(), ctx.user.id) : null;
      const changed = (Object.keys(after) as (keyof typeof after)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      // The values before and after, not only the names of the fields: the trail shows what the terms were.
      const values = Object.fromEntries(changed.map((k) => [k, { before: before[k], after: after[k] }]));
      ctx.audit({ action: 'elections.update', target: `election:${id}`, details: {
        changed, values, ...(version ? { version: version.version, reason: input.reason?.trim() ?? null, noticesCreated: version.noticesCreated } : {}),
      } });
    }
    return electionView(ctx.db, id, today(ctx));
  },

  'elections.versions': (ctx, input) => {
    requireElectionVisible(ctx, input.electionId);
    electionInput(ctx.db, input.electionId);
    return electionVersions(ctx.db, input.electionId);
  },

  'elections.setActive': (ctx, input) => {
    electionInput(ctx.db, input.electionId);
    ctx.db.prepare('UPDATE elections SET active=? WHERE id=?').run(input.active ? 1 : 0, input.electionId);
    ctx.audit({ action: 'elections.setActive', target: `election:${input.electionId}`, details: { active: input.active } });
    return electionView(ctx.db, input.electionId, today(ctx));
  },

  'rateCard.publish': (ctx, input) => {
    const out = publishRateCard(ctx.db, input.electionId, input.card, ctx.now(), ctx.user.id);
    // Every open quote is requoted under the new card, the same way, in this same transaction: if one cannot be, the
    // card is not published and no quote changes (issue 14 §4). A quote the candidate signed off stays as signed.
    const open = ctx.db.prepare("SELECT id FROM requests WHERE election_id = ? AND status IN ('received', 'quoted') ORDER BY received_at, id")
      .all(input.electionId) as Array<{ id: number }>;
    const requoted: Array<{ requestId: number; beforeCents: number | null; afterCents: number }> = [];
    for (const { id } of open) {
      const v = requestView(ctx.db, ctx.user, id);
      let q;
      try {
        q = quoteFor(ctx, v.electionId, v, v.literature.pages);
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, err.message, { ...err.details, requestId: id });
        throw err;
      }
      storeQuote(ctx.db, id, q, ctx.now());
      requoted.push({ requestId: id, beforeCents: v.quote?.totalCents ?? null, afterCents: q.totalCents });
    }
    ctx.audit({ action: 'rateCard.publish', target: `election:${input.electionId}`, details: { version: out.version, noticesCreated: out.noticesCreated, card: input.card, requoted } });
    return { ...out, requoted: requoted.length };
  },

  'rateCard.versions': (ctx, input) => {
    requireElectionVisible(ctx, input.electionId);
    return rateCardVersions(ctx.db, input.electionId);
  },

  'candidates.list': (ctx, input) => {
    // A candidate sees only their own record (their logins, their contact details), whatever election they name;
    // staff and auditors see all, of the election they name.
    return listCandidates(ctx.db, electionFilter(ctx.user, input.electionId, electionOf(ctx.db))).filter((c) => inScope(ctx.user, c.id));
  },

  'candidates.register': (ctx, input) => {
    const e = electionInput(ctx.db, input.electionId);
    if (!e.active) throw new AppError('elections.inactive', 'That election is closed.');
    if (!e.offices.includes(input.office)) throw new AppError('candidates.unknownOffice', 'That office is not on this election.', { office: input.office });
    const id = insertCandidate(ctx.db, { ...input }, ctx.now(), ctx.user.id);
    noticeCurrentCard(ctx.db, e.id, id, ctx.now());
    offerExistingGrants(ctx.db, e.id, id, ctx.now());
    ctx.audit({ action: 'candidates.register', target: `candidate:${id}`, details: { electionId: e.id, office: input.office, standing: input.standing } });
    return candidate(ctx.db, id);
  },

  'quotes.estimate': (ctx, input) => {
    const c = requireActsFor(ctx.db, ctx.user, input.candidateId);
    const { audience } = resolveAudience(ctx, c.electionId, input);
    return quoteFor(ctx, c.electionId, { audience, channel: input.channel }, input.pages);
  },

  'requests.submit': async (ctx, input) => {
    const id = await submitRequest(ctx, input);
    return requestView(ctx.db, ctx.user, id);
  },

  'requests.list': (ctx, input) => listRequests(ctx.db, ctx.user, input),

  'requests.requote': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['received', 'quoted'], 'requoted');
    const q = quoteFor(ctx, v.electionId, v, v.literature.pages);
    storeQuote(ctx.db, v.id, q, ctx.now());
    ctx.audit({ action: 'requests.quote', target: `request:${v.id}`, details: { rateCardVersion: q.rateCardVersion, pieces: q.pieces, totalCents: q.totalCents, requote: true } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.proof': async (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    const print = electionInput(ctx.db, v.electionId).print;
    const proof = await buildProof(literatureOf(ctx.db, v.id).bytes, print, { requestId: v.id, head: anchorOf(ctx.db, 'proof', proofDocument(v.id)) });
    return {
      requestId: v.id, base64: Buffer.from(proof.bytes).toString('base64'), pages: proof.pages, sha256: proof.sha256,
      specimen: SPECIMEN_LINES, addressMode: print.addressMode,
      window: { xPt: print.windowXPt, yPt: print.windowYPt, wPt: print.windowWPt, hPt: print.windowHPt },
      previewPages: await previewPages(proof.bytes, proof.pages),
    };
  },

  'requests.signOff': async (ctx, input) => {
    // Only the candidate signs off their own proof; the committee never judges content (29 CFR 452.70).
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['quoted'], 'signed off');
    // An email request's proof is the message exactly as sent (subject, text, attachment or HTML rendering): the
    // candidate signs off its hash, and the send refuses anything else (issue 17).
    const proof = v.channel === 'email' ? emailProofView(ctx.db, v.id)
      : await buildProof(literatureOf(ctx.db, v.id).bytes, electionInput(ctx.db, v.electionId).print, { requestId: v.id, head: anchorOf(ctx.db, 'proof', proofDocument(v.id)) });
    if (proof.sha256 !== input.proofSha256) throw new AppError('requests.proofChanged', 'The proof changed since you viewed it. View it again before signing off.');
    ctx.db.prepare("UPDATE requests SET status='signedOff', signed_off_at=?, signed_off_by=?, proof_sha256=? WHERE id=?")
      .run(ctx.now().toISOString(), ctx.user.id, proof.sha256, v.id);
    ctx.audit({ action: 'requests.signOff', target: `request:${v.id}`, details: { proofSha256: proof.sha256, rateCardVersion: v.quote?.rateCardVersion ?? null } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.authorise': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['signedOff'], 'authorised');
    ctx.db.prepare("UPDATE requests SET status='authorised', authorised_at=?, authorised_by=? WHERE id=?").run(ctx.now().toISOString(), ctx.user.id, v.id);
    ctx.audit({ action: 'requests.authorise', target: `request:${v.id}`, details: { candidateId: v.candidateId } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.release': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['authorised'], 'released');
    // Prepayment in full, required of every candidate alike (29 CFR 452.67); billing owns the ledger.
    const shortfallCents = prepaymentShortfall(ctx.db, v.id);
    if (shortfallCents > 0) throw new AppError('requests.unpaid', 'The quote is not paid in full yet.', { shortfallCents });
    // Four eyes: a second committee member releases, not the one who authorised it or recorded money it depends on.
    fourEyesRelease(ctx.db, v.id, ctx.user.id);
    // The published turnaround (issue 14 §4): later than that, only with a technical reason on record.
    const t = turnaroundAt(ctx.db, v.id, v.electionId, ctx.now());
    const lateReason = input.lateReason?.trim() || null;
    if (t?.late && !lateReason) {
      throw new AppError('requests.lateReleaseReason', 'This request is past the published turnaround: record the technical reason it was held before releasing it.',
        { due: t.due, turnaroundBusinessDays: t.turnaroundBusinessDays, businessDays: t.businessDays });
    }
    const hold = endHold(ctx.db, v.id, ctx.now(), ctx.user.id);
    ctx.db.prepare("UPDATE requests SET status='released', released_at=?, released_by=?, release_due=?, late_release_reason=? WHERE id=?")
      .run(ctx.now().toISOString(), ctx.user.id, t?.due ?? null, t?.late ? lateReason : null, v.id);
    const authorisedBy = (ctx.db.prepare('SELECT authorised_by FROM requests WHERE id=?').get(v.id) as { authorised_by: number }).authorised_by;
    ctx.audit({ action: 'requests.release', target: `request:${v.id}`, details: {
      candidateId: v.candidateId, authorisedBy, releasedBy: ctx.user.id,
      ...(t ? { due: t.due, businessDays: t.businessDays, turnaroundBusinessDays: t.turnaroundBusinessDays } : {}),
      ...(t?.late ? { lateReason } : {}), ...(hold ? { endedHold: hold.id } : {}),
    } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.hold': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['received', 'quoted', 'signedOff', 'authorised'], 'held');
    const holdId = placeHold(ctx.db, v.id, input.reason, ctx.now(), ctx.user.id);
    ctx.audit({ action: 'requests.hold', target: `request:${v.id}`, details: { candidateId: v.candidateId, holdId, reason: input.reason.trim() } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.endHold': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    const hold = endHold(ctx.db, v.id, ctx.now(), ctx.user.id);
    if (!hold) throw new AppError('requests.notHeld', 'This request is not on hold.');
    ctx.audit({ action: 'requests.endHold', target: `request:${v.id}`, details: { candidateId: v.candidateId, holdId: hold.id } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.markMailed': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['produced'], 'marked as mailed');
    if (input.mailedOn > today(ctx)) {
      throw new AppError('requests.mailedInFuture', 'The mailing date cannot be in the future.');
    }
    ctx.db.prepare("UPDATE requests SET status='mailed', mailed_at=?, mail_house=?, mailed_by=? WHERE id=?")
      .run(`${input.mailedOn}T12:00:00.000Z`, input.mailHouse, ctx.user.id, v.id);
    ctx.audit({ action: 'requests.markMailed', target: `request:${v.id}`, details: { candidateId: v.candidateId, mailedOn: input.mailedOn, mailHouse: input.mailHouse } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'requests.withdraw': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    requireStatus(v, ['received', 'quoted', 'signedOff', 'authorised'], 'withdrawn');
    ctx.db.prepare("UPDATE requests SET status='withdrawn', withdrawn_at=?, withdrawn_by=? WHERE id=?").run(ctx.now().toISOString(), ctx.user.id, v.id);
    ctx.audit({ action: 'requests.withdraw', target: `request:${v.id}`, details: { candidateId: v.candidateId, from: v.status } });
    return requestView(ctx.db, ctx.user, v.id);
  },

  'candidates.recordInstruction': (ctx, input) => recordInstruction(ctx, input),

  'notices.list': (ctx, input) => listNotices(ctx.db, ctx.user, input),

  'notices.markRead': (ctx, input) => {
    markRead(ctx.db, ctx.user, input.noticeId, ctx.now());
    ctx.audit({ action: 'notices.read', target: `notice:${input.noticeId}` });
    return { read: true };
  },

  'notices.pdf': async (ctx, input) => {
    const n = notice(ctx.db, ctx.user, input.noticeId);
    if (n.kind !== 'rateCard' || n.rateCardVersion === null) throw new AppError('notices.noPdf', 'Only rate card notices have a printable form.');
    const e = electionInput(ctx.db, n.electionId);
    const v = rateCardVersion(ctx.db, n.electionId, n.rateCardVersion);
    const c = candidate(ctx.db, n.candidateId);
    const bytes = await rateCardNoticePdf({
      unionName: setting(ctx.db, 'union_name', ''), electionName: e.name, candidateName: c.fullName, office: c.office,
      version: v.version, publishedAt: dayIn(committeeZone(ctx.db), new Date(v.publishedAt)), previousVersion: v.version > 1 ? v.version - 1 : null, card: v.card, channels: e.channels,
      chainHead: anchorOf(ctx.db, 'notice', noticeDocument(n.id)),
    }, readerFor(ctx.db, { asked: input.language, candidateId: n.candidateId, userId: ctx.user.id }));
    return { fileName: `rate-card-v${v.version}-notice.pdf`, base64: Buffer.from(bytes).toString('base64') };
  },

  'extraAccess.grant': (ctx, input) => {
    const out = grantExtraAccess(ctx.db, input.candidateId, input.kind, input.description, ctx.now(), ctx.user.id);
    ctx.audit({ action: 'extraAccess.grant', target: `candidate:${input.candidateId}`, details: { grantId: out.grantId, kind: input.kind, offersCreated: out.offersCreated } });
    return out;
  },

  'extraAccess.respond': (ctx, input) => {
    const o = respondToOffer(ctx.db, ctx.user, input.offerId, input.accept, ctx.now());
    ctx.audit({ action: 'extraAccess.respond', target: `candidate:${o.candidateId}`, details: { offerId: input.offerId, grantId: o.grantId, accept: input.accept } });
    return { offerId: input.offerId, response: input.accept ? 'accepted' : 'declined' };
  },

  'inspection.status': (ctx, input) => {
    requireElectionVisible(ctx, input.electionId);
    const status = inspectionStatus(ctx.db, input.electionId, ctx.now());
    // A candidate sees their own row and their own open session, nothing about the others'.
    return { ...status, candidates: status.candidates.filter((c) => inScope(ctx.user, c.candidateId)),
      activeSession: status.activeSession && inScope(ctx.user, status.activeSession.candidateId) ? status.activeSession : null };
  },

  'inspection.start': (ctx, input) => {
    const own = ownInspector(ctx, input.candidateId);
    const s = startInspection(ctx.db, own, input.grantId, ctx.now(), ctx.user.id);
    ctx.audit({ action: 'inspection.start', target: `candidate:${own}`, details: { sessionId: s.id, grantId: s.grantId, expiresAt: s.expiresAt } });
    return s;
  },

  'inspection.page': (ctx, input) => {
    const s = ownSession(ctx, input.sessionId);
    const p = inspectionPage(ctx.db, s, input.page);
    // Every page shown is audited by member-row range and count, never by name (DESIGN §3).
    ctx.audit({ action: 'inspection.page', target: `candidate:${s.candidate_id}`, details: {
      sessionId: s.id, page: input.page, rows: p.ids.length, firstRow: p.firstRow, lastRow: p.lastRow,
    } });
    return p.page;
  },

  'inspection.checkOwnList': (ctx, input) => {
    const s = ownSession(ctx, input.sessionId);
    let lines = input.lines ?? [];
    if (input.filePath !== undefined) {
      const file = ctx.backend.grants.requireFile(input.filePath, 'ownList');
      if (statSync(file).size > OWN_LIST_MAX_BYTES) throw new AppError('inspection.ownListTooLarge', 'That list file is too large.', { max: OWN_LIST_MAX_BYTES });
      lines = lines.concat(readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/));
    }
    if (lines.length > 20_000) throw new AppError('inspection.ownListTooLong', 'Check at most 20,000 entries at a time.');
    const out = checkOwnList(ctx.db, lines);
    ctx.audit({ action: 'inspection.checkOwnList', target: `candidate:${s.candidate_id}`, details: { sessionId: s.id, entries: out.total, matched: out.matched, fromFile: input.filePath !== undefined } });
    return out;
  },

  'inspection.end': (ctx, input) => {
    // A committee member may end any session (one left open); a candidate only their own (ownSession, issue 13).
    if (candidateScoped(ctx.user)) ownSession(ctx, input.sessionId, { allowEnded: true });
    const s = endInspection(ctx.db, input.sessionId, ctx.now());
    ctx.audit({ action: 'inspection.end', target: `candidate:${s.candidate_id}`, details: { sessionId: s.id } });
    return { ended: true };
  },
};
