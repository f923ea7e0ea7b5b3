import { sql } from './sql.ts';
import type { PaymentInstructions } from '../../shared/api/commands/billing.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgeNames } from '../../shared/domain/payer-match.ts';
import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { appendOnly } from '../vault/migrations/guards.ts';
import { protectedNames } from './payer.ts';

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

/** Records new instructions for an election; returns them with the ones they replace (for the audit). */
export function setPaymentInstructions(db: DB, by: number, at: Date, p: { electionId: number; payee: string; mailTo?: string | null | undefined; bankTransfer?: string | null | undefined }): {
  now: PaymentInstructions; before: PaymentInstructions | null;
} {
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
  const before = paymentInstructions(db, p.electionId);
  sql(db, 'INSERT INTO billing_payment_instructions (election_id, payee, mail_to, bank_transfer, set_at, set_by) VALUES (?,?,?,?,?,?)')
    .run(p.electionId, payee, mailTo, bankTransfer, at.toISOString(), by);
  return { now: { payee, mailTo, bankTransfer }, before };
}

/** The instructions an invoice of this candidate prints: those of the candidate's election when it is issued. */
export function instructionsForCandidate(db: DB, candidateId: number): PaymentInstructions | null {
  const c = sql(db, 'SELECT election_id FROM candidates WHERE id = ?').get(candidateId) as { election_id: number | null } | undefined;
  return c?.election_id ? paymentInstructions(db, c.election_id) : null;
}
