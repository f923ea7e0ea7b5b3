import type { emailCommands, EmailSeedView, EmailServerView } from '../../shared/api/commands/email.ts';
import { AppError } from '../../shared/api/errors.ts';
import { emailKey, normaliseEmail } from '../../shared/domain/email-address.ts';
import type { Handlers } from '../core/context.ts';
import { requestView } from '../elections/requests-store.ts';
import type { DB } from '../vault/database.ts';
import { cancelEmailJob, jobView, messageView, resumeEmailJob, startEmailJob } from './jobs.ts';
import { proofView } from './proof.ts';
import { classify, loadServer, openSender } from './transport.ts';

// Handlers of the email channel: one per command in shared/api/commands/email.ts. No handler returns a member's
// address; audit entries carry IDs and counts only.

function serverView(db: DB): EmailServerView {
  const s = loadServer(db);
  const at = db.prepare('SELECT updated_at FROM email_server WHERE id = 1').pluck().get() as string | undefined;
  if (!s) {
    return { configured: false, host: '', port: 587, security: 'starttls', username: '', fromAddress: '', fromName: '', unsubscribeAddress: '', perMinute: 60, hasPrivateCa: false, updatedAt: null };
  }
  return {
    configured: true, host: s.host, port: s.port, security: s.security, username: s.username, fromAddress: s.fromAddress,
    fromName: s.fromName, unsubscribeAddress: s.unsubscribeAddress, perMinute: s.perMinute, hasPrivateCa: s.caPem !== null, updatedAt: at ?? null,
  };
}

const checkedAddress = (raw: string, field: string): string => {
  const c = normaliseEmail(raw);
  if (!c.ok) throw new AppError('email.badAddress', 'That is not an email address LitDesk can send to.', { field });
  return c.address;
};

const counts = (db: DB) => {
  const rows = db.prepare('SELECT reason, count(*) AS n FROM email_suppressions GROUP BY reason').all() as { reason: string; n: number }[];
  const n = (r: string) => rows.find((x) => x.reason === r)?.n ?? 0;
  return { unsubscribes: n('unsubscribe'), hardBounces: n('hardBounce') };
};

const seedRow = (db: DB, id: number): EmailSeedView => {
  const r = db.prepare('SELECT id, label, address, active, added_at FROM email_seeds WHERE id = ?').get(id) as { id: number; label: string; address: string; active: number; added_at: string } | undefined;
  if (!r) throw new AppError('email.seedNotFound', 'Not found.');
  return { id: r.id, label: r.label, address: r.address, active: r.active === 1, addedAt: r.added_at };
};

export const emailHandlers: Handlers<typeof emailCommands> = {
  'email.server.get': (ctx) => serverView(ctx.db),

  'email.server.save': (ctx, input) => {
    const db = ctx.db;
    const old = loadServer(db);
    const password = input.password ?? old?.password;
    if (!password) throw new AppError('email.passwordNeeded', 'Enter the mail server\'s password.');
    const fromAddress = checkedAddress(input.fromAddress, 'fromAddress');
    const unsubscribeAddress = checkedAddress(input.unsubscribeAddress, 'unsubscribeAddress');
    const caPem = input.caPem === undefined ? (old?.caPem ?? null) : input.caPem;
    db.prepare(`INSERT INTO email_server (id, host, port, security, username, password, from_address, from_name, unsubscribe_address, ca_pem, per_minute, updated_at, updated_by)
      VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET host=excluded.host, port=excluded.port, security=excluded.security, username=excluded.username,
        password=excluded.password, from_address=excluded.from_address, from_name=excluded.from_name, unsubscribe_address=excluded.unsubscribe_address,
        ca_pem=excluded.ca_pem, per_minute=excluded.per_minute, updated_at=excluded.updated_at, updated_by=excluded.updated_by`)
      .run(input.host, input.port, input.security, input.username, password, fromAddress, input.fromName, unsubscribeAddress, caPem,
        input.perMinute, ctx.now().toISOString(), ctx.user.id);
    // The password itself never reaches the audit trail; that it changed does.
    ctx.audit({ action: 'email.server.save', target: 'emailServer', details: { host: input.host, port: input.port, security: input.security, perMinute: input.perMinute, passwordChanged: input.password !== undefined, privateCa: caPem !== null } });
    return serverView(db);
  },

  'email.server.check': async (ctx) => {
    const s = loadServer(ctx.db);
    if (!s) throw new AppError('email.notConfigured', 'The chair has not set up the union\'s mail server yet (Settings → Email).');
    const sender = openSender(s);
    try {
      await sender.verify();
      return { ok: true as const };
    } catch (err) {
      throw classify(err).error;
    } finally {
      sender.close();
    }
  },

  'email.seeds.list': (ctx) =>
    (ctx.db.prepare('SELECT id FROM email_seeds ORDER BY id').pluck().all() as number[]).map((id) => seedRow(ctx.db, id)),

  'email.seeds.add': (ctx, input) => {
    const address = checkedAddress(input.address, 'address');
    if (ctx.db.prepare('SELECT 1 FROM email_seeds WHERE address_key = ?').get(emailKey(address))) {
      throw new AppError('email.seedExists', 'That seed address is on the list already.');
    }
    const id = Number(ctx.db.prepare('INSERT INTO email_seeds (label, address, address_key, added_at) VALUES (?, ?, ?, ?)')
      .run(input.label, address, emailKey(address), ctx.now().toISOString()).lastInsertRowid);
    ctx.audit({ action: 'email.seeds.add', target: `emailSeed:${id}`, details: { label: input.label } });
    return seedRow(ctx.db, id);
  },

  'email.seeds.remove': (ctx, input) => {
    seedRow(ctx.db, input.seedId);
    ctx.db.prepare('UPDATE email_seeds SET active = 0, removed_at = ? WHERE id = ? AND active = 1').run(ctx.now().toISOString(), input.seedId);
    ctx.audit({ action: 'email.seeds.remove', target: `emailSeed:${input.seedId}` });
    return seedRow(ctx.db, input.seedId);
  },

  'email.suppress': (ctx, input) => {
    const db = ctx.db;
    let key: string;
    let memberRow: number | null;
    if (input.memberRow !== undefined || input.memberId !== undefined) {
      const m = (input.memberId !== undefined
        ? db.prepare('SELECT id, email FROM members WHERE member_id = ?').get(input.memberId)
        : db.prepare('SELECT id, email FROM members WHERE id = ?').get(input.memberRow)) as { id: number; email: string | null } | undefined;
      if (!m) throw new AppError('members.notFound', 'Not found.');
      memberRow = m.id;
      // A member without an address is suppressed by record, so an address added later is suppressed too.
      key = m.email ? emailKey(m.email) : `member:${m.id}`;
    } else {
      key = emailKey(checkedAddress(input.address!, 'address'));
      memberRow = (db.prepare('SELECT id FROM members WHERE lower(email) = ? ORDER BY id LIMIT 1').pluck().get(key) as number | undefined) ?? null;
    }
    const recorded = db.prepare(`INSERT OR IGNORE INTO email_suppressions (address_key, member_row, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)`)
      .run(key, memberRow, input.reason, ctx.now().toISOString(), ctx.user.id).changes > 0;
    // IDs only: the address itself never enters the audit trail.
    ctx.audit({ action: 'email.suppress', target: memberRow === null ? 'emailSuppression' : `member:${memberRow}`, details: { reason: input.reason, recorded, byMemberRecord: input.memberRow !== undefined || input.memberId !== undefined } });
    return { recorded, ...counts(db) };
  },

  'email.suppressionCounts': (ctx) => counts(ctx.db),

  'email.compose': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    if (v.channel !== 'email') throw new AppError('email.notEmailRequest', 'This request is not for the email channel.');
    if (!['received', 'quoted'].includes(v.status)) {
      throw new AppError('email.messageFixed', 'The message cannot change after the candidate signed off the proof. Submit a new request instead.');
    }
    const format = input.format ?? 'attachment';
    ctx.db.prepare(`INSERT INTO email_messages (request_id, subject, body, format, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(request_id) DO UPDATE SET subject = excluded.subject, body = excluded.body, format = excluded.format, created_at = excluded.created_at`)
      .run(v.id, input.subject, input.body.replace(/\r\n?/g, '\n'), format, ctx.now().toISOString());
    ctx.audit({ action: 'email.compose', target: `request:${v.id}`, details: { candidateId: v.candidateId, format, subjectChars: input.subject.length, bodyChars: input.body.length } });
    return messageView(ctx.db, v.id)!;
  },

  'email.message': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    return messageView(ctx.db, v.id);
  },

  'email.proof': (ctx, input) => {
    const v = requestView(ctx.db, ctx.user, input.requestId);
    if (v.channel !== 'email') throw new AppError('email.notEmailRequest', 'This request is not for the email channel.');
    return proofView(ctx.db, v.id);
  },

  'email.start': (ctx, input) => startEmailJob(ctx, input.requestId),
  'email.progress': (ctx, input) => jobView(ctx.db, ctx.backend, input.jobId),
  'email.cancel': (ctx, input) => cancelEmailJob(ctx, input.jobId),
  'email.resume': (ctx, input) => resumeEmailJob(ctx, input.jobId),
  'email.jobs': (ctx, input) =>
    (ctx.db.prepare('SELECT id FROM email_jobs WHERE request_id = ? ORDER BY id').pluck().all(input.requestId) as number[])
      .map((id) => jobView(ctx.db, ctx.backend, id)),
};
