import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/api/errors.ts';

/**
 * A connection to the vault. As in Signal Desktop (`ReadableDB` / `WritableDB` in ts/sql/Interface), what a function
 * may do with a connection is part of its type: `ReadonlyDB` is what read commands and background readers get (opened
 * with SQLite's read-only flag, so a write fails at run time too); `WritableDB` is the one connection that writes,
 * and code that writes asks for it by type. A writable connection can be passed where reading is all that is done.
 * `DB` is any connection.
 */
export type DB = Database.Database;
declare const readable: unique symbol;
declare const writable: unique symbol;
export type ReadonlyDB = DB & { readonly [readable]: true };
export type WritableDB = ReadonlyDB & { readonly [writable]: true };

/**
 * Prepared statements kept per connection, most recently used first: preparing is a parse and plan of the SQL (about
 * 6 µs on the vault, 40 % of an audit append), running a prepared one is not. Every `db.prepare` of a LitDesk
 * connection goes through this cache, so callers write plain `db.prepare(sql)` and still reuse statements.
 */
export const STATEMENT_CACHE_SIZE = 400;

type Statement = Database.Statement;

function cacheStatements(db: DB): void {
  const prepare = db.prepare.bind(db) as (sql: string) => Statement;
  const cache = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    const hit = cache.get(sql);
    // A statement still iterating (a nested use of the same SQL) cannot run again: that caller gets its own.
    if (hit && !hit.busy) {
      cache.delete(sql);
      cache.set(sql, hit);
      // A caller may have switched the statement to raw, pluck or expand: the next one gets it as prepared.
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    if (hit) return prepare(sql);
    const stmt = prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
  Object.defineProperty(db, 'prepare', { value: cached, configurable: true, writable: false });
}

/**
 * Opens an SQLCipher 4 file with a raw 32-byte key. DESIGN §5: cipher and legacy must be set before the key on
 * every open (they are not stored in the file), and a wrong key only shows at the first read.
 */
export function openEncrypted(file: string, key: Buffer, opts: { readonly?: boolean } = {}): DB {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
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
  cacheStatements(db);
  return db;
}

/** The vault's one writing connection. */
export const openWritable = (file: string, key: Buffer): WritableDB => openEncrypted(file, key) as WritableDB;

/** A reading connection: SQLite refuses every write on it (SQLITE_READONLY), whatever the code tries. */
export const openReadonly = (file: string, key: Buffer): ReadonlyDB => openEncrypted(file, key, { readonly: true }) as ReadonlyDB;

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
  cacheStatements(db);
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
