import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly as appendOnlyGuard } from '../vault/migrations/guards.ts';

/**
 * The billing ledger (issue 6). The rules of the money model live in the database as well as in the core, so that
 * no code path can break them:
 * - append-only: accounts, postings, lines, closures, documents, payments and refunds refuse UPDATE and DELETE;
 * - rule 1 (LMRDA 401(g)): every posting kind in this ledger is a campaign kind, so a line on an account flagged
 *   `union_account=1` is refused by a trigger, whatever the code asks;
 * - rule 3: a posting must be closed before COMMIT (deferred foreign key `closure` -> billing_closures), and the
 *   closure insert is refused unless the posting has >= 2 lines and debits = credits; no line may join a closed
 *   posting. A crash mid-posting therefore leaves nothing: the transaction either commits closed or not at all;
 * - rule 4: at closure the candidate's deposit never goes into debit and the money paid out to a candidate (refunds,
 *   voided receipts) never exceeds the money received from them;
 * - numbering: per-series counter whose (series, last) must name an existing document at COMMIT (deferred FK), the
 *   counter only steps by one, each document takes exactly the counter's value: no gaps, no duplicates;
 * - rule 2 is also a trigger on `requests` (see releaseGuardSql), installed when the requests table exists.
 */
const ledger = `
CREATE TABLE billing_accounts (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('campaignFunds','candidateDeposit','candidateReceivable','mailHousePayable',
    'postagePayable','costRecovery','unionOperating')),
  candidate_id INTEGER REFERENCES candidates(id),
  union_account INTEGER NOT NULL DEFAULT 0 CHECK (union_account IN (0,1)),
  name TEXT NOT NULL,
  CHECK ((kind IN ('candidateDeposit','candidateReceivable')) = (candidate_id IS NOT NULL)),
  CHECK (union_account = (kind = 'unionOperating'))
) STRICT;
CREATE UNIQUE INDEX billing_accounts_candidate ON billing_accounts(candidate_id, kind) WHERE candidate_id IS NOT NULL;

CREATE TABLE billing_closures (
  posting_id INTEGER PRIMARY KEY REFERENCES billing_postings(id),
  total_cents INTEGER NOT NULL CHECK (total_cents > 0),
  closed_at TEXT NOT NULL
) STRICT;

CREATE TABLE billing_postings (
  id INTEGER PRIMARY KEY,
  closure INTEGER NOT NULL REFERENCES billing_closures(posting_id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL CHECK (kind IN ('payment','finalInvoice','creditNote','refund')),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  request_id INTEGER REFERENCES requests(id),
  memo TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  posted_by INTEGER NOT NULL REFERENCES users(id),
  CHECK (closure = id)
) STRICT;
CREATE INDEX billing_postings_candidate ON billing_postings(candidate_id, id);

CREATE TABLE billing_lines (
  id INTEGER PRIMARY KEY,
  posting_id INTEGER NOT NULL REFERENCES billing_postings(id),
  account_id INTEGER NOT NULL REFERENCES billing_accounts(id),
  debit_cents INTEGER NOT NULL DEFAULT 0 CHECK (debit_cents >= 0),
  credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),
  item TEXT,
  CHECK ((debit_cents > 0) + (credit_cents > 0) = 1)
) STRICT;
CREATE INDEX billing_lines_posting ON billing_lines(posting_id);
CREATE INDEX billing_lines_account ON billing_lines(account_id);

CREATE TRIGGER billing_lines_no_union BEFORE INSERT ON billing_lines
WHEN (SELECT union_account FROM billing_accounts WHERE id = NEW.account_id) = 1
BEGIN SELECT RAISE(ABORT, 'billing: a campaign cost can never touch a union account (LMRDA 401(g))'); END;

CREATE TRIGGER billing_lines_own_candidate BEFORE INSERT ON billing_lines
WHEN (SELECT candidate_id FROM billing_accounts WHERE id = NEW.account_id) IS NOT
     (SELECT CASE WHEN a.candidate_id IS NULL THEN NULL ELSE p.candidate_id END
        FROM billing_accounts a, billing_postings p WHERE a.id = NEW.account_id AND p.id = NEW.posting_id)
BEGIN SELECT RAISE(ABORT, 'billing: a line may only touch the posting candidate''s own accounts'); END;

CREATE TRIGGER billing_lines_open_posting BEFORE INSERT ON billing_lines
WHEN EXISTS (SELECT 1 FROM billing_closures WHERE posting_id = NEW.posting_id)
BEGIN SELECT RAISE(ABORT, 'billing: the posting is closed'); END;

CREATE TRIGGER billing_closures_balanced BEFORE INSERT ON billing_closures
WHEN (SELECT count(*) FROM billing_lines WHERE posting_id = NEW.posting_id) < 2
  OR (SELECT total(debit_cents) - total(credit_cents) FROM billing_lines WHERE posting_id = NEW.posting_id) != 0
  OR (SELECT total(debit_cents) FROM billing_lines WHERE posting_id = NEW.posting_id) != NEW.total_cents
BEGIN SELECT RAISE(ABORT, 'billing: a posting must balance (debits = credits) over at least two lines'); END;

CREATE TRIGGER billing_closures_deposit BEFORE INSERT ON billing_closures
WHEN EXISTS (
  SELECT 1 FROM billing_accounts a JOIN billing_postings p ON p.id = NEW.posting_id AND a.candidate_id = p.candidate_id
  WHERE a.kind = 'candidateDeposit'
    AND (SELECT total(credit_cents) - total(debit_cents) FROM billing_lines WHERE account_id = a.id) < 0)
BEGIN SELECT RAISE(ABORT, 'billing: a candidate deposit can never go below zero'); END;

CREATE TRIGGER billing_closures_funds BEFORE INSERT ON billing_closures
WHEN (SELECT total(l.credit_cents) - total(l.debit_cents) FROM billing_postings p JOIN billing_lines l ON l.posting_id = p.id
      WHERE p.candidate_id = (SELECT candidate_id FROM billing_postings WHERE id = NEW.posting_id)
        AND l.account_id = (SELECT id FROM billing_accounts WHERE code = 'funds')) > 0
BEGIN SELECT RAISE(ABORT, 'billing: refunds can never exceed what the candidate paid'); END;

CREATE TABLE billing_counters (
  series TEXT PRIMARY KEY CHECK (series IN ('Q','F','C','R','P')),
  last INTEGER,
  FOREIGN KEY (series, last) REFERENCES billing_documents(series, number) DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TRIGGER billing_counters_step BEFORE UPDATE ON billing_counters
WHEN NEW.series IS NOT OLD.series OR NEW.last IS NOT coalesce(OLD.last, 0) + 1
  OR (OLD.last IS NOT NULL AND NOT EXISTS (SELECT 1 FROM billing_documents WHERE series = OLD.series AND number = OLD.last))
BEGIN SELECT RAISE(ABORT, 'billing: document numbers step by one, each used before the next'); END;
CREATE TRIGGER billing_counters_no_delete BEFORE DELETE ON billing_counters
BEGIN SELECT RAISE(ABORT, 'billing: counters are never removed'); END;

CREATE TABLE billing_documents (
  id INTEGER PRIMARY KEY,
  series TEXT NOT NULL CHECK (series IN ('Q','F','C','R','P')),
  number INTEGER NOT NULL CHECK (number > 0),
  kind TEXT NOT NULL CHECK (kind IN ('quoteInvoice','finalInvoice','creditNote','receipt','refund')),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  request_id INTEGER REFERENCES requests(id),
  ref_document_id INTEGER REFERENCES billing_documents(id),
  posting_id INTEGER REFERENCES billing_postings(id),
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  issued_at TEXT NOT NULL,
  issued_by INTEGER NOT NULL REFERENCES users(id),
  snapshot TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  UNIQUE (series, number),
  CHECK ((kind = 'creditNote') = (ref_document_id IS NOT NULL)),
  CHECK (series = CASE kind WHEN 'quoteInvoice' THEN 'Q' WHEN 'finalInvoice' THEN 'F' WHEN 'creditNote' THEN 'C'
    WHEN 'receipt' THEN 'R' ELSE 'P' END)
) STRICT;
CREATE INDEX billing_documents_candidate ON billing_documents(candidate_id, id);
CREATE INDEX billing_documents_request ON billing_documents(request_id);
CREATE UNIQUE INDEX billing_documents_one_credit ON billing_documents(ref_document_id) WHERE ref_document_id IS NOT NULL;

INSERT INTO billing_counters (series, last) VALUES ('Q', NULL), ('F', NULL), ('C', NULL), ('R', NULL), ('P', NULL);

CREATE TRIGGER billing_documents_number BEFORE INSERT ON billing_documents
WHEN NEW.number IS NOT (SELECT last FROM billing_counters WHERE series = NEW.series)
BEGIN SELECT RAISE(ABORT, 'billing: a document takes the next number of its series'); END;

CREATE TABLE billing_payments (
  id INTEGER PRIMARY KEY,
  posting_id INTEGER NOT NULL UNIQUE REFERENCES billing_postings(id),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  received_on TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('check','moneyOrder','cashiersCheck','card')),
  method_ref TEXT NOT NULL,
  payer_type TEXT NOT NULL CHECK (payer_type IN ('candidate','campaignCommittee','individualSupporter')),
  payer_name TEXT NOT NULL,
  receipt_id INTEGER NOT NULL REFERENCES billing_documents(id)
) STRICT;

CREATE TABLE billing_refunds (
  id INTEGER PRIMARY KEY,
  posting_id INTEGER NOT NULL UNIQUE REFERENCES billing_postings(id),
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  paid_on TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('check','moneyOrder','cashiersCheck','card')),
  method_ref TEXT NOT NULL,
  voucher_id INTEGER NOT NULL REFERENCES billing_documents(id)
) STRICT;

CREATE TABLE billing_disputes (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  document_id INTEGER NOT NULL REFERENCES billing_documents(id),
  line_index INTEGER NOT NULL CHECK (line_index >= 0),
  note TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered')),
  answer TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  answered_at TEXT,
  answered_by INTEGER REFERENCES users(id),
  CHECK ((status = 'answered') = (answer IS NOT NULL))
) STRICT;
CREATE TRIGGER billing_disputes_answer_once BEFORE UPDATE ON billing_disputes
WHEN OLD.status != 'open' OR NEW.id != OLD.id OR NEW.candidate_id != OLD.candidate_id OR NEW.document_id != OLD.document_id
  OR NEW.line_index != OLD.line_index OR NEW.note != OLD.note OR NEW.created_at != OLD.created_at
BEGIN SELECT RAISE(ABORT, 'billing: a dispute is answered once and its note never changes'); END;

CREATE TABLE billing_blocked_payers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('employer','unionBody')),
  name TEXT NOT NULL,
  normalized TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  added_at TEXT NOT NULL,
  added_by INTEGER NOT NULL REFERENCES users(id)
) STRICT;
CREATE TRIGGER billing_blocked_payers_fixed BEFORE UPDATE ON billing_blocked_payers
WHEN NEW.name != OLD.name OR NEW.normalized != OLD.normalized OR NEW.kind != OLD.kind OR NEW.id != OLD.id
BEGIN SELECT RAISE(ABORT, 'billing: a blocked payer is only switched on or off'); END;
CREATE TRIGGER billing_blocked_payers_no_delete BEFORE DELETE ON billing_blocked_payers
BEGIN SELECT RAISE(ABORT, 'billing: blocked payers are switched off, never removed'); END;

INSERT INTO billing_accounts (code, kind, name) VALUES
  ('funds', 'campaignFunds', 'Candidate funds held by the election committee'),
  ('mailHouse', 'mailHousePayable', 'Mail house payable (printing, envelopes, inserting)'),
  ('postage', 'postagePayable', 'Postage payable'),
  ('recovery', 'costRecovery', 'Cost recovery: handling, staff time, equipment');
INSERT INTO billing_accounts (code, kind, union_account, name) VALUES
  ('union:general', 'unionOperating', 1, 'Union general fund'),
  ('union:payroll', 'unionOperating', 1, 'Union payroll and staff time'),
  ('union:equipment', 'unionOperating', 1, 'Union equipment and premises');
`;

const appendOnly = ['billing_accounts', 'billing_postings', 'billing_lines', 'billing_closures', 'billing_documents',
  'billing_payments', 'billing_refunds']
  .map((t) => appendOnlyGuard(t, `billing: ${t} is append-only`))
  .join('\n');

/** Statuses at and after release: a job in one of them has been (or is being) produced at the candidate's expense. */
export const RELEASED_STATUSES = ['released', 'produced', 'mailed'] as const;
const released = RELEASED_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * The SQL of the candidate's commitments and net funds, shared by the gate (core) and the release trigger (database),
 * so the two cannot disagree. Commitments: the quote of every released job without a standing final invoice, plus
 * the job being checked. Net funds: deposit credit minus receivable debit, from postings alone.
 */
export const commitmentsSql = (candidate: string, request: string) => `(
  SELECT coalesce(sum(r2.quote_cents), 0) FROM requests r2
  WHERE r2.candidate_id = ${candidate} AND (r2.id = ${request} OR r2.status IN (${released}))
    AND NOT EXISTS (SELECT 1 FROM billing_documents f WHERE f.request_id = r2.id AND f.kind = 'finalInvoice'
      AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = f.id)))`;

/**
 * Every open quote of the candidate: requests quoted and not withdrawn, without a standing final invoice (issue 16 §4,
 * "Amount due"). The release commitments above are always a part of it, so the amount due is never below a job's
 * amount due before release. `closing` / `reopening`: the request whose final invoice is being issued / credited in this
 * transaction, before its document exists.
 */
export const openQuotesSql = (candidate: string, closing = 'NULL', reopening = 'NULL') => `(
  SELECT coalesce(sum(r2.quote_cents), 0) FROM requests r2
  WHERE r2.candidate_id = ${candidate} AND r2.quote_cents IS NOT NULL AND r2.status != 'withdrawn' AND r2.id IS NOT ${closing}
    AND (r2.id IS ${reopening} OR NOT EXISTS (SELECT 1 FROM billing_documents f WHERE f.request_id = r2.id AND f.kind = 'finalInvoice'
      AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = f.id))))`;

export const netFundsSql = (candidate: string) => `(
  SELECT total(l.credit_cents) - total(l.debit_cents) FROM billing_lines l JOIN billing_accounts a ON a.id = l.account_id
  WHERE a.candidate_id = ${candidate})`;

/**
 * Payments whose payer needed a second look (issue 13 §6) and that no committee member other than the one who recorded
 * them has approved; voided receipts aside. They are in the ledger but do not count toward "paid in full".
 */
export const unreviewedPaymentsSql = (candidate: string) => `(
  SELECT coalesce(sum(pay.amount_cents), 0) FROM billing_payments pay
  WHERE pay.candidate_id = ${candidate} AND pay.payer_check = 'review' AND ${notReviewed('pay')}
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = pay.receipt_id))`;

const notReviewed = (pay: string) => `NOT EXISTS (SELECT 1 FROM approvals a WHERE a.kind = 'payerReview'
      AND a.subject = 'payment:' || ${pay}.id AND a.status = 'approved'
      AND a.decided_by IS NOT (SELECT p.posted_by FROM billing_postings p WHERE p.id = ${pay}.posting_id))`;

/**
 * Money that does not count when `member` releases a job for the candidate: payments awaiting a payer review, and
 * payments `member` recorded (four eyes). Voided receipts aside.
 */
export const uncountedSql = (candidate: string, member: string) => `(
  SELECT coalesce(sum(pay.amount_cents), 0) FROM billing_payments pay
  WHERE pay.candidate_id = ${candidate}
    AND ((pay.payer_check = 'review' AND ${notReviewed('pay')})
      OR (SELECT p.posted_by FROM billing_postings p WHERE p.id = pay.posting_id) = ${member})
    AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = pay.receipt_id))`;

/** Rule 2 in the database: moving a request to 'released' is refused while the candidate's funds do not cover it. */
export function installReleaseGuard(db: DB): boolean {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='requests'").get();
  if (!has) return false;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS billing_release_guard BEFORE UPDATE OF status ON requests
    WHEN NEW.status = 'released' AND OLD.status IS NOT 'released'
      AND (NEW.quote_cents IS NULL OR ${commitmentsSql('NEW.candidate_id', 'NEW.id')} > ${netFundsSql('NEW.candidate_id')})
    BEGIN SELECT RAISE(ABORT, 'billing: release refused, the candidate''s prepayment does not cover the quote'); END;`);
  return true;
}

export const billingLedger: Migration = {
  id: '0400-billing',
  name: 'billing: double-entry ledger, gapless documents, payments, refunds, disputes, blocked payers',
  up(db) {
    db.exec(ledger);
    db.exec(appendOnly);
    installReleaseGuard(db);
  },
};


/**
 * Actual costs come from the production job (issue 13 §5): the pieces it mailed to members and their sheets (for an
 * email request, the messages its send job handed to the server for members), or — for
 * a job not produced by LitDesk — the quote it was released on; postage at least the quote's rate for those pieces.
 * Shared by the core (billing/corrections.ts) and the trigger below, so the two cannot disagree. `req` is an SQL
 * expression for the request id.
 */
const doneJob = (req: string, col: string) =>
  `(SELECT ${col} FROM merge_jobs j WHERE j.request_id = ${req} AND j.status = 'done' ORDER BY j.id DESC LIMIT 1)`;
const quoteLine = (req: string, what: string, where: string) => `(SELECT ${what} FROM requests r,
  json_each(r.quote_lines, CASE json_type(r.quote_lines) WHEN 'array' THEN '$' ELSE '$.lines' END) l
  WHERE r.id = ${req} AND ${where})`;
/** An email job (issue 17) that finished: the messages that reached the server for members (seeds are not billed). */
const doneEmailJob = (req: string, what: 'sent' | 'id') => `(SELECT ${what === 'id' ? 'ej.id'
  : "(SELECT count(*) FROM email_recipients er WHERE er.job_id = ej.id AND er.member_row IS NOT NULL AND er.state = 'sent')"}
  FROM email_jobs ej WHERE ej.request_id = ${req} AND ej.status = 'done' LIMIT 1)`;
export const expectedActualsSql = (req: string) => ({
  pieces: `coalesce(${doneJob(req, 'j.members')}, ${doneEmailJob(req, 'sent')}, (SELECT r.audience_count FROM requests r WHERE r.id = ${req}), 0)`,
  sheets: `coalesce(${doneJob(req, 'CASE WHEN j.total_pieces > 0 THEN j.sheets * j.members / j.total_pieces ELSE 0 END')},
    ${quoteLine(req, "max(CAST(json_extract(l.value, '$.quantity') AS INTEGER))", "json_extract(l.value, '$.unit') = 'sheet' AND json_extract(l.value, '$.item') NOT LIKE 'other:%'")}, 0)`,
  /** As the first trigger read it (whole cents, a mill rate cut down): kept only so that step stays as it shipped. */
  postageRate: `coalesce(${quoteLine(req, "CAST(json_extract(l.value, '$.rateCents') AS INTEGER)", "json_extract(l.value, '$.item') LIKE 'postage.%' LIMIT 1")}, 0)`,
  /** The quote's postage rate in mills (tenths of a cent), exactly: 35.2 cents is 352. */
  postageRateMills: `coalesce(${quoteLine(req, "CAST(round(json_extract(l.value, '$.rateCents') * 10) AS INTEGER)", "json_extract(l.value, '$.item') LIKE 'postage.%' LIMIT 1")}, 0)`,
  jobId: `coalesce(${doneJob(req, 'j.id')}, ${doneEmailJob(req, 'id')})`,
});

export const actualsCorrections: Migration = {
  id: 'issue13-actuals-from-production-job',
  name: 'billing: a final invoice takes its actuals from the production job, or from a correction a second committee member approved',
  up(db) {
    const e = expectedActualsSql('NEW.request_id');
    const pieces = "json_extract(NEW.snapshot, '$.actuals.pieces')";
    const sheets = "json_extract(NEW.snapshot, '$.actuals.sheets')";
    const postage = "json_extract(NEW.snapshot, '$.actuals.postageCents')";
    db.exec(`
      ALTER TABLE billing_documents ADD COLUMN approval_id INTEGER REFERENCES approvals(id);
      CREATE UNIQUE INDEX billing_documents_one_use ON billing_documents(approval_id) WHERE approval_id IS NOT NULL;
      CREATE TRIGGER billing_final_actuals BEFORE INSERT ON billing_documents
      WHEN NEW.kind = 'finalInvoice'
        AND (${pieces} IS NOT ${e.pieces} OR ${sheets} IS NOT ${e.sheets} OR ${postage} < ${e.postageRate} * ${e.pieces})
        AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.id = NEW.approval_id AND a.kind = 'actualsCorrection'
          AND a.status = 'approved' AND a.result IS NULL AND a.decided_by IS NOT a.requested_by
          AND a.subject = 'request:' || NEW.request_id
          AND json_extract(a.payload, '$.actualPieces') = ${pieces} AND json_extract(a.payload, '$.actualSheets') = ${sheets}
          AND json_extract(a.payload, '$.actualPostageCents') = ${postage})
      BEGIN SELECT RAISE(ABORT, 'four eyes: actual costs differ from the production job; a correction needs a second committee member''s approval'); END;
    `);
  },
};

/**
 * Who may not pay (issue 13 §6). The chair records the union's legal name, common names, acronyms, affiliated bodies
 * and the employers of its members (with the suggested variants they confirmed); names are switched off, never
 * removed. A payment records the account holder as written on the cheque or transfer, and whether its payer needed a
 * second look (`payer_check = 'review'`, the protected name it resembled in `payer_match`). Such a payment is in the
 * ledger (the money is in hand, a receipt says so) but it does not count toward "paid in full" until a committee
 * member other than the one who recorded it approved the review: the release trigger below says so in the database,
 * with the SQL the core uses (gate.ts), so no code path can release a job on money nobody reviewed.
 */
export const payerNames: Migration = {
  id: 'issue13-payer-names-review',
  name: 'billing: protected payer names; account holder and payer review on payments; unreviewed near-matches never pay for a release',
  up(db) {
    db.exec(`
      CREATE TABLE payer_names (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('legalName','commonName','acronym','affiliate','employer')),
        name TEXT NOT NULL CHECK (length(trim(name)) >= 2),
        name_key TEXT NOT NULL UNIQUE,
        variant_of INTEGER REFERENCES payer_names(id),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        added_at TEXT NOT NULL,
        added_by INTEGER NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE TRIGGER payer_names_fixed BEFORE UPDATE ON payer_names
      WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.name IS NOT OLD.name OR NEW.name_key IS NOT OLD.name_key
        OR NEW.variant_of IS NOT OLD.variant_of OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by
      BEGIN SELECT RAISE(ABORT, 'billing: a protected payer name is only switched on or off'); END;
      CREATE TRIGGER payer_names_no_delete BEFORE DELETE ON payer_names
      BEGIN SELECT RAISE(ABORT, 'billing: protected payer names are switched off, never removed'); END;

      ALTER TABLE billing_payments ADD COLUMN account_holder TEXT;
      ALTER TABLE billing_payments ADD COLUMN payer_check TEXT NOT NULL DEFAULT 'clear' CHECK (payer_check IN ('clear','review'));
      ALTER TABLE billing_payments ADD COLUMN payer_match TEXT;

      CREATE TRIGGER billing_payments_account_holder BEFORE INSERT ON billing_payments
      WHEN NEW.account_holder IS NULL OR length(trim(NEW.account_holder)) < 2
        OR (NEW.payer_check = 'review' AND NEW.payer_match IS NULL)
      BEGIN SELECT RAISE(ABORT, 'billing: a payment records the account holder as written on the cheque or transfer'); END;

      CREATE TRIGGER requests_release_payer_review BEFORE UPDATE OF status ON requests
      WHEN NEW.status = 'released' AND OLD.status IS NOT 'released'
        AND ${unreviewedPaymentsSql('NEW.candidate_id')} > 0
        AND ${commitmentsSql('NEW.candidate_id', 'NEW.id')} <= ${netFundsSql('NEW.candidate_id')}
        AND ${commitmentsSql('NEW.candidate_id', 'NEW.id')} > ${netFundsSql('NEW.candidate_id')} - ${uncountedSql('NEW.candidate_id', 'NEW.released_by')}
      BEGIN SELECT RAISE(ABORT, 'payers: a payment whose payer a second committee member has not reviewed does not count toward paid in full'); END;
    `);
  },
};

/** A refund names its payee (issue 14 §7): recorded with the refund and printed on its voucher. */
export const refundPayee: Migration = {
  id: 'billing-refund-payee',
  name: 'billing: the payee of each refund',
  up: (db) => db.exec('ALTER TABLE billing_refunds ADD COLUMN payee TEXT'),
};

/**
 * Actual postage is compared with the quote's rate exactly, in mills (money in mills, issue 16 §6): the first trigger
 * cast the rate to whole cents, so at $0.352 a piece it asked only $0.35 — 0.2 cent a piece the union could be made to
 * absorb through a final invoice. Postage is whole cents, so the rule is `postage x 10 >= rate in mills x pieces`: at
 * least the exact amount, never a fraction of a cent under it (the core asks the same, rounded up to a whole cent). The
 * trigger is made again (DROP and CREATE, no rename, no TEMP table); everything else in it is as it was.
 */
export const actualPostageInMills: Migration = {
  id: 'billing-actual-postage-in-mills',
  name: 'billing: the final-invoice trigger compares actual postage with the quote\'s rate exactly, in mills',
  up(db) {
    const e = expectedActualsSql('NEW.request_id');
    const pieces = "json_extract(NEW.snapshot, '$.actuals.pieces')";
    const sheets = "json_extract(NEW.snapshot, '$.actuals.sheets')";
    const postage = "json_extract(NEW.snapshot, '$.actuals.postageCents')";
    db.exec(`
      DROP TRIGGER IF EXISTS billing_final_actuals;
      CREATE TRIGGER billing_final_actuals BEFORE INSERT ON billing_documents
      WHEN NEW.kind = 'finalInvoice'
        AND (${pieces} IS NOT ${e.pieces} OR ${sheets} IS NOT ${e.sheets} OR ${postage} * 10 < ${e.postageRateMills} * ${e.pieces})
        AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.id = NEW.approval_id AND a.kind = 'actualsCorrection'
          AND a.status = 'approved' AND a.result IS NULL AND a.decided_by IS NOT a.requested_by
          AND a.subject = 'request:' || NEW.request_id
          AND json_extract(a.payload, '$.actualPieces') = ${pieces} AND json_extract(a.payload, '$.actualSheets') = ${sheets}
          AND json_extract(a.payload, '$.actualPostageCents') = ${postage})
      BEGIN SELECT RAISE(ABORT, 'four eyes: actual costs differ from the production job; a correction needs a second committee member''s approval'); END;
    `);
  },
};
