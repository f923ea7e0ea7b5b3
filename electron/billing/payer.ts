import { sql } from './sql.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { setting } from '../users/store.ts';

/** Case-, accent- and punctuation-blind form of a name, for comparing payers with the blocked list. */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const contains = (payer: string, blocked: string): boolean =>
  blocked.length > 0 && (` ${payer} `).includes(` ${blocked} `);

/**
 * LMRDA 401(g) (29 U.S.C. 481(g)): no money of a union or of an employer may promote any candidate. How LitDesk tells:
 * 1. staff must say who paid — the candidate, their campaign committee, or an individual supporter; "union" and
 *    "employer" are not choices, so a union or employer cheque cannot be entered honestly at all;
 * 2. the payer's name is compared, blind to case, accents and punctuation, with the union's own name (settings
 *    'union_name'), the names of the union's accounts in the ledger, and the list of employers and union bodies
 *    (councils, other locals) the chair keeps: a payer whose name contains one of them as whole words is refused.
 * A name check cannot catch every disguise; it catches the honest mistake (a cheque drawn on the local's account),
 * and the payer type puts the remaining risk on a named, audited statement by staff.
 */
export function checkPayer(db: DB, payerName: string): void {
  const payer = normalizeName(payerName);
  const union = normalizeName(setting(db, 'union_name', ''));
  if (contains(payer, union)) {
    throw new AppError('billing.payerUnion', 'A union may not pay for any candidate\'s campaign (LMRDA 401(g)).', { match: setting(db, 'union_name', '') });
  }
  const accounts = sql(db, 'SELECT name FROM billing_accounts WHERE union_account = 1').all() as Array<{ name: string }>;
  for (const a of accounts) {
    if (contains(payer, normalizeName(a.name))) {
      throw new AppError('billing.payerUnion', 'A union account may not pay for any candidate\'s campaign (LMRDA 401(g)).', { match: a.name });
    }
  }
  const blocked = sql(db, 'SELECT kind, name, normalized FROM billing_blocked_payers WHERE active = 1').all() as
    Array<{ kind: 'employer' | 'unionBody'; name: string; normalized: string }>;
  for (const b of blocked) {
    if (contains(payer, b.normalized)) {
      throw new AppError(b.kind === 'employer' ? 'billing.payerEmployer' : 'billing.payerUnion',
        'An employer or a union may not pay for any candidate\'s campaign (LMRDA 401(g)).', { match: b.name });
    }
  }
}
