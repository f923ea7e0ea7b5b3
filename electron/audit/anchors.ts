import type { Head } from '../../shared/domain/chain-head.ts';
import type { DB } from '../vault/database.ts';
import { auditHead } from './log.ts';

/** What kind of paper carried a head out of the vault. */
export type AnchorKind =
  | 'receipt' | 'quoteInvoice' | 'finalInvoice' | 'creditNote' | 'refund'
  | 'notice' | 'proof' | 'report' | 'manifest' | 'auditExport';

export type Anchor = Head & { kind: string; document: string; issuedAt: string };

/**
 * The head to print on a document being issued now, recorded as issued. Called inside the issuing command's
 * transaction, before its own audit entry: the head is the trail as it stood when the document was made.
 */
export function anchorHead(db: DB, a: { kind: AnchorKind; document: string; at: Date; by: number | null }): Head {
  const head = auditHead(db);
  db.prepare('INSERT INTO audit_anchors (seq, hash, kind, document, issued_at, issued_by) VALUES (?,?,?,?,?,?)')
    .run(head.seq, head.hash, a.kind, a.document, a.at.toISOString(), a.by);
  return head;
}

/** Records a head captured earlier (a file written outside the command's transaction, such as a manifest). */
export function recordAnchor(db: DB, head: Head, a: { kind: AnchorKind; document: string; at: Date; by: number | null }): void {
  db.prepare('INSERT INTO audit_anchors (seq, hash, kind, document, issued_at, issued_by) VALUES (?,?,?,?,?,?)')
    .run(head.seq, head.hash, a.kind, a.document, a.at.toISOString(), a.by);
}

/** The head recorded for a document issued earlier (the last one, if it was recorded more than once). */
export function anchorOf(db: DB, kind: AnchorKind, document: string): Head | null {
  return (db.prepare('SELECT seq, hash FROM audit_anchors WHERE kind = ? AND document = ? ORDER BY id DESC LIMIT 1').get(kind, document) as Head | undefined) ?? null;
}

export function allAnchors(db: DB): Anchor[] {
  return (db.prepare('SELECT seq, hash, kind, document, issued_at FROM audit_anchors ORDER BY id').all() as
    Array<{ seq: number; hash: string; kind: string; document: string; issued_at: string }>)
    .map((r) => ({ seq: r.seq, hash: r.hash, kind: r.kind, document: r.document, issuedAt: r.issued_at }));
}
