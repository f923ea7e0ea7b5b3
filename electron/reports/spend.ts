import type { ChainHead, SpendReport, SpendRow } from '../../shared/api/commands/reports.ts';
import type { DB } from '../vault/database.ts';
import { emailCountsByCandidate } from '../email/counts.ts';
import { reportElection } from './election-ref.ts';
import { unionFundsCheck } from './union-funds.ts';
import { actualsCorrections } from './corrections.ts';
import { amountDueOf } from '../billing/gate.ts';

// Every money figure is summed from raw ledger lines (billing_lines joined to accounts and postings), never from a
// stored total or a document snapshot, so the report checks the ledger rather than repeating it.
const SUM = (where: string, side: string) => `SELECT coalesce(sum(${side}), 0) AS v FROM billing_lines l
  JOIN billing_postings p ON p.id = l.posting_id JOIN billing_accounts a ON a.id = l.account_id
  WHERE p.candidate_id = ? AND ${where}`;
const INVOICED = SUM("a.kind IN ('mailHousePayable','postagePayable','costRecovery')", 'l.credit_cents - l.debit_cents');
const PAID_IN = SUM("a.kind = 'campaignFunds' AND p.kind = 'payment'", 'l.debit_cents');
const PAID_VOID = SUM("a.kind = 'campaignFunds' AND p.kind = 'creditNote'", 'l.credit_cents');
const REFUNDED = SUM("a.kind = 'campaignFunds' AND p.kind = 'refund'", 'l.credit_cents');
const HELD = `SELECT coalesce(sum(l.credit_cents - l.debit_cents), 0) AS v FROM billing_lines l
  JOIN billing_accounts a ON a.id = l.account_id WHERE a.candidate_id = ? AND a.kind = 'candidateDeposit'`;
const BALANCE = `SELECT coalesce(sum(l.credit_cents - l.debit_cents), 0) AS v FROM billing_lines l
  JOIN billing_accounts a ON a.id = l.account_id WHERE a.candidate_id = ?`;

/** Monday of the ISO week of a YYYY-MM-DD day. */
export function isoWeek(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export function spendReport(db: DB, electionId: number, generatedAt: string, chainHead: ChainHead): SpendReport {
  const election = reportElection(db, electionId);
  const candidates = db.prepare('SELECT id, full_name, office FROM candidates WHERE election_id = ? ORDER BY full_name, id')
    .all(electionId) as Array<{ id: number; full_name: string; office: string }>;
  const reqs = db.prepare(`SELECT count(*) AS n, coalesce(sum(r.audience_count), 0) AS pieces,
      coalesce(sum(coalesce(r.audience_count, 0) * l.pages), 0) AS pages, coalesce(sum(r.quote_cents), 0) AS quoted
    FROM requests r JOIN literature l ON l.id = r.literature_id WHERE r.candidate_id = ? AND r.status != 'withdrawn'`);
  const v = (sql: string, id: number): number => (db.prepare(sql).get(id) as { v: number }).v;
  const email = emailCountsByCandidate(db, electionId);
  const rows: SpendRow[] = candidates.map((c) => {
    const r = reqs.get(c.id) as { n: number; pieces: number; pages: number; quoted: number };
    const e = email.get(c.id);
    return {
      candidateId: c.id, candidateName: c.full_name.normalize('NFC'), office: c.office,
      requests: r.n, pieces: r.pieces, pages: r.pages, quotedCents: r.quoted,
      invoicedCents: v(INVOICED, c.id), paidCents: v(PAID_IN, c.id) - v(PAID_VOID, c.id), refundedCents: v(REFUNDED, c.id),
      balanceCents: v(BALANCE, c.id), heldCents: v(HELD, c.id), amountDueCents: amountDueOf(db, c.id),
      emailRequests: e?.requests ?? 0, emailSent: e?.sent ?? 0, emailSuppressed: e?.suppressed ?? 0, emailBounced: e?.bounced ?? 0,
    };
  });
  const keys = ['requests', 'pieces', 'pages', 'quotedCents', 'invoicedCents', 'paidCents', 'refundedCents', 'balanceCents', 'heldCents', 'amountDueCents',
    'emailRequests', 'emailSent', 'emailSuppressed', 'emailBounced'] as const;
  const totals = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as SpendReport['totals'];
  const weekly = new Map<string, number>();
  const released = db.prepare(`SELECT candidate_id, requested_mailing_date AS day, coalesce(audience_count, 0) AS pieces FROM requests
    WHERE election_id = ? AND status IN ('released','produced','mailed')`).all(electionId) as Array<{ candidate_id: number; day: string; pieces: number }>;
  for (const r of released) {
    const key = `${isoWeek(r.day)}|${r.candidate_id}`;
    weekly.set(key, (weekly.get(key) ?? 0) + r.pieces);
  }
  const piecesPerWeek = [...weekly].map(([k, pieces]) => {
    const [week, cand] = k.split('|');
    return { week: week!, candidateId: Number(cand), pieces };
  }).sort((a, b) => a.week.localeCompare(b.week) || a.candidateId - b.candidateId);
  return { election, generatedAt, chainHead, rows, totals, unionFunds: unionFundsCheck(db, electionId), piecesPerWeek, corrections: actualsCorrections(db, electionId) };
}
