import type { ApprovalKind, ApprovalStatus, ApprovalView } from '../../shared/api/commands/approvals.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { ReadonlyDB, WritableDB } from '../vault/database.ts';

type Row = {
  id: number; kind: ApprovalKind; subject: string; summary: string; payload: string; reason: string;
  requested_by: number; requested_name: string; requested_at: string; status: ApprovalStatus;
  decided_by: number | null; decided_name: string | null; decided_at: string | null; note: string | null; result: string | null;
};

const SELECT = `SELECT a.*, r.display_name AS requested_name, d.display_name AS decided_name FROM approvals a
  JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by`;

const toView = (r: Row): ApprovalView => ({
  id: r.id, kind: r.kind, subject: r.subject, summary: JSON.parse(r.summary) as Record<string, unknown>, reason: r.reason,
  requestedBy: { id: r.requested_by, name: r.requested_name }, requestedAt: r.requested_at, status: r.status,
  decidedBy: r.decided_by === null ? null : { id: r.decided_by, name: r.decided_name ?? '' }, decidedAt: r.decided_at, note: r.note,
  result: r.result === null ? null : JSON.parse(r.result) as Record<string, unknown>,
});

export type PendingApproval = { id: number; kind: ApprovalKind; subject: string; payload: unknown; requestedBy: number };

/**
 * Only an active committee member asks for or gives a countersignature (the database says the same): a member removed
 * while signed in is refused in plain words, not by the trigger.
 */
function activeCommitteeMember(db: ReadonlyDB, userId: number): void {
  const ok = db.prepare("SELECT 1 FROM users WHERE id = ? AND active = 1 AND role IN ('chair','staff')").get(userId);
  if (!ok) throw new AppError('auth.forbidden', 'Only an active committee member asks for or gives a countersignature.');
}

/** Records what member `by` asks; nothing happens until a second committee member approves it. */
export function requestApproval(db: WritableDB, a: {
  kind: ApprovalKind; subject: string; summary: Record<string, unknown>; payload: unknown; reason: string; by: number; at: Date;
}): number {
  activeCommitteeMember(db, a.by);
  const open = db.prepare("SELECT id FROM approvals WHERE kind = ? AND subject = ? AND status = 'pending'").get(a.kind, a.subject) as { id: number } | undefined;
  if (open) throw new AppError('approvals.alreadyPending', 'The same thing is already waiting for a second committee member.', { approvalId: open.id });
  return Number(db.prepare(`INSERT INTO approvals (kind, subject, summary, payload, reason, requested_by, requested_at) VALUES (?,?,?,?,?,?,?)`)
    .run(a.kind, a.subject, JSON.stringify(a.summary), JSON.stringify(a.payload), a.reason.trim(), a.by, a.at.toISOString()).lastInsertRowid);
}

export function approval(db: ReadonlyDB, id: number): ApprovalView {
  const r = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  if (!r) throw new AppError('approvals.notFound', 'No such approval.');
  return toView(r);
}

export function listApprovals(db: ReadonlyDB, o: { status: 'pending' | 'all'; limit: number }): ApprovalView[] {
  const rows = db.prepare(`${SELECT} ${o.status === 'pending' ? "WHERE a.status = 'pending'" : ''} ORDER BY a.id DESC LIMIT ?`).all(o.limit) as Row[];
  return rows.map(toView);
}

/**
 * Marks a pending approval decided. The member who asked may only withdraw it; approving or refusing takes a second
 * committee member (the database refuses anything else too). Returns the pending action for the caller to run.
 */
export function decide(db: WritableDB, id: number, d: { by: number; at: Date; approve: boolean; note: string | undefined }): PendingApproval & { status: ApprovalStatus } {
  const r = db.prepare('SELECT id, kind, subject, payload, requested_by, status FROM approvals WHERE id = ?').get(id) as
    { id: number; kind: ApprovalKind; subject: string; payload: string; requested_by: number; status: ApprovalStatus } | undefined;
  if (!r) throw new AppError('approvals.notFound', 'No such approval.');
  if (r.status !== 'pending') throw new AppError('approvals.decided', 'This has already been decided.', { status: r.status });
  activeCommitteeMember(db, d.by);
  const own = r.requested_by === d.by;
  if (own && d.approve) {
    throw new AppError('approvals.sameMember', 'A second committee member must approve this: you asked for it yourself.');
  }
  const status: ApprovalStatus = own ? 'withdrawn' : d.approve ? 'approved' : 'refused';
  db.prepare('UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?')
    .run(status, d.by, d.at.toISOString(), d.note ?? null, id);
  return { id: r.id, kind: r.kind, subject: r.subject, payload: JSON.parse(r.payload) as unknown, requestedBy: r.requested_by, status };
}

/** Writes, once, what an approved action did. */
export function recordResult(db: WritableDB, id: number, result: Record<string, unknown>): void {
  db.prepare('UPDATE approvals SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
}

/** An approved, not yet used approval of `kind` for `subject` (the database checks the same when the action runs). */
export function approvedUnused(db: ReadonlyDB, kind: ApprovalKind, subject: string): number | null {
  const r = db.prepare("SELECT id FROM approvals WHERE kind = ? AND subject = ? AND status = 'approved' AND result IS NULL ORDER BY id DESC LIMIT 1")
    .get(kind, subject) as { id: number } | undefined;
  return r?.id ?? null;
}
