import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/api/errors.ts';

export type DB = Database.Database;

/**
 * Opens an SQLCipher 4 file with a raw 32-byte key. DESIGN §5: cipher and legacy must be set before the key on
 * every open (they are not stored in the file), and a wrong key only shows at the first read.
 */
export function openEncrypted(file: string, key: Buffer, opts: { readonly?: boolean } = {}): DB {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: false });
  try {
    applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError('vault.wrongKey', 'The vault could not be opened with this key.');
    }
    throw err;
  }
  configure(db, opts.readonly ?? false);
  return db;
}

export function applyKey(db: DB, key: Buffer): void {
  if (key.length !== 32) throw new AppError('vault.badKey', 'A vault key is 32 bytes.');
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/** Opens a plain (unencrypted) SQLite file: used only by the benchmark that measures what encryption costs. */
export function openPlain(file: string): DB {
  const db = new Database(file);
  configure(db, false);
  return db;
}

function configure(db: DB, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  // Sorts and temporary tables stay in memory: nothing of the list may reach a temp file in the clear.
  db.pragma('temp_store=MEMORY');
  // Deleted rows are overwritten, so a purge really removes member data from the file (issue 7 retention).
  db.pragma('secure_delete=ON');
  db.pragma('busy_timeout=5000');
}
