import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, tempDir } from '../../support/backend.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { buildEmailWorld, CANARY, openEmailCopy, waitForEmailJob, type EmailWorld } from './world.ts';

// Issue 17 items 3 and 6: every send is counted in the spend and equal-treatment reports (counts only), and the
// canary member's address shows up nowhere but in the one message sent to the canary: not in a log line, a temp file,
// a report (on screen, CSV or PDF), the audit trail, an error, or anything a candidate or the auditor can see.

let world: EmailWorld;
let smtp: TestSmtp;

beforeAll(async () => {
  world = await buildEmailWorld({ members: 80, seeds: 2 });
  smtp = await startSmtp();
}, 120_000);
afterAll(async () => { await smtp?.close(); });

/** Every file under a folder changed since `since`, read whole (the folder is the test's own temp space). */
function filesSince(dir: string, since: number): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) { try { if (fs.statSync(p).mtimeMs >= since) out.push(p); } catch { /* gone */ } }
    }
  };
  walk(dir);
  return out;
}

describe('email in the reports, and the canary nowhere', () => {
  it('counts sends, left-outs and bounces per request and per candidate, and no address anywhere but the canary\'s own message', async () => {
    const since = Date.now() - 1000;
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const out = process.stdout.write.bind(process.stdout);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => { logged.push(String(chunk)); return write(chunk as string, ...(rest as [])); }) as typeof process.stderr.write;
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => { logged.push(String(chunk)); return out(chunk as string, ...(rest as [])); }) as typeof process.stdout.write;
    try {
      smtp.messages.length = 0;
      const { backend, client, dir } = await openEmailCopy(world, smtp);
      const db = backend.vault!.db;
      const emailable = db.prepare("SELECT id, email FROM members WHERE active = 1 AND good_standing = 1 AND email <> '' ORDER BY id").all() as { id: number; email: string }[];
      const noAddress = db.prepare("SELECT count(*) FROM members WHERE active = 1 AND good_standing = 1 AND (email IS NULL OR email = '')").pluck().get() as number;
      // Two left out before the send (one unsubscribe by address, one bounce by member record), one refused during it.
      await client.call('email.suppress', { reason: 'unsubscribe', address: emailable[2]!.email });
      await client.call('email.suppress', { reason: 'hardBounce', memberRow: emailable[5]!.id });
      // The canary's own address is refused by the server: its bounce must not put the address in an error or the trail.
      smtp.refuse.add(CANARY.toLowerCase());
      const { jobId } = await client.call('email.start', { requestId: world.requestId });
      const done = await waitForEmailJob(client, jobId);
      smtp.refuse.clear();
      expect(done).toMatchObject({ status: 'done', failed: 1, uncertain: 0 });

      const equal = await client.call('reports.equalTreatment', { electionId: 1 });
      const row = equal.requests.find((r) => r.requestId === world.requestId)!;
      expect(row.email).toEqual({
        jobStatus: 'done', members: emailable.length - 2, sent: emailable.length - 3, suppressed: 2, noAddress, bounced: 1,
        failed: 0, uncertain: 0, pending: 0, seedsSent: 2,
      });
      expect(row.timeline.produced).toBeDefined();
      const spend = await client.call('reports.spend', { electionId: 1 });
      const cand = spend.rows.find((r) => r.candidateId === world.candidateId)!;
      expect(cand).toMatchObject({ emailRequests: 1, emailSent: emailable.length - 3, emailSuppressed: 2, emailBounced: 1 });
      expect(spend.totals).toMatchObject({ emailRequests: 1, emailSent: emailable.length - 3, emailSuppressed: 2, emailBounced: 1 });

      // The exported files say the same, and the PDFs read back with poppler.
      const folder = tempDir('litdesk-email-reports-');
      const texts: string[] = [];
      for (const report of ['spend', 'equalTreatment'] as const) {
        for (const format of ['csv', 'pdf'] as const) {
          const f = await client.call('reports.export', { report, electionId: 1, format });
          const file = path.join(folder, f.fileName);
          fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
          texts.push(format === 'pdf' ? execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) : fs.readFileSync(file, 'utf8'));
        }
      }
      const [spendCsv, spendPdf, equalCsv, equalPdf] = texts as [string, string, string, string];
      expect(spendCsv).toContain(`Nguyễn Thị Hương,1,${emailable.length - 3},2,1`);
      expect(spendPdf).toMatch(new RegExp(`Email per candidate[\\s\\S]*Nguyễn Thị Hương\\s+1\\s+${emailable.length - 3}\\s+2\\s+1`));
      expect(equalCsv).toContain(`${world.requestId},Nguyễn Thị Hương,done,${emailable.length - 2},${emailable.length - 3},2,${noAddress},1,0,0,0,2`);
      expect(equalPdf).toMatch(new RegExp(`Email send jobs[\\s\\S]*Nguyễn Thị Hương\\s+done\\s+${emailable.length - 2}\\s+${emailable.length - 3}\\s+2\\s+${noAddress}\\s+1`));
      const audit = await client.call('reports.export', { report: 'audit', format: 'jsonl' });

      // What the candidate and the auditor can see.
      backend.lock('test');
      const candidate = await signIn(dir, { login: 'huong', passphrase: 'huong chooses a long own passphrase 2026' });
      const seenByCandidate = JSON.stringify([
        await candidate.client.call('email.proof', { requestId: world.requestId }),
        await candidate.client.call('email.message', { requestId: world.requestId }),
        await candidate.client.call('requests.list', {}),
        await candidate.client.call('notices.list', {}),
        await candidate.client.call('email.start', { requestId: world.requestId }).catch((e: unknown) => e),
        await candidate.client.call('email.suppress', { reason: 'unsubscribe', address: CANARY }).catch((e: unknown) => e),
      ]);
      candidate.backend.lock('test');
      const chair = await openEmailCopy(world, null, { copyFrom: dir });
      const seenByChair = JSON.stringify([
        await chair.client.call('email.jobs', { requestId: world.requestId }),
        await chair.client.call('email.suppressionCounts', {}),
        // Recording the canary again by address answers counts only, and the error for a bad address names no address.
        await chair.client.call('email.suppress', { reason: 'unsubscribe', address: CANARY }),
        await chair.client.call('email.suppress', { reason: 'unsubscribe', address: `x${CANARY}, ${CANARY}` }).catch((e: unknown) => e),
      ]);
      const trail = JSON.stringify(chair.backend.vault!.db.prepare('SELECT * FROM audit_log').all());
      chair.backend.lock('test');

      const places: Record<string, string> = {
        'reports on screen': JSON.stringify([equal, spend]), 'spend CSV': spendCsv, 'spend PDF': spendPdf, 'equal CSV': equalCsv, 'equal PDF': equalPdf,
        'audit export': Buffer.from(audit.base64, 'base64').toString('utf8'), 'audit trail': trail,
        'candidate answers': seenByCandidate, 'chair answers and errors': seenByChair, 'log lines': logged.join(''),
      };
      for (const [where, text] of Object.entries(places)) {
        expect(text.toLowerCase().includes(CANARY.toLowerCase()), `the canary address in ${where}`).toBe(false);
        expect(/m\d+@example\.org/.test(text), `a member address in ${where}`).toBe(false);
      }
      // Temp files LitDesk's tests and code wrote since the test began (vault copies are encrypted; anything clear would show).
      const ours = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('litdesk')).map((n) => path.join(os.tmpdir(), n));
      const clear = ours.flatMap((d) => filesSince(d, since)).filter((f) => {
        try { return fs.readFileSync(f).includes(Buffer.from(CANARY)); } catch { return false; }
      });
      expect(clear, 'temp files holding the canary address').toEqual([]);
      // The canary's message was handed to the server once, addressed to it alone, and refused there.
      expect(smtp.messages.some((m) => m.raw.toString('latin1').includes(CANARY))).toBe(false);
    } finally {
      process.stderr.write = write;
      process.stdout.write = out;
    }
  }, 180_000);
});
