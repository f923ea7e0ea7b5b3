import { appendOnly } from './guards.ts';
import type { Migration } from './types.ts';

export const foundation: Migration = {
  id: '0001-foundation',
  name: 'foundation: users, settings, agreement, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('chair','staff','candidate','auditor')),
        candidate_id INTEGER,
        must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0,1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        created_at TEXT NOT NULL,
        removed_at TEXT
      ) STRICT;
      CREATE TABLE agreements (
        version INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id)
      ) STRICT;
      CREATE TABLE agreement_acceptances (
        user_id INTEGER NOT NULL REFERENCES users(id),
        version INTEGER NOT NULL REFERENCES agreements(version),
        accepted_at TEXT NOT NULL,
        PRIMARY KEY (user_id, version)
      ) STRICT;
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_action ON audit_log(action, seq);
      -- Append-only: the core never updates or deletes an entry; these triggers make any code path that tries fail.
      ${appendOnly('audit_log', 'audit log is append-only')}
    `);
  },
};
