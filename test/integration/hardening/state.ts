import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../../electron/vault/database.ts';

/**
 * A fingerprint of everything a command could change: every table but the audit log (which records refusals by
 * design), compared row by row, plus the files kept beside the database (key slots, login throttle).
 */
export function stateHashes(db: DB, vaultDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const rows = (db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][])
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v)))
      .sort();
    out[`table:${name}`] = crypto.createHash('sha256').update(rows.join('\n')).digest('hex');
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
