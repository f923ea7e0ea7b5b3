import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../../electron/vault/database.ts';

const encode = (_k: string, v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v);

/**
 * A fingerprint of everything a command could change: every table but the audit log (which records refusals by
 * design), compared row by row, plus the files kept beside the database (key slots, login throttle). Rows are hashed
 * in primary-key order (rowid, or the declared key of a WITHOUT ROWID table), so no sort is needed: about 4× faster
 * than sorting encoded rows, which matters to the fuzzer that takes one fingerprint per call.
 */
export function stateHashes(db: DB, vaultDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'zz_test_row_changes') ORDER BY name").all() as Array<{ name: string; sql: string | null }>;
  for (const { name, sql } of tables) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const withoutRowid = /WITHOUT\s+ROWID/i.test(sql ?? '');
    const virtual = /^CREATE\s+VIRTUAL/i.test(sql ?? '');
    const order = withoutRowid || virtual ? '' : ' ORDER BY rowid';
    const h = crypto.createHash('sha256');
    const rows = db.prepare(`SELECT * FROM ${quoted}${order}`).raw().all() as unknown[][];
    const encoded = rows.map((r) => JSON.stringify(r, encode));
    if (!order) encoded.sort();
    for (const e of encoded) h.update(e).update('\n');
    out[`table:${name}`] = h.digest('hex');
  }
  for (const f of ['keyslots.json', 'throttle.json']) {
    const p = path.join(vaultDir, f);
    out[`file:${f}`] = fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : 'absent';
  }
  return out;
}

/** Names of the parts that differ between two fingerprints. */
export const changedParts = (a: Record<string, string>, b: Record<string, string>): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);

const COUNTER = 'zz_test_row_changes';

/**
 * Test instrument for the fuzzer (issue 11 §2): triggers on every table but the audit log count each inserted,
 * updated or deleted row into one counter, whichever connection writes. Reading the counter costs microseconds where
 * a full fingerprint costs ~20 ms (every page decrypted again after another connection's commit), so the fuzzer can
 * check each of its thousands of calls. Only for vaults a test made; `stateHashes` ignores the counter table.
 */
export function installChangeCounter(db: DB): void {
  // Ordinary tables only: SQLite refuses triggers on a virtual table and its shadow tables (the FTS5 search index,
  // which changes only with `members`, counted here; `stateHashes` fingerprints the index's shadow tables too).
  const tables = db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
      AND name NOT IN ('audit_log', ?)`).pluck().all(COUNTER) as string[];
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${COUNTER} (n INTEGER NOT NULL); INSERT INTO ${COUNTER} SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${COUNTER});`);
    for (const t of tables) {
      const q = `"${t.replace(/"/g, '""')}"`;
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        db.exec(`CREATE TRIGGER IF NOT EXISTS "zz_test_count_${t}_${op}" AFTER ${op} ON ${q} BEGIN UPDATE ${COUNTER} SET n = n + 1; END;`);
      }
    }
  })();
}

/** Rows changed so far in every table but the audit log, plus the files beside the database. */
export function changeStamp(db: DB, vaultDir: string): Record<string, string> {
  const out: Record<string, string> = { rows: String(db.prepare(`SELECT n FROM ${COUNTER}`).pluck().get()) };
  for (const f of ['keyslots.json', 'throttle.json']) {
    const p = path.join(vaultDir, f);
    out[`file:${f}`] = fs.existsSync(p) ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : 'absent';
  }
  return out;
}
