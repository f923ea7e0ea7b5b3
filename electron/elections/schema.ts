import { noDelete as guardDelete, noUpdate as guardUpdate } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';

// Schema of the elections domain. Election records are never deleted (29 CFR 452.106): rows are marked inactive,
// and triggers make a DELETE fail whatever code path tries it. Published rate cards and stored literature are
// immutable once written. There is no column anywhere for a content decision (29 CFR 452.70).
const noDelete = (table: string): string => guardDelete(table, 'election records are kept');
const noUpdate = (table: string): string => guardUpdate(table, `${table} rows are immutable`);

export const electionsTables: Migration = {
  id: '0200-elections',
  name: 'elections: elections, rate cards, candidates, literature, requests, notices',
  up(db) {
    db.exec(`
      CREATE TABLE elections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        offices TEXT NOT NULL,                 -- JSON array of office names
        election_date TEXT NOT NULL CHECK (election_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        mail_ballot INTEGER NOT NULL CHECK (mail_ballot IN (0,1)),
        ballot_mailing_date TEXT,
        audience_kinds TEXT NOT NULL,          -- JSON array
        channels TEXT NOT NULL,                -- JSON array of mail classes
        rules TEXT NOT NULL,                   -- JSON: uniform technical rules for literature
        print_settings TEXT NOT NULL,          -- JSON: window rectangle, address mode, mailer ID, service type, batch size
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        created_at TEXT NOT NULL,
        created_by INTEGER,
        CHECK (mail_ballot = 0 OR ballot_mailing_date IS NOT NULL)
      ) STRICT;

      CREATE TABLE rate_cards (
        election_id INTEGER NOT NULL REFERENCES elections(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        published_at TEXT NOT NULL,
        published_by INTEGER,
        card TEXT NOT NULL,                    -- JSON, integer cents
        PRIMARY KEY (election_id, version)
      ) STRICT;

      CREATE TABLE candidates (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        full_name TEXT NOT NULL,
        office TEXT NOT NULL,
        standing TEXT NOT NULL CHECK (standing IN ('candidate','seekingNomination')),
        email TEXT,
        phone TEXT,
        mailing_address TEXT,
        registered_at TEXT NOT NULL,
        registered_by INTEGER,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
      ) STRICT;

      CREATE TABLE rate_card_notices (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL,
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        rate_card_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT,
        FOREIGN KEY (election_id, rate_card_version) REFERENCES rate_cards(election_id, version),
        UNIQUE (candidate_id, rate_card_version)
      ) STRICT;

      CREATE TABLE literature (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        file_name TEXT NOT NULL,
        bytes BLOB NOT NULL,                   -- the cleaned file (active content removed), inside the vault
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        pages INTEGER NOT NULL CHECK (pages >= 1),
        removed TEXT NOT NULL,                 -- JSON: active-content kinds removed at intake
        received_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        status TEXT NOT NULL CHECK (status IN ('received','quoted','signedOff','authorised','released','produced','mailed','withdrawn')),
        received_at TEXT NOT NULL,
        submitted_by INTEGER,
        literature_id INTEGER NOT NULL REFERENCES literature(id),
        audience TEXT NOT NULL,                -- JSON Audience
        channel TEXT NOT NULL CHECK (channel IN ('firstClass','marketing','nonprofitMarketing')),
        requested_mailing_date TEXT NOT NULL,
        audience_count INTEGER,
        quote_cents INTEGER CHECK (quote_cents IS NULL OR quote_cents >= 0),
        quote_lines TEXT,                      -- JSON [{ item, unit, quantity, rateCents, amountCents }]
        rate_card_version INTEGER,
        quoted_at TEXT,
        signed_off_at TEXT,
        signed_off_by INTEGER,
        proof_sha256 TEXT,
        authorised_at TEXT,
        authorised_by INTEGER,
        released_at TEXT,
        released_by INTEGER,
        withdrawn_at TEXT,
        withdrawn_by INTEGER,
        CHECK (status = 'received' OR status = 'withdrawn' OR quote_cents IS NOT NULL),
        CHECK (status NOT IN ('signedOff','authorised','released','produced','mailed') OR signed_off_at IS NOT NULL),
        CHECK (status NOT IN ('authorised','released','produced','mailed') OR authorised_at IS NOT NULL),
        CHECK (status NOT IN ('released','produced','mailed') OR released_at IS NOT NULL)
      ) STRICT;
      CREATE INDEX requests_queue ON requests(election_id, received_at, id);
      CREATE INDEX requests_candidate ON requests(candidate_id, received_at, id);

      -- A request never goes back: each status may only move forward (or to withdrawn before release).
      CREATE TRIGGER requests_status_forward BEFORE UPDATE OF status ON requests
      WHEN NOT (
        (OLD.status = NEW.status) OR
        (OLD.status = 'received' AND NEW.status IN ('quoted','withdrawn')) OR
        (OLD.status = 'quoted' AND NEW.status IN ('signedOff','withdrawn')) OR
        (OLD.status = 'signedOff' AND NEW.status IN ('authorised','withdrawn')) OR
        (OLD.status = 'authorised' AND NEW.status IN ('released','withdrawn')) OR
        (OLD.status = 'released' AND NEW.status = 'produced') OR
        (OLD.status = 'produced' AND NEW.status = 'mailed')
      ) BEGIN SELECT RAISE(ABORT, 'request status may only move forward'); END;
      -- The received time fixes the queue order; nothing may rewrite it.
      CREATE TRIGGER requests_received_fixed BEFORE UPDATE OF received_at, election_id, candidate_id, literature_id ON requests
      BEGIN SELECT RAISE(ABORT, 'a request''s receipt is fixed'); END;

      ${noDelete('elections')}
      ${noDelete('rate_cards')}
      ${noUpdate('rate_cards')}
      ${noDelete('candidates')}
      ${noDelete('rate_card_notices')}
      ${noDelete('literature')}
      ${noUpdate('literature')}
      ${noDelete('requests')}
    `);
  },
};

export const inspectionTables: Migration = {
  id: '0201-inspections',
  name: 'elections: 401(c) inspections, extra access granted and offered to all',
  up(db) {
    db.exec(`
      CREATE TABLE extra_access_grants (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),   -- who was granted it first
        kind TEXT NOT NULL CHECK (kind IN ('extraInspection')),
        description TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        granted_by INTEGER
      ) STRICT;
      -- Every candidate of the election gets an offer, the grantee's already accepted (29 CFR 452.71 equal access).
      CREATE TABLE extra_access_offers (
        id INTEGER PRIMARY KEY,
        grant_id INTEGER NOT NULL REFERENCES extra_access_grants(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        offered_at TEXT NOT NULL,
        response TEXT NOT NULL DEFAULT 'open' CHECK (response IN ('open','accepted','declined')),
        responded_at TEXT,
        read_at TEXT,
        UNIQUE (grant_id, candidate_id)
      ) STRICT;
      CREATE TABLE inspections (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        grant_id INTEGER REFERENCES extra_access_grants(id),
        started_at TEXT NOT NULL,
        started_by INTEGER,
        expires_at TEXT NOT NULL,
        ended_at TEXT
      ) STRICT;
      -- Once per candidate (401(c)); an extra session only under a grant, once per grant.
      CREATE UNIQUE INDEX inspections_once ON inspections(candidate_id) WHERE grant_id IS NULL;
      CREATE UNIQUE INDEX inspections_once_per_grant ON inspections(candidate_id, grant_id) WHERE grant_id IS NOT NULL;
      ${noDelete('extra_access_grants')}
      ${noUpdate('extra_access_grants')}
      ${noDelete('extra_access_offers')}
      ${noDelete('inspections')}
    `);
  },
};

export const mailedStep: Migration = {
  id: '0202-requests-mailed',
  name: 'requests: handed to the mail house (date and mail house), the last step of the turnaround',
  up(db) {
    db.exec(`
      ALTER TABLE requests ADD COLUMN mailed_at TEXT;
      ALTER TABLE requests ADD COLUMN mail_house TEXT;
      ALTER TABLE requests ADD COLUMN mailed_by INTEGER;
    `);
  },
};


/**
 * Email as a channel (issue 17): requests.channel gains 'email'. SQLite cannot change a CHECK constraint in place, so
 * the table is rebuilt from its own stored definition with only that CHECK changed — whatever columns earlier steps
 * added stay, in order — and its indexes and triggers are recreated from their stored SQL. Runs inside the one
 * upgrade transaction; other tables' foreign keys name `requests` and so point at the rebuilt table.
 */
export const channelEmail: Migration = {
  id: '0203-requests-channel-email',
  name: 'requests: email as a channel',
  up(db) {
    const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'requests'").pluck().get() as string;
    const check = /channel TEXT NOT NULL CHECK \(channel IN \(([^)]*)\)\)/;
    const m = check.exec(table);
    if (!m) throw new Error('requests.channel CHECK not found');
    if (m[1]!.includes("'email'")) return;
    const dependents = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'requests' AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all() as string[];
    // SQLite's procedure for "other kinds of table schema changes", without ALTER TABLE RENAME or a TEMP table (after either,
    // SQLCipher's PRAGMA rekey leaves that connection unable to checkpoint: "database table is locked", seen here):
    // the rows wait in a plain holding table while the table is made again under its own name. migrate() runs every
    // step with foreign keys off and checks them all before it commits, so other tables' REFERENCES requests(...)
    // name the new table.
    db.exec('CREATE TABLE requests_holding AS SELECT * FROM requests');
    db.exec('DROP TABLE requests');
    db.exec(table.replace(check, `channel TEXT NOT NULL CHECK (channel IN (${m[1]},'email'))`));
    db.exec('INSERT INTO requests SELECT * FROM requests_holding');
    db.exec('DROP TABLE requests_holding');
    for (const sql of dependents) db.exec(sql);
  },
};
