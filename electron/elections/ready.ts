import type { readyCommands, ReadyNotice } from '../../shared/api/commands/ready.ts';
import { AppError } from '../../shared/api/errors.ts';
import { formatMoney } from '../../shared/domain/money.ts';
import { prepaymentShortfall } from '../billing/gate.ts';
import type { Handlers } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { noDelete } from '../vault/migrations/guards.ts';

// Staff tell the chair a job is ready (issue 16 §6); see shared/api/commands/ready.ts.

export const readyNoticesStep: Migration = {
  id: 'issue16-ready-notices',
  name: 'elections: staff tell the chair a job is ready to authorise or release; the chair marks it seen',
  up: (db) => db.exec(`
    CREATE TABLE ready_notices (
      id INTEGER PRIMARY KEY,
      request_id INTEGER NOT NULL REFERENCES requests(id),
      step TEXT NOT NULL CHECK (step IN ('authorise', 'release')),
      note TEXT,
      created_at TEXT NOT NULL,
      created_by INTEGER NOT NULL REFERENCES users(id),
      seen_at TEXT,
      seen_by INTEGER REFERENCES users(id),
      CHECK ((seen_at IS NULL) = (seen_by IS NULL))
    ) STRICT;
    CREATE UNIQUE INDEX ready_notices_one_open ON ready_notices(request_id, step) WHERE seen_at IS NULL;
    ${noDelete('ready_notices', 'a notice between committee members is kept')}
    CREATE TRIGGER ready_notices_fixed BEFORE UPDATE ON ready_notices
      WHEN OLD.seen_at IS NOT NULL OR NEW.request_id IS NOT OLD.request_id OR NEW.step IS NOT OLD.step OR NEW.note IS NOT OLD.note
        OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
      BEGIN SELECT RAISE(ABORT, 'a notice is only ever marked seen, once'); END;
  `),
};

type Row = { id: number; request_id: number; candidate_name: string; step: 'authorise' | 'release'; note: string | null; created_at: string;
  created_name: string; seen_at: string | null; seen_name: string | null; status: string };

const SELECT = `SELECT n.*, c.full_name AS candidate_name, r.status, cu.display_name AS created_name, su.display_name AS seen_name
  FROM ready_notices n JOIN requests r ON r.id = n.request_id JOIN candidates c ON c.id = r.candidate_id
  JOIN users cu ON cu.id = n.created_by LEFT JOIN users su ON su.id = n.seen_by`;

const toView = (r: Row): ReadyNotice => ({
  id: r.id, requestId: r.request_id, candidateName: r.candidate_name, step: r.step, note: r.note, createdAt: r.created_at,
  createdBy: r.created_name, seenAt: r.seen_at, seenBy: r.seen_name, requestStatus: r.status,
});

function notice(db: DB, id: number): ReadyNotice {
  const r = db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as Row | undefined;
  if (!r) throw new AppError('ready.notFound', 'That notice does not exist.');
  return toView(r);
}

type C = typeof readyCommands;

export const readyHandlers: Handlers<C> = {
  /**
   * Ready means what the core would accept next: signed off and paid in full (the chair authorises), or authorised
   * and paid in full (a second committee member releases). Anything else is refused with the reason, so the chair is
   * never called for a job that would be refused.
   */
  'requests.tellChair': (ctx, input) => {
    const r = ctx.db.prepare('SELECT id, status FROM requests WHERE id = ?').get(input.requestId) as { id: number; status: string } | undefined;
    if (!r) throw new AppError('requests.notFound', 'That request does not exist.');
    const step = r.status === 'signedOff' ? 'authorise' : r.status === 'authorised' ? 'release' : null;
    if (step === null) throw new AppError('ready.notReady', 'This request is not waiting for the chair: it must be signed off by the candidate, or authorised.', { status: r.status });
    const short = prepaymentShortfall(ctx.db, r.id);
    if (short > 0) throw new AppError('ready.notPaid', 'This job is not paid in full yet.', { amount: formatMoney(short) });
    const open = ctx.db.prepare('SELECT 1 FROM ready_notices WHERE request_id = ? AND step = ? AND seen_at IS NULL').get(r.id, step);
    if (open) throw new AppError('ready.alreadyTold', 'The chair has already been told and has not seen it yet.');
    const out = ctx.db.prepare('INSERT INTO ready_notices (request_id, step, note, created_at, created_by) VALUES (?,?,?,?,?)')
      .run(r.id, step, input.note || null, ctx.now().toISOString(), ctx.user.id);
    const id = Number(out.lastInsertRowid);
    ctx.audit({ action: 'requests.tellChair', target: `request:${r.id}`, details: { noticeId: id, step } });
    return notice(ctx.db, id);
  },

  /** Open notices first (oldest first: the queue order), then the 20 most recently seen. */
  'readyNotices.list': (ctx) => {
    const open = ctx.db.prepare(`${SELECT} WHERE n.seen_at IS NULL ORDER BY n.id`).all() as Row[];
    const seen = ctx.db.prepare(`${SELECT} WHERE n.seen_at IS NOT NULL ORDER BY n.seen_at DESC, n.id DESC LIMIT 20`).all() as Row[];
    return [...open, ...seen].map(toView);
  },

  'readyNotices.seen': (ctx, input) => {
    const n = notice(ctx.db, input.noticeId);
    if (n.seenAt !== null) return n;
    ctx.db.prepare('UPDATE ready_notices SET seen_at = ?, seen_by = ? WHERE id = ?').run(ctx.now().toISOString(), ctx.user.id, n.id);
    ctx.audit({ action: 'readyNotices.seen', target: `request:${n.requestId}`, details: { noticeId: n.id } });
    return notice(ctx.db, n.id);
  },
};
