import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepaymentShortfall, refundable } from '../../../electron/billing/gate.ts';
import type { DB } from '../../../electron/vault/database.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { contract } from '../../../shared/api/contract.ts';
import { AppError } from '../../../shared/api/errors.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest, producedJob, setStatus } from './fixtures.ts';

// Random sequences of >= 10,000 operations by random roles (forbidden ones included) drive the real commands on one
// real vault; after every operation the five rules are checked against the raw tables.
const OPS = Number(process.env['BILLING_OPS'] ?? 10_000);
// One fixed run by default, so the floor counts below (releases, refusals, corrections) hold on every machine;
// LITDESK_SEED=<n> explores another sequence (the failing seed is printed either way).
const SEED = Number(process.env['LITDESK_SEED'] ?? 20261126);
const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 };
// Each extra sign-in costs seconds (key slots), so the auditor's refusals are covered in ledger.test.ts instead.
type Role = 'chair' | 'staff' | 'candA' | 'candB';
const ROLES: Role[] = ['chair', 'staff', 'candA', 'candB'];

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('request' as const), cand: fc.nat(2), pieces: fc.integer({ min: 1, max: 3000 }), authorisedBy: fc.constantFrom('chair' as const, 'chair' as const, 'chair' as const, 'staff' as const) }) },
  { weight: 20, arbitrary: fc.record({ t: fc.constant('pay' as const), role: fc.constantFrom<Role>('chair', 'chair', 'chair', 'chair', 'staff', 'candA', 'candB'), cand: fc.nat(2), cents: fc.integer({ min: 1, max: 400_000 }), payer: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'union', 'employer', 'unionAccount', 'unionHolder', 'near', 'near'), note: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('quoteInvoice' as const), role: fc.constantFrom(...ROLES), pick: fc.nat() }) },
  { weight: 12, arbitrary: fc.record({ t: fc.constant('release' as const), role: fc.constantFrom<Role>('staff', 'staff', 'staff', 'chair', 'candA', 'candB'), pick: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ t: fc.constant('mail' as const), pick: fc.nat(), short: fc.nat(50) }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('reconcile' as const), role: fc.constantFrom(...ROLES), pick: fc.nat(), postage: fc.integer({ min: 0, max: 250_000 }), sheets: fc.integer({ min: 0, max: 4000 }), pieces: fc.integer({ min: 0, max: 3000 }), fromJob: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('propose' as const), role: fc.constantFrom(...ROLES), pick: fc.nat(), postage: fc.integer({ min: 0, max: 250_000 }), sheets: fc.integer({ min: 0, max: 4000 }), pieces: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('countersign' as const), role: fc.constantFrom(...ROLES), pick: fc.nat(), agree: fc.constantFrom(true, true, true, false) }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('refund' as const), role: fc.constantFrom(...ROLES), cand: fc.nat(2), cents: fc.integer({ min: 1, max: 300_000 }), all: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('credit' as const), role: fc.constantFrom(...ROLES), pick: fc.nat(), postage: fc.integer({ min: 0, max: 250_000 }), sheets: fc.integer({ min: 0, max: 4000 }), corrected: fc.boolean(), fromJob: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('dispute' as const), role: fc.constantFrom(...ROLES), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('answer' as const), role: fc.constantFrom(...ROLES), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pdf' as const), role: fc.constantFrom(...ROLES), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tamper' as const), which: fc.nat(9) }) },
);
type Op = fc.Arbitrary<typeof op extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer U> ? U : never;

const TABLES = ['billing_accounts', 'billing_postings', 'billing_lines', 'billing_closures', 'billing_documents', 'billing_payments', 'billing_refunds'];
/**
 * A fingerprint of the ledger in one statement. The append-only tables (their triggers are tested on their own, and
 * 'tamper' operations below try them again) change only by insert, which the last rowid shows; the tables that
 * may change in place are read whole.
 */
const FINGERPRINT = `SELECT ${TABLES.map((t) => `(SELECT coalesce(max(rowid), 0) FROM ${t})`).join(" || '|' || ")}
  || '|' || coalesce((SELECT group_concat(series || coalesce(last, '-'), ',') FROM billing_counters), '')
  || '|' || coalesce((SELECT group_concat(id || status || coalesce(answer, ''), ',') FROM billing_disputes), '')
  || '|' || coalesce((SELECT group_concat(id || active, ',') FROM billing_blocked_payers), '')
  || '|' || coalesce((SELECT group_concat(id || status || coalesce(released_at, ''), ',') FROM requests), '')
  || '|' || coalesce((SELECT group_concat(id || status || coalesce(decided_by, '') || coalesce(result, ''), ',') FROM approvals), '')`;
function fingerprint(db: DB): string {
  return crypto.createHash('sha256').update(db.prepare(FINGERPRINT).pluck().get() as string).digest('hex');
}

describe('billing property: the five rules hold under random operations by random roles', () => {
  it(`${OPS} operations`, { timeout: 180_000 }, async () => {
    // On tmpfs: the same code, without waiting for the disk to sync each of the ~10,000 commits.
    const shm = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/litdesk-billing-') : tempDir();
    const { client: chair, backend, dir } = await setUpVault({ kdf: FAST_KDF, vaultDir: path.join(shm, 'vault') });
    const db = backend.vault!.db;
    const e = addElection(db);
    const cands = [addCandidate(db, e, 'José Muñoz Peña'), addCandidate(db, e, 'Nguyễn Thị Hương'), addCandidate(db, e, 'Trần Văn Đức')];
    await chair.call('billing.blockPayer', { kind: 'employer', name: 'Acme Freight Inc.' });
    const clients: Record<Role, LitDeskApi> = {
      chair,
      staff: (await addUserAndLogin(chair, dir, { login: 'staff1', role: 'staff' })).client,
      candA: (await addUserAndLogin(chair, dir, { login: 'cand-a', role: 'candidate', candidateId: cands[0]! })).client,
      candB: (await addUserAndLogin(chair, dir, { login: 'cand-b', role: 'candidate', candidateId: cands[1]! })).client,
    };
    const ownCandidate: Partial<Record<Role, number>> = { candA: cands[0]!, candB: cands[1]! };
    const isStaff = (r: Role) => r === 'chair' || r === 'staff';
    // Rule 5: no waiver, discount or write-off operation exists at all.
    expect(Object.keys(contract).filter((k) => /waive|discount|write.?off|forgive|comp(?!ose)/i.test(k))).toEqual([]);

    const model = new Map<number, { paid: number; refunded: number; voided: number }>(cands.map((c) => [c, { paid: 0, refunded: 0, voided: 0 }]));
    const requests: number[] = [];
    const docs: Array<{ id: number; candidateId: number; kind: string }> = [];
    const disputes: number[] = [];
    const sums = new Map<number, number>(); // account -> credit - debit, from raw lines read once each
    let lineCursor = 0;
    const stats = { ok: 0, refused: 0, forbidden: 0, releases: 0, releaseRefused: 0, fourEyesRefused: 0, corrections: 0, sameMemberRefused: 0, actualsRefused: 0,
      payerReviews: 0, payersReviewed: 0, payerReviewRefused: 0 };
    // Four eyes (issue 13): who authorised each request, who recorded each receipt, which receipts were voided, and
    // the corrections waiting for a second committee member.
    const userId = { chair: (await chair.call('session.me', {})).user.id, staff: (await clients.staff.call('session.me', {})).user.id };
    const authoriser = new Map<number, 'chair' | 'staff'>();
    const recordedBy = new Map<number, { cand: number; role: Role; amount: number }>();
    const voided = new Set<number>();
    const pending: Array<{ id: number; role: Role; receipt?: number }> = [];
    // Payer review (issue 13 §6): receipts of near-match payers, and whether a second committee member approved them.
    const underReview = new Map<number, { cand: number; role: Role; amount: number; approved: boolean }>();
    /** What the final invoice must say without a countersignature: the production job's members (else the quote),
     * one duplex sheet per piece of the 2-page leaflet, postage at least 73¢ (first class) a piece. */
    const expectedOf = (r: number) => {
      const job = db.prepare("SELECT members FROM merge_jobs WHERE request_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1").pluck().get(r) as number | undefined;
      const pieces = job ?? (db.prepare('SELECT audience_count FROM requests WHERE id = ?').pluck().get(r) as number);
      return { pieces, sheets: pieces, minPostage: 73 * pieces };
    };

    const readNewLines = () => {
      const rows = db.prepare('SELECT id, account_id, debit_cents, credit_cents FROM billing_lines WHERE id > ? ORDER BY id').raw().all(lineCursor) as number[][];
      for (const [id, acc, d, c] of rows) { sums.set(acc!, (sums.get(acc!) ?? 0) + c! - d!); lineCursor = id!; }
    };
    const accountsOf = (c: number) => db.prepare('SELECT id, kind FROM billing_accounts WHERE candidate_id = ?').all(c) as Array<{ id: number; kind: string }>;

    let postingCursor = 0;
    const rules = (i: number) => {
      const full = i % 1000 === 999;
      const fromLine = full ? 0 : lineCursor;
      const fromPosting = full ? 0 : postingCursor;
      readNewLines();
      // 1. No line on a union account (new lines each time, all of them every 1,000 operations).
      expect(db.prepare('SELECT count(*) FROM billing_lines l JOIN billing_accounts a ON a.id = l.account_id WHERE l.id > ? AND a.union_account = 1').pluck().get(fromLine)).toBe(0);
      // 3. Every posting closed and balanced over at least two lines.
      expect(db.prepare(`SELECT count(*) FROM billing_postings p WHERE p.id > ? AND (NOT EXISTS (SELECT 1 FROM billing_closures c WHERE c.posting_id = p.id)
        OR (SELECT total(debit_cents) - total(credit_cents) FROM billing_lines WHERE posting_id = p.id) != 0
        OR (SELECT count(*) FROM billing_lines WHERE posting_id = p.id) < 2)`).pluck().get(fromPosting)).toBe(0);
      postingCursor = db.prepare('SELECT coalesce(max(id), 0) FROM billing_postings').pluck().get() as number;
      // 4. Refunds never exceed payments; deposits never negative; the model's payments equal the ledger's.
      for (const c of cands) {
        const m = model.get(c)!;
        expect(m.refunded + m.voided).toBeLessThanOrEqual(m.paid);
        for (const a of accountsOf(c)) if (a.kind === 'candidateDeposit') expect(sums.get(a.id) ?? 0).toBeGreaterThanOrEqual(0);
      }
    };

    const balanceCheck = async () => {
      // From scratch: every raw line summed again, compared with the incremental sums and with what the app shows.
      const fresh = new Map<number, number>();
      for (const [acc, d, c] of db.prepare('SELECT account_id, debit_cents, credit_cents FROM billing_lines').raw().iterate() as Iterable<number[]>) {
        fresh.set(acc!, (fresh.get(acc!) ?? 0) + c! - d!);
      }
      for (const [acc, v] of sums) expect(fresh.get(acc) ?? 0).toBe(v);
      for (const c of cands) {
        const view = await chair.call('billing.candidate', { candidateId: c });
        const accs = accountsOf(c);
        const dep = accs.find((a) => a.kind === 'candidateDeposit');
        const rec = accs.find((a) => a.kind === 'candidateReceivable');
        expect(view.balance.fundsCents).toBe(dep ? fresh.get(dep.id) ?? 0 : 0);
        expect(view.balance.dueCents).toBe(rec ? Math.max(0, -(fresh.get(rec.id) ?? 0)) : 0);
        const m = model.get(c)!;
        expect(view.balance.paidCents).toBe(m.paid - m.voided);
        expect(view.balance.refundedCents).toBe(m.refunded);
        // Money in = money out + funds held - amounts due + charges (double entry, per candidate).
        expect(view.balance.paidCents - view.balance.refundedCents).toBe(view.balance.chargedCents + view.balance.fundsCents - view.balance.dueCents);
        // One figure, one word (issue 16 §4): "Amount due" is never below a job's amount due before release, so the
        // screen cannot say "Amount due $0.00" beside a job refused for money; and it covers unpaid final invoices.
        for (const r of view.requests) expect(view.balance.amountDueCents, `request ${r.id}`).toBeGreaterThanOrEqual(r.shortfallCents ?? 0);
        expect(view.balance.amountDueCents).toBeGreaterThanOrEqual(view.balance.dueCents);
      }
    };

    const run = async (o: Op, i: number): Promise<void> => {
      const before = fingerprint(db);
      let expectForbidden = false;
      const attempt = async (fn: () => Promise<unknown>): Promise<unknown> => {
        try {
          const v = await fn();
          expect(expectForbidden, `op ${i} ${JSON.stringify(o)} should have been refused`).toBe(false);
          stats.ok++;
          return v;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          expect(err.code, `op ${i}: ${err.message}`).not.toBe('internal');
          if (expectForbidden) stats.forbidden++; else stats.refused++;
          // Refused or forbidden: nothing in the ledger changed.
          expect(fingerprint(db), `op ${i} ${JSON.stringify(o)} was refused (${err.code}) but changed the ledger`).toBe(before);
          return undefined;
        }
      };
      const pickReq = (n: number) => requests.length ? requests[n % requests.length]! : null;
      switch (o.t) {
        case 'request': {
          const id = addQuotedRequest(db, e, cands[o.cand]!, o.pieces, { authorisedBy: userId[o.authorisedBy] }).id;
          requests.push(id); authoriser.set(id, o.authorisedBy);
          return;
        }
        case 'pay': {
          // Refused outright: the union's or an employer's name, on the form or as the account holder. A near-match
          // ("Friends of Local 42 members") is recorded only with a note, and then waits for a second member's review.
          const near = o.payer === 'near';
          expectForbidden = !isStaff(o.role) || !(o.payer === 'ok' || (near && o.note));
          const name = { ok: 'Friends of the campaign', union: 'local 42', employer: 'ACME Freight, Inc', unionAccount: 'Union payroll and staff time',
            unionHolder: 'Ana Pérez', near: 'Friends of Local 42 members' }[o.payer];
          const accountHolder = o.payer === 'unionHolder' ? 'LOCAL #42 GENERAL FUND' : name;
          const cand = cands[o.cand]!;
          const r = await attempt(() => clients[o.role].call('billing.recordPayment', { candidateId: cand, amountCents: o.cents, receivedOn: '2026-05-01',
            method: { type: 'moneyOrder', reference: `MO-${i}` }, payer: { type: 'campaignCommittee', name, accountHolder },
            ...(o.note ? { reviewNote: 'The members\' own committee.' } : {}) })) as { documentId: number; payerReview: { id: number } | null } | undefined;
          if (r) {
            model.get(cand)!.paid += o.cents; docs.push({ id: r.documentId, candidateId: cand, kind: 'receipt' }); recordedBy.set(r.documentId, { cand, role: o.role, amount: o.cents });
            expect(r.payerReview !== null, `op ${i}: a near-match waits for review, a clear payer does not`).toBe(near);
            if (r.payerReview) { underReview.set(r.documentId, { cand, role: o.role, amount: o.cents, approved: false }); pending.push({ id: r.payerReview.id, role: o.role, receipt: r.documentId }); stats.payerReviews++; }
          }
          return;
        }
        case 'quoteInvoice': {
          const r = pickReq(o.pick); if (r === null) return;
          expectForbidden = !isStaff(o.role);
          const d = await attempt(() => clients[o.role].call('billing.issueQuoteInvoice', { requestId: r })) as { documentId: number } | undefined;
          if (d) docs.push({ id: d.documentId, candidateId: db.prepare('SELECT candidate_id FROM requests WHERE id=?').pluck().get(r) as number, kind: 'quoteInvoice' });
          return;
        }
        case 'release': {
          const r = pickReq(o.pick); if (r === null) return;
          const row = db.prepare('SELECT status, candidate_id FROM requests WHERE id=?').get(r) as { status: string; candidate_id: number };
          const own = ownCandidate[o.role];
          if (!isStaff(o.role)) {
            // Candidates and auditors cannot release; a candidate may look at the gate of their own request only.
            expectForbidden = own !== undefined && own !== row.candidate_id;
            await attempt(() => clients[o.role].call('billing.releaseCheck', { requestId: r }));
            return;
          }
          if (row.status !== 'authorised') return;
          const check = await clients[o.role].call('billing.releaseCheck', { requestId: r });
          expect(check.shortfallCents).toBe(prepaymentShortfall(db, r));
          // Four eyes: never the member who authorised it, and covered without any payment the releaser recorded nor
          // any payment whose near-match payer no second committee member has approved (issue 13 §6).
          const uncounted = [...recordedBy].filter(([doc, p]) => p.cand === row.candidate_id && !voided.has(doc)
            && (p.role === o.role || (underReview.has(doc) && !underReview.get(doc)!.approved))).reduce((t, [, p]) => t + p.amount, 0);
          const ownPaid = [...recordedBy].filter(([doc, p]) => p.cand === row.candidate_id && p.role === o.role && !voided.has(doc)).reduce((t, [, p]) => t + p.amount, 0);
          const fourEyes = authoriser.get(r) !== o.role && check.committedCents <= check.fundsCents - uncounted;
          let released = true;
          try { await clients[o.role].call('requests.release', { requestId: r }); } catch (err) {
            released = false;
            expect((err as AppError).code, `op ${i}`).not.toBe('internal');
          }
          // Rule 2 and four eyes: released exactly when the funds cover every committed quote, to the cent, and a
          // second committee member releases.
          expect(released, `op ${i}: release by ${o.role} with shortfall ${check.shortfallCents}, own ${ownPaid}, authorised by ${authoriser.get(r)}`)
            .toBe(check.shortfallCents === 0 && fourEyes);
          if (released) stats.releases++; else {
            stats.releaseRefused++;
            if (check.shortfallCents === 0) stats.fourEyesRefused++;
            if (check.shortfallCents === 0 && authoriser.get(r) !== o.role && check.committedCents <= check.fundsCents - ownPaid) stats.payerReviewRefused++;
            expect(fingerprint(db)).toBe(before);
          }
          return;
        }
        case 'mail': {
          const r = pickReq(o.pick); if (r === null) return;
          const s = db.prepare('SELECT status FROM requests WHERE id=?').pluck().get(r);
          const quoted = db.prepare('SELECT audience_count FROM requests WHERE id=?').pluck().get(r) as number;
          if (s === 'released') producedJob(db, r, Math.max(0, quoted - o.short)); else if (s === 'produced') setStatus(db, r, 'mailed');
          return;
        }
        case 'reconcile': {
          const r = pickReq(o.pick); if (r === null) return;
          expectForbidden = !isStaff(o.role);
          const exp = expectedOf(r);
          const input = o.fromJob ? { requestId: r, actualPostageCents: exp.minPostage + o.postage }
            : { requestId: r, actualPostageCents: o.postage, actualSheets: o.sheets, actualPieces: o.pieces };
          const deviates = !o.fromJob && (o.pieces !== exp.pieces || o.sheets !== exp.sheets || o.postage < exp.minPostage);
          const d = await attempt(() => clients[o.role].call('billing.reconcile', input)) as { documentId: number; totalCents: number } | undefined;
          // Four eyes: figures other than the production job's never make an invoice without a countersignature.
          if (deviates && isStaff(o.role)) { expect(d, `op ${i}: actuals differ from the job`).toBeUndefined(); stats.actualsRefused++; }
          if (d) {
            docs.push({ id: d.documentId, candidateId: db.prepare('SELECT candidate_id FROM requests WHERE id=?').pluck().get(r) as number, kind: 'finalInvoice' });
            // Rule 5: the invoice is exactly the rate card × actuals, nothing taken off.
            const rest = JSON.parse(db.prepare('SELECT snapshot FROM billing_documents WHERE id=?').pluck().get(d.documentId) as string) as { lines: Array<{ unit?: string; quantity: number; rateCents: number; amountCents: number }> };
            expect(rest.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(d.totalCents);
            for (const l of rest.lines) if (l.unit !== 'minute') expect(l.amountCents).toBe(l.quantity * l.rateCents);
          }
          return;
        }
        case 'refund': {
          const cand = cands[o.cand]!;
          const can = refundable(db, cand);
          const amount = o.all && can > 0 ? can : o.cents;
          expectForbidden = !isStaff(o.role) || amount > can;
          const d = await attempt(() => clients[o.role].call('billing.recordRefund', { candidateId: cand, amountCents: amount, paidOn: '2026-06-01', method: { type: 'check', reference: `R${i}` }, payee: 'The candidate' })) as { documentId: number } | undefined;
          if (d) { model.get(cand)!.refunded += amount; docs.push({ id: d.documentId, candidateId: cand, kind: 'refund' }); }
          return;
        }
        case 'credit': {
          if (!docs.length) return;
          const doc = docs[o.pick % docs.length]!;
          const req = db.prepare('SELECT request_id FROM billing_documents WHERE id=?').pluck().get(doc.id) as number | null;
          const exp = req === null ? null : expectedOf(req);
          const corrected = !o.corrected ? undefined : o.fromJob && exp ? { actualPostageCents: exp.minPostage + o.postage } : { actualPostageCents: o.postage, actualSheets: o.sheets };
          const deviates = doc.kind === 'finalInvoice' && corrected !== undefined && exp !== null && !o.fromJob && (o.sheets !== exp.sheets || o.postage < exp.minPostage);
          if (!isStaff(o.role)) expectForbidden = true;
          const amount = db.prepare('SELECT total_cents FROM billing_documents WHERE id=?').pluck().get(doc.id) as number;
          const d = await attempt(() => clients[o.role].call('billing.creditNote', { documentId: doc.id, reason: 'correction', ...(corrected ? { corrected } : {}) })) as { creditNote: { documentId: number }; replacement: { documentId: number } | null } | undefined;
          if (deviates && isStaff(o.role)) { expect(d, `op ${i}: corrected actuals differ from the job`).toBeUndefined(); stats.actualsRefused++; }
          if (d) {
            if (doc.kind === 'receipt') { model.get(doc.candidateId)!.voided += amount; voided.add(doc.id); }
            docs.push({ id: d.creditNote.documentId, candidateId: doc.candidateId, kind: 'creditNote' });
            if (d.replacement) docs.push({ id: d.replacement.documentId, candidateId: doc.candidateId, kind: 'finalInvoice' });
          }
          return;
        }
        case 'propose': {
          const r = pickReq(o.pick); if (r === null) return;
          expectForbidden = !isStaff(o.role);
          const a = await attempt(() => clients[o.role].call('billing.proposeCorrection', { requestId: r, actualPostageCents: o.postage, actualSheets: o.sheets, actualPieces: o.pieces, reason: 'Mail house statement differs.' })) as { id: number } | undefined;
          if (a) pending.push({ id: a.id, role: o.role });
          return;
        }
        case 'countersign': {
          if (!pending.length) return;
          const k = o.pick % pending.length;
          const p = pending[k]!;
          expectForbidden = !isStaff(o.role);
          const same = p.role === o.role;
          const res = await attempt(() => clients[o.role].call('countersign.decide', { countersignId: p.id, agree: o.agree })) as { status: string; result: { finalInvoice?: string } | null } | undefined;
          // Four eyes: the member who asked can withdraw, never countersign their own correction or payer review.
          if (isStaff(o.role) && same && o.agree) { expect(res, `op ${i}: countersigned own correction`).toBeUndefined(); stats.sameMemberRefused++; }
          if (res) {
            pending.splice(k, 1);
            expect(res.status).toBe(same ? 'withdrawn' : o.agree ? 'approved' : 'refused');
            if (res.status === 'approved' && p.receipt !== undefined) {
              underReview.get(p.receipt)!.approved = true;
              stats.payersReviewed++;
            } else if (res.status === 'approved') {
              stats.corrections++;
              const fin = db.prepare("SELECT id, candidate_id FROM billing_documents WHERE approval_id = ? AND kind = 'finalInvoice'").get(p.id) as { id: number; candidate_id: number };
              expect(fin, `op ${i}: an approved correction made its final invoice`).toBeDefined();
              docs.push({ id: fin.id, candidateId: fin.candidate_id, kind: 'finalInvoice' });
              const cn = db.prepare("SELECT id FROM billing_documents WHERE kind = 'creditNote' AND ref_document_id = (SELECT ref_document_id FROM billing_documents WHERE id = ?)").pluck().get(fin.id) as number | undefined;
              if (cn !== undefined) docs.push({ id: cn, candidateId: fin.candidate_id, kind: 'creditNote' });
            }
          } else if (isStaff(o.role) && !(same && o.agree)) {
            // Refused for another reason (the request moved on): it stays pending or was decided; drop it if decided.
            if (db.prepare('SELECT status FROM approvals WHERE id=?').pluck().get(p.id) !== 'pending') pending.splice(k, 1);
          }
          return;
        }
        case 'dispute': {
          if (!docs.length) return;
          const doc = docs[o.pick % docs.length]!;
          expectForbidden = ownCandidate[o.role] !== doc.candidateId;
          const d = await attempt(() => clients[o.role].call('billing.dispute', { documentId: doc.id, lineIndex: 0, note: 'Please explain this line.' })) as { disputeId: number } | undefined;
          if (d) disputes.push(d.disputeId);
          return;
        }
        case 'answer': {
          if (!disputes.length) return;
          const id = disputes[o.pick % disputes.length]!;
          const open = db.prepare('SELECT status FROM billing_disputes WHERE id=?').pluck().get(id) === 'open';
          expectForbidden = !isStaff(o.role) || !open;
          await attempt(() => clients[o.role].call('billing.answerDispute', { disputeId: id, answer: 'Explained at the rate card.' }));
          return;
        }
        case 'pdf': {
          if (!docs.length) return;
          const doc = docs[o.pick % docs.length]!;
          const own = ownCandidate[o.role];
          expectForbidden = own !== undefined && own !== doc.candidateId;
          // A PDF takes ~0.2 s (font subsetting): render a few, try the forbidden ones always.
          if (!expectForbidden && i % 400 > 40) return;
          await attempt(() => clients[o.role].call('billing.documentPdf', { documentId: doc.id }));
          return;
        }
        case 'tamper': {
          // Direct SQL that would break a rule: the database refuses it and nothing changes.
          const stmts = [
            'UPDATE billing_lines SET credit_cents = credit_cents + 1 WHERE id = (SELECT max(id) FROM billing_lines)',
            'DELETE FROM billing_documents WHERE id = (SELECT max(id) FROM billing_documents)',
            "INSERT INTO billing_lines (posting_id, account_id, debit_cents) SELECT max(id), (SELECT id FROM billing_accounts WHERE code='union:payroll'), 100 FROM billing_postings",
            "UPDATE billing_counters SET last = coalesce(last, 0) + 2 WHERE series = 'F'",
            "UPDATE billing_payments SET amount_cents = 1 WHERE id = (SELECT max(id) FROM billing_payments)",
            "DELETE FROM billing_postings WHERE id = (SELECT max(id) FROM billing_postings)",
            // Four eyes in the database: a release by the member who authorised it, a correction countersigned by its
            // own author, a second identity minted without a countersignature, a countersigned request rewritten.
            "UPDATE requests SET status='released', released_at='x', released_by=authorised_by WHERE id = (SELECT max(id) FROM requests WHERE status='authorised')",
            "UPDATE approvals SET status='approved', decided_by=requested_by, decided_at='x' WHERE id = (SELECT max(id) FROM approvals WHERE status='pending')",
            "INSERT INTO users (login, display_name, role, created_at) VALUES ('puppet-' || abs(random()), 'Puppet', 'staff', 'x')",
            "UPDATE approvals SET payload = '{}' WHERE id = (SELECT max(id) FROM approvals)",
          ];
          const sql = stmts[o.which]!;
          let changed = 0;
          try { db.transaction(() => { changed = db.prepare(sql).run().changes; })(); } catch { changed = -1; }
          expect(changed, sql).toBeLessThanOrEqual(0);
          expect(fingerprint(db)).toBe(before);
          return;
        }
      }
    };

    const timing: Record<string, number> = {};
    const started = Date.now();
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: OPS, maxLength: OPS }), async (ops) => {
      for (let i = 0; i < ops.length; i++) {
        const t0 = performance.now();
        await run(ops[i]!, i);
        const t1 = performance.now();
        rules(i);
        const k = ops[i]!.t;
        timing[k] = (timing[k] ?? 0) + t1 - t0;
        timing['rules'] = (timing['rules'] ?? 0) + performance.now() - t1;
        if (i % 1000 === 999) await balanceCheck();
      }
      await balanceCheck();
    }), { numRuns: 1, seed: SEED, endOnFailure: true, reporter: (out) => {
      // The failing operation names itself; the 10,000-operation counterexample would bury it.
      if (out.failed) throw new Error(`seed ${out.seed}: ${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`);
    } });
    const seconds = (Date.now() - started) / 1000;
    console.log(`billing property: ${OPS} ops in ${seconds.toFixed(1)} s`, stats, Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, Math.round(v)])),
      { postings: db.prepare('SELECT count(*) FROM billing_postings').pluck().get(), documents: db.prepare('SELECT count(*) FROM billing_documents').pluck().get() });
    // Gapless, unique numbering per series.
    for (const s of db.prepare('SELECT series, count(*) AS n, max(number) AS m, count(DISTINCT number) AS d FROM billing_documents GROUP BY series').all() as Array<{ n: number; m: number; d: number }>) {
      expect(s.m).toBe(s.n); expect(s.d).toBe(s.n);
    }
    // Four eyes held everywhere: every release by a second member, every countersignature by a second member, every
    // final invoice either the production job's figures or a countersigned correction's.
    expect(db.prepare("SELECT count(*) FROM requests WHERE released_by IS NOT NULL AND released_by = authorised_by").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM approvals WHERE status IN ('approved','refused') AND decided_by = requested_by").pluck().get()).toBe(0);
    for (const f of db.prepare("SELECT d.request_id AS r, d.approval_id AS a, json_extract(d.snapshot, '$.actuals.pieces') AS pieces, json_extract(d.snapshot, '$.actuals.sheets') AS sheets, json_extract(d.snapshot, '$.actuals.postageCents') AS postage FROM billing_documents d WHERE d.kind = 'finalInvoice'").all() as Array<{ r: number; a: number | null; pieces: number; sheets: number; postage: number }>) {
      if (f.a !== null) continue;
      // Without a countersignature: the production job's figures, or the quote's when invoiced before the job ran.
      const exp = expectedOf(f.r);
      const quoted = db.prepare('SELECT audience_count FROM requests WHERE id = ?').pluck().get(f.r) as number;
      expect([exp.pieces, quoted]).toContain(f.pieces);
      expect([f.sheets, f.postage >= 73 * f.pieces]).toEqual([f.pieces, true]);
    }
    // Every payment names its account holder as written; near-matches were reviewed by a member other than the recorder.
    expect(db.prepare('SELECT count(*) FROM billing_payments WHERE account_holder IS NULL').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM billing_payments pay JOIN billing_postings p ON p.id = pay.posting_id JOIN approvals a
      ON a.kind = 'payerReview' AND a.subject = 'payment:' || pay.id AND a.status = 'approved' WHERE a.decided_by = p.posted_by`).pluck().get()).toBe(0);
    expect(stats.payerReviews).toBeGreaterThan(5);
    expect(stats.payersReviewed).toBeGreaterThan(0);
    expect(stats.payerReviewRefused).toBeGreaterThan(0);
    expect(stats.fourEyesRefused).toBeGreaterThan(5);
    expect(stats.sameMemberRefused).toBeGreaterThan(0);
    expect(stats.corrections).toBeGreaterThan(5);
    expect(stats.actualsRefused).toBeGreaterThan(5);
    // Four eyes makes a release rare in random operations (most attempts meet a refusal first): a few releases, and
    // hundreds of refusals, show both sides of the rule were reached.
    expect(stats.releases).toBeGreaterThanOrEqual(3);
    expect(stats.releaseRefused).toBeGreaterThan(10);
    expect(stats.forbidden).toBeGreaterThan(500);
    for (const c of Object.values(clients)) void c;
    backend.lock('test');
    fs.rmSync(shm, { recursive: true, force: true });
  });
});
