import { spawn } from 'node:child_process';
import { verifyAudit } from '../../../electron/audit/log.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../../electron/vault/database.ts';
import { CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { prng, testSeed } from '../../support/prng.ts';
import { addCandidate, addElection, addQuotedRequest, release, setStatus, producedJob, secondMember } from './fixtures.ts';

// `npm run torture` raises this (LITDESK_TORTURE_TRIALS=100); `npm test` runs the default.
const TRIALS = Number(process.env['LITDESK_TORTURE_TRIALS'] ?? 20);
const child = fileURLToPath(new URL('../../support/billing-child.ts', import.meta.url));

function ledgerIsWhole(db: DB): void {
  // No half-posted entries: every posting closed, balanced, with >= 2 lines; every payment has its posting and receipt.
  expect(db.prepare('SELECT count(*) FROM billing_postings p WHERE NOT EXISTS (SELECT 1 FROM billing_closures c WHERE c.posting_id = p.id)').pluck().get()).toBe(0);
  expect(db.prepare('SELECT count(*) FROM (SELECT posting_id FROM billing_lines GROUP BY posting_id HAVING total(debit_cents) != total(credit_cents) OR count(*) < 2)').pluck().get()).toBe(0);
  expect(db.prepare("SELECT count(*) FROM billing_postings p WHERE p.kind = 'payment' AND NOT EXISTS (SELECT 1 FROM billing_payments x WHERE x.posting_id = p.id)").pluck().get()).toBe(0);
  expect(db.prepare("SELECT count(*) FROM billing_postings p WHERE p.kind = 'finalInvoice' AND NOT EXISTS (SELECT 1 FROM billing_documents d WHERE d.posting_id = p.id)").pluck().get()).toBe(0);
  // Invoice, receipt and credit-note numbers: 1..n in every series, no gap, no duplicate, the counter at n.
  const series = db.prepare(`SELECT k.series, k.last, count(d.id) AS n, count(DISTINCT d.number) AS distinctN, max(d.number) AS maxN
    FROM billing_counters k LEFT JOIN billing_documents d ON d.series = k.series GROUP BY k.series`).all() as Array<{ last: number | null; n: number; distinctN: number; maxN: number | null }>;
  for (const s of series) {
    expect(s.distinctN).toBe(s.n);
    expect(s.maxN ?? 0).toBe(s.n);
    expect(s.last ?? 0).toBe(s.n);
  }
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
}

describe('billing survives SIGKILL at random points', () => {
  it(`${TRIALS} trials of payments and reconciliations killed mid-flight`, { timeout: Math.max(120_000, TRIALS * 6_000) }, async () => {
    const { client, backend, dir } = await setUpVault({ kdf: { N: 2 ** 10, r: 8, p: 1 }, vaultDir: path.join(tempDir('litdesk-kill-'), 'vault') });
    const db = backend.vault!.db;
    const e = addElection(db);
    const cands = [addCandidate(db, e, 'José Muñoz Peña'), addCandidate(db, e, 'Nguyễn Thị Hương')];
    const second = secondMember(db);
    for (const c of cands) {
      for (let j = 0; j < 40; j++) {
        const r = addQuotedRequest(db, e, c, 100);
        await client.call('billing.recordPayment', { candidateId: c, amountCents: r.quoteCents, receivedOn: '2026-03-01', method: { type: 'check', reference: `S${r.id}` }, payer: { type: 'candidate', name: 'Setup Payer', accountHolder: 'Setup Payer' } });
        release(db, r.id, second); producedJob(db, r.id, 95); setStatus(db, r.id, 'mailed');
      }
    }
    backend.lock('setup');

    const seed = testSeed('billing kill');
    const rnd = prng(seed);
    const killedAfter: number[] = [];
    let before = 0;
    const start = () => {
      const proc = spawn(process.execPath, [child, dir, CHAIR.login, CHAIR.passphrase], { stdio: ['pipe', 'pipe', 'pipe'] });
      const ready = new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (b: Buffer) => { if (b.toString().includes('ready')) resolve(); });
        proc.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      ready.catch(() => undefined);
      return { proc, ready };
    };
    let next = start();
    for (let t = 0; t < TRIALS; t++) {
      const { proc, ready } = next;
      await ready;
      if (t + 1 < TRIALS) next = start();
      proc.stdin!.write('go\n');
      const wait = 20 + Math.floor(rnd() * 400);
      await new Promise((r) => setTimeout(r, wait));
      proc.removeAllListeners('exit');
      const died = new Promise<NodeJS.Signals | null>((r) => proc.once('exit', (_code, signal) => r(signal)));
      proc.kill('SIGKILL');
      expect(await died, `trial ${t} (killed after ${wait} ms, LITDESK_SEED=${seed}): the child must die of SIGKILL`).toBe('SIGKILL');
      killedAfter.push(wait);

      const after = makeBackend({ vaultDir: dir });
      await after.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
      const adb = after.backend.vault!.db;
      ledgerIsWhole(adb);
      expect(verifyAudit(adb)).toMatchObject({ ok: true });
      const n = adb.prepare('SELECT count(*) FROM billing_postings').pluck().get() as number;
      expect(n).toBeGreaterThanOrEqual(before);
      before = n;
      after.backend.lock('check');
    }
    expect(before).toBeGreaterThan(80 + TRIALS); // the children did write between kills
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
