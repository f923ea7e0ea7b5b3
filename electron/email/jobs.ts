import crypto from 'node:crypto';
import type { EmailJobView, EmailMessageView } from '../../shared/api/commands/email.ts';
import { AppError } from '../../shared/api/errors.ts';
import { emailKey, normaliseEmail } from '../../shared/domain/email-address.ts';
import type { Core as Backend } from '../core/context.ts';
import type { HandlerContext } from '../core/context.ts';
import { requestForProduction } from '../elections/production.ts';
import { audienceWhere } from '../members/audience-sql.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import type { DB } from '../vault/database.ts';
import { emailContent, requireSignedOffContent, type EmailContent } from './proof.ts';
import { classify, loadServer, openSender, type Sender } from './transport.ts';

// Send jobs of the email channel (issue 17). A job freezes its recipients when it starts (the list as it was then),
// then sends one message per recipient, addressed to that recipient alone, in the background. Each message's row
// goes pending -> sending (committed BEFORE the server is contacted) -> sent | failed. After a crash a row still
// 'sending' may or may not have been delivered: it becomes 'uncertain' and is never sent again, so nobody gets a
// message twice (at most once; the job report counts the uncertain ones, at most one per interruption).

export const SEEDS_PER_EMAIL_JOB = 3;

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((r) => {
  const t = setTimeout(r, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
});
/** Waits until no command holds the shared connection's transaction (an async write may hold it across awaits). */
async function idle(db: DB): Promise<boolean> {
  while (db.open && db.inTransaction) await sleep(5);
  return db.open;
}

const seedKey = (db: DB): Buffer =>
  Buffer.from(db.prepare("SELECT value FROM settings WHERE key = 'email_seed_key'").pluck().get() as string, 'hex');
const hmac = (key: Buffer, text: string): Buffer => crypto.createHmac('sha256', key).update(text).digest();

/** Members of an audience who can be emailed: a valid address, and neither unsubscribed nor hard-bounced. */
export function emailAudienceWhere(audience: Audience): { sql: string; params: string[] } {
  const w = audienceWhere(audience);
  return {
    sql: `${w.sql} AND m.email IS NOT NULL AND m.email <> ''
      AND lower(m.email) NOT IN (SELECT address_key FROM email_suppressions)
      AND m.id NOT IN (SELECT member_row FROM email_suppressions WHERE member_row IS NOT NULL)`,
    params: w.params,
  };
}

export function countEmailAudience(db: DB, audience: Audience): number {
  const w = emailAudienceWhere(audience);
  return (db.prepare(`SELECT m.email FROM members m WHERE ${w.sql}`).pluck().all(...w.params) as string[])
    .filter((e) => normaliseEmail(e).ok).length;
}

/**
 * Members of the audience a job leaves out, counted for the reports (never listed): those with a usable address who
 * unsubscribed or bounced, and those with no usable address at all.
 */
export function leftOut(db: DB, audience: Audience): { suppressed: number; noAddress: number } {
  const w = audienceWhere(audience);
  const rows = db.prepare(`SELECT m.id, m.email FROM members m WHERE ${w.sql}`).all(...w.params) as { id: number; email: string | null }[];
  const keys = new Set(db.prepare('SELECT address_key FROM email_suppressions').pluck().all() as string[]);
  const ids = new Set(db.prepare('SELECT member_row FROM email_suppressions WHERE member_row IS NOT NULL').pluck().all() as number[]);
  let suppressed = 0;
  let noAddress = 0;
  for (const m of rows) {
    if (!m.email || !normaliseEmail(m.email).ok) noAddress++;
    else if (keys.has(m.email.toLowerCase()) || ids.has(m.id)) suppressed++;
  }
  return { suppressed, noAddress };
}

type Live = { jobId: number; abort: AbortController; promise: Promise<void> };
const LIVE = Symbol('email.live');

function stateOf(backend: Backend): { live: Live | null } {
  return backend.state(LIVE, () => {
    const state: { live: Live | null } = { live: null };
    // Locking closes the vault: stop sending now; the job resumes after the next unlock.
    backend.onLock(() => { state.live?.abort.abort(); });
    return state;
  });
}

export function liveJobId(backend: Backend): number | null {
  return stateOf(backend).live?.jobId ?? null;
}

type JobRow = { id: number; request_id: number; status: EmailJobView['status']; members: number; seeds: number; total: number; error_code: string | null; started_at: string; finished_at: string | null };

export function jobView(db: DB, backend: Backend, jobId: number): EmailJobView {
  const j = db.prepare('SELECT * FROM email_jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  if (!j) throw new AppError('email.jobNotFound', 'Not found.');
  const counts = Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM email_recipients WHERE job_id = ? GROUP BY state').all(jobId) as { state: string; n: number }[])
    .map((r) => [r.state, r.n])) as Record<string, number>;
  return {
    id: j.id, requestId: j.request_id, status: j.status, interrupted: j.status === 'running' && liveJobId(backend) !== j.id,
    members: j.members, seeds: j.seeds, total: j.total, sent: counts.sent ?? 0, failed: counts.failed ?? 0,
    uncertain: (counts.uncertain ?? 0) + (counts.sending ?? 0), pending: counts.pending ?? 0,
    errorCode: j.error_code, startedAt: j.started_at, finishedAt: j.finished_at,
  };
}

export function messageView(db: DB, requestId: number): EmailMessageView | null {
  const c = emailContent(db, requestId);
  if (!c) return null;
  const att = db.prepare('SELECT l.file_name AS fileName, l.size, l.sha256 FROM requests r JOIN literature l ON l.id = r.literature_id WHERE r.id = ?')
    .get(requestId) as { fileName: string; size: number; sha256: string };
  return {
    requestId, subject: c.subject, body: c.body, footer: c.footer, format: c.format,
    attachment: c.format === 'attachment' ? { fileName: att.fileName, bytes: att.size, sha256: att.sha256 } : null,
  };
}

/** Freezes the recipients of a released email request and starts sending once the command has committed. */
export function startEmailJob(ctx: HandlerContext, requestId: number): { jobId: number } {
  const db = ctx.db;
  const req = requestForProduction(db, requestId);
  if (req.channel !== 'email') throw new AppError('email.notEmailRequest', 'This request is not for the email channel.');
  if (req.status !== 'released') throw new AppError('merge.notReleased', 'Only a released request can be produced.', { status: req.status });
  if (db.prepare('SELECT 1 FROM email_jobs WHERE request_id = ?').get(requestId)) throw new AppError('email.jobExists', 'This request already has a send job: resume it.');
  if (!loadServer(db)) throw new AppError('email.notConfigured', 'The chair has not set up the union\'s mail server yet (Settings → Email).');
  // Only the message the candidate signed off is ever sent (issue 17 item 1).
  requireSignedOffContent(db, requestId);
  const live = stateOf(ctx.backend).live;
  if (live) throw new AppError('email.busy', 'Another email job is sending. Wait for it or cancel it first.');

  const w = emailAudienceWhere(req.audience);
  const members = (db.prepare(`SELECT m.id, m.email FROM members m WHERE ${w.sql} ORDER BY m.id`).all(...w.params) as { id: number; email: string }[])
    .flatMap((m) => { const c = normaliseEmail(m.email); return c.ok ? [{ row: m.id, address: c.address }] : []; });
  if (members.length === 0) throw new AppError('merge.emptyAudience', 'The audience of this request has no members.');
  const left = leftOut(db, req.audience);
  const key = seedKey(db);
  const seeds = (db.prepare('SELECT id, address FROM email_seeds WHERE active = 1 ORDER BY id').all() as { id: number; address: string }[])
    .sort((a, b) => Buffer.compare(hmac(key, `pick:${requestId}:${a.id}`), hmac(key, `pick:${requestId}:${b.id}`)))
    .slice(0, SEEDS_PER_EMAIL_JOB);
  const total = members.length + seeds.length;
  const at = ctx.now().toISOString();
  const jobId = Number(db.prepare(`INSERT INTO email_jobs (request_id, status, members, seeds, total, started_at, started_by, suppressed, no_address)
    VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)`).run(requestId, members.length, seeds.length, total, at, ctx.user.id, left.suppressed, left.noAddress).lastInsertRowid);
  // Seeds go at positions only the vault's key can tell (HMAC), never at ones computable from the job's numbers.
  const seedAt = new Map<number, { id: number; address: string }>();
  for (const s of seeds) {
    let p = hmac(key, `place:${jobId}:${s.id}`).readUInt32BE(0) % total;
    while (seedAt.has(p)) p = (p + 1) % total;
    seedAt.set(p, s);
  }
  const insert = db.prepare('INSERT INTO email_recipients (job_id, seq, member_row, seed_id, address) VALUES (?, ?, ?, ?, ?)');
  let m = 0;
  for (let seq = 0; seq < total; seq++) {
    const seed = seedAt.get(seq);
    if (seed) insert.run(jobId, seq, null, seed.id, seed.address);
    else { const r = members[m++]!; insert.run(jobId, seq, r.row, null, r.address); }
  }
  ctx.audit({ action: 'email.start', target: `request:${requestId}`, details: { jobId, requestId, members: members.length, seeds: seeds.length, suppressed: left.suppressed, noAddress: left.noAddress } });
  ctx.afterCommit(() => { launch(ctx.backend, jobId); });
  return { jobId };
}

export function resumeEmailJob(ctx: HandlerContext, jobId: number): { jobId: number } {
  const v = jobView(ctx.db, ctx.backend, jobId);
  if (v.status === 'done') throw new AppError('email.jobDone', 'This job has finished.');
  const live = stateOf(ctx.backend).live;
  // A job cancelled a moment ago may still be finishing the message in hand: resume starts once it has stopped.
  const stopping = live !== null && live.jobId === jobId && live.abort.signal.aborted ? live : null;
  if (live !== null && !stopping) throw new AppError('email.busy', 'Another email job is sending. Wait for it or cancel it first.');
  ctx.db.prepare("UPDATE email_jobs SET status = 'running', error_code = NULL WHERE id = ?").run(jobId);
  ctx.audit({ action: 'email.resume', target: `emailJob:${jobId}`, details: { jobId, sent: v.sent, pending: v.pending } });
  ctx.afterCommit(async () => {
    if (stopping) await stopping.promise;
    launch(ctx.backend, jobId);
  });
  return { jobId };
}

export function cancelEmailJob(ctx: HandlerContext, jobId: number): EmailJobView {
  const v = jobView(ctx.db, ctx.backend, jobId);
  if (v.status !== 'running') return v;
  ctx.db.prepare("UPDATE email_jobs SET status = 'cancelled' WHERE id = ?").run(jobId);
  ctx.audit({ action: 'email.cancel', target: `emailJob:${jobId}`, details: { jobId, sent: v.sent, pending: v.pending } });
  const live = stateOf(ctx.backend).live;
  if (live?.jobId === jobId) live.abort.abort();
  return { ...v, status: 'cancelled' };
}

/** Starts sending in the background; the promise settles when the job stops, however it stops. */
export function launch(backend: Backend, jobId: number): Live {
  const state = stateOf(backend);
  const live: Live = { jobId, abort: new AbortController(), promise: Promise.resolve() };
  state.live = live;
  live.promise = run(backend, live).finally(() => { if (state.live === live) state.live = null; });
  return live;
}

async function run(backend: Backend, live: Live): Promise<void> {
  const db = backend.vault!.db;
  const { jobId } = live;
  const job = db.prepare('SELECT request_id FROM email_jobs WHERE id = ?').get(jobId) as { request_id: number };
  const server = loadServer(db);
  let sender: Sender | null = null;
  const stop = async (status: 'failed' | 'cancelled', code: string | null) => {
    try {
      if (!(await idle(db))) return;
      db.transaction(() => {
        db.prepare("UPDATE email_jobs SET status = ?, error_code = ? WHERE id = ? AND status = 'running'").run(status, code, jobId);
        backend.audit({ action: status === 'failed' ? 'email.failed' : 'email.cancel', target: `emailJob:${jobId}`, details: { jobId, code } });
      })();
    } catch (err) {
      // The vault closed or another workstation holds it: the job stays 'running', shown as interrupted, and resumes.
      process.stderr.write(`[litdesk] email job ${jobId} could not record its stop: ${(err as Error).name}\n`);
    }
  };
  try {
    if (!server) { await stop('failed', 'email.notConfigured'); return; }
    if (!(await idle(db))) return;
    // A message left 'sending' by a crash may have gone out: never again.
    const uncertain = db.transaction(() => {
      const n = db.prepare("UPDATE email_recipients SET state = 'uncertain', changed_at = ? WHERE job_id = ? AND state = 'sending'")
        .run(backend.now().toISOString(), jobId).changes;
      if (n > 0) backend.audit({ action: 'email.uncertain', target: `emailJob:${jobId}`, details: { jobId, messages: n } });
      return n;
    })();
    void uncertain;
    // The message the candidate signed off, or nothing at all: a change since the job started stops it here too.
    let content: EmailContent;
    try { content = requireSignedOffContent(db, job.request_id); } catch (err) { await stop('failed', (err as AppError).code); return; }
    const fromName = `${content.candidate} via ${server.fromName}`;
    const key = seedKey(db);
    const fromDomain = server.fromAddress.split('@')[1] ?? 'localhost';
    sender = openSender(server);
    const gapMs = 60_000 / server.perMinute;
    const next = db.prepare("SELECT seq, address FROM email_recipients WHERE job_id = ? AND state = 'pending' ORDER BY seq LIMIT 1");
    const setState = db.prepare('UPDATE email_recipients SET state = ?, changed_at = ?, error_code = ? WHERE job_id = ? AND seq = ?');
    for (;;) {
      const started = Date.now();
      if (live.abort.signal.aborted) return;
      if (!(await idle(db))) return;
      const status = db.prepare('SELECT status FROM email_jobs WHERE id = ?').pluck().get(jobId) as string;
      if (status !== 'running') return;
      const r = next.get(jobId) as { seq: number; address: string } | undefined;
      if (!r) break;
      db.transaction(() => setState.run('sending', backend.now().toISOString(), null, jobId, r.seq))();
      let outcome: { state: 'sent' | 'failed' | 'uncertain' | 'pending'; code: string | null; stop: boolean };
      try {
        await sender.send({
          from: { name: fromName, address: server.fromAddress },
          to: r.address,
          subject: content.subject,
          text: content.text,
          ...(content.html !== null ? { html: content.html } : {}),
          attachments: content.attachment ? [{ filename: content.attachment.fileName, content: content.attachment.bytes, contentType: 'application/pdf' }] : [],
          headers: { 'List-Unsubscribe': `<mailto:${server.unsubscribeAddress}?subject=unsubscribe>` },
          messageId: `<${hmac(key, `msg:${jobId}:${r.seq}`).toString('hex').slice(0, 32)}@${fromDomain}>`,
          envelope: { from: server.fromAddress, to: [r.address] },
          disableFileAccess: true, disableUrlAccess: true,
        });
        outcome = { state: 'sent', code: null, stop: false };
      } catch (err) {
        const f = classify(err);
        outcome = f.scope === 'recipient' ? { state: 'failed', code: f.error.code, stop: false }
          : f.scope === 'connection' ? { state: 'pending', code: f.error.code, stop: true }
            : { state: 'uncertain', code: f.error.code, stop: true };
      }
      if (!(await idle(db))) return;
      db.transaction(() => {
        setState.run(outcome.state, backend.now().toISOString(), outcome.state === 'pending' ? null : outcome.code, jobId, r.seq);
        if (outcome.state === 'failed' && outcome.code === 'email.recipientRefused') {
          const row = db.prepare('SELECT member_row FROM email_recipients WHERE job_id = ? AND seq = ?').pluck().get(jobId, r.seq) as number | null;
          db.prepare(`INSERT OR IGNORE INTO email_suppressions (address_key, member_row, reason, recorded_at, recorded_by)
            VALUES (?, ?, 'hardBounce', ?, NULL)`).run(emailKey(r.address), row, backend.now().toISOString());
        }
      })();
      if (outcome.stop) { await stop('failed', outcome.code); return; }
      const wait = gapMs - (Date.now() - started);
      if (wait > 0) await sleep(wait, live.abort.signal);
    }
    await finish(backend, db, jobId, job.request_id);
  } catch (err) {
    // Names only: an error's text could carry an address.
    process.stderr.write(`[litdesk] email job ${jobId} stopped: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}\n`);
    if (backend.vault?.db === db && db.open) await stop('failed', 'email.workerFailed');
  } finally {
    sender?.close();
  }
}

async function finish(backend: Backend, db: DB, jobId: number, requestId: number): Promise<void> {
  if (!(await idle(db))) return;
  db.transaction(() => {
    const v = jobView(db, backend, jobId);
    const at = backend.now().toISOString();
    db.prepare("UPDATE email_jobs SET status = 'done', finished_at = ? WHERE id = ?").run(at, jobId);
    db.prepare("UPDATE requests SET status = 'produced' WHERE id = ? AND status = 'released'").run(requestId);
    db.prepare("UPDATE requests SET status = 'mailed', mailed_at = ?, mail_house = 'email', mailed_by = NULL WHERE id = ? AND status = 'produced'").run(at, requestId);
    backend.audit({
      action: 'email.done', target: `request:${requestId}`,
      details: { jobId, requestId, members: v.members, seeds: v.seeds, sent: v.sent, failed: v.failed, uncertain: v.uncertain },
    });
  })();
}
