import type { HandlerContext } from '../core/context.ts';
import { readStandingMap, setStandingRow } from './standing.ts';
import { MemberWriter, type MemberRow } from './writer.ts';

/**
 * Records the committee's reading of status values and applies it to the members already stored with those
 * values (each change kept in member_history). Returns the whole map and how many members changed standing.
 */
export function applyStandingMap(ctx: HandlerContext, values: ReadonlyArray<{ status: string; good: boolean }>) {
  const db = ctx.db;
  const now = ctx.now();
  const writer = new MemberWriter(db, { now, source: 'correction', actorId: ctx.user.id, reason: 'standing map' });
  const rows = db.prepare('SELECT * FROM members WHERE status_raw = ? AND good_standing <> ?');
  let changedMembers = 0;
  for (const { status, good } of values) {
    const value = status.normalize('NFC').trim();
    setStandingRow(db, value, good, now);
    for (const row of rows.all(value, good ? 1 : 0) as MemberRow[]) if (writer.setStanding(row, good)) changedMembers++;
  }
  ctx.audit({ action: 'members.standingMap', details: { values: values.length, good: values.filter((v) => v.good).length, changedMembers } });
  return { map: { ...readStandingMap(db) }, changedMembers };
}
