import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { tempDir } from '../../support/backend.ts';

const require = createRequire(import.meta.url);

/**
 * Tries to read the vault file with @journeyapps/sqlcipher, an independent SQLCipher 4 build (DESIGN §5): what an
 * insider at home would use. `key` is a raw 32-byte key, or a string given to SQLCipher as a passphrase.
 */
export function readIndependently(file: string, key: Buffer | string): Promise<{ rows?: unknown[]; error?: string }> {
  const sqlite3 = require('@journeyapps/sqlcipher') as typeof import('@journeyapps/sqlcipher');
  return new Promise((resolve) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    db.serialize(() => {
      db.run('PRAGMA cipher_compatibility = 4');
      db.run(typeof key === 'string' ? `PRAGMA key = '${key.replace(/'/g, "''")}'` : `PRAGMA key = "x'${key.toString('hex')}'"`);
      db.all('SELECT login FROM users ORDER BY id', (err: Error | null, rows: unknown[]) => {
        db.close();
        resolve(err ? { error: err.message } : { rows });
      });
    });
  });
}

/** A copy of every file in the vault folder, as an insider takes it on a USB stick. */
export function copyFolder(from: string): string {
  const to = path.join(tempDir('litdesk-usb-'), 'vault');
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) {
    if (fs.statSync(path.join(from, f)).isFile()) fs.copyFileSync(path.join(from, f), path.join(to, f));
  }
  return to;
}

export const scryptRaw = (passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer =>
  crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 512 * 1024 * 1024 });

export const filesOf = (dir: string): string[] => fs.readdirSync(dir).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
