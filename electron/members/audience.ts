import type { Audience } from '../../shared/domain/audience.ts';
import type { DB } from '../vault/database.ts';
import { audienceWhere } from './audience-sql.ts';
import { countOnSnapshot, currentSnapshot } from './snapshot.ts';

/** One addressee of a mailing, as the merge prints it (Publication 28 lines, name as stored, upper case). */
export type AudienceMember = {
  id: number;
  memberId: string;
  printName: string;
  delivery: string;
  secondary: string | null;
  lastLine: string;
  zip5: string;
  zip4: string | null;
  /** Lines printed above the delivery line (C/O, building name); empty for almost every member. */
  above: string[];
};

/** How many members an audience reaches (active, in good standing). */
export function countAudience(db: DB, audience: Audience): number {
  const snap = currentSnapshot(db);
  if (snap) return countOnSnapshot(db, snap, audience);
  return countAudienceSql(db, audience);
}

/** The same count straight from SQL: used inside a transaction that changed members, and as the tests' oracle. */
export function countAudienceSql(db: DB, audience: Audience): number {
  const where = audienceWhere(audience);
  return (db.prepare(`SELECT count(*) AS n FROM members m WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
}

/**
 * Streams an audience in presort order: ZIP5, then ZIP+4, then delivery point, then row id (ZIP3 groups follow from
 * ZIP5 order).
 * The statement holds a read of the connection while iterated; finish or `return()` the iterator before writing.
 */
export function* audienceMembers(db: DB, audience: Audience): IterableIterator<AudienceMember> {
  const where = audienceWhere(audience);
  const rows = db
    .prepare(
      `SELECT m.id, m.member_id, m.print_name, m.print_delivery, m.print_secondary, m.print_last_line, m.zip5, m.zip4, a.lines
       FROM members m LEFT JOIN member_print_above a ON a.member_row = m.id
       WHERE ${where.sql} ORDER BY m.zip5, m.zip4, m.delivery_point, m.id`,
    )
    .raw()
    .iterate(...where.params) as IterableIterator<
      [number, string, string, string, string | null, string, string, string | null, string | null]
    >;
  for (const [id, memberId, printName, delivery, secondary, lastLine, zip5, zip4, above] of rows) {
    yield { id, memberId, printName, delivery, secondary, lastLine, zip5, zip4, above: above === null ? [] : (JSON.parse(above) as string[]) };
  }
}
