import type { UnionFundsCheck } from '../../shared/api/commands/reports.ts';
import type { DB } from '../vault/database.ts';

/** Every posting kind the ledger knows is a campaign cost or its settlement (billing/schema.ts): none may touch a union account. */
export const CAMPAIGN_POSTING_KINDS = ['payment', 'finalInvoice', 'creditNote', 'refund'] as const;
const kinds = CAMPAIGN_POSTING_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * LMRDA 401(g) and the committee's policy: the line is computed from the ledger every time, never written as a
 * constant. A billing trigger refuses such lines; this query is the independent check that would show one forced in
 * anyway (trigger dropped, raw SQL), so it reads the raw lines and does not trust any stored total.
 */
export const UNION_FUNDS_SQL = `SELECT count(*) AS lines,
       coalesce(sum(l.debit_cents + l.credit_cents), 0) AS charged_cents,
       group_concat(DISTINCT p.id) AS posting_ids
  FROM billing_lines l
  JOIN billing_accounts a ON a.id = l.account_id
  JOIN billing_postings p ON p.id = l.posting_id
 WHERE a.union_account = 1
   AND p.kind IN (${kinds})
   AND p.candidate_id IN (SELECT id FROM candidates WHERE election_id = ?)`;

const LEDGER_WIDE_SQL = `SELECT coalesce(sum(l.debit_cents + l.credit_cents), 0) AS charged_cents
  FROM billing_lines l JOIN billing_accounts a ON a.id = l.account_id WHERE a.union_account = 1`;

export function unionFundsCheck(db: DB, electionId: number): UnionFundsCheck {
  const r = db.prepare(UNION_FUNDS_SQL).get(electionId) as { lines: number; charged_cents: number; posting_ids: string | null };
  const wide = db.prepare(LEDGER_WIDE_SQL).get() as { charged_cents: number };
  return {
    chargedCents: r.charged_cents,
    lines: r.lines,
    postingIds: r.posting_ids ? r.posting_ids.split(',').map(Number).sort((a, b) => a - b) : [],
    ledgerWideCents: wide.charged_cents,
    query: UNION_FUNDS_SQL.replace(/\s+/g, ' ').trim(),
    explanation: 'Sum of every ledger line (debit or credit) on an account flagged union_account = 1, in postings of a '
      + `campaign kind (${CAMPAIGN_POSTING_KINDS.join(', ')}) for this election's candidates; ? = election id. `
      + 'Any non-zero amount means union money paid a campaign cost (LMRDA 401(g)).',
  };
}
