import crypto from 'node:crypto';
import { appendOnly, noDelete } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';

// Schema of the email channel (issue 17). Addresses live only inside the encrypted vault: the server's credentials,
// the committee's seed addresses, unsubscribes and bounces, and each job's recipients (a snapshot taken when the
// job starts, so the job sends to the list as it was then). Nothing here is ever deleted: a job's recipient rows are
// the proof that nobody got the message twice.
export const emailTables: Migration = {
  id: '0600-email-channel',
  name: 'email: submission server, seed addresses, unsubscribes and bounces, messages, jobs and their recipients',
  up(db) {
    db.exec(`
      CREATE TABLE email_server (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        security TEXT NOT NULL CHECK (security IN ('starttls', 'tls')),
        username TEXT NOT NULL,
        password TEXT NOT NULL,                 -- inside the vault only; never returned by any command
        from_address TEXT NOT NULL,
        from_name TEXT NOT NULL,
        unsubscribe_address TEXT NOT NULL,      -- committee-controlled: List-Unsubscribe and the footer name it
        ca_pem TEXT,                            -- a private CA the committee trusts for its own server, if any
        per_minute INTEGER NOT NULL CHECK (per_minute BETWEEN 1 AND 10000),
        updated_at TEXT NOT NULL,
        updated_by INTEGER
      ) STRICT;

      -- Unsubscribes and hard bounces apply to every candidate alike.
      CREATE TABLE email_suppressions (
        id INTEGER PRIMARY KEY,
        address_key TEXT NOT NULL,              -- lower-cased address
        member_row INTEGER REFERENCES members(id),
        reason TEXT NOT NULL CHECK (reason IN ('unsubscribe', 'hardBounce')),
        recorded_at TEXT NOT NULL,
        recorded_by INTEGER,
        UNIQUE (address_key, reason)
      ) STRICT;

      CREATE TABLE email_seeds (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        address TEXT NOT NULL,
        address_key TEXT NOT NULL UNIQUE,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        added_at TEXT NOT NULL,
        removed_at TEXT
      ) STRICT;

      -- The candidate's message for an email request: subject and plain text; the literature PDF is the attachment.
      CREATE TABLE email_messages (
        request_id INTEGER PRIMARY KEY REFERENCES requests(id),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE email_jobs (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id),
        status TEXT NOT NULL CHECK (status IN ('running', 'cancelled', 'failed', 'done')),
        members INTEGER NOT NULL,
        seeds INTEGER NOT NULL,
        total INTEGER NOT NULL,
        error_code TEXT,
        started_at TEXT NOT NULL,
        started_by INTEGER,
        finished_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX email_jobs_one_per_request ON email_jobs(request_id);

      -- One row per message: pending -> sending (committed before the server is contacted) -> sent | failed.
      -- A row found 'sending' after a crash becomes 'uncertain' and is never sent again (at most once).
      CREATE TABLE email_recipients (
        job_id INTEGER NOT NULL REFERENCES email_jobs(id),
        seq INTEGER NOT NULL,
        member_row INTEGER REFERENCES members(id),
        seed_id INTEGER REFERENCES email_seeds(id),
        address TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
        changed_at TEXT,
        error_code TEXT,
        PRIMARY KEY (job_id, seq),
        CHECK ((member_row IS NULL) <> (seed_id IS NULL))
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX email_recipients_state ON email_recipients(job_id, state, seq);
      -- A message once out never goes back to pending: the trigger is what makes "never twice" hold in the file.
      CREATE TRIGGER email_recipients_forward BEFORE UPDATE OF state ON email_recipients
      WHEN NOT (
        (OLD.state = NEW.state) OR
        (OLD.state = 'pending' AND NEW.state IN ('sending', 'failed')) OR
        (OLD.state = 'sending' AND NEW.state IN ('sent', 'failed', 'uncertain', 'pending'))
      ) BEGIN SELECT RAISE(ABORT, 'an email that may have been sent is never sent again'); END;
      CREATE TRIGGER email_recipients_fixed BEFORE UPDATE OF address, member_row, seed_id, seq, job_id ON email_recipients
      BEGIN SELECT RAISE(ABORT, 'a job''s recipients are fixed when it starts'); END;

      ${appendOnly('email_suppressions', 'unsubscribes and bounces are kept')}
      ${noDelete('email_seeds', 'seed addresses are kept')}
      ${noDelete('email_messages', 'election records are kept')}
      ${noDelete('email_jobs', 'email jobs are kept')}
      ${noDelete('email_recipients', 'email jobs are kept')}
    `);
    // The key that places seeds in a job and names its messages: random, kept only inside the vault.
    db.prepare("INSERT INTO settings (key, value) VALUES ('email_seed_key', ?)").run(crypto.randomBytes(32).toString('hex'));
  },
};

// Issue 17 items 1-3: the candidate's choice of attachment or simple HTML rendering; the sign-off is fixed in the file
// (a message row cannot change once its request is past 'quoted'); each job records how many audience members it
// left out because they unsubscribed or bounced, and how many had no usable address, for the reports (counts only).
export const emailProofAndCounts: Migration = {
  id: '0610-email-proof-and-counts',
  name: 'email: HTML rendering choice, message fixed after sign-off, suppressed and no-address counts per job',
  up(db) {
    db.exec(`
      ALTER TABLE email_messages ADD COLUMN format TEXT NOT NULL DEFAULT 'attachment' CHECK (format IN ('attachment', 'html'));
      ALTER TABLE email_jobs ADD COLUMN suppressed INTEGER;
      ALTER TABLE email_jobs ADD COLUMN no_address INTEGER;
      -- The candidate signed off this exact message: after that, nobody changes it (the send also re-checks the hash).
      CREATE TRIGGER email_messages_fixed_after_sign_off BEFORE UPDATE ON email_messages
      WHEN (SELECT status FROM requests WHERE id = OLD.request_id) NOT IN ('received', 'quoted')
      BEGIN SELECT RAISE(ABORT, 'the candidate signed off this message: it cannot change'); END;
      CREATE TRIGGER email_messages_new_after_sign_off BEFORE INSERT ON email_messages
      WHEN (SELECT status FROM requests WHERE id = NEW.request_id) NOT IN ('received', 'quoted')
      BEGIN SELECT RAISE(ABORT, 'the candidate signed off this request: its message cannot change'); END;
    `);
  },
};
