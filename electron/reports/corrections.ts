import type { ActualsCorrection } from '../../shared/api/commands/reports.ts';
import type { DB } from '../vault/database.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { documentText, type DocText } from '../../shared/i18n/documents.ts';

const ENGLISH = documentText({ lang: 'en', tz: 'UTC' });

/**
 * Every countersigned correction of actual costs for an election's requests (issue 13 §5), with the member who proposed
 * it and the one who countersigned it, read from the approvals table (a second member always decided: a CHECK and a
 * trigger there say so).
 */
export function actualsCorrections(db: DB, electionId: number): ActualsCorrection[] {
  const rows = db.prepare(`SELECT a.id, a.summary, a.payload, a.reason, a.requested_at, a.decided_at, a.result,
      p.display_name AS proposed_by, d.display_name AS decided_by, r.id AS request_id, r.candidate_id, c.full_name
    FROM approvals a JOIN users p ON p.id = a.requested_by JOIN users d ON d.id = a.decided_by
    JOIN requests r ON a.subject = 'request:' || r.id JOIN candidates c ON c.id = r.candidate_id
    WHERE a.kind = 'actualsCorrection' AND a.status = 'approved' AND r.election_id = ? ORDER BY a.decided_at, a.id`).all(electionId) as Array<{
      id: number; summary: string; payload: string; reason: string; requested_at: string; decided_at: string; result: string | null;
      proposed_by: string; decided_by: string; request_id: number; candidate_id: number; full_name: string }>;
  return rows.map((x) => {
    const summary = JSON.parse(x.summary) as { expected: ActualsCorrection['expected'] };
    const p = JSON.parse(x.payload) as { actualPostageCents: number; actualSheets: number; actualPieces: number };
    const result = x.result === null ? {} : JSON.parse(x.result) as Record<string, string | null>;
    return {
      approvalId: x.id, requestId: x.request_id, candidateId: x.candidate_id, candidateName: x.full_name.normalize('NFC'),
      expected: summary.expected, corrected: { pieces: p.actualPieces, sheets: p.actualSheets, postageCents: p.actualPostageCents },
      reason: x.reason, proposedBy: x.proposed_by, proposedAt: x.requested_at, countersignedBy: x.decided_by, countersignedAt: x.decided_at,
      documents: Object.values(result).filter((v): v is string => typeof v === 'string'),
    };
  });
}

/** One correction as a sentence in the reader's language (English by default, for the CSV). */
export const correctionLine = (c: ActualsCorrection, d: DocText = ENGLISH): string =>
  d.t('report.correction', {
    requestId: c.requestId, candidate: c.candidateName, piecesBefore: d.num(c.expected.pieces), piecesAfter: d.num(c.corrected.pieces),
    sheetsBefore: d.num(c.expected.sheets), sheetsAfter: d.num(c.corrected.sheets), postage: d.money(c.corrected.postageCents),
    minimum: d.money(c.expected.minimumPostageCents), source: d.t(c.expected.from === 'productionJob' ? 'report.sourceProductionJob' : 'report.sourceQuote'),
    proposedBy: c.proposedBy, proposedAt: d.when(c.proposedAt), countersignedBy: c.countersignedBy, countersignedAt: d.when(c.countersignedAt), reason: c.reason,
  }) + (c.documents.length ? `; ${c.documents.join(', ')}` : '');

/** The corrections section of both reports' CSV (the same columns in the spend and the equal-treatment report). */
export const correctionsCsvRows = (corrections: ActualsCorrection[]): CsvValue[][] => [
  ['corrections of actual costs (countersigned by a second committee member)'],
  ['request', 'candidate', 'pieces (job)', 'pieces (corrected)', 'sheets (job)', 'sheets (corrected)', 'postage (cents)', 'proposed by', 'proposed at', 'countersigned by', 'countersigned at', 'reason', 'documents'],
  ...corrections.map((c) => [c.requestId, c.candidateName, c.expected.pieces, c.corrected.pieces, c.expected.sheets, c.corrected.sheets, c.corrected.postageCents,
    c.proposedBy, c.proposedAt, c.countersignedBy, c.countersignedAt, c.reason, c.documents.join(' ')]),
];
