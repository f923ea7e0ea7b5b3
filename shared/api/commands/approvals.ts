import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { displayName, id, login, passphrase } from './foundation.ts';

// Four eyes (issue 13): what one committee member asks and a SECOND committee member countersigns (stored as an
// "approval"; the commands say countersign, since no command may sound like judging content, 29 CFR 452.70). The same small
// mechanism serves corrections of actual costs, the review of a payer whose name is close to the union's or an
// employer's, adding a committee member after set-up, raising a member-record read budget, switching off a name that
// may not pay, changing the union's legal name, and
// the payment instructions that tell candidates whom to pay.

export const APPROVAL_KINDS = ['actualsCorrection', 'payerReview', 'committeeMember', 'readBudget', 'payerNameOff', 'unionName', 'payInstructions'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export type ApprovalStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export type ApprovalView = {
  id: number; kind: ApprovalKind; subject: string;
  /** What the second member reads before deciding: figures, names, never a secret. */
  summary: Record<string, unknown>;
  reason: string;
  requestedBy: { id: number; name: string }; requestedAt: string;
  status: ApprovalStatus;
  decidedBy: { id: number; name: string } | null; decidedAt: string | null; note: string | null;
  /** What the approved action did (document labels, the new user's id). */
  result: Record<string, unknown> | null;
};

const reason = z.string().trim().min(3).max(2000);

export const approvalsCommands = {
  'countersign.list': defineCommand<ApprovalView[]>()({
    input: z.object({ status: z.enum(['pending', 'all']).default('pending'), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'none',
  }),
  /**
   * A second committee member countersigns (agree: true) or declines; the member who asked may only withdraw
   * (agree: false). Countersigning a new committee member sets their one-time passphrase here, so the member who
   * proposed them never knows it. (Named so: LitDesk has no step that approves or rejects a candidate's content.)
   */
  'countersign.decide': defineCommand<ApprovalView>()({
    input: z.object({
      countersignId: id, agree: z.boolean(), note: z.string().trim().max(2000).optional(), oneTimePassphrase: passphrase.optional(),
    }).strict(),
    roles: ['chair', 'staff'], kind: 'write', memberData: 'none',
  }),
  /** After set-up, a new chair or staff member is proposed by the chair and approved by a second committee member. */
  'users.propose': defineCommand<ApprovalView>()({
    input: z.object({ login, displayName, role: z.enum(['chair', 'staff']), reason }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
};
