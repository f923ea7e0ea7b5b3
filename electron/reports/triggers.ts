import type { DB } from '../vault/database.ts';

/**
 * Runs `fn` with the protective triggers of `tables` removed, and puts the very same triggers back (their stored SQL)
 * before returning. Only the retention purge uses it, inside the closing command's transaction: if anything fails the
 * whole transaction rolls back, triggers included (SQLite DDL is transactional), so no moment exists after COMMIT in
 * which the records are unprotected.
 */
export function withoutTriggers<T>(db: DB, tables: readonly string[], fn: () => T): T {
  if (!db.inTransaction) throw new Error('withoutTriggers needs the command transaction');
  const marks = tables.map(() => '?').join(',');
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${marks})`)
    .all(...tables) as Array<{ name: string; sql: string }>;
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
  const out = fn();
  for (const t of triggers) db.exec(t.sql);
  return out;
}
