import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';

// Schema of the reports domain. One table: the record that an election was closed after its
// retention year (29 CFR 452.106) and what was purged (counts only). It is itself an election record: never changed,
// never removed.
const closures = `
CREATE TABLE election_closures (
  election_id INTEGER PRIMARY KEY REFERENCES elections(id),
  closed_at TEXT NOT NULL,
  closed_by INTEGER NOT NULL REFERENCES users(id),
  keep_until TEXT NOT NULL CHECK (keep_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  members_purged INTEGER NOT NULL CHECK (members_purged IN (0,1)),
  purged TEXT NOT NULL,
  CHECK (substr(closed_at, 1, 10) >= keep_until)
) STRICT;
${appendOnly('election_closures', 'election closures are kept')}
`;

export const closuresTable: Migration = {
  id: '0500-closures', name: 'reports: election closures after the retention year', up: (db) => db.exec(closures),
};
