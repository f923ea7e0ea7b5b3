import { sql } from './sql.ts';
import type { ApprovalView } from '../../shared/api/commands/approvals.ts';
import type { PaymentInstructions, PendingInstructions } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgeNames } from '../../shared/domain/payer-match.ts';
import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';
import { protectedNames } from './payer.ts';
import { approval, requestApproval, type PendingApproval } from '../approvals/store.ts';
import type { HandlerContext } from '../core/context.ts';
import { widenApprovalKinds } from '../approvals/schema.ts';

// How and to whom a candidate pays (issue 16 §4): recorded once per election by the chair or staff, shown on the
// candidate's billing screen and printed on every invoice (frozen in its snapshot when issued). Rows are only added:
// the latest row of an election is in force, the earlier ones are its history (the audit trail has who and when).
// Money for a campaign goes to the election committee, never to the union: a payee that IS one of the names that may
// not pay (the union's name, its accounts, affiliates, employers — however written) is refused in the core with the
// one matcher payments use, and the trigger below refuses the plain spellings whatever code path writes the row.

export const paymentInstructionsStep: Migration = {
  id: 'billing-payment-instructions',
  name: 'billing: how and to whom candidates pay, per election (issue 16)',
  up(db) {
    db.exec(`
      CREATE TABLE billing_payment_instructions (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL REFERENCES elections(id),
        payee TEXT NOT NULL CHECK (length(trim(payee)) >= 2),
        mail_to TEXT,
        bank_transfer TEXT,
        set_at TEXT NOT NULL,
        set_by INTEGER NOT NULL REFERENCES users(id),
        CHECK (coalesce(length(trim(mail_to)), 0) > 0 OR coalesce(length(trim(bank_transfer)), 0) > 0)
      ) STRICT;
      CREATE INDEX billing_payment_instructions_election ON billing_payment_instructions (election_id, id);
      ${appendOnly('billing_payment_instructions', 'billing: payment instructions are only added, never changed or removed')}
      CREATE TRIGGER billing_payment_instructions_not_union BEFORE INSERT ON billing_payment_instructions
        WHEN lower(trim(NEW.payee)) IN (
          SELECT lower(trim(value)) FROM settings WHERE key = 'union_name'
          UNION SELECT lower(trim(name)) FROM payer_names WHERE active = 1
          UNION SELECT lower(trim(name)) FROM billing_accounts WHERE union_account = 1)
      BEGIN SELECT RAISE(ABORT, 'billing: union money never pays for a campaign, so the union is never the payee'); END;
    `);
  },
};

/**
 * Four eyes on payment instructions (insider round): the approvals table learns the kind 'payInstructions', and a row
 * of instructions is written only under a countersignature approved by a second committee member, not yet used, for
 * that election, asked by the member the row names as setting them, and for exactly the words of the row. A
 * committee member writing the row with SQL on the open vault is refused. Rows already recorded stay in force.
 */
export const paymentInstructionsCountersigned: Migration = {
  id: 'insider-payment-instructions-countersigned',
  name: 'four eyes: payment instructions take effect only when a second committee member countersigns them',
  up(db) {
    widenApprovalKinds(db, ['payInstructions']);
    db.exec(`
      CREATE TRIGGER billing_payment_instructions_countersigned BEFORE INSERT ON billing_payment_instructions
      WHEN NOT EXISTS (SELECT 1 FROM approvals a WHERE a.kind = 'payInstructions' AND a.status = 'approved' AND a.result IS NULL
        AND a.subject = 'election:' || NEW.election_id AND a.requested_by = NEW.set_by
        AND a.decided_by IS NOT NULL AND a.decided_by IS NOT a.requested_by
        AND json_extract(a.payload, '$.electionId') IS NEW.election_id
        AND json_extract(a.payload, '$.payee') IS NEW.payee
        AND json_extract(a.payload, '$.mailTo') IS NEW.mail_to
        AND json_extract(a.payload, '$.bankTransfer') IS NEW.bank_transfer)
      BEGIN SELECT RAISE(ABORT, 'four eyes: payment instructions take effect only with a second committee member''s countersignature'); END;
    `);
  },
};

type Row = { payee: string; mail_to: string | null; bank_transfer: string | null };

/** The instructions in force for an election, or null when none were recorded. */
export function paymentInstructions(db: DB, electionId: number): PaymentInstructions | null {
  const r = sql(db, 'SELECT payee, mail_to, bank_transfer FROM billing_payment_instructions WHERE election_id = ? ORDER BY id DESC LIMIT 1')
    .get(electionId) as Row | undefined;
  return r ? { payee: r.payee, mailTo: r.mail_to, bankTransfer: r.bank_transfer } : null;
}

const clean = (s: string | null | undefined): string | null => {
  const t = (s ?? '').normalize('NFC').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  return t ? t : null;
};

type Input = { electionId: number; payee: string; mailTo?: string | null | undefined; bankTransfer?: string | null | undefined };

/** The instructions as they would be recorded (tidied), or a plain refusal: no place to pay, or the union as payee. */
function judgeInstructions(db: DB, p: Input): PaymentInstructions {
  if (!sql(db, 'SELECT 1 FROM elections WHERE id = ?').get(p.electionId)) throw new AppError('elections.notFound', 'Not found.');
  const payee = clean(p.payee) ?? '';
  const mailTo = clean(p.mailTo);
  const bankTransfer = clean(p.bankTransfer);
  if (!mailTo && !bankTransfer) {
    throw new AppError('billing.payHowMissing', 'Say where candidates send checks, or the bank transfer details, or both.');
  }
  // The payee, and each part of the transfer details (an account name is one of them), must not be a name that may
  // not pay: the union's general account receiving campaign money is the mistake this refuses.
  const names = protectedNames(db);
  for (const part of [payee, ...(bankTransfer ?? '').split(/[\n,;:]+/)].map((s) => s.trim()).filter(Boolean)) {
    const v = judgeNames([part], names);
    if (v.status === 'refused') {
      throw new AppError('billing.payeeIsUnion', 'Campaign money is paid to the election committee, never to the union or its accounts.', { match: v.match?.name ?? part });
    }
  }
  return { payee, mailTo, bankTransfer };
}

const same = (a: PaymentInstructions | null, b: PaymentInstructions): boolean =>
  a !== null && a.payee === b.payee && a.mailTo === b.mailTo && a.bankTransfer === b.bankTransfer;

/** The countersignature subject of an election's payment instructions (the trigger builds the same). */
export const payInstructionsSubject = (electionId: number): string => `election:${electionId}`;

// Four eyes on where candidates' money goes (insider round, "no one person can take the money out"): one committee
// member asks for new payment instructions, and they are in force (on screens, in answers, on every invoice issued)
// only once a SECOND committee member countersigns exactly those words. The first instructions of an election too:
// they tell every candidate where to send money, and an insider setting them alone before anyone looks is the same
// theft as changing them later. Until then invoices say "Ask the election committee how to pay", which sends no
// money anywhere. The database refuses a row without such a countersignature (`paymentInstructionsCountersigned`).

/**
 * Asks a second committee member to countersign new payment instructions for an election (nothing changes until
 * they do). Refused in plain words when they are the ones in force, or when no other active committee member exists
 * to countersign them.
 */
export function requestPaymentInstructions(ctx: HandlerContext, input: Input & { reason?: string | undefined }): ApprovalView {
  const after = judgeInstructions(ctx.db, input);
  const before = paymentInstructions(ctx.db, input.electionId);
  if (same(before, after)) throw new AppError('billing.payInstructionsUnchanged', 'These are already the payment instructions in force.');
  const others = sql(ctx.db, "SELECT count(*) FROM users WHERE active = 1 AND role IN ('chair','staff') AND id <> ?").pluck().get(ctx.user.id) as number;
  if (others === 0) {
    throw new AppError('billing.payInstructionsNoSecond', 'Payment instructions take effect only when a second committee member countersigns them, and there is no other committee member yet.');
  }
  const election = sql(ctx.db, 'SELECT name FROM elections WHERE id = ?').pluck().get(input.electionId) as string;
  const reason = input.reason?.trim() || (before === null ? 'First payment instructions for this election.' : 'New payment instructions for this election.');
  const id = requestApproval(ctx.db, {
    kind: 'payInstructions', subject: payInstructionsSubject(input.electionId), reason, by: ctx.user.id, at: ctx.now(),
    summary: { electionId: input.electionId, election, before, after },
    payload: { electionId: input.electionId, ...after },
  });
  ctx.audit({ action: 'billing.paymentInstructionsRequested', target: `election:${input.electionId}`, details: { approvalId: id, before, after, reason } });
  return approval(ctx.db, id);
}

/**
 * A second committee member countersigned: the instructions are in force from now on, recorded as set by the member
 * who asked (the database checks the countersignature matches them word for word). Judged again, since the names
 * that may not pay can have grown since they were asked for.
 */
export function applyPaymentInstructions(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const p = a.payload as { electionId: number; payee: string; mailTo: string | null; bankTransfer: string | null };
  const now = judgeInstructions(ctx.db, p);
  const before = paymentInstructions(ctx.db, p.electionId);
  const row = Number(sql(ctx.db, 'INSERT INTO billing_payment_instructions (election_id, payee, mail_to, bank_transfer, set_at, set_by) VALUES (?,?,?,?,?,?)')
    .run(p.electionId, now.payee, now.mailTo, now.bankTransfer, ctx.now().toISOString(), a.requestedBy).lastInsertRowid);
  ctx.audit({ action: 'billing.paymentInstructions', target: `election:${p.electionId}`,
    details: { before, after: now, approvalId: a.id, requestedBy: a.requestedBy, countersignedBy: ctx.user.id } });
  return { electionId: p.electionId, instructionsId: row };
}

/** Instructions waiting for a second committee member, for the committee's billing screen (null: none waiting). */
export function pendingPaymentInstructions(db: DB, electionId: number): PendingInstructions | null {
  const r = sql(db, `SELECT a.id, a.payload, a.requested_at, a.requested_by, u.display_name FROM approvals a JOIN users u ON u.id = a.requested_by
    WHERE a.kind = 'payInstructions' AND a.subject = ? AND a.status = 'pending' ORDER BY a.id DESC LIMIT 1`).get(payInstructionsSubject(electionId)) as
    { id: number; payload: string; requested_at: string; requested_by: number; display_name: string } | undefined;
  if (!r) return null;
  const p = JSON.parse(r.payload) as PaymentInstructions;
  return { countersignId: r.id, payee: p.payee, mailTo: p.mailTo, bankTransfer: p.bankTransfer,
    requestedBy: { id: r.requested_by, name: r.display_name }, requestedAt: r.requested_at };
}

/** The instructions an invoice of this candidate prints: those of the candidate's election when it is issued. */
export function instructionsForCandidate(db: DB, candidateId: number): PaymentInstructions | null {
  const c = sql(db, 'SELECT election_id FROM candidates WHERE id = ?').get(candidateId) as { election_id: number | null } | undefined;
  return c?.election_id ? paymentInstructions(db, c.election_id) : null;
}
