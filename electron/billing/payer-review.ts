import type { PendingApproval } from '../approvals/store.ts';
import type { HandlerContext } from '../core/context.ts';

export function applyReviewedPayment(_ctx: HandlerContext, _a: PendingApproval): Record<string, unknown> {
  throw new Error('not yet');
}
