import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpendReport } from '../../../shared/api/commands/reports.ts';
import type { DB } from '../../../electron/vault/database.ts';
import { csvTrailer, pdfText, saved, sha256 } from './helpers.ts';
import { INJECTION_NAME, reportWorld } from './world.ts';

type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
beforeAll(async () => { w = await reportWorld(); }, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

/** The spend figures recomputed here from raw ledger lines, in plain JavaScript, without the report's SQL. */
function fromRawPostings(db: DB, candidateId: number) {
  const lines = db.prepare(`SELECT l.debit_cents AS d, l.credit_cents AS c, a.kind AS acct, a.candidate_id AS owner, p.kind AS pk, p.candidate_id AS pc
    FROM billing_lines l JOIN billing_accounts a ON a.id = l.account_id JOIN billing_postings p ON p.id = l.posting_id`).all() as
    Array<{ d: number; c: number; acct: string; owner: number | null; pk: string; pc: number }>;
  let invoiced = 0; let paid = 0; let refunded = 0; let balance = 0;
  for (const l of lines) {
    if (l.owner === candidateId) balance += l.c - l.d;
    if (l.pc !== candidateId) continue;
    if (['mailHousePayable', 'postagePayable', 'costRecovery'].includes(l.acct)) invoiced += l.c - l.d;
    if (l.acct === 'campaignFunds' && l.pk === 'payment') paid += l.d;
    if (l.acct === 'campaignFunds' && l.pk === 'creditNote') paid -= l.c;
    if (l.acct === 'campaignFunds' && l.pk === 'refund') refunded += l.c;
  }
  return { invoiced, paid, refunded, balance };
}

describe('spend report', () => {
  it('matches an independent recomputation from the raw postings, per candidate and in total', async () => {
    const r = await w.auditor.client.call('reports.spend', { electionId: w.election.id });
    expect(r.rows).toHaveLength(3);
    for (const row of r.rows) {
      const raw = fromRawPostings(w.db, row.candidateId);
      expect({ invoiced: row.invoicedCents, paid: row.paidCents, refunded: row.refundedCents, balance: row.balanceCents }).toEqual(raw);
      // The candidate's balance is what they paid, less refunds, less what was invoiced: the ledger is closed.
      expect(row.balanceCents).toBe(row.paidCents - row.refundedCents - row.invoicedCents);
      const reqs = w.db.prepare("SELECT count(*) AS n, total(quote_cents) AS q, total(audience_count) AS p FROM requests WHERE candidate_id=? AND status != 'withdrawn'").get(row.candidateId) as { n: number; q: number; p: number };
      expect([row.requests, row.quotedCents, row.pieces]).toEqual([reqs.n, reqs.q, reqs.p]);
    }
    const h = r.rows.find((x) => x.candidateId === w.candidates.a.id)!;
    expect(h).toMatchObject({ requests: 1, pieces: 1200, pages: 2400, balanceCents: 0 });
    expect(h.refundedCents).toBeGreaterThan(0);
    expect(r.totals.paidCents).toBe(r.rows.reduce((s, x) => s + x.paidCents, 0));
    expect(r.unionFunds).toMatchObject({ chargedCents: 0, lines: 0, ledgerWideCents: 0 });
    expect(r.piecesPerWeek).toEqual([
      { week: '2026-06-01', candidateId: w.candidates.a.id, pieces: 1200 },
      { week: '2026-06-08', candidateId: w.candidates.b.id, pieces: 800 },
    ]);
  });

  it('exports CSV (self-checking trailer, injection neutralised) and PDF (exact names, union line, provenance), each audited with its SHA-256', async () => {
    const csv = await w.auditor.client.call('reports.export', { report: 'spend', electionId: w.election.id, format: 'csv' });
    const { bytes } = saved(csv);
    expect(sha256(bytes)).toBe(csv.sha256);
    const t = csvTrailer(bytes);
    expect(t.stated).toBe(t.actual);
    const rows = Papa.parse<string[]>(t.body, { skipEmptyLines: true }).data;
    expect(rows.find((x) => x[0] === 'campaign costs charged to union accounts: $0.00')?.[1]).toBe('0');
    expect(rows.find((x) => x[0] === 'query')?.[1]).toMatch(/union_account = 1/);
    expect(rows.find((x) => x[0] === 'audit chain head')?.[1]).toBe(`#${csv.chainHead.seq} ${csv.chainHead.hash}`);
    expect(rows.some((x) => x[0] === `'${INJECTION_NAME}`)).toBe(true);
    expect(rows.some((x) => x.some((c) => /^[=+\-@\t\r]/.test(c)))).toBe(false);
    expect(rows.some((x) => x[0] === 'Nguyễn Thị Hương')).toBe(true);

    const entry = (await w.auditor.client.call('audit.list', { limit: 1 })).entries[0]!;
    expect(entry.seq).toBe(csv.auditSeq);
    expect(entry.action).toBe('reports.export');
    expect(entry.details).toMatchObject({ report: 'spend', format: 'csv', sha256: csv.sha256, bytes: bytes.length, chainHead: csv.chainHead });

    const pdf = await w.auditor.client.call('reports.export', { report: 'spend', electionId: w.election.id, format: 'pdf' });
    const p = saved(pdf);
    expect(sha256(p.bytes)).toBe(pdf.sha256);
    const text = pdfText(p.file);
    for (const s of ['Nguyễn Thị Hương', 'José Muñoz Peña', 'Campaign costs charged to union accounts: $0.00', pdf.generatedAt,
      `#${pdf.chainHead.seq} ${pdf.chainHead.hash}`, `audit entry #${pdf.auditSeq}`, 'union_account = 1', 'TOTAL']) expect(text).toContain(s);
    expect(pdf.chainHead.seq).toBe(csv.auditSeq);
  });

  it('shows a union-funds row forced in with raw SQL (trigger dropped), in the data, the CSV and the PDF', async () => {
    const db = w.db;
    const union = (db.prepare("SELECT id FROM billing_accounts WHERE code='union:payroll'").get() as { id: number }).id;
    const mailHouse = (db.prepare("SELECT id FROM billing_accounts WHERE code='mailHouse'").get() as { id: number }).id;
    const before = await w.auditor.client.call('reports.spend', { electionId: w.election.id });
    // What an attacker with the key would do: remove the protective trigger, then write a balanced posting.
    db.exec('DROP TRIGGER billing_lines_no_union');
    db.transaction(() => {
      const id = ((db.prepare('SELECT max(id) AS m FROM billing_postings').get() as { m: number }).m) + 1;
      db.prepare("INSERT INTO billing_postings (id, closure, kind, candidate_id, request_id, memo, posted_at, posted_by) VALUES (?,?,'finalInvoice',?,NULL,'staff time',?,1)")
        .run(id, id, w.candidates.b.id, new Date().toISOString());
      db.prepare('INSERT INTO billing_lines (posting_id, account_id, debit_cents, credit_cents, item) VALUES (?,?,?,0,?)').run(id, mailHouse, 1234, 'staffTime');
      db.prepare('INSERT INTO billing_lines (posting_id, account_id, debit_cents, credit_cents, item) VALUES (?,?,0,?,?)').run(id, union, 1234, 'staffTime');
      db.prepare('INSERT INTO billing_closures (posting_id, total_cents, closed_at) VALUES (?,?,?)').run(id, 1234, new Date().toISOString());
    })();
    const r: SpendReport = await w.auditor.client.call('reports.spend', { electionId: w.election.id });
    expect(r.unionFunds.chargedCents).toBe(1234);
    expect(r.unionFunds.lines).toBe(1);
    expect(r.unionFunds.postingIds).toHaveLength(1);
    expect(r.unionFunds.ledgerWideCents).toBe(1234);
    expect(before.unionFunds.chargedCents).toBe(0);
    const csv = saved(await w.auditor.client.call('reports.export', { report: 'spend', electionId: w.election.id, format: 'csv' }));
    expect(csv.bytes.toString('utf8')).toContain('campaign costs charged to union accounts: $12.34,1234');
    const pdf = saved(await w.auditor.client.call('reports.export', { report: 'spend', electionId: w.election.id, format: 'pdf' }));
    expect(pdfText(pdf.file)).toContain('Campaign costs charged to union accounts: $12.34');
    const last = (await w.auditor.client.call('audit.list', { limit: 1 })).entries[0]!;
    expect(last.details).toMatchObject({ unionFundsCents: 1234 });
  });
});
