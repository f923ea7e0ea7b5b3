import { sql } from './sql.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';

export type PostingKind = 'payment' | 'finalInvoice' | 'creditNote' | 'refund';
export type Line = { account: number; debit?: number; credit?: number; item?: string | null };
export type AccountKind = 'campaignFunds' | 'candidateDeposit' | 'candidateReceivable' | 'mailHousePayable' |
  'postagePayable' | 'costRecovery' | 'unionOperating';

const isCents = (n: number | undefined): boolean => n === undefined || (Number.isSafeInteger(n) && n >= 0);

/** A shared (committee) account by its code: 'funds', 'mailHouse', 'postage', 'recovery'. */
export function sharedAccount(db: DB, code: 'funds' | 'mailHouse' | 'postage' | 'recovery'): number {
  const r = sql(db, 'SELECT id FROM billing_accounts WHERE code=?').get(code) as { id: number } | undefined;
  if (!r) throw new AppError('billing.noAccount', 'The billing ledger is missing a committee account.');
  return r.id;
}

/** The candidate's deposit-held and receivable accounts, opened on first use. */
export function candidateAccounts(db: DB, candidateId: number): { deposit: number; receivable: number } {
  const get = (kind: 'candidateDeposit' | 'candidateReceivable'): number => {
    const r = sql(db, 'SELECT id FROM billing_accounts WHERE candidate_id=? AND kind=?').get(candidateId, kind) as { id: number } | undefined;
    if (r) return r.id;
    const code = `cand:${candidateId}:${kind === 'candidateDeposit' ? 'deposit' : 'receivable'}`;
    const name = kind === 'candidateDeposit' ? 'Deposit held' : 'Receivable';
    return Number(sql(db, 'INSERT INTO billing_accounts (code, kind, candidate_id, name) VALUES (?,?,?,?)')
      .run(code, kind, candidateId, name).lastInsertRowid);
  };
  return { deposit: get('candidateDeposit'), receivable: get('candidateReceivable') };
}

/** Credit minus debit of one account, from its lines alone. */
export function accountCredit(db: DB, accountId: number): number {
  const r = sql(db, 'SELECT total(credit_cents) - total(debit_cents) AS b FROM billing_lines WHERE account_id=?').get(accountId) as { b: number };
  return r.b;
}

/** The candidate's net funds: deposit held minus amounts still receivable. Positive = credit, negative = due. */
export function netFunds(db: DB, candidateId: number): number {
  const r = sql(db, `SELECT total(l.credit_cents) - total(l.debit_cents) AS b FROM billing_lines l
    JOIN billing_accounts a ON a.id = l.account_id WHERE a.candidate_id = ?`).get(candidateId) as { b: number };
  return r.b;
}

/**
 * Lines that keep a candidate's two accounts tidy after `pending` lines: deposit pays any receivable, and a
 * receivable in credit (after a credit note) goes back to the deposit. Each pair is balanced on its own.
 */
export function settleLines(db: DB, candidateId: number, pending: Line[]): Line[] {
  const acc = candidateAccounts(db, candidateId);
  const delta = (id: number) => pending.filter((l) => l.account === id).reduce((s, l) => s + (l.credit ?? 0) - (l.debit ?? 0), 0);
  const deposit = accountCredit(db, acc.deposit) + delta(acc.deposit);
  const receivable = -(accountCredit(db, acc.receivable) + delta(acc.receivable));
  if (receivable > 0 && deposit > 0) {
    const x = Math.min(receivable, deposit);
    return [{ account: acc.deposit, debit: x, item: 'depositApplied' }, { account: acc.receivable, credit: x, item: 'depositApplied' }];
  }
  if (receivable < 0) {
    return [{ account: acc.receivable, debit: -receivable, item: 'creditToDeposit' }, { account: acc.deposit, credit: -receivable, item: 'creditToDeposit' }];
  }
  return [];
}

/**
 * Writes one balanced posting and closes it. The core checks every rule first (so the user gets a clear refusal);
 * the triggers in schema.ts check them again, so a bug here cannot write an unbalanced or union-paid entry.
 */
export function post(db: DB, p: {
  kind: PostingKind; candidateId: number; requestId: number | null; memo: string; at: Date; by: number; lines: Line[];
}): number {
  const lines = p.lines.filter((l) => (l.debit ?? 0) > 0 || (l.credit ?? 0) > 0);
  if (lines.length < 2) throw new AppError('billing.unbalanced', 'A posting needs at least two lines.');
  let debit = 0;
  let credit = 0;
  for (const l of lines) {
    if (!isCents(l.debit) || !isCents(l.credit) || ((l.debit ?? 0) > 0) === ((l.credit ?? 0) > 0)) {
      throw new AppError('billing.badLine', 'Each ledger line is a whole number of cents on one side.');
    }
    debit += l.debit ?? 0;
    credit += l.credit ?? 0;
  }
  if (debit !== credit) throw new AppError('billing.unbalanced', 'Debits and credits must be equal.', { debitCents: debit, creditCents: credit });
  const accounts = sql(db, `SELECT id, union_account, candidate_id FROM billing_accounts WHERE id IN (${lines.map(() => '?').join(',')})`)
    .all(...lines.map((l) => l.account)) as Array<{ id: number; union_account: number; candidate_id: number | null }>;
  for (const a of accounts) {
    // LMRDA 401(g) and the committee's policy: no union money, staff time or equipment for any campaign.
    if (a.union_account === 1) throw new AppError('billing.unionAccount', 'A campaign cost can never be charged to a union account.');
    if (a.candidate_id !== null && a.candidate_id !== p.candidateId) throw new AppError('billing.otherCandidate', 'A posting touches only its own candidate.');
  }
  if (accounts.length !== new Set(lines.map((l) => l.account)).size) throw new AppError('billing.noAccount', 'Unknown ledger account.');
  const id = ((sql(db, 'SELECT max(id) AS m FROM billing_postings').get() as { m: number | null }).m ?? 0) + 1;
  const at = p.at.toISOString();
  sql(db, 'INSERT INTO billing_postings (id, closure, kind, candidate_id, request_id, memo, posted_at, posted_by) VALUES (?,?,?,?,?,?,?,?)')
    .run(id, id, p.kind, p.candidateId, p.requestId, p.memo, at, p.by);
  const ins = sql(db, 'INSERT INTO billing_lines (posting_id, account_id, debit_cents, credit_cents, item) VALUES (?,?,?,?,?)');
  for (const l of lines) ins.run(id, l.account, l.debit ?? 0, l.credit ?? 0, l.item ?? null);
  sql(db, 'INSERT INTO billing_closures (posting_id, total_cents, closed_at) VALUES (?,?,?)').run(id, debit, at);
  return id;
}
