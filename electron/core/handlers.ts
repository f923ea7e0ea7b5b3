import type { Contract } from '../../shared/api/contract.ts';
import type { Handlers } from './context.ts';
import { approvalsHandlers } from '../approvals/app.ts';
import { auditHandlers } from '../audit/app.ts';
import { audiencesHandlers } from '../elections/audiences.ts';
import { readyHandlers } from '../elections/ready.ts';
import { billingHandlers } from '../billing/app.ts';
import { electionsHandlers } from '../elections/app.ts';
import { emailHandlers } from '../email/app.ts';
import { membersHandlers } from '../members/app.ts';
import { mergeHandlers } from '../merge/app.ts';
import { reportsHandlers } from '../reports/app.ts';
import { usersHandlers } from '../users/app.ts';
import { vaultHandlers } from '../vault/app.ts';
import { backupHandlers } from '../vault/backup.ts';

/** Every command's handler; the type makes a command without a handler a compile error. */
export const handlers: Handlers<Contract> = {
  ...vaultHandlers,
  ...backupHandlers,
  ...usersHandlers,
  ...auditHandlers,
  ...membersHandlers,
  ...electionsHandlers,
  ...mergeHandlers,
  ...billingHandlers,
  ...approvalsHandlers,
  ...reportsHandlers,
  ...emailHandlers,
  ...audiencesHandlers,
  ...readyHandlers,
};
