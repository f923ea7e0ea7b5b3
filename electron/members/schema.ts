import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';

// Schema of the members domain, one migration per step (listed in order in vault/migrations/index.ts).
//
// `members` is the contract other domains code against (merge streams from it, requests count it). Rows are never
// deleted (29 CFR 452.106: election records survive); a member missing from a newer list gets `active = 0`.
// Side tables are derived from `members` by the writer in the same transaction:
// - member_segments: one row per committee-chosen segment value, indexed for the segment builder;
// - member_search: folded (diacritic-free, lower-case) name words for prefix search;
// - member_print_above: the rare Publication 28 lines printed above the delivery line (C/O, building name).
const v100 = `
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  member_id TEXT NOT NULL UNIQUE,
  first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', full_name TEXT NOT NULL,
  address1 TEXT NOT NULL, address2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL, state TEXT NOT NULL, zip TEXT NOT NULL,
  email TEXT, local TEXT, worksite TEXT, shift TEXT, status_raw TEXT,
  good_standing INTEGER NOT NULL CHECK (good_standing IN (0,1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  print_name TEXT NOT NULL, print_delivery TEXT NOT NULL, print_secondary TEXT, print_last_line TEXT NOT NULL,
  zip5 TEXT NOT NULL, zip4 TEXT,
  segments TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
) STRICT;

-- Presort order for the merge (zip5, zip4, id), only over the mailable audience: the ORDER BY needs no sort.
CREATE INDEX members_presort ON members(zip5, zip4, id) WHERE active = 1 AND good_standing = 1;
-- No index per segment field: counts come from an in-memory snapshot (snapshot.ts), and a merge reads the whole
-- presort index anyway; each index would cost every import about a tenth of its time (measured, bench/members.ts).
-- Small partial indexes so totals never count a million rows (the mailable count comes from the snapshot).
CREATE INDEX members_inactive ON members(id) WHERE active = 0;
CREATE INDEX members_not_good ON members(id) WHERE active = 1 AND good_standing = 0;

CREATE TABLE member_segments (
  member_row INTEGER NOT NULL REFERENCES members(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (member_row, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_segments_value ON member_segments(name, value, member_row);

CREATE TABLE member_search (
  word TEXT NOT NULL,
  member_row INTEGER NOT NULL REFERENCES members(id),
  PRIMARY KEY (word, member_row)
) STRICT, WITHOUT ROWID;

CREATE TABLE member_print_above (
  member_row INTEGER PRIMARY KEY REFERENCES members(id),
  lines TEXT NOT NULL
) STRICT;

-- Previous values of a member's fields, kept on every correction and re-import change (never updated or deleted).
CREATE TABLE member_history (
  id INTEGER PRIMARY KEY,
  member_row INTEGER NOT NULL REFERENCES members(id),
  at TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('import', 'correction')),
  actor_id INTEGER,
  -- Deferred: the import's own row is written last, when its counts are known.
  import_id INTEGER REFERENCES member_imports(id) DEFERRABLE INITIALLY DEFERRED,
  previous TEXT NOT NULL,
  reason TEXT
) STRICT;
CREATE INDEX member_history_row ON member_history(member_row, id);

-- One row per committed import: counts only, and the SHA-256 of the file read.
CREATE TABLE member_imports (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  file_sha256 TEXT NOT NULL,
  rows INTEGER NOT NULL,
  added INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  deactivated INTEGER NOT NULL,
  skipped INTEGER NOT NULL
) STRICT;

-- The committee's reading of the list's status values (once per list; re-used by the next import).
CREATE TABLE member_standing_map (
  status TEXT PRIMARY KEY,
  good INTEGER NOT NULL CHECK (good IN (0,1)),
  updated_at TEXT NOT NULL
) STRICT;

-- Bumped by every write to members: in-memory count snapshots compare it to know they are current.
CREATE TABLE members_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO members_meta (id, generation) VALUES (1, 0);

CREATE TRIGGER members_no_delete BEFORE DELETE ON members
  BEGIN SELECT RAISE(ABORT, 'members are never deleted: mark them inactive'); END;
${appendOnly('member_history', 'member history is append-only')}
${appendOnly('member_imports', 'import records are append-only')}
`;

export const membersTables: Migration = {
  id: '0100-members', name: 'members: list, segments, search words, history, imports, standing map', up: (db) => db.exec(v100),
};

/**
 * The delivery point: the two digits USPS adds to a ZIP+4 to name one address (USPS-B-3200: the routing code is 0,
 * 5, 9 or 11 digits, and the 11 are ZIP + ZIP+4 + delivery point). Optional, from the member file's own column;
 * only meaningful with a ZIP+4, which the CHECK holds (import refuses the row otherwise). LitDesk does not validate
 * it against USPS data: delivery point validation (DPV) needs CASS-certified software, at the mail house.
 */
export const membersDeliveryPoint: Migration = {
  id: 'members-delivery-point',
  name: 'members: optional two-digit delivery point, with a ZIP+4 only',
  up(db) {
    db.exec(`
      ALTER TABLE members ADD COLUMN delivery_point TEXT
        CHECK (delivery_point IS NULL OR (zip4 IS NOT NULL AND length(delivery_point) = 2 AND delivery_point GLOB '[0-9][0-9]'));
    `);
  },
};

/**
 * Name search in an FTS5 index: one entry per member holding the folded words the writer computes (record.ts
 * `searchWords`, joined by spaces), instead of one `member_search` row per word. A million-member first import wrote
 * 2.5 million random B-tree rows for search (3.8 s of its commit); FTS5 buffers and writes them as compact segments
 * (2.0 s, and a 15 MB index instead of ~40 MB; measured, bench/members.ts). Contentless: the words are not stored a
 * second time, the names stay in `members` only; `contentless_delete` lets a changed name replace its entry, and
 * `secure-delete` removes the old words from the index at once, as `PRAGMA secure_delete` does for tables.
 * `tokenize='ascii'` keeps each stored word one token (its separators are ASCII punctuation and spaces, which the
 * stored words never contain); `detail=none`: only which member, never where, is needed for prefix search.
 */
export const membersSearchIndex: Migration = {
  id: 'members-search-fts5',
  name: 'members: name search words in one FTS5 entry per member (was a row per word)',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE member_search_fts USING fts5(words, content='', contentless_delete=1, tokenize='ascii', detail=none);
      INSERT INTO member_search_fts (member_search_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO member_search_fts (rowid, words) SELECT member_row, group_concat(word, ' ') FROM member_search GROUP BY member_row;
      DROP TABLE member_search;
    `);
  },
};

/**
 * Empties the name search index: member data kept outside the tables that reference `members` by foreign key, so a
 * purge that finds member data that way (retention, reports/retention.ts) must call this too. Returns the entries
 * removed. 'delete-all' drops the index's segments; `PRAGMA secure_delete` zeroes the pages they used.
 */
export function clearMemberSearch(db: DB): number {
  const entries = (db.prepare('SELECT count(*) AS n FROM member_search_fts').get() as { n: number }).n;
  db.prepare("INSERT INTO member_search_fts (member_search_fts) VALUES ('delete-all')").run();
  return entries;
}
