import type { ApprovalView } from '../../shared/api/commands/approvals.ts';
import type { ReadAlert, ReadBudgetRow } from '../../shared/api/commands/members.ts';
import { approval, requestApproval, type PendingApproval } from '../approvals/store.ts';
import { AppError } from '../../shared/api/errors.ts';
import { committeeDayBounds, type CommitteeDayBounds } from '../core/committee-day.ts';
import type { HandlerContext } from '../core/context.ts';
import { putSetting, setting } from '../users/store.ts';
import type { DB } from '../vault/database.ts';

// The daily read budget (issue 13 §3, DESIGN §3): member records viewed (list rows and detail views) count against
// a per-user budget for the committee's day. The count comes from the audit log itself — the append-only,
// hash-chained record of which member IDs each user was shown — so it cannot be lowered without breaking the chain.
// Past the budget: a plain refusal, and an alert the auditor's screens show first.

export const DEFAULT_READ_BUDGET = 300;
/** Audit actions that show member records, and how many each entry showed. */
const VIEW_ACTIONS = ['members.list', 'members.get'] as const;
export const ALERT_ACTION = 'alert.readBudget';
const REFUSED_ACTION = 'members.readRefused';

const budgetKey = (userId: number): string => `read_budget.user.${userId}`;

export function readBudget(db: DB, userId: number): number {
  return Number(setting(db, budgetKey(userId), String(DEFAULT_READ_BUDGET)));
}

/**
 * Records the user was shown during the day. Walks each viewing action's entries newest first (the action index)
 * and stops at the day's start, so the cost is today's entries, not the log's history.
 */
export function recordsViewed(db: DB, userId: number, day: CommitteeDayBounds): number {
  let total = 0;
  for (const action of VIEW_ACTIONS) {
    const rows = db.prepare(`SELECT at, actor_id, coalesce(json_extract(details, '$.records'), json_extract(details, '$.rows'), 1) AS n
        FROM audit_log WHERE action = ? ORDER BY seq DESC`).raw().iterate(action) as IterableIterator<[string, number | null, number]>;
    for (const [at, actor, n] of rows) {
      if (at < day.start) break;
      if (actor === userId && at < day.end) total += n;
    }
  }
  return total;
}

/**
 * Charges `records` views to the signed-in user, or refuses. A refusal leaves two entries that survive the
 * command's rollback: the refused read, and — once per user and day — the alert.
 */
export function chargeRead(ctx: HandlerContext, command: string, records: number): void {
  const db = ctx.db;
  const user = ctx.user;
  const day = committeeDayBounds(db, ctx.now());
  const budget = readBudget(db, user.id);
  const viewed = recordsViewed(db, user.id, day);
  if (viewed + records <= budget) return;
  const details = { userId: user.id, login: user.login, role: user.role, day: day.day, budget, viewed, attempted: records, command };
  ctx.onRefused(() => {
    const alerted = db.prepare(`SELECT 1 FROM audit_log WHERE action = ? AND target = ? AND at >= ? AND at < ? LIMIT 1`)
      .get(ALERT_ACTION, `user:${user.id}`, day.start, day.end) !== undefined;
    ctx.audit({ action: REFUSED_ACTION, target: `user:${user.id}`, details });
    if (!alerted) ctx.audit({ action: ALERT_ACTION, target: `user:${user.id}`, details });
  });
  throw new AppError('members.readBudgetExceeded', 'You have viewed as many member records today as your daily limit allows. The auditor has been told.', {
    budget, viewed,
  });
}

type Member = { id: number; login: string; role: string; active: number };

function committeeMember(ctx: HandlerContext, userId: number): Member {
  const u = ctx.db.prepare('SELECT id, login, role, active FROM users WHERE id = ?').get(userId) as Member | undefined;
  if (!u || u.active !== 1) throw new AppError('users.notFound', 'No such user.');
  if (u.role !== 'chair' && u.role !== 'staff') throw new AppError('members.readBudgetRole', 'Only committee members read member records; other roles have no budget.');
  return u;
}

function putBudget(ctx: HandlerContext, u: Member, dailyRecords: number, reason: string, approvalId: number | null): void {
  const previous = readBudget(ctx.db, u.id);
  putSetting(ctx.db, budgetKey(u.id), String(dailyRecords));
  ctx.audit({ action: 'members.readBudget.set', target: `user:${u.id}`, details: { userId: u.id, login: u.login, previous, dailyRecords, reason, approvalId } });
}

/**
 * The chair sets a user's daily budget, with a reason in the audit log. Lowering it takes effect at once; raising it
 * follows the four-eyes rule (issue 13 §1): it waits, as a countersignature request, for a second committee member,
 * and only their approval sets it (`applyReadBudget`), with the reason and both names on the audit trail.
 */
export function setReadBudget(ctx: HandlerContext, input: { userId: number; dailyRecords: number; reason: string }): ReadBudgetRow & { countersign: ApprovalView | null } {
  const u = committeeMember(ctx, input.userId);
  const previous = readBudget(ctx.db, u.id);
  let countersign: ApprovalView | null = null;
  if (input.dailyRecords > previous) {
    const id = requestApproval(ctx.db, {
      kind: 'readBudget', subject: `user:${u.id}`, reason: input.reason, by: ctx.user.id, at: ctx.now(),
      summary: { userId: u.id, login: u.login, role: u.role, previous, dailyRecords: input.dailyRecords },
      payload: { userId: u.id, dailyRecords: input.dailyRecords },
    });
    ctx.audit({ action: 'members.readBudget.propose', target: `user:${u.id}`, details: { userId: u.id, login: u.login, previous, dailyRecords: input.dailyRecords, reason: input.reason, approvalId: id } });
    countersign = approval(ctx.db, id);
  } else {
    putBudget(ctx, u, input.dailyRecords, input.reason, null);
  }
  return { ...budgetRows(ctx.db, ctx.now()).find((r) => r.userId === u.id)!, countersign };
}

/** A second committee member approved raising a budget: it takes effect now. */
export function applyReadBudget(ctx: HandlerContext, a: PendingApproval): Record<string, unknown> {
  const p = a.payload as { userId: number; dailyRecords: number };
  const u = committeeMember(ctx, p.userId);
  const reason = (ctx.db.prepare('SELECT reason FROM approvals WHERE id = ?').get(a.id) as { reason: string }).reason;
  putBudget(ctx, u, p.dailyRecords, reason, a.id);
  return { userId: u.id, dailyRecords: p.dailyRecords };
}

export function budgetRows(db: DB, now: Date): ReadBudgetRow[] {
  const day = committeeDayBounds(db, now);
  const users = db.prepare("SELECT id, login, display_name, role FROM users WHERE active = 1 AND role IN ('chair','staff') ORDER BY id").all() as
    Array<{ id: number; login: string; display_name: string; role: 'chair' | 'staff' }>;
  return users.map((u) => ({
    userId: u.id, login: u.login, displayName: u.display_name, role: u.role, day: day.day,
    dailyRecords: readBudget(db, u.id), viewedToday: recordsViewed(db, u.id, day),
  }));
}

/** Read-budget alerts, newest first: who, when, how many. */
export function readAlerts(db: DB, limit = 100): ReadAlert[] {
  const rows = db.prepare('SELECT seq, at, actor, details FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT ?').all(ALERT_ACTION, limit) as
    Array<{ seq: number; at: string; actor: string; details: string }>;
  return rows.map((r) => {
    const d = JSON.parse(r.details) as { userId: number; login: string; role: string; day: string; budget: number; viewed: number; attempted: number };
    const refusals = db.prepare(`SELECT count(*) FROM audit_log WHERE action = ? AND target = ? AND json_extract(details, '$.day') = ?`)
      .pluck().get(REFUSED_ACTION, `user:${d.userId}`, d.day) as number;
    return { seq: r.seq, at: r.at, who: r.actor, userId: d.userId, day: d.day, budget: d.budget, viewed: d.viewed, attempted: d.attempted, refusals };
  });
}
