import { randomBytes } from 'node:crypto';
import type { DB } from '../vault/database.ts';

const KEY = 'merge.seedKey';

/**
 * The secret that places seed pieces (plan.ts planSeeds): 32 random bytes made the first time a job is planned and
 * kept in the vault's settings, so it is encrypted with everything else and never leaves LitDesk (not in the manifest,
 * the audit trail or any file). Call inside a write transaction.
 */
export function seedKey(db: DB): Buffer {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (row && /^[0-9a-f]{64}$/.test(row.value)) return Buffer.from(row.value, 'hex');
  const key = randomBytes(32);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, key.toString('hex'));
  return key;
}
