import type { EqualTreatmentReport, TimelineStep } from '../../shared/api/commands/reports.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { correctionLine, correctionsCsvRows } from './corrections.ts';
import type { PdfSpec } from './pdf.ts';
import { footerIn, provenance, provenanceIn, type Stamp } from './stamp.ts';
import { describeAudience, documentText, plainChannel as plainChannelIn, plainRate as plainRateIn, renderPhrase, type DocText, type Phrase } from '../../shared/i18n/documents.ts';

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });
import { plainChannel, plainRate } from './plain.ts';

const STEPS: TimelineStep[] = ['received', 'quoted', 'signedOff', 'paid', 'authorised', 'released', 'produced', 'mailed'];
const rateText = (r: EqualTreatmentReport['requests'][number]) => r.rates.map(plainRate).join('; ');
type Row = EqualTreatmentReport['requests'][number];
const actorsText = (q: Row): string => STEPS.filter((s) => q.actors?.[s]).map((s) => `${s}: ${q.actors![s]}`).join('; ');
const holdsText = (q: Row): string => (q.holds ?? []).map((h) =>
  `held ${h.heldAt.replace('T', ' ').slice(0, 16)} by ${h.heldBy}: ${h.reason}${h.endedAt ? ` (ended ${h.endedAt.replace('T', ' ').slice(0, 16)} by ${h.endedBy ?? ''})` : ' (still held)'}`).join('; ');
const withdrawalText = (q: Row): string => !q.withdrawal ? '' : `withdrawn ${q.withdrawal.at.replace('T', ' ').slice(0, 16)} by ${q.withdrawal.by}; asked by ${
  q.withdrawal.askedBy === 'candidate' ? 'the candidate' : q.withdrawal.askedBy === 'candidateLetter' ? `the candidate's letter dated ${q.withdrawal.letterDated}` : 'NOBODY ON RECORD'}`;
const turnaroundText = (q: Row): string => !q.turnaround ? '' : `${q.turnaround.businessDays} of ${q.turnaround.turnaroundBusinessDays} business days` +
  `${q.turnaround.released ? '' : ' (still waiting)'}${q.turnaround.late ? `, LATE (due ${q.turnaround.due})${q.turnaround.lateReason ? `: ${q.turnaround.lateReason}` : ''}` : ''}`;

// The same four columns in the reader's language, for the PDF (the CSV above stays English: data for tools).
const actorsIn = (d: DocText, q: Row): string => STEPS.filter((s) => q.actors?.[s]).map((s) => `${d.t(`step.${s}`)}: ${q.actors![s]}`).join('; ');
const holdsIn = (d: DocText, q: Row): string => (q.holds ?? []).map((h) => `${d.t('equal.held', { at: d.when(h.heldAt), by: h.heldBy, reason: h.reason })} ${
  h.endedAt ? d.t('equal.holdEnded', { at: d.when(h.endedAt), by: h.endedBy ?? '' }) : d.t('equal.stillHeld')}`).join('; ');
const withdrawalIn = (d: DocText, q: Row): string => !q.withdrawal ? '' : d.t('equal.withdrawn', {
  at: d.when(q.withdrawal.at), by: q.withdrawal.by,
  asker: q.withdrawal.askedBy === 'candidate' ? d.t('equal.askedByCandidate')
    : q.withdrawal.askedBy === 'candidateLetter' ? d.t('equal.askedByLetter', { date: q.withdrawal.letterDated ? d.day(q.withdrawal.letterDated) : '' }) : d.t('equal.askedByNobody'),
});
const turnaroundIn = (d: DocText, q: Row): string => !q.turnaround ? '' : [
  d.t('equal.turnaroundTaken', { days: q.turnaround.businessDays, of: q.turnaround.turnaroundBusinessDays }),
  q.turnaround.released ? '' : d.t('equal.stillWaiting'),
  q.turnaround.late ? `${d.t('equal.late', { due: d.day(q.turnaround.due) })}${q.turnaround.lateReason ? `: ${q.turnaround.lateReason}` : ''}` : '',
].filter(Boolean).join(' ');

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
    ...correctionsCsvRows(r.corrections),
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
      ...STEPS, 'hours to quote', 'hours to release', 'who acted', 'holds and reasons', 'withdrawal and who asked', 'turnaround (business days)'],
    ...r.requests.map((q) => [q.requestId, q.candidateName, q.status, q.rateCardVersion, rateText(q), q.quoteCents, q.audience, plainChannel(q.channel),
      q.requestedMailingDate, ...STEPS.map((s) => q.timeline[s] ?? (r.notRecorded.includes(s) ? 'not recorded' : '')), q.hoursToQuote, q.hoursToRelease,
      actorsText(q), holdsText(q), withdrawalText(q), turnaroundText(q)]),
    [],
    ['email send jobs (counts only, no addresses; seeds apart)'],
    ['request', 'candidate', 'job', 'members addressed', 'sent', 'left out: unsubscribed or bounced before', 'no usable address', 'hard bounces', 'other failures', 'uncertain', 'pending', 'seeds sent'],
    ...r.requests.filter((q) => q.email).map((q) => { const e = q.email!; return [q.requestId, q.candidateName, e.jobStatus, e.members, e.sent,
      e.suppressed ?? 'not recorded', e.noAddress ?? 'not recorded', e.bounced, e.failed, e.uncertain, e.pending, e.seedsSent]; }),
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

/** Topics the report data names by key; a topic this build does not know yet prints as it is. */
const topicIn = (d: DocText, topic: string): string => { try { return d.t(`topic.${topic}`); } catch { return topic; } };
const statusIn = (d: DocText, status: string): string => { try { return d.t(`status.${status}`); } catch { return status; } };
const responseIn = (d: DocText, response: string): string => { try { return d.t(`response.${response === 'open' ? 'pending' : response}`); } catch { return response; } };

export function equalPdfSpec(r: EqualTreatmentReport, stamp: Stamp, d: DocText = ENGLISH): PdfSpec {
  const unexplained = r.differences.filter((x) => x.reason === null).length;
  const rates = (q: EqualTreatmentReport['requests'][number]) => q.rates.map((x) => plainRateIn(d, x)).join('; ');
  const turnaround = ['received', 'quoted', 'signedOff', 'paid', 'released'] as const;
  return {
    title: d.t('equal.title', { election: r.election.name, date: d.day(r.election.electionDate) }),
    meta: [...provenanceIn(d, stamp),
      ...(r.notRecorded.length ? [d.t('equal.notRecorded', { steps: r.notRecorded.map((s) => d.t(`step.${s}`)).join(', ') })] : [])],
    generatedAt: r.generatedAt,
    sections: [
      {
        heading: d.t('equal.differences', { n: r.differences.length, unexplained }),
        columns: [{ label: d.t('equal.colTopic'), width: 80 }, { label: d.t('equal.colSubject'), width: 150 }, { label: d.t('equal.colDetail'), width: 250 }, { label: d.t('equal.colReason'), width: 240 }],
        rows: r.differences.map((x) => {
          // Sentences built from records come as phrases: each reader gets them in their language; older data as it is.
          const p = x.phrases;
          const said = (ph: Phrase | null | undefined, fallback: string | null) => (ph ? renderPhrase(d, ph) : fallback);
          return [topicIn(d, x.topic), said(p?.subject, x.subject)!, said(p?.detail, x.detail)!, (p ? said(p.reason, null) : x.reason) ?? d.t('equal.unexplained')];
        }),
        highlight: r.differences.map((x) => x.reason === null),
      },
      {
        heading: d.t('report.correctionsHeading', { n: r.corrections.length }),
        lines: r.corrections.length ? r.corrections.map((c) => correctionLine(c, d)) : [d.t('report.noCorrections')],
      },
      {
        heading: d.t('equal.rateCards'),
        columns: [{ label: d.t('equal.colVersion'), width: 50 }, { label: d.t('equal.colPublished'), width: 150 }, { label: d.t('equal.colCandidate'), width: 180 },
          { label: d.t('equal.colNoticeCreated'), width: 150 }, { label: d.t('equal.colRead'), width: 150 }],
        rows: r.rateCards.flatMap((v) => v.notices.map((n) => [`v${v.version}`, d.when(v.publishedAt), n.candidateName, n.createdAt ? d.when(n.createdAt) : d.t('equal.noNotice'), d.when(n.readAt)])),
        highlight: r.rateCards.flatMap((v) => v.notices.map((n) => n.createdAt === null)),
      },
      {
        heading: d.t('equal.requests'),
        columns: [{ label: '#', width: 30 }, { label: d.t('equal.colCandidate'), width: 120 }, { label: d.t('equal.colStatus'), width: 55 }, { label: d.t('equal.colCard'), width: 30 },
          { label: d.t('equal.colQuote'), width: 60, align: 'right' }, { label: d.t('equal.colAudience'), width: 150 }, { label: d.t('equal.colChannel'), width: 75 }, { label: d.t('equal.colRates'), width: 200 }],
        rows: r.requests.map((q) => [String(q.requestId), q.candidateName, statusIn(d, q.status), q.rateCardVersion === null ? '' : `v${q.rateCardVersion}`,
          q.quoteCents === null ? '' : d.money(q.quoteCents), q.audienceRule ? describeAudience(d, q.audienceRule) : q.audience, plainChannelIn(d, q.channel), rates(q)]),
      },
      {
        heading: d.t('equal.turnaround'),
        columns: [{ label: '#', width: 30 }, { label: d.t('equal.colCandidate'), width: 110 },
          ...turnaround.map((s) => ({ label: d.t(`step.${s}`), width: 100 })), { label: d.t('equal.colHoursToQuote'), width: 45, align: 'right' as const }, { label: d.t('equal.colHoursToRelease'), width: 45, align: 'right' as const }],
        rows: r.requests.map((q) => [String(q.requestId), q.candidateName,
          ...turnaround.map((s) => (q.timeline[s] ? d.when(q.timeline[s]) : r.notRecorded.includes(s) ? d.t('common.notRecorded') : '')),
          q.hoursToQuote === null ? '' : d.num(q.hoursToQuote), q.hoursToRelease === null ? '' : d.num(q.hoursToRelease)]),
      },
      {
        heading: d.t('equal.email'),
        columns: [{ label: '#', width: 30 }, { label: d.t('equal.colCandidate'), width: 130 }, { label: d.t('equal.colJob'), width: 55 },
          ...(['colAddressed', 'colSent', 'colLeftOut', 'colNoAddress', 'colBounced', 'colFailed', 'colUncertain', 'colSeeds'] as const)
            .map((k) => ({ label: d.t(`equal.${k}`), width: 60, align: 'right' as const }))],
        rows: r.requests.filter((q) => q.email).map((q) => { const e = q.email!; return [String(q.requestId), q.candidateName, e.jobStatus,
          ...[e.members, e.sent, e.suppressed, e.noAddress, e.bounced, e.failed, e.uncertain, e.seedsSent].map((n) => (n === null ? d.t('common.notRecorded') : d.num(n)))]; }),
      },
      {
        heading: d.t('equal.actedHeading'),
        columns: [{ label: '#', width: 30 }, { label: d.t('equal.colCandidate'), width: 100 }, { label: d.t('equal.colWhoActed'), width: 190 }, { label: d.t('equal.colHolds'), width: 190 },
          { label: d.t('equal.colWithdrawal'), width: 110 }, { label: d.t('equal.colTurnaround'), width: 100 }],
        rows: r.requests.map((q) => [String(q.requestId), q.candidateName, actorsIn(d, q), holdsIn(d, q), withdrawalIn(d, q), turnaroundIn(d, q)]),
        highlight: r.requests.map((q) => q.turnaround?.late === true || q.withdrawal?.askedBy === 'unknown'),
      },
      {
        heading: d.t('equal.inspections'),
        columns: [{ label: d.t('equal.colCandidate'), width: 200 }, { label: d.t('equal.colStarted'), width: 160 }, { label: d.t('equal.colEnded'), width: 160 }, { label: d.t('equal.colGrant'), width: 120 }],
        rows: r.inspections.map((i) => [i.candidateName, d.when(i.startedAt), d.when(i.endedAt), i.underGrant === null ? '' : `#${i.underGrant}`]),
      },
      {
        heading: d.t('equal.extraAccess'),
        columns: [{ label: d.t('equal.colGrantShort'), width: 40 }, { label: d.t('equal.colDescription'), width: 170 }, { label: d.t('equal.colGrantedTo'), width: 120 }, { label: d.t('equal.colOfferedTo'), width: 120 },
          { label: d.t('equal.colOfferedAt'), width: 130 }, { label: d.t('equal.colResponse'), width: 70 }, { label: d.t('equal.colResponded'), width: 70 }],
        rows: r.extraAccess.flatMap((g) => g.offers.map((o) => [`#${g.grantId}`, g.description, g.grantedTo, o.candidateName, o.offeredAt ? d.when(o.offeredAt) : d.t('equal.notOffered'),
          responseIn(d, o.response), d.when(o.respondedAt)])),
        highlight: r.extraAccess.flatMap((g) => g.offers.map((o) => o.response === 'notOffered')),
      },
    ],
    footer: footerIn(d, stamp),
    pageLabel: (page, pages) => d.t('common.page', { page, pages }),
    headLabel: (head) => d.t('common.chainHead', { head }),
    locale: d.locale,
  };
}
