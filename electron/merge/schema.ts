import { noDelete as guardDelete, noUpdate as guardUpdate } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';

// Schema of the merge domain. Jobs, their batches and the seed addresses they carried are
// production records of the election: never deleted (29 CFR 452.106); finished batches and seed placements are
// append-only, so the trail from a leaked list back to the job that received it cannot be rewritten.
const noDelete = (t: string) => guardDelete(t, `${t} rows are never deleted`);
const noUpdate = (t: string) => guardUpdate(t, `${t} rows are never changed`);

export const mergeTables: Migration = {
  id: '0300-merge',
  name: 'merge jobs, batches and seed addresses',
  up(db) {
    db.exec(`
      CREATE TABLE seed_addresses (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
        lines TEXT NOT NULL,                    -- JSON string[]: the printed block (Publication 28)
        zip5 TEXT NOT NULL CHECK (length(zip5) = 5),
        zip4 TEXT CHECK (zip4 IS NULL OR length(zip4) = 4),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        added_at TEXT NOT NULL,
        added_by INTEGER,
        removed_at TEXT,
        removed_by INTEGER,
        CHECK (active = 1 OR removed_at IS NOT NULL)
      ) STRICT;
      -- A seed's address is what jobs printed: it may be retired, never edited.
      CREATE TRIGGER seed_addresses_fixed BEFORE UPDATE OF label, lines, zip5, zip4, added_at, added_by ON seed_addresses
      BEGIN SELECT RAISE(ABORT, 'a seed address is fixed once added'); END;
      CREATE TRIGGER seed_addresses_retire_only BEFORE UPDATE OF active ON seed_addresses
      WHEN NOT (OLD.active = 1 AND NEW.active = 0) BEGIN SELECT RAISE(ABORT, 'a seed address can only be retired'); END;
      ${noDelete('seed_addresses')}

      CREATE TABLE merge_jobs (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id),
        folder TEXT NOT NULL,
        file_prefix TEXT NOT NULL,
        batch_size INTEGER NOT NULL CHECK (batch_size BETWEEN 1 AND 50000),
        members INTEGER NOT NULL CHECK (members >= 0),
        seeds INTEGER NOT NULL CHECK (seeds >= 0),
        total_pieces INTEGER NOT NULL CHECK (total_pieces = members + seeds),
        total_batches INTEGER NOT NULL CHECK (total_batches >= 0),
        serial_base INTEGER NOT NULL CHECK (serial_base >= 0),
        literature_sha256 TEXT NOT NULL,
        print_settings TEXT NOT NULL,           -- JSON PrintSettings as of the start: resume prints the same
        status TEXT NOT NULL CHECK (status IN ('running','cancelled','failed','done')),
        error_code TEXT,
        started_at TEXT NOT NULL,
        started_by INTEGER,
        finished_at TEXT,
        pages INTEGER CHECK (pages IS NULL OR pages >= 0),
        sheets INTEGER CHECK (sheets IS NULL OR sheets >= 0),
        bytes INTEGER CHECK (bytes IS NULL OR bytes >= 0),
        manifest_pdf_sha256 TEXT,
        manifest_csv_sha256 TEXT,
        CHECK (status <> 'done' OR (finished_at IS NOT NULL AND pages IS NOT NULL AND sheets IS NOT NULL))
      ) STRICT;
      CREATE INDEX merge_jobs_request ON merge_jobs(request_id, id);
      CREATE TRIGGER merge_jobs_fixed BEFORE UPDATE OF request_id, folder, file_prefix, batch_size, members, seeds, total_pieces,
        total_batches, serial_base, literature_sha256, print_settings, started_at, started_by ON merge_jobs
      BEGIN SELECT RAISE(ABORT, 'a merge job''s plan is fixed at its start'); END;
      CREATE TRIGGER merge_jobs_done_final BEFORE UPDATE ON merge_jobs WHEN OLD.status IN ('done','failed')
      BEGIN SELECT RAISE(ABORT, 'a finished merge job is final'); END;
      ${noDelete('merge_jobs')}

      -- The job's audience in presort order (ZIP5, ZIP+4, row id), frozen at the start: batch boundaries and piece
      -- positions follow from it alone, so a resumed job prints the same batches as an uninterrupted one.
      CREATE TABLE merge_job_members (
        job_id INTEGER NOT NULL REFERENCES merge_jobs(id),
        seq INTEGER NOT NULL,
        member_row INTEGER NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT, WITHOUT ROWID;
      ${noDelete('merge_job_members')}
      ${noUpdate('merge_job_members')}

      -- Which seed addresses a job carried and where: piece position in the whole job (0-based) and batch.
      CREATE TABLE merge_job_seeds (
        job_id INTEGER NOT NULL REFERENCES merge_jobs(id),
        seed_id INTEGER NOT NULL REFERENCES seed_addresses(id),
        position INTEGER NOT NULL CHECK (position >= 0),
        batch_index INTEGER NOT NULL CHECK (batch_index >= 0),
        PRIMARY KEY (job_id, position)
      ) STRICT;
      ${noDelete('merge_job_seeds')}
      ${noUpdate('merge_job_seeds')}

      CREATE TABLE merge_batches (
        job_id INTEGER NOT NULL REFERENCES merge_jobs(id),
        batch_index INTEGER NOT NULL CHECK (batch_index >= 0),
        file_name TEXT NOT NULL,
        first_zip TEXT NOT NULL,
        last_zip TEXT NOT NULL,
        pieces INTEGER NOT NULL CHECK (pieces >= 1),
        seeds INTEGER NOT NULL CHECK (seeds >= 0),
        pages INTEGER NOT NULL CHECK (pages >= 1),
        bytes INTEGER NOT NULL CHECK (bytes >= 1),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        zip3_counts TEXT NOT NULL,              -- JSON { "021": 12, ... }: counts only
        finished_at TEXT NOT NULL,
        PRIMARY KEY (job_id, batch_index)
      ) STRICT;
      ${noDelete('merge_batches')}
      ${noUpdate('merge_batches')}
    `);
  },
};


/**
 * A job's frozen audience as packed row ids: CHUNK (16,384) little-endian 32-bit member row ids per row, in print
 * order. Written once by the start's write step in a few statements (a million members: 62 rows, about 4 MB),
 * where one row per member took a million B-tree inserts inside the command's transaction and held every other
 * command for seconds (`npm run bench -- job`, queue_block_ms). Jobs from before keep `merge_job_members`.
 */
export const mergeJobOrder: Migration = {
  id: '0301-merge-job-order',
  name: 'merge jobs: frozen audience as packed row ids',
  up(db) {
    db.exec(`
      CREATE TABLE merge_job_order (
        job_id INTEGER NOT NULL REFERENCES merge_jobs(id),
        chunk INTEGER NOT NULL CHECK (chunk >= 0),
        member_rows BLOB NOT NULL CHECK (length(member_rows) BETWEEN 4 AND 65536 AND length(member_rows) % 4 = 0),
        PRIMARY KEY (job_id, chunk)
      ) STRICT;
      ${noDelete('merge_job_order')}
      ${noUpdate('merge_job_order')}
    `);
  },
};

/**
 * Mail houses and encrypted delivery (issue 13 §4). A mail house is a name and an OpenPGP public key the chair
 * confirmed by fingerprint; its key is fixed once added (a job's batches are encrypted to the key it was started
 * with, and resume uses the same). A job names its mail house; a batch records the SHA-256 of its clear PDF (kept
 * inside the vault: resume proves a re-made batch equals the uninterrupted one) beside the delivered file's.
 */
export const mailHousesStep: Migration = {
  id: '0302-merge-mail-houses',
  name: 'merge: mail houses (OpenPGP keys), the mail house of each job, clear-PDF hash of each batch',
  up(db) {
    db.exec(`
      CREATE TABLE mail_houses (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        public_key TEXT NOT NULL,               -- armored OpenPGP public key
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) >= 32),
        key_description TEXT NOT NULL,          -- user IDs and algorithm, as shown to the chair
        key_expires_at TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        added_at TEXT NOT NULL,
        added_by INTEGER,
        removed_at TEXT,
        removed_by INTEGER,
        CHECK (active = 1 OR removed_at IS NOT NULL)
      ) STRICT;
      CREATE TRIGGER mail_houses_key_fixed BEFORE UPDATE OF name, public_key, fingerprint, key_description, key_expires_at, added_at, added_by ON mail_houses
      BEGIN SELECT RAISE(ABORT, 'a mail house''s key is fixed once added'); END;
      CREATE TRIGGER mail_houses_retire_only BEFORE UPDATE OF active ON mail_houses
      WHEN NOT (OLD.active = 1 AND NEW.active = 0) BEGIN SELECT RAISE(ABORT, 'a mail house can only be removed'); END;
      ${noDelete('mail_houses')}

      ALTER TABLE merge_jobs ADD COLUMN mail_house_id INTEGER REFERENCES mail_houses(id);
      CREATE TRIGGER merge_jobs_mail_house_fixed BEFORE UPDATE OF mail_house_id ON merge_jobs WHEN OLD.mail_house_id IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a merge job''s mail house is fixed at its start'); END;
      ALTER TABLE merge_batches ADD COLUMN pdf_sha256 TEXT CHECK (pdf_sha256 IS NULL OR length(pdf_sha256) = 64);
    `);
  },
};

/**
 * Batches break on ZIP3 boundaries (issue 15 §9): the start position of every batch, planned once at the job's start
 * from its frozen audience and seeds, so a resumed job cuts the same batches. NULL for jobs started before (they
 * keep fixed-size batches). Fixed once written, like the rest of the plan.
 */
export const mergeZip3Batches: Migration = {
  id: '0303-merge-zip3-batches',
  name: 'merge: batch start positions planned on ZIP3 boundaries',
  up(db) {
    db.exec(`
      ALTER TABLE merge_jobs ADD COLUMN batch_starts TEXT CHECK (batch_starts IS NULL OR json_valid(batch_starts));
      CREATE TRIGGER merge_jobs_batch_starts_fixed BEFORE UPDATE OF batch_starts ON merge_jobs
        WHEN OLD.batch_starts IS NOT NEW.batch_starts
      BEGIN SELECT RAISE(ABORT, 'a merge job''s plan is fixed at its start'); END;
    `);
  },
};

/** The manifest's name in audit_anchors: the job's number. */
export const manifestDocument = (jobId: number): string => `manifest job ${jobId}`;

/** The audit chain head when a production job starts, printed on its manifests (issue 14 §1). */
export const mergeJobChainHead: Migration = {
  id: 'merge-job-chain-head',
  name: 'merge: the audit chain head recorded when a production job starts',
  up: (db) => db.exec('ALTER TABLE merge_jobs ADD COLUMN chain_head_seq INTEGER; ALTER TABLE merge_jobs ADD COLUMN chain_head_hash TEXT;'),
};
