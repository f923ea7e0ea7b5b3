import type { RateCard } from '../../shared/api/commands/elections.ts';
import type {
  ChainHead, EqualDifference, EqualRequestRow, EqualTreatmentReport, TimelineStep,
} from '../../shared/api/commands/reports.ts';
import type { DB } from '../vault/database.ts';
import { emailCountsByRequest } from '../email/counts.ts';
import { reportElection } from './election-ref.ts';
import { actualsCorrections } from './corrections.ts';
import { cardRate, storedLines } from './rates.ts';
import { describeAudience as describeAudienceIn, documentText, renderPhrase, type Phrase } from '../../shared/i18n/documents.ts';
import { turnaroundAt } from '../elections/holds.ts';
import { prepaymentShortfall } from '../billing/gate.ts';

// Equal terms (29 CFR 452.67, 452.71): one rate card published to all, the same options and turnaround for all, any
// extra access offered to all. LitDesk has no free-text "reason" field for treating candidates differently (there is
// no such step); the reasons below are the records that explain a difference (a later card's publication date, the
// candidate's own choice at submission, an offer declined). A difference with no explaining record has reason null
// and is highlighted in every rendering.

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });
/** Describes an audience without any member data: the kind and the segment rule the candidate chose (English data). */
export const describeAudience = (json: string): string => describeAudienceIn(ENGLISH, json);

/** A difference: its sentences are catalogue phrases; the report data carries their English text (ISO instants). */
function difference(topic: EqualDifference['topic'], subject: string | Phrase, detail: Phrase, reason: Phrase | null): EqualDifference {
  const en = (p: Phrase) => renderPhrase(ENGLISH, p, { rawDates: true });
  return {
    topic, subject: typeof subject === 'string' ? subject : en(subject), detail: en(detail), reason: reason && en(reason),
    phrases: { ...(typeof subject === 'string' ? {} : { subject }), detail, reason },
  };
}
const requestSubject = (name: string, id: number): Phrase => ({ key: 'diff.subjectRequest', values: { name, id } });

/** The same turnaround sentences as phrases, so each reader gets them in their language (issue 14 §6). */
type Timed = EqualRequestRow & { turnaround: NonNullable<EqualRequestRow['turnaround']> };
function turnaroundPhrase(t: Timed['turnaround'] & { released: boolean; lateReason: string | null }, fastest: EqualRequestRow, best: number): Phrase {
  return {
    key: `diff.turnaround${t.released ? 'Released' : 'Waiting'}${t.late ? 'Late' : ''}`,
    values: { days: t.businessDays, turnaround: t.turnaroundBusinessDays, due: { at: t.due }, fastestId: fastest.requestId, fastestName: fastest.candidateName, fastestDays: best },
  };
}
function turnaroundReason(r: EqualRequestRow, t: Timed['turnaround'] & { lateReason: string | null }): Phrase | null {
  const items: Phrase[] = [
    ...(r.holds ?? []).map((h): Phrase => (h.endedAt
      ? { key: 'diff.heldFromTo', values: { from: { at: h.heldAt.slice(0, 10) }, to: { at: h.endedAt.slice(0, 10) }, by: h.heldBy, reason: h.reason } }
      : { key: 'diff.heldStill', values: { from: { at: h.heldAt.slice(0, 10) }, by: h.heldBy, reason: h.reason } })),
    ...(t.lateReason ? [{ key: 'diff.releasedLate', values: { reason: t.lateReason } }] : []),
  ];
  if (items.length === 0) return t.late ? null : { key: 'diff.withinTurnaround', values: { days: t.turnaroundBusinessDays } };
  return items.reduce((a, b) => ({ key: 'diff.listNext', values: { a: { phrase: a }, b: { phrase: b } } }));
}

const hours = (from: string, to: string | null | undefined): number | null =>
  to ? Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 10) / 10 : null;

type Req = { id: number; candidate_id: number; name: string; status: string; received_at: string; quoted_at: string | null;
  signed_off_at: string | null; authorised_at: string | null; released_at: string | null; mailed_at: string | null; rate_card_version: number | null;
  quote_cents: number | null; quote_lines: string | null; audience: string; channel: string; requested_mailing_date: string;
  submitted_by: number | null; signed_off_by: number | null; authorised_by: number | null; released_by: number | null; mailed_by: number | null;
  withdrawn_at: string | null; withdrawn_by: number | null; late_release_reason: string | null };

export function equalTreatmentReport(db: DB, electionId: number, generatedAt: string, chainHead: ChainHead): EqualTreatmentReport {
  const election = reportElection(db, electionId);
  const channelsOffered = JSON.parse((db.prepare('SELECT channels FROM elections WHERE id=?').get(electionId) as { channels: string }).channels) as string[];
  const candidates = (db.prepare(`SELECT id, full_name AS name, office, standing, registered_at AS registeredAt, active
    FROM candidates WHERE election_id = ? ORDER BY full_name, id`).all(electionId) as Array<{ id: number; name: string; office: string;
      standing: string; registeredAt: string; active: number }>).map((c) => ({ ...c, name: c.name.normalize('NFC'), active: c.active === 1 }));
  const nameOf = new Map(candidates.map((c) => [c.id, c.name]));
  const differences: EqualDifference[] = [];

  const cards = db.prepare('SELECT version, published_at AS publishedAt, card FROM rate_cards WHERE election_id = ? ORDER BY version')
    .all(electionId) as Array<{ version: number; publishedAt: string; card: string }>;
  const cardOf = new Map(cards.map((c) => [c.version, JSON.parse(c.card) as RateCard]));
  const notice = db.prepare('SELECT created_at, read_at FROM rate_card_notices WHERE candidate_id = ? AND rate_card_version = ?');
  const rateCards = cards.map((c) => ({
    version: c.version, publishedAt: c.publishedAt,
    notices: candidates.map((k) => {
      const n = notice.get(k.id, c.version) as { created_at: string; read_at: string | null } | undefined;
      // A card replaced before the candidate registered needed no notice; one in force at registration or later did.
      const next = cards.find((x) => x.version === c.version + 1);
      const needed = !next || next.publishedAt > k.registeredAt;
      if (!n && needed && k.active) {
        differences.push(difference('notice', k.name, { key: 'diff.noNotice', values: { version: c.version, at: { at: c.publishedAt } } }, null));
      }
      return { candidateId: k.id, candidateName: k.name, createdAt: n?.created_at ?? null, readAt: n?.read_at ?? null };
    }),
  }));

  const lastPayment = db.prepare(`SELECT posted_at AS at, posted_by AS by FROM billing_postings WHERE candidate_id = ? AND kind = 'payment' AND posted_at <= ?
    ORDER BY posted_at DESC, id DESC LIMIT 1`);
  const users = new Map((db.prepare('SELECT id, display_name AS name, role FROM users').all() as Array<{ id: number; name: string; role: string }>)
    .map((u) => [u.id, u]));
  const who = (id: number | null | undefined): string | undefined => (id === null || id === undefined ? undefined : users.get(id)?.name.normalize('NFC') ?? `user #${id}`);
  const holdsOf = db.prepare('SELECT * FROM request_holds WHERE request_id = ? ORDER BY held_at, id');
  const producedBy = db.prepare("SELECT started_by AS by FROM merge_jobs WHERE request_id = ? AND status = 'done' ORDER BY finished_at, id LIMIT 1");
  const letterOf = db.prepare("SELECT dated FROM candidate_instructions WHERE request_id = ? AND kind = 'withdrawRequest' ORDER BY id DESC LIMIT 1");
  // Produced = the first finished production job of the request (merge domain); mailed = recorded by staff.
  const producedAt = db.prepare(`SELECT min(at) AS at FROM (SELECT finished_at AS at FROM merge_jobs WHERE request_id = @id AND status = 'done'
    UNION ALL SELECT finished_at FROM email_jobs WHERE request_id = @id AND status = 'done')`);
  // Email requests: what each send job did, in counts (issue 17); the same for every candidate's email request.
  const emailCounts = emailCountsByRequest(db, electionId);
  const reqs = db.prepare(`SELECT r.*, c.full_name AS name FROM requests r JOIN candidates c ON c.id = r.candidate_id
    WHERE r.election_id = ? ORDER BY r.received_at, r.id`).all(electionId) as Req[];
  const requests: EqualRequestRow[] = reqs.map((r) => {
    const name = r.name.normalize('NFC');
    const timeline: Partial<Record<TimelineStep, string>> = { received: r.received_at };
    if (r.quoted_at) timeline.quoted = r.quoted_at;
    if (r.signed_off_at) timeline.signedOff = r.signed_off_at;
    const actors: Partial<Record<TimelineStep, string>> = {};
    const put = (step: TimelineStep, id: number | null | undefined) => { const n = who(id); if (n !== undefined) actors[step] = n; };
    put('received', r.submitted_by);
    if (r.quoted_at) put('quoted', r.submitted_by);
    put('signedOff', r.signed_off_by);
    if (r.released_at) {
      // Released means paid in full (prepayment gate): the last payment received before release is when it was paid.
      const paid = lastPayment.get(r.candidate_id, r.released_at) as { at: string; by: number } | undefined;
      if (paid) { timeline.paid = paid.at; put('paid', paid.by); }
    }
    put('authorised', r.authorised_by);
    put('released', r.released_by);
    put('produced', (producedBy.get(r.id) as { by: number | null } | undefined)?.by);
    put('mailed', r.mailed_by);
    const holds = (holdsOf.all(r.id) as HoldRow[]).map((h) => ({ heldAt: h.held_at, heldBy: who(h.held_by) ?? '', reason: h.reason, endedAt: h.ended_at, endedBy: who(h.ended_by) ?? null }));
    let withdrawal: EqualRequestRow['withdrawal'] = null;
    if (r.withdrawn_at) {
      const letter = (letterOf.get(r.id) as { dated: string } | undefined)?.dated ?? null;
      const byRole = r.withdrawn_by === null ? undefined : users.get(r.withdrawn_by)?.role;
      withdrawal = { at: r.withdrawn_at, by: who(r.withdrawn_by) ?? '', askedBy: letter ? 'candidateLetter' : byRole === 'candidate' ? 'candidate' : 'unknown', letterDated: letter };
      if (withdrawal.askedBy === 'unknown') {
        differences.push({ topic: 'withdrawal', subject: `${name}, request #${r.id}`, detail: `withdrawn by ${withdrawal.by || 'an unknown user'} with no instruction of the candidate on record`,
          reason: null, key: 'withdrawnWithoutCandidate', values: { request: r.id, candidate: name, by: withdrawal.by },
          phrases: { subject: requestSubject(name, r.id), detail: { key: 'diff.withdrawnWithoutCandidate', values: { by: withdrawal.by || '?' } }, reason: null } });
      }
    }
    // The published turnaround, to release or (still waiting, paid in full) to the report's day.
    const waiting = !r.released_at && (r.status === 'signedOff' || r.status === 'authorised') && prepaymentShortfall(db, r.id) === 0;
    const t = r.released_at || waiting ? turnaroundAt(db, r.id, electionId, new Date(r.released_at ?? generatedAt)) : null;
    const turnaround = t ? { ...t, released: r.released_at !== null, lateReason: r.late_release_reason } : null;
    if (r.authorised_at) timeline.authorised = r.authorised_at;
    if (r.released_at) timeline.released = r.released_at;
    const produced = (producedAt.get({ id: r.id }) as { at: string | null } | undefined)?.at;
    if (produced) timeline.produced = produced;
    if (r.mailed_at) timeline.mailed = r.mailed_at;
    const rates = storedLines(r.quote_lines);
    if (r.rate_card_version !== null && r.quoted_at) {
      const current = cards.filter((c) => c.publishedAt <= r.quoted_at!).at(-1);
      if (current && current.version !== r.rate_card_version) {
        differences.push(difference('rateCardVersion', requestSubject(name, r.id),
          { key: 'diff.staleCard', values: { at: { at: r.quoted_at }, version: r.rate_card_version, current: current.version } }, null));
      }
      const card = cardOf.get(r.rate_card_version);
      for (const l of rates) {
        const expected = card ? cardRate(card, l.item) : undefined;
        if (expected !== l.rateCents) {
          differences.push(difference('rates', requestSubject(name, r.id), { key: 'diff.rateOff', values: {
            charged: { rate: l }, version: r.rate_card_version,
            expected: expected === undefined ? { phrase: { key: 'diff.nothing' } } : { rate: { ...l, rateCents: expected } } } }, null));
        }
      }
    }
    if (!channelsOffered.includes(r.channel)) {
      differences.push(difference('channel', requestSubject(name, r.id), { key: 'diff.channelNotOffered', values: { channel: { channel: r.channel } } }, null));
    }
    return {
      requestId: r.id, candidateId: r.candidate_id, candidateName: name, status: r.status, rateCardVersion: r.rate_card_version,
      rates, quoteCents: r.quote_cents, audience: describeAudience(r.audience), audienceRule: r.audience, channel: r.channel, requestedMailingDate: r.requested_mailing_date,
      timeline, hoursToQuote: hours(r.received_at, r.quoted_at), hoursToRelease: hours(r.received_at, r.released_at),
      email: emailCounts.get(r.id) ?? null,
      actors, holds, withdrawal, turnaround,
    };
  });
  turnaroundDifferences(requests, differences);

  // Versions differ between candidates: explained when each quote used the card in force on its quote date.
  const quoted = requests.filter((r) => r.rateCardVersion !== null);
  const versions = new Set(quoted.map((r) => r.rateCardVersion));
  if (versions.size > 1) {
    for (const r of quoted) {
      const card = cards.find((c) => c.version === r.rateCardVersion);
      const next = cards.find((c) => c.version === (r.rateCardVersion ?? 0) + 1);
      differences.push(difference('rateCardVersion', requestSubject(r.candidateName, r.requestId),
        { key: 'diff.quotedUnder', values: { version: r.rateCardVersion ?? '?', at: r.timeline.quoted ? { at: r.timeline.quoted } : '?' } },
        !card ? null : next
          ? { key: 'diff.cardReplaced', values: { version: card.version, at: { at: card.publishedAt }, next: next.version, nextAt: { at: next.publishedAt } } }
          : { key: 'diff.cardCurrent', values: { version: card.version, at: { at: card.publishedAt } } }));
    }
  }
  for (const topic of ['channel', 'audience'] as const) {
    const values = new Set(requests.map((r) => r[topic]));
    if (values.size < 2) continue;
    for (const r of requests) {
      differences.push(difference(topic, requestSubject(r.candidateName, r.requestId),
        topic === 'channel' ? { key: 'diff.channelIs', values: { channel: { channel: r.channel } } } : { key: 'diff.audienceIs', values: { audience: { audience: r.audienceRule ?? '{"kind":"allGoodStanding"}' } } },
        topic === 'channel' ? { key: 'diff.chosenChannel', values: { id: r.requestId, channels: { channels: channelsOffered } } } : { key: 'diff.chosenAudience', values: { id: r.requestId } }));
    }
  }

  const inspections = (db.prepare(`SELECT i.candidate_id, i.started_at, i.ended_at, i.grant_id FROM inspections i
    WHERE i.election_id = ? ORDER BY i.started_at, i.id`).all(electionId) as Array<{ candidate_id: number; started_at: string; ended_at: string | null; grant_id: number | null }>)
    .map((i) => ({ candidateId: i.candidate_id, candidateName: nameOf.get(i.candidate_id) ?? `#${i.candidate_id}`, startedAt: i.started_at, endedAt: i.ended_at, underGrant: i.grant_id }));

  const grants = db.prepare(`SELECT id, candidate_id, kind, description, granted_at FROM extra_access_grants WHERE election_id = ? ORDER BY id`)
    .all(electionId) as Array<{ id: number; candidate_id: number; kind: string; description: string; granted_at: string }>;
  const offersOf = db.prepare('SELECT candidate_id, offered_at, response, responded_at FROM extra_access_offers WHERE grant_id = ?');
  const extraAccess = grants.map((g) => {
    const got = new Map((offersOf.all(g.id) as Array<{ candidate_id: number; offered_at: string; response: string; responded_at: string | null }>)
      .map((o) => [o.candidate_id, o]));
    const grantedTo = nameOf.get(g.candidate_id) ?? `#${g.candidate_id}`;
    const offers = candidates.map((c) => {
      const o = got.get(c.id);
      if (!o && c.active && c.id !== g.candidate_id) {
        differences.push(difference('extraAccess', c.name, { key: 'diff.accessNotOffered', values: { grant: g.id, kind: { grantKind: g.kind }, to: grantedTo } }, null));
      } else if (o && c.id !== g.candidate_id) {
        differences.push(difference('extraAccess', c.name, { key: 'diff.accessOffered', values: { grant: g.id, to: grantedTo, at: { at: o.offered_at } } },
          o.response === 'open' ? { key: 'diff.offerOpen' } : { key: 'diff.offerAnswered', values: { response: { response: o.response }, at: o.responded_at ? { at: o.responded_at } : '' } }));
      }
      return { candidateId: c.id, candidateName: c.name, offeredAt: o?.offered_at ?? null, response: o?.response ?? (c.id === g.candidate_id ? 'accepted' : 'notOffered'), respondedAt: o?.responded_at ?? null };
    });
    return { grantId: g.id, kind: g.kind, description: g.description, grantedAt: g.granted_at, grantedTo, offers };
  });
  for (const i of inspections) {
    if (i.underGrant !== null && !grants.some((g) => g.id === i.underGrant)) {
      differences.push(difference('inspection', i.candidateName, { key: 'diff.unknownGrant', values: { grant: i.underGrant } }, null));
    }
  }

  return {
    election, generatedAt, chainHead, candidates, rateCards, requests, inspections, extraAccess, differences,
    corrections: actualsCorrections(db, electionId),
    notRecorded: [],
  };
}

type HoldRow = { held_at: string; held_by: number; reason: string; ended_at: string | null; ended_by: number | null };

/**
 * Turnaround between candidates (issue 14 §4): every request that took longer than the fastest one is a named
 * difference — how long, against the published turnaround and the fastest request — explained by its holds and the
 * technical reason recorded for a late release; within the published turnaround the rule itself explains it; past it
 * with no reason on record, it is unexplained.
 */
function turnaroundDifferences(requests: EqualRequestRow[], differences: EqualDifference[]): void {
  const timed = requests.filter((r) => r.turnaround);
  if (timed.length < 2) return;
  const fastest = timed.reduce((a, b) => (b.turnaround!.businessDays < a.turnaround!.businessDays ? b : a));
  const best = fastest.turnaround!.businessDays;
  for (const r of timed) {
    const t = r.turnaround!;
    if (t.businessDays === best) continue;
    const explained = [
      ...(r.holds ?? []).map((h) => `held ${h.heldAt.slice(0, 10)}${h.endedAt ? ` to ${h.endedAt.slice(0, 10)}` : ' (still held)'} by ${h.heldBy}: ${h.reason}`),
      ...(t.lateReason ? [`released late: ${t.lateReason}`] : []),
    ];
    const reason = explained.length ? explained.join('; ') : t.late ? null : `within the published turnaround of ${t.turnaroundBusinessDays} business days`;
    differences.push({
      topic: 'turnaround', subject: `${r.candidateName}, request #${r.requestId}`,
      detail: `${t.released ? 'released' : 'still waiting'} ${t.businessDays} business days after paid in full (published turnaround: ${t.turnaroundBusinessDays}; due ${t.due})` +
        `; request #${fastest.requestId} of ${fastest.candidateName}: ${best} business days${t.late ? ' — PAST THE PUBLISHED TURNAROUND' : ''}`,
      reason,
      key: t.released ? 'turnaroundReleased' : 'turnaroundWaiting',
      phrases: { subject: requestSubject(r.candidateName, r.requestId), detail: turnaroundPhrase(t, fastest, best), reason: turnaroundReason(r, t) },
      values: { request: r.requestId, candidate: r.candidateName, businessDays: t.businessDays, turnaround: t.turnaroundBusinessDays, due: t.due,
        fastestRequest: fastest.requestId, fastestCandidate: fastest.candidateName, fastestBusinessDays: best, late: t.late ? 1 : 0 },
    });
  }
}
