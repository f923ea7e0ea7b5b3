import type { ApprovalKind, approvalsCommands } from '../../shared/api/commands/approvals.ts';
import { AppError } from '../../shared/api/errors.ts';
import { applyCorrection } from '../billing/corrections.ts';
import { applyPayerNameOff, applyReviewedPayment, applyUnionName } from '../billing/payer-review.ts';
import { applyPaymentInstructions } from '../billing/pay-instructions.ts';
import { applyReadBudget } from '../members/read-budget.ts';
import type { HandlerContext, Handlers } from '../core/context.ts';
import { usersHandlers } from '../users/app.ts';
import { loginSubject } from './committee.ts';
import { approval, decide, listApprovals, recordResult, requestApproval, type PendingApproval } from './store.ts';

type Run = (ctx: HandlerContext, p: PendingApproval, extra: { oneTimePassphrase: string | undefined }) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** What each kind of approval does once a second committee member approves it, in the same transaction. */
const RUN: Record<ApprovalKind, Run> = {
  committeeMember: async (ctx, p, extra) => {
    // The approver sets the new member's one-time passphrase: the member who proposed them never learns it.
    if (!extra.oneTimePassphrase) throw new AppError('approvals.passphraseNeeded', 'Give the new member a one-time passphrase.');
    const u = p.payload as { login: string; displayName: string; role: 'chair' | 'staff' };
    const row = await usersHandlers['users.add'](ctx, { login: u.login, displayName: u.displayName, role: u.role, candidateId: null, oneTimePassphrase: extra.oneTimePassphrase });
    return { userId: row.id, login: row.login };
  },
  actualsCorrection: (ctx, p) => applyCorrection(ctx, p),
  payerReview: (ctx, p) => applyReviewedPayment(ctx, p),
  readBudget: (ctx, p) => applyReadBudget(ctx, p),
  payerNameOff: (ctx, p) => applyPayerNameOff(ctx, p),
  unionName: (ctx, p) => applyUnionName(ctx, p),
  payInstructions: (ctx, p) => applyPaymentInstructions(ctx, p),
};

export const approvalsHandlers: Handlers<typeof approvalsCommands> = {
  'countersign.list': (ctx, input) => listApprovals(ctx.db, input),

  'countersign.decide': async (ctx, input) => {
    const p = decide(ctx.db, input.countersignId, { by: ctx.user.id, at: ctx.now(), approve: input.agree, note: input.note });
    ctx.audit({ action: 'countersign.decide', target: `approval:${p.id}`, details: { kind: p.kind, subject: p.subject, status: p.status, requestedBy: p.requestedBy } });
    if (p.status === 'approved') {
      const result = await RUN[p.kind](ctx, p, { oneTimePassphrase: input.oneTimePassphrase });
      recordResult(ctx.db, p.id, result);
    }
    return approval(ctx.db, p.id);
  },

  'users.propose': (ctx, input) => {
    const taken = ctx.db.prepare('SELECT 1 FROM users WHERE login = ?').get(input.login);
    if (taken) throw new AppError('users.loginTaken', 'That login is already used (logins are never reused, for the audit trail).');
    const id = requestApproval(ctx.db, {
      kind: 'committeeMember', subject: loginSubject(input.login), reason: input.reason, by: ctx.user.id, at: ctx.now(),
      summary: { login: input.login, displayName: input.displayName, role: input.role },
      payload: { login: input.login, displayName: input.displayName, role: input.role },
    });
    ctx.audit({ action: 'users.propose', target: input.login, details: { approvalId: id, role: input.role } });
    return approval(ctx.db, id);
  },
};
