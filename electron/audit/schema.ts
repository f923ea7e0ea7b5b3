import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';

// Every audit chain head that left the vault on a document (DESIGN §3): which head, on what, when, by whom. The
// in-app check compares the chain with each of them, so a re-hashed trail disagrees with the paper already issued.
// Heads only: no member data, no candidate names (the document is named by its number or file name).
export const auditAnchors: Migration = {
  id: 'audit-anchors',
  name: 'audit: chain heads printed on issued documents',
  up: (db) => db.exec(`
    CREATE TABLE audit_anchors (
      id INTEGER PRIMARY KEY,
      seq INTEGER NOT NULL CHECK (seq >= 0),
      hash TEXT NOT NULL CHECK (length(hash) = 64),
      kind TEXT NOT NULL,
      document TEXT NOT NULL,
      issued_at TEXT NOT NULL,
      issued_by INTEGER
    ) STRICT;
    CREATE INDEX audit_anchors_seq ON audit_anchors(seq);
    ${appendOnly('audit_anchors', 'issued chain heads are kept')}
  `),
};
