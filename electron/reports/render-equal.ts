import type { EqualTreatmentReport, TimelineStep } from '../../shared/api/commands/reports.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { money } from './money.ts';
import { correctionLine } from './corrections.ts';
import type { PdfSpec } from './pdf.ts';
import { provenance, type Stamp } from './stamp.ts';
import { plainChannel, plainRate } from './plain.ts';

const STEPS: TimelineStep[] = ['received', 'quoted', 'signedOff', 'paid', 'authorised', 'released', 'produced', 'mailed'];
const UNEXPLAINED = 'UNEXPLAINED — no record gives a reason';
const rateText = (r: EqualTreatmentReport['requests'][number]) => r.rates.map(plainRate).join('; ');

export function equalCsvRows(r: EqualTreatmentReport, stamp: Stamp): CsvValue[][] {
  return [
    ['LitDesk equal-treatment report'],
    ['election', r.election.name, `#${r.election.id}`, r.election.electionDate],
    ...provenance(r, stamp).map((p) => [p.label, p.value]),
    [],
    ['differences between candidates', r.differences.filter((d) => d.reason === null).length, 'unexplained'],
    ['topic', 'subject', 'detail', 'reason', 'flag'],
    ...r.differences.map((d) => [d.topic, d.subject, d.detail, d.reason ?? '', d.reason === null ? 'UNEXPLAINED' : '']),
    [],
    ['corrections of actual costs (countersigned by a second committee member)'],
    ['request', 'candidate', 'pieces (job)', 'pieces (corrected)', 'sheets (job)', 'sheets (corrected)', 'postage (cents)', 'proposed by', 'proposed at', 'countersigned by', 'countersigned at', 'reason', 'documents'],
    ...r.corrections.map((c) => [c.requestId, c.candidateName, c.expected.pieces, c.corrected.pieces, c.expected.sheets, c.corrected.sheets, c.corrected.postageCents,
      c.proposedBy, c.proposedAt, c.countersignedBy, c.countersignedAt, c.reason, c.documents.join(' ')]),
    [],
    ['candidates'],
    ['candidate', 'office', 'standing', 'registered at', 'active'],
    ...r.candidates.map((c) => [c.name, c.office, c.standing, c.registeredAt, c.active]),
    [],
    ['rate-card versions and notices'],
    ['version', 'published at', 'candidate', 'notice created', 'notice read'],
    ...r.rateCards.flatMap((v) => v.notices.map((n) => [v.version, v.publishedAt, n.candidateName, n.createdAt ?? 'NONE', n.readAt ?? ''])),
    [],
    ['requests'],
    ['request', 'candidate', 'status', 'rate card', 'rates applied', 'quote (cents)', 'audience', 'channel', 'requested mailing date',
      ...STEPS, 'hours to quote', 'hours to release'],
    ...r.requests.map((q) => [q.requestId, q.candidateName, q.status, q.rateCardVersion, rateText(q), q.quoteCents, q.audience, plainChannel(q.channel),
      q.requestedMailingDate, ...STEPS.map((s) => q.timeline[s] ?? (r.notRecorded.includes(s) ? 'not recorded' : '')), q.hoursToQuote, q.hoursToRelease]),
    [],
    ['inspections (29 CFR 452.71)'],
    ['candidate', 'started', 'ended', 'under extra-access grant'],
    ...r.inspections.map((i) => [i.candidateName, i.startedAt, i.endedAt, i.underGrant === null ? '' : `#${i.underGrant}`]),
    [],
    ['extra access and to whom it was offered'],
    ['grant', 'kind', 'description', 'granted at', 'granted to', 'offered to', 'offered at', 'response', 'responded at'],
    ...r.extraAccess.flatMap((g) => g.offers.map((o) => [`#${g.grantId}`, g.kind, g.description, g.grantedAt, g.grantedTo, o.candidateName, o.offeredAt, o.response, o.respondedAt])),
  ];
}

export function equalPdfSpec(r: EqualTreatmentReport, stamp: Stamp): PdfSpec {
  const unexplained = r.differences.filter((d) => d.reason === null).length;
  return {
    title: `Equal-treatment report — ${r.election.name} (${r.election.electionDate})`,
    meta: [...provenance(r, stamp).map((p) => `${p.label}: ${p.value}`),
      ...(r.notRecorded.length ? [`Not recorded per request by LitDesk: ${r.notRecorded.join(', ')} (see the merge batches and the audit trail).`] : [])],
    generatedAt: r.generatedAt,
    sections: [
      {
        heading: `Differences between candidates: ${r.differences.length} (${unexplained} unexplained, highlighted)`,
        columns: [{ label: 'Topic', width: 80 }, { label: 'Subject', width: 150 }, { label: 'Detail', width: 250 }, { label: 'Reason on record', width: 240 }],
        rows: r.differences.map((d) => [d.topic, d.subject, d.detail, d.reason ?? UNEXPLAINED]),
        highlight: r.differences.map((d) => d.reason === null),
      },
      {
        heading: `Corrections of actual costs (${r.corrections.length}), each countersigned by a second committee member`,
        lines: r.corrections.length ? r.corrections.map(correctionLine) : ['None: every final invoice took its counts from the production job.'],
      },
      {
        heading: 'Rate-card versions and the notice sent to every candidate',
        columns: [{ label: 'Version', width: 50 }, { label: 'Published', width: 150 }, { label: 'Candidate', width: 180 }, { label: 'Notice created', width: 150 }, { label: 'Read', width: 150 }],
        rows: r.rateCards.flatMap((v) => v.notices.map((n) => [`v${v.version}`, v.publishedAt, n.candidateName, n.createdAt ?? 'NONE', n.readAt ?? ''])),
        highlight: r.rateCards.flatMap((v) => v.notices.map((n) => n.createdAt === null)),
      },
      {
        heading: 'Requests: rate card and rates applied, audience, channel',
        columns: [{ label: '#', width: 30 }, { label: 'Candidate', width: 120 }, { label: 'Status', width: 55 }, { label: 'Card', width: 30 },
          { label: 'Quote', width: 60, align: 'right' }, { label: 'Audience', width: 150 }, { label: 'Channel', width: 75 }, { label: 'Rates applied', width: 200 }],
        rows: r.requests.map((q) => [String(q.requestId), q.candidateName, q.status, q.rateCardVersion === null ? '' : `v${q.rateCardVersion}`,
          q.quoteCents === null ? '' : money(q.quoteCents), q.audience, plainChannel(q.channel), rateText(q)]),
      },
      {
        heading: 'Requests: turnaround',
        columns: [{ label: '#', width: 30 }, { label: 'Candidate', width: 110 },
          ...(['received', 'quoted', 'signedOff', 'paid', 'released'] as const).map((s) => ({ label: s, width: 100 })), { label: 'h→quote', width: 45, align: 'right' as const }, { label: 'h→release', width: 45, align: 'right' as const }],
        rows: r.requests.map((q) => [String(q.requestId), q.candidateName,
          ...(['received', 'quoted', 'signedOff', 'paid', 'released'] as const).map((s) => (q.timeline[s] ?? '').replace('T', ' ').slice(0, 19)),
          q.hoursToQuote === null ? '' : String(q.hoursToQuote), q.hoursToRelease === null ? '' : String(q.hoursToRelease)]),
      },
      {
        heading: 'Inspections granted (29 CFR 452.71)',
        columns: [{ label: 'Candidate', width: 200 }, { label: 'Started', width: 160 }, { label: 'Ended', width: 160 }, { label: 'Extra-access grant', width: 120 }],
        rows: r.inspections.map((i) => [i.candidateName, i.startedAt, i.endedAt ?? '', i.underGrant === null ? '' : `#${i.underGrant}`]),
      },
      {
        heading: 'Extra access and to whom it was offered',
        columns: [{ label: 'Grant', width: 40 }, { label: 'Description', width: 170 }, { label: 'Granted to', width: 120 }, { label: 'Offered to', width: 120 },
          { label: 'Offered at', width: 130 }, { label: 'Response', width: 70 }, { label: 'Responded', width: 70 }],
        rows: r.extraAccess.flatMap((g) => g.offers.map((o) => [`#${g.grantId}`, g.description, g.grantedTo, o.candidateName, o.offeredAt ?? 'NOT OFFERED', o.response, (o.respondedAt ?? '').slice(0, 10)])),
        highlight: r.extraAccess.flatMap((g) => g.offers.map((o) => o.response === 'notOffered')),
      },
    ],
    footer: stamp.footer,
  };
}
