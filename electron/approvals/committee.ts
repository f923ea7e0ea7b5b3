import { AppError } from '../../shared/api/errors.ts';
import type { ReadonlyDB } from '../vault/database.ts';
import { approvedUnused } from './store.ts';

export const loginSubject = (login: string): string => `login:${login.toLowerCase()}`;

/**
 * Who may add a committee member (chair or staff), issue 13: after set-up, only under an approval decided by a second
 * committee member, so no one can mint a second identity to approve their own work. The one exception is the very
 * first committee member next to the chair who set up the vault: a lone chair has nobody to ask, and the first release
 * needs two members. It cannot be otherwise (any rule the lone chair can meet, the lone chair can meet with a puppet),
 * so the audit entry says so (`basis: 'firstMemberNextToLoneChair'`) and the Users screen tells the chair whom they
 * are trusting. Candidates and auditors hold no key and approve nothing: the chair adds them alone.
 * The database trigger `users_committee_second_approval` checks the same rule.
 */
export function committeeAddBasis(db: ReadonlyDB, login: string, role: string): { basis: 'notCommittee' | 'firstMemberNextToLoneChair' | 'approval'; approvalId: number | null } {
  if (role !== 'chair' && role !== 'staff') return { basis: 'notCommittee', approvalId: null };
  const ever = db.prepare("SELECT count(*) AS n FROM users WHERE role IN ('chair','staff')").get() as { n: number };
  if (ever.n < 2) return { basis: 'firstMemberNextToLoneChair', approvalId: null };
  const approvalId = approvedUnused(db, 'committeeMember', loginSubject(login));
  if (approvalId === null) {
    throw new AppError('users.secondApprovalNeeded',
      'A new committee member needs a second committee member\'s approval: propose them, and another member approves.');
  }
  return { basis: 'approval', approvalId };
}
