import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';
import { applyKey, openReadonly, openWritable, type ReadonlyDB, type WritableDB } from './database.ts';
import { DEFAULT_KDF, makeSlot, openSlot, readSlotFile, writeSlotFile, type KeySlotFile } from './keyslots.ts';
import { migrate } from './migrations/index.ts';
import { fsyncDir } from './atomic-file.ts';

export type KdfCost = { N: number; r: number; p: number };

export const vaultFiles = (dir: string) => ({
  db: path.join(dir, 'vault.db'),
  slots: path.join(dir, 'keyslots.json'),
});

export const vaultExists = (dir: string): boolean => fs.existsSync(vaultFiles(dir).slots);

/** An unlocked vault: the open database and the key that opened it. Closing it drops the key. */
export class Vault {
  readonly dir: string;
  readonly db: WritableDB;
  readonly vaultId: string;
  #key: Buffer;
  #kdf: KdfCost;
  #reader: ReadonlyDB | null = null;
  #readers = new Set<ReadonlyDB>();

  private constructor(dir: string, db: WritableDB, vaultId: string, key: Buffer, kdf: KdfCost) {
    this.dir = dir;
    this.db = db;
    this.vaultId = vaultId;
    this.#key = key;
    this.#kdf = kdf;
  }

  /**
   * Creates a new vault. `init` runs in the first transaction after the schema exists and returns the first user's
   * id, whose key slot is then written. The slot file is written last: a crash before it leaves no usable vault,
   * and creation refuses to overwrite an existing one.
   */
  static async create(
    dir: string, first: { login: string; passphrase: string }, init: (db: WritableDB) => number, kdf: KdfCost = DEFAULT_KDF,
  ): Promise<Vault> {
    const files = vaultFiles(dir);
    if (vaultExists(dir)) throw new AppError('vault.exists', 'A vault already exists in this folder.');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of [files.db, `${files.db}-wal`, `${files.db}-shm`]) fs.rmSync(f, { force: true });
    const key = crypto.randomBytes(32);
    const vaultId = crypto.randomUUID();
    const db = openWritable(files.db, key);
    try {
      migrate(db);
      const userId = db.transaction(() => init(db))();
      const slot = await makeSlot(vaultId, userId, first.login, first.passphrase, key, kdf);
      writeSlotFile(files.slots, { format: 'litdesk-keyslots', version: 1, vaultId, slots: [slot] });
      fsyncDir(dir);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Vault(dir, db, vaultId, key, kdf);
  }

  /** Opens the vault with one user's passphrase. Wrong login and wrong passphrase give the same answer. */
  static async unlock(dir: string, login: string, passphrase: string): Promise<{ vault: Vault; userId: number }> {
    const files = vaultFiles(dir);
    const slotFile = readSlotFile(files.slots);
    const slot = slotFile.slots.find((s) => s.login.toLowerCase() === login.toLowerCase());
    if (!slot) {
      // Spend the same time as a real attempt so a login's existence does not show in the timing.
      await makeSlot(slotFile.vaultId, 0, login, passphrase, crypto.randomBytes(32), DEFAULT_KDF);
      throw new AppError('auth.badCredentials', 'That login and passphrase do not match.');
    }
    const key = await openSlot(slotFile.vaultId, slot, passphrase);
    if (!key) throw new AppError('auth.badCredentials', 'That login and passphrase do not match.');
    const db = openWritable(files.db, key);
    migrate(db);
    const kdf = { N: slot.kdf.N, r: slot.kdf.r, p: slot.kdf.p };
    return { vault: new Vault(dir, db, slotFile.vaultId, key, kdf), userId: slot.userId };
  }

  #slots(): KeySlotFile {
    return readSlotFile(vaultFiles(this.dir).slots);
  }

  /** Adds or replaces a user's slot (new user, passphrase change, reset). */
  async setSlot(userId: number, login: string, passphrase: string): Promise<void> {
    const slot = await makeSlot(this.vaultId, userId, login, passphrase, this.#key, this.#kdf);
    const file = this.#slots();
    file.slots = [...file.slots.filter((s) => s.userId !== userId), slot];
    writeSlotFile(vaultFiles(this.dir).slots, file);
  }

  removeSlot(userId: number): void {
    const file = this.#slots();
    file.slots = file.slots.filter((s) => s.userId !== userId);
    writeSlotFile(vaultFiles(this.dir).slots, file);
  }

  /** Whether this passphrase opens the user's slot (one scrypt, no second database connection). */
  async checkPassphrase(userId: number, passphrase: string): Promise<boolean> {
    const slot = this.#slots().slots.find((s) => s.userId === userId);
    if (!slot) return false;
    const key = await openSlot(this.vaultId, slot, passphrase);
    if (!key) return false;
    key.fill(0);
    return true;
  }

  slotUserIds(): number[] {
    return this.#slots().slots.map((s) => s.userId);
  }

  /**
   * Full re-key (DESIGN §3): a new random database key; the caller's slot is re-wrapped, every other slot is removed,
   * so other users need a new one-time passphrase from the chair. PRAGMA rekey refuses in WAL mode (DESIGN §5).
   */
  async rekey(userId: number, login: string, passphrase: string): Promise<void> {
    const newKey = crypto.randomBytes(32);
    const slot = await makeSlot(this.vaultId, userId, login, passphrase, newKey, this.#kdf);
    this.closeReaders();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.pragma('journal_mode=DELETE');
    this.db.pragma(`rekey="x'${newKey.toString('hex')}'"`);
    this.db.pragma('journal_mode=WAL');
    const file = this.#slots();
    file.slots = [slot];
    writeSlotFile(vaultFiles(this.dir).slots, file);
    this.#key.fill(0);
    this.#key = newKey;
  }

  /** An encrypted copy with the same key (never `serialize()`, which returns plaintext: DESIGN §5). */
  backupTo(dir: string): void {
    const files = vaultFiles(dir);
    if (fs.existsSync(files.db)) throw new AppError('vault.exists', 'A vault already exists in that folder.');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.db.prepare('VACUUM INTO ?').run(files.db);
    fs.copyFileSync(vaultFiles(this.dir).slots, files.slots);
  }

  /** Rewrites the file so deleted pages are gone (retention purge), then re-keys. */
  compact(): void {
    this.closeReaders();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Reopens a second connection with this vault's key (read-only readers, merge workers). */
  keyHex(): string {
    return this.#key.toString('hex');
  }

  /**
   * The shared read-only connection for read commands (opened on first use). In WAL mode it reads the last committed
   * state while the writing connection holds a long transaction (an import), and SQLite refuses any write on it.
   */
  reader(): ReadonlyDB {
    if (!this.#reader?.open) this.#reader = this.openReader();
    return this.#reader;
  }

  /** A read-only connection of the caller's own, for a background job whose reads may span many event-loop turns. */
  openReader(): ReadonlyDB {
    if (!this.db.open) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
    const db = openReadonly(vaultFiles(this.dir).db, this.#key);
    this.#readers.add(db);
    return db;
  }

  /** Closes the reading connections: a re-key, a VACUUM and a checkpoint to an empty WAL need the file to themselves. */
  closeReaders(): void {
    for (const r of this.#readers) if (r.open) r.close();
    this.#readers.clear();
    this.#reader = null;
  }

  close(): void {
    try {
      this.closeReaders();
      if (this.db.open) {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
        this.db.close();
      }
    } finally {
      this.#key.fill(0);
    }
  }
}

export { applyKey };
