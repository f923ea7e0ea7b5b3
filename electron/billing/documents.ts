import { sql } from './sql.ts';
import crypto from 'node:crypto';
import type { DocumentKind, DocumentSnapshot } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import type { DB } from '../vault/database.ts';
import { setting } from '../users/store.ts';
import { anchorHead } from '../audit/anchors.ts';
import { committeeDay } from '../users/calendar.ts';

export const SERIES: Record<DocumentKind, 'Q' | 'F' | 'C' | 'R' | 'P'> = {
  quoteInvoice: 'Q', finalInvoice: 'F', creditNote: 'C', receipt: 'R', refund: 'P',
};

export const documentLabel = (series: string, number: number): string => `${series}-${String(number).padStart(6, '0')}`;

export type Party = { unionName: string; election: { id: number; name: string } | null; candidate: { id: number; name: string } };

/** The names a document prints, read at issue time and frozen in its snapshot. */
export function party(db: DB, candidateId: number): Party {
  const c = sql(db, `SELECT c.id, c.full_name AS name, e.id AS electionId, e.name AS electionName
    FROM candidates c LEFT JOIN elections e ON e.id = c.election_id WHERE c.id = ?`).get(candidateId) as
    { id: number; name: string; electionId: number | null; electionName: string | null } | undefined;
  if (!c) throw new AppError('billing.candidateNotFound', 'No such candidate.');
  return {
    unionName: setting(db, 'union_name', ''),
    election: c.electionId === null ? null : { id: c.electionId, name: c.electionName ?? '' },
    candidate: { id: c.id, name: c.name.normalize('NFC') },
  };
}

/**
 * Issues the next document of its series. The counter row and the document are written in the caller's
 * transaction; the schema's triggers and deferred key make a gap or a duplicate impossible even if the caller errs.
 */
export function issueDocument(db: DB, d: {
  kind: DocumentKind; candidateId: number; requestId: number | null; refId: number | null; postingId: number | null;
  at: Date; by: number; snapshot: Omit<DocumentSnapshot, 'label' | 'kind' | 'issuedOn'>;
  /** The approval a second committee member gave for figures that differ from the production job (issue 13). */
  approvalId?: number | null;
}): { id: number; label: string; snapshot: DocumentSnapshot } {
  const series = SERIES[d.kind];
  const { last } = sql(db, 'UPDATE billing_counters SET last = coalesce(last, 0) + 1 WHERE series = ? RETURNING last').get(series) as { last: number };
  const label = documentLabel(series, last);
  // The head as it stands before this command's own audit entry, recorded as issued: the document carries it out of
  // the vault (DESIGN §3), and the in-app check compares the chain with it ever after.
  const chainHead = anchorHead(db, { kind: d.kind, document: label, at: d.at, by: d.by });
  const snapshot: DocumentSnapshot = { kind: d.kind, label, issuedOn: committeeDay(db, d.at), ...d.snapshot, chainHead };
  const text = canonicalJson(snapshot);
  const sha = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  const id = Number(sql(db, `INSERT INTO billing_documents (series, number, kind, candidate_id, request_id, ref_document_id,
      posting_id, total_cents, issued_at, issued_by, snapshot, sha256, approval_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
    .run(series, last, d.kind, d.candidateId, d.requestId, d.refId, d.postingId, d.snapshot.totalCents, d.at.toISOString(), d.by, text, sha, d.approvalId ?? null)
    .lastInsertRowid);
  return { id, label, snapshot };
}

export type DocRecord = {
  id: number; series: string; number: number; kind: DocumentKind; candidate_id: number; request_id: number | null;
  ref_document_id: number | null; posting_id: number | null; total_cents: number; issued_at: string; snapshot: string; sha256: string;
};

export function getDocument(db: DB, id: number): DocRecord {
  const d = sql(db, 'SELECT * FROM billing_documents WHERE id = ?').get(id) as DocRecord | undefined;
  if (!d) throw new AppError('billing.documentNotFound', 'Not found.');
  return d;
}

export const creditedBy = (db: DB, id: number): number | null =>
  (sql(db, 'SELECT id FROM billing_documents WHERE ref_document_id = ?').get(id) as { id: number } | undefined)?.id ?? null;

/** The snapshot, checked against its stored hash: an edited document shows as broken, never as valid. */
export function snapshotOf(d: DocRecord): DocumentSnapshot {
  const sha = crypto.createHash('sha256').update(d.snapshot, 'utf8').digest('hex');
  if (sha !== d.sha256) throw new AppError('billing.documentTampered', 'This document does not match its fingerprint.', { label: documentLabel(d.series, d.number) });
  return JSON.parse(d.snapshot) as DocumentSnapshot;
}
