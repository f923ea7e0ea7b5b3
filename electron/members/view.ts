import type { MemberView } from '../../shared/api/commands/members.ts';
import type { DB } from '../vault/database.ts';
import { memberDetail } from './queries.ts';
import type { MemberRow } from './writer.ts';

/**
 * One member as `members.get` and `members.correct` answer it: the detail and the list's delivery point. The
 * column's CHECK allows a delivery point only after a ZIP+4, so a stored one is always shown beside the ZIP+4.
 */
export function memberView(db: DB, row: MemberRow): MemberView {
  return { ...memberDetail(db, row), deliveryPoint: row.zip4 ? row.delivery_point : null };
}
