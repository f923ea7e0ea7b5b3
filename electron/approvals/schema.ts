import { commitmentsSql, netFundsSql } from '../billing/schema.ts';
import { committeeMemberSql, ownPaymentsSql } from '../billing/gate.ts';
import type { DB } from '../vault/database.ts';
import { noDelete } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';

/**
 * Four eyes (issue 13), in the database as well as in the core, so that no code path can let one person alone put
 * the list on paper or move money:
 * - `approvals`: a pending action recorded by one committee member and decided by ANOTHER committee member; the
 *   decision is made once, the request never changes, nothing is deleted;
 * - release: the releaser and the authoriser are two different active committee members, the job is covered without
 *   any payment the releaser recorded, and a job quoted at $0 is never released;
 * - authorising is a committee member's act;
 * - a 401(c) inspection is started by the candidate's own login, never by anyone else;
 * - a committee member (chair or staff) is added by the vault's first set-up (the chair), as the very first staff
 *   member next to a lone chair, or under an approval decided by a second committee member.
 */
const COMMITTEE = (member: string) => committeeMemberSql(member);

export const approvalsAndFourEyes: Migration = {
  id: 'issue13-approvals-four-eyes',
  name: 'four eyes: approvals by a second committee member; release, authorise, inspection and new committee members guarded',
  up(db) {
    db.exec(`
      CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('actualsCorrection','payerReview','committeeMember')),
        subject TEXT NOT NULL,                 -- what it is about: 'request:12', 'candidate:3', 'login:sam'
        summary TEXT NOT NULL,                 -- JSON the second member reads before deciding (never a secret)
        payload TEXT NOT NULL,                 -- JSON of the action that runs on approval
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        requested_by INTEGER NOT NULL REFERENCES users(id),
        requested_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','refused','withdrawn')),
        decided_by INTEGER REFERENCES users(id),
        decided_at TEXT,
        note TEXT,
        result TEXT,                           -- JSON of what the approved action did (documents, user id)
        CHECK ((status = 'pending') = (decided_by IS NULL)),
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK (status NOT IN ('approved','refused') OR decided_by IS NOT requested_by),
        CHECK (status <> 'withdrawn' OR decided_by = requested_by),
        CHECK (result IS NULL OR status = 'approved')
      ) STRICT;
      CREATE INDEX approvals_status ON approvals(status, id);
      CREATE INDEX approvals_subject ON approvals(kind, subject);

      CREATE TRIGGER approvals_requested BEFORE INSERT ON approvals
      WHEN NEW.status IS NOT 'pending' OR NEW.result IS NOT NULL OR NOT ${COMMITTEE('NEW.requested_by')}
      BEGIN SELECT RAISE(ABORT, 'approvals: only a committee member asks, and the request starts pending'); END;

      -- Decided once, by a second active committee member (or withdrawn by the member who asked); what was asked never
      -- changes; the result of an approved action is written once.
      CREATE TRIGGER approvals_decided BEFORE UPDATE ON approvals
      WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.subject IS NOT OLD.subject OR NEW.summary IS NOT OLD.summary
        OR NEW.payload IS NOT OLD.payload OR NEW.reason IS NOT OLD.reason OR NEW.requested_by IS NOT OLD.requested_by
        OR NEW.requested_at IS NOT OLD.requested_at
        OR NOT (
          (OLD.status = 'pending' AND NEW.status <> 'pending' AND NEW.result IS NULL AND ${COMMITTEE('NEW.decided_by')})
          OR (OLD.status = 'approved' AND NEW.status = 'approved' AND OLD.result IS NULL AND NEW.result IS NOT NULL
              AND NEW.decided_by IS OLD.decided_by AND NEW.decided_at IS OLD.decided_at AND NEW.note IS OLD.note))
      BEGIN SELECT RAISE(ABORT, 'approvals: a second committee member decides once; the request never changes'); END;
      ${noDelete('approvals', 'approvals are kept')}

      CREATE TRIGGER requests_authorise_committee BEFORE UPDATE OF status ON requests
      WHEN NEW.status = 'authorised' AND OLD.status IS NOT 'authorised'
        AND (NEW.authorised_by IS NULL OR NOT ${COMMITTEE('NEW.authorised_by')})
      BEGIN SELECT RAISE(ABORT, 'four eyes: only a committee member authorises a job'); END;

      CREATE TRIGGER requests_release_four_eyes BEFORE UPDATE OF status ON requests
      WHEN NEW.status = 'released' AND OLD.status IS NOT 'released' AND (
        NEW.quote_cents IS NULL OR NEW.quote_cents <= 0
        OR NEW.released_by IS NULL OR NEW.authorised_by IS NULL OR NEW.released_by = NEW.authorised_by
        OR NOT ${COMMITTEE('NEW.released_by')}
        OR (${ownPaymentsSql('NEW.candidate_id', 'NEW.released_by')} > 0
            AND ${commitmentsSql('NEW.candidate_id', 'NEW.id')} > ${netFundsSql('NEW.candidate_id')} - ${ownPaymentsSql('NEW.candidate_id', 'NEW.released_by')}))
      BEGIN SELECT RAISE(ABORT, 'four eyes: a second committee member releases, not the one who authorised the job or recorded money it depends on; a $0 job is never released'); END;

      CREATE TRIGGER inspections_own_session BEFORE INSERT ON inspections
      WHEN NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.started_by AND u.active = 1 AND u.role = 'candidate'
        AND u.candidate_id = NEW.candidate_id)
      BEGIN SELECT RAISE(ABORT, '401(c): an inspection is opened only in the candidate''s own session'); END;

      CREATE TRIGGER users_committee_second_approval BEFORE INSERT ON users
      WHEN NEW.role IN ('chair','staff')
        AND (SELECT count(*) FROM users WHERE role IN ('chair','staff')) >= 2
        AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.kind = 'committeeMember' AND a.status = 'approved' AND a.result IS NULL
          AND a.subject = 'login:' || lower(NEW.login) AND json_extract(a.payload, '$.role') = NEW.role)
      BEGIN SELECT RAISE(ABORT, 'four eyes: a new committee member needs a second committee member''s approval'); END;
    `);
  },
};

/**
 * Raising a member-record read budget follows the four-eyes rule too (issue 13 §1, §3): the chair proposes it with a
 * reason and a second committee member countersigns. The approvals table learns the kind 'readBudget' by SQLite's
 * table rebuild, without ALTER TABLE RENAME or a TEMP table (either leaves SQLCipher's PRAGMA rekey unable to
 * checkpoint): rows wait in a plain holding table, the table is made again under its own name with the wider CHECK,
 * and its indexes and triggers are made again after the rows are back (a trigger refuses decided rows on insert).
 */
export const approvalsReadBudget: Migration = {
  id: 'issue13-approvals-read-budget',
  name: 'four eyes: raising a read budget is countersigned (approvals kind readBudget)',
  up: (db) => widenApprovalKinds(db, ['readBudget']),
};

/**
 * Lets the approvals table take new kinds by SQLite's table rebuild, without ALTER TABLE RENAME or a TEMP table (either
 * leaves SQLCipher's PRAGMA rekey unable to checkpoint): rows wait in a plain holding table, the table is made again
 * under its own name with the wider CHECK, and its indexes and triggers are made again after the rows are back (a
 * trigger refuses decided rows on insert). Kinds already allowed are left as they are.
 */
export function widenApprovalKinds(db: DB, kinds: readonly string[]): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'approvals'").pluck().get() as string;
  const check = /kind TEXT NOT NULL CHECK \(kind IN \(([^)]*)\)\)/;
  const m = check.exec(table);
  if (!m) throw new Error('approvals.kind CHECK not found');
  const missing = kinds.filter((k) => !m[1]!.includes(`'${k}'`));
  if (missing.length === 0) return;
  const dependents = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'approvals' AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all() as string[];
  db.exec('CREATE TABLE approvals_holding AS SELECT * FROM approvals');
  db.exec('DROP TABLE approvals');
  db.exec(table.replace(check, `kind TEXT NOT NULL CHECK (kind IN (${[m[1], ...missing.map((k) => `'${k}'`)].join(',')}))`));
  db.exec('INSERT INTO approvals SELECT * FROM approvals_holding');
  db.exec('DROP TABLE approvals_holding');
  for (const sql of dependents) db.exec(sql);
}

/** An approved, not yet used countersignature of `kind` for `subject` (SQL), as `approvedUnused` in the core. */
const countersigned = (kind: string, subject: string, also = ''): string =>
  `EXISTS (SELECT 1 FROM approvals a WHERE a.kind = '${kind}' AND a.status = 'approved' AND a.result IS NULL AND a.subject = ${subject}${also})`;

/**
 * Who may not pay is kept by four eyes where it loosens (insider round, issue 13 §1/§6): switching a protected payer
 * name off (the names recorded at setup and the first release's blocked payers) and changing the union's legal name
 * take effect only under an approval decided by a second committee member — the same approvals the core writes
 * (`payerNameOff` for 'payerName:ID' / 'blockedPayer:ID', `unionName` for 'setting:union_name' with the new name in
 * its payload). Adding a name or switching one back on only tightens and stays immediate. The settings guard covers
 * UPDATE, upsert and INSERT OR REPLACE (a BEFORE INSERT trigger runs before the conflict is resolved) and DELETE.
 */
export const protectedNamesCountersigned: Migration = {
  id: 'insider-protected-names-countersigned',
  name: 'four eyes: switching off a name that may not pay, or renaming the union, needs a second committee member',
  up(db) {
    widenApprovalKinds(db, ['payerNameOff', 'unionName']);
    const renamed = (value: string) => countersigned('unionName', "'setting:union_name'", ` AND json_extract(a.payload, '$.unionName') IS ${value}`);
    db.exec(`
      CREATE TRIGGER payer_names_off_countersigned BEFORE UPDATE OF active ON payer_names
      WHEN OLD.active = 1 AND NEW.active IS NOT 1 AND NOT ${countersigned('payerNameOff', "'payerName:' || OLD.id")}
      BEGIN SELECT RAISE(ABORT, 'four eyes: a name that may not pay is switched off only with a second committee member''s countersignature'); END;

      CREATE TRIGGER billing_blocked_payers_off_countersigned BEFORE UPDATE OF active ON billing_blocked_payers
      WHEN OLD.active = 1 AND NEW.active IS NOT 1 AND NOT ${countersigned('payerNameOff', "'blockedPayer:' || OLD.id")}
      BEGIN SELECT RAISE(ABORT, 'four eyes: a name that may not pay is switched off only with a second committee member''s countersignature'); END;

      CREATE TRIGGER settings_union_name_insert BEFORE INSERT ON settings
      WHEN NEW.key = 'union_name'
        AND EXISTS (SELECT 1 FROM settings s WHERE s.key = 'union_name' AND length(trim(s.value)) > 0 AND s.value IS NOT NEW.value)
        AND NOT ${renamed('NEW.value')}
      BEGIN SELECT RAISE(ABORT, 'four eyes: the union''s legal name changes only with a second committee member''s countersignature'); END;

      CREATE TRIGGER settings_union_name_update BEFORE UPDATE ON settings
      WHEN (OLD.key = 'union_name' OR NEW.key = 'union_name')
        AND (NEW.key IS NOT OLD.key OR (NEW.value IS NOT OLD.value AND length(trim(OLD.value)) > 0 AND NOT ${renamed('NEW.value')}))
      BEGIN SELECT RAISE(ABORT, 'four eyes: the union''s legal name changes only with a second committee member''s countersignature'); END;

      CREATE TRIGGER settings_union_name_delete BEFORE DELETE ON settings
      WHEN OLD.key = 'union_name' AND length(trim(OLD.value)) > 0
      BEGIN SELECT RAISE(ABORT, 'four eyes: the union''s legal name changes only with a second committee member''s countersignature'); END;
    `);
  },
};
