import { sql } from './sql.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgeNames, sameParty, type PayerVerdict, type ProtectedKind, type ProtectedName } from '../../shared/domain/payer-match.ts';
import type { DB } from '../vault/database.ts';
import { setting } from '../users/store.ts';

/** Case-, accent- and punctuation-blind form of a name, for storing a blocked payer once. */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Every name that may not pay for a campaign: the union's name (Settings), the names the chair recorded at setup
 * (legal name, common names, acronyms, affiliated bodies, members' employers and the variants confirmed for them),
 * the blocked-payer list of the first release, and the names of the union's own ledger accounts.
 */
export function protectedNames(db: DB): ProtectedName[] {
  const out: ProtectedName[] = [];
  const union = setting(db, 'union_name', '').trim();
  if (union) out.push({ kind: 'legalName', name: union });
  for (const r of sql(db, 'SELECT kind, name FROM payer_names WHERE active = 1 ORDER BY id').all() as ProtectedName[]) out.push(r);
  for (const b of sql(db, 'SELECT kind, name FROM billing_blocked_payers WHERE active = 1 ORDER BY id').all() as Array<{ kind: 'employer' | 'unionBody'; name: string }>) {
    out.push({ kind: b.kind === 'employer' ? 'employer' : 'affiliate', name: b.name });
  }
  for (const a of sql(db, 'SELECT name FROM billing_accounts WHERE union_account = 1').all() as Array<{ name: string }>) out.push({ kind: 'affiliate', name: a.name });
  return out;
}

export const judgePayment = (db: DB, names: readonly string[]): PayerVerdict => judgeNames(names, protectedNames(db));

const EMPLOYER: readonly ProtectedKind[] = ['employer'];

/**
 * LMRDA 401(g) (29 U.S.C. 481(g)): no money of a union or of an employer may promote any candidate. How LitDesk tells:
 * 1. staff must say who paid — the candidate, their campaign committee, or an individual supporter; "union" and
 *    "employer" are not choices, so a union or employer cheque cannot be entered honestly at all;
 * 2. the payer's name and the account holder's (as written on the cheque or transfer) are compared with every
 *    protected name (shared/domain/payer-match.ts): made of one, however written, the payment is refused; close to one
 *    and not clearly different, it is recorded only with a note for the second committee member who reviews it, and it
 *    counts toward "paid in full" only once they approved (the release trigger checks the same).
 * Returns the verdict: 'clear', or 'review' when the caller gave a note.
 */
export function checkPayer(db: DB, names: readonly string[], o: { note?: string | undefined } = {}): PayerVerdict {
  const v = judgePayment(db, names);
  if (v.status === 'refused') {
    const employer = v.match !== null && EMPLOYER.includes(v.match.kind);
    throw new AppError(employer ? 'billing.payerEmployer' : 'billing.payerUnion',
      employer ? 'An employer may not pay for any candidate\'s campaign (LMRDA 401(g)).' : 'A union may not pay for any candidate\'s campaign (LMRDA 401(g)).',
      { match: v.match?.name ?? '' });
  }
  if (v.status === 'review' && !o.note) {
    throw new AppError('billing.payerNeedsReview',
      'This payer\'s name is close to a name that may not pay. Add a note saying who the payer is: a second committee member reviews it before the payment counts.',
      { match: v.match?.name ?? '', why: v.why ?? '' });
  }
  return v;
}

/**
 * Whether a payer is someone the committee already knows for this candidate: the candidate themself, or a payer or
 * account holder of an earlier payment that counts (clear, or reviewed). The payment form asks staff to confirm any
 * other payer before recording (issue 16 §4); the core's own rule is checkPayer's.
 */
export function knownPayer(db: DB, candidateId: number, names: readonly string[]): boolean {
  const c = sql(db, 'SELECT full_name FROM candidates WHERE id = ?').get(candidateId) as { full_name: string } | undefined;
  if (!c) return false;
  const known = [c.full_name, ...(sql(db, `SELECT pay.payer_name, pay.account_holder FROM billing_payments pay
      WHERE pay.candidate_id = ? AND (pay.payer_check = 'clear' OR EXISTS (SELECT 1 FROM approvals a WHERE a.kind = 'payerReview'
        AND a.subject = 'payment:' || pay.id AND a.status = 'approved'))`).all(candidateId) as Array<{ payer_name: string; account_holder: string | null }>)
    .flatMap((p) => [p.payer_name, p.account_holder ?? ''])];
  return names.every((n) => known.some((k) => k && sameParty(n, k)));
}
