import type { SpendReport } from '../../shared/api/commands/reports.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { money } from './money.ts';
import { correctionLine, correctionsCsvRows } from './corrections.ts';
import type { PdfSpec } from './pdf.ts';
import { footerIn, provenance, provenanceIn, type Stamp } from './stamp.ts';
import { documentText, type DocText } from '../../shared/i18n/documents.ts';

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });

const HEAD = ['candidate', 'office', 'requests', 'pieces', 'pages'];

export const unionFundsLine = (r: SpendReport): string => `campaign costs charged to union accounts: ${money(r.unionFunds.chargedCents)}`;

export function spendCsvRows(r: SpendReport, stamp: Stamp): CsvValue[][] {
  const t = r.totals;
  return [
    ['LitDesk spend report'],
    ['election', r.election.name, `#${r.election.id}`, r.election.electionDate],
    ...provenance(r, stamp).map((p) => [p.label, p.value]),
    [],
    // The money words of shared/domain/money-words.ts, in cents.
    [...HEAD, 'quote total (cents)', 'invoiced (cents)', 'paid (cents)', 'refunded (cents)', 'held for the candidate (cents)', 'amount due (cents)'],
    ...r.rows.map((x) => [x.candidateName, x.office, x.requests, x.pieces, x.pages, x.quotedCents, x.invoicedCents, x.paidCents, x.refundedCents, x.heldCents, x.amountDueCents]),
    ['TOTAL', '', t.requests, t.pieces, t.pages, t.quotedCents, t.invoicedCents, t.paidCents, t.refundedCents, t.heldCents, t.amountDueCents],
    [],
    [unionFundsLine(r), r.unionFunds.chargedCents],
    ['union-account lines', r.unionFunds.lines, 'postings', r.unionFunds.postingIds.join(' ')],
    ['whole ledger, every election (cents)', r.unionFunds.ledgerWideCents],
    ['how it is computed', r.unionFunds.explanation],
    ['query', r.unionFunds.query],
    [],
    ...correctionsCsvRows(r.corrections),
    [],
    ['email per candidate (counts only; seeds not counted)'],
    ['candidate', 'email requests', 'messages sent', 'left out: unsubscribed or bounced before', 'hard bounces'],
    ...r.rows.map((x) => [x.candidateName, x.emailRequests, x.emailSent, x.emailSuppressed, x.emailBounced]),
    ['TOTAL', t.emailRequests, t.emailSent, t.emailSuppressed, t.emailBounced],
    [],
    ['pieces per week (requested mailing date, released jobs)'],
    ['week (Monday)', 'candidate', 'pieces'],
    ...r.piecesPerWeek.map((w) => [w.week, r.rows.find((x) => x.candidateId === w.candidateId)?.candidateName ?? `#${w.candidateId}`, w.pieces]),
  ];
}

export function spendPdfSpec(r: SpendReport, stamp: Stamp, d: DocText = ENGLISH): PdfSpec {
  const t = r.totals;
  const cols = [
    { label: d.t('spend.colCandidate'), width: 130 }, { label: d.t('spend.colOffice'), width: 80 },
    ...(['colRequests', 'colPieces', 'colPages'] as const).map((k) => ({ label: d.t(`spend.${k}`), width: 50, align: 'right' as const })),
    ...(['colQuoted', 'colInvoiced', 'colPaid', 'colRefunded', 'colHeld', 'colDue'] as const).map((k) => ({ label: d.t(`spend.${k}`), width: 58, align: 'right' as const })),
  ];
  const row = (name: string, office: string, x: typeof t) => [name, office, d.num(x.requests), d.num(x.pieces),
    d.num(x.pages), d.money(x.quotedCents), d.money(x.invoicedCents), d.money(x.paidCents), d.money(x.refundedCents), d.money(x.heldCents), d.money(x.amountDueCents)];
  const u = r.unionFunds;
  return {
    title: d.t('spend.title', { election: r.election.name, date: d.day(r.election.electionDate) }),
    meta: provenanceIn(d, stamp),
    generatedAt: r.generatedAt,
    sections: [
      { heading: d.t('spend.perCandidate'), columns: cols, rows: [...r.rows.map((x) => row(x.candidateName, x.office, x)), row(d.t('spend.total'), '', t)] },
      {
        heading: d.t('spend.unionFunds', { amount: d.money(u.chargedCents) }),
        lines: [
          `${d.t('spend.unionLines', { lines: d.num(u.lines) })}${u.postingIds.length ? ` ${d.t('spend.unionPostings', { ids: u.postingIds.join(', ') })}` : ''}. `
            + d.t('spend.ledgerWide', { amount: d.money(u.ledgerWideCents) }),
          d.t('spend.howComputed', { explanation: u.explanation }),
          d.t('spend.query', { query: u.query }),
        ],
      },
      {
        heading: d.t('report.correctionsHeading', { n: r.corrections.length }),
        lines: r.corrections.length ? r.corrections.map((c) => correctionLine(c, d)) : [d.t('report.noCorrections')],
      },
      {
        heading: d.t('spend.email'),
        columns: [{ label: d.t('spend.colCandidate'), width: 200 }, ...(['colEmailRequests', 'colEmailSent', 'colEmailLeftOut', 'colEmailBounced'] as const)
          .map((k) => ({ label: d.t(`spend.${k}`), width: 110, align: 'right' as const }))],
        rows: [...r.rows, { ...t, candidateName: d.t('spend.total') }].map((x) => [x.candidateName, d.num(x.emailRequests), d.num(x.emailSent),
          d.num(x.emailSuppressed), d.num(x.emailBounced)]),
      },
      {
        heading: d.t('spend.perWeek'),
        columns: [{ label: d.t('spend.colWeek'), width: 100 }, { label: d.t('spend.colCandidate'), width: 200 }, { label: d.t('spend.colPieces'), width: 80, align: 'right' }],
        rows: r.piecesPerWeek.map((w) => [d.day(w.week), r.rows.find((x) => x.candidateId === w.candidateId)?.candidateName ?? `#${w.candidateId}`, d.num(w.pieces)]),
      },
    ],
    footer: footerIn(d, stamp),
    pageLabel: (page, pages) => d.t('common.page', { page, pages }),
    headLabel: (head) => d.t('common.chainHead', { head }),
    locale: d.locale,
  };
}
