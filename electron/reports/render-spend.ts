import type { SpendReport } from '../../shared/api/commands/reports.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { money } from './money.ts';
import { correctionLine } from './corrections.ts';
import type { PdfSpec } from './pdf.ts';
import { provenance, type Stamp } from './stamp.ts';

const HEAD = ['candidate', 'office', 'requests', 'pieces', 'pages', 'quoted', 'invoiced', 'paid', 'refunded', 'balance'];

export const unionFundsLine = (r: SpendReport): string => `campaign costs charged to union accounts: ${money(r.unionFunds.chargedCents)}`;

export function spendCsvRows(r: SpendReport, stamp: Stamp): CsvValue[][] {
  const t = r.totals;
  return [
    ['LitDesk spend report'],
    ['election', r.election.name, `#${r.election.id}`, r.election.electionDate],
    ...provenance(r, stamp).map((p) => [p.label, p.value]),
    [],
    [...HEAD.slice(0, 5), 'quoted (cents)', 'invoiced (cents)', 'paid (cents)', 'refunded (cents)', 'balance (cents)'],
    ...r.rows.map((x) => [x.candidateName, x.office, x.requests, x.pieces, x.pages, x.quotedCents, x.invoicedCents, x.paidCents, x.refundedCents, x.balanceCents]),
    ['TOTAL', '', t.requests, t.pieces, t.pages, t.quotedCents, t.invoicedCents, t.paidCents, t.refundedCents, t.balanceCents],
    [],
    [unionFundsLine(r), r.unionFunds.chargedCents],
    ['union-account lines', r.unionFunds.lines, 'postings', r.unionFunds.postingIds.join(' ')],
    ['whole ledger, every election (cents)', r.unionFunds.ledgerWideCents],
    ['how it is computed', r.unionFunds.explanation],
    ['query', r.unionFunds.query],
    [],
    ['corrections of actual costs (countersigned by a second committee member)'],
    ['request', 'candidate', 'pieces (job)', 'pieces (corrected)', 'sheets (job)', 'sheets (corrected)', 'postage (cents)', 'proposed by', 'proposed at', 'countersigned by', 'countersigned at', 'reason', 'documents'],
    ...r.corrections.map((c) => [c.requestId, c.candidateName, c.expected.pieces, c.corrected.pieces, c.expected.sheets, c.corrected.sheets, c.corrected.postageCents,
      c.proposedBy, c.proposedAt, c.countersignedBy, c.countersignedAt, c.reason, c.documents.join(' ')]),
    [],
    ['pieces per week (requested mailing date, released jobs)'],
    ['week (Monday)', 'candidate', 'pieces'],
    ...r.piecesPerWeek.map((w) => [w.week, r.rows.find((x) => x.candidateId === w.candidateId)?.candidateName ?? `#${w.candidateId}`, w.pieces]),
  ];
}

export function spendPdfSpec(r: SpendReport, stamp: Stamp): PdfSpec {
  const t = r.totals;
  const cols = [
    { label: 'Candidate', width: 150 }, { label: 'Office', width: 90 },
    ...['Requests', 'Pieces', 'Pages'].map((label) => ({ label, width: 50, align: 'right' as const })),
    ...['Quoted', 'Invoiced', 'Paid', 'Refunded', 'Balance'].map((label) => ({ label, width: 62, align: 'right' as const })),
  ];
  const row = (name: string, office: string, x: typeof t) => [name, office, String(x.requests), x.pieces.toLocaleString('en-US'),
    x.pages.toLocaleString('en-US'), money(x.quotedCents), money(x.invoicedCents), money(x.paidCents), money(x.refundedCents), money(x.balanceCents)];
  return {
    title: `Spend report — ${r.election.name} (${r.election.electionDate})`,
    meta: provenance(r, stamp).map((p) => `${p.label}: ${p.value}`),
    generatedAt: r.generatedAt,
    sections: [
      { heading: 'Per candidate', columns: cols, rows: [...r.rows.map((x) => row(x.candidateName, x.office, x)), row('TOTAL', '', t)] },
      {
        heading: unionFundsLine(r),
        lines: [
          `Lines on union accounts: ${r.unionFunds.lines}${r.unionFunds.postingIds.length ? ` (postings ${r.unionFunds.postingIds.join(', ')})` : ''}. `
            + `Whole ledger, every election: ${money(r.unionFunds.ledgerWideCents)}.`,
          `How it is computed: ${r.unionFunds.explanation}`,
          `Query: ${r.unionFunds.query}`,
        ],
      },
      {
        heading: `Corrections of actual costs (${r.corrections.length}), each countersigned by a second committee member`,
        lines: r.corrections.length ? r.corrections.map(correctionLine) : ['None: every final invoice took its counts from the production job.'],
      },
      {
        heading: 'Pieces per week (requested mailing date, released jobs)',
        columns: [{ label: 'Week (Monday)', width: 100 }, { label: 'Candidate', width: 200 }, { label: 'Pieces', width: 80, align: 'right' }],
        rows: r.piecesPerWeek.map((w) => [w.week, r.rows.find((x) => x.candidateId === w.candidateId)?.candidateName ?? `#${w.candidateId}`, w.pieces.toLocaleString('en-US')]),
      },
    ],
    footer: stamp.footer,
  };
}
