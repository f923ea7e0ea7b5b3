import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';
import { applyKey, openReadonly, openWritable, type DB, type ReadonlyDB, type WritableDB } from './database.ts';
import {
  DEFAULT_KDF, newMemberIdentity, openSlotV1, readSlotFile, readSlotFileIfPresent, sealTo, unseal, unwrapMemberKey,
  wrapMemberKey, writeSlotFile, type KdfCost, type KeySlotFile, type KeySlotFileV2, type MemberIdentity,
} from './keyslots.ts';
import { migrate } from './migrations/index.ts';
import { BACKGROUND_CHECKPOINT_FROM_BYTES, checkpointOnThread, walBytes } from './checkpoint.ts';
import { fsyncDir, restrictFile } from './atomic-file.ts';

export type { KdfCost };

export const vaultFiles = (dir: string) => ({
  db: path.join(dir, 'vault.db'),
  slots: path.join(dir, 'keyslots.json'),
  /** The next generation's key file while a re-key is under way (see `Vault.rekey`). */
  pending: path.join(dir, 'keyslots.next.json'),
  /** A copy of the file under the old key, taken before a re-key rewrites it; gone once the new key file is current. */
  prekey: path.join(dir, 'vault.db.prekey'),
  /** The login throttle's record (core/throttle.ts), MAC'd under the key file's throttle key. */
  throttle: path.join(dir, 'throttle.json'),
});

export const vaultExists = (dir: string): boolean => fs.existsSync(vaultFiles(dir).slots);

/** What happened to the key file while unlocking: the session handler writes each into the audit log. */
export type UnlockEvent =
  | { action: 'vault.upgraded'; from: 1; droppedLogins: string[]; legacyLogins: string[] }
  | { action: 'vault.rekeyFinished'; generation: number; how: 'promoted' | 'rolledForward' }
  | { action: 'vault.memberKeyCreated'; login: string }
  | { action: 'vault.rekeyed'; generation: number; reason: string }
  | { action: 'vault.rekeyOwed'; reason: string };

const COMMITTEE = new Set(['chair', 'staff']);
type UserRole = { id: number; login: string; role: string; active: number };
const usersById = (db: DB): Map<number, UserRole> =>
  new Map((db.prepare('SELECT id, login, role, active FROM users').all() as UserRole[]).map((u) => [u.id, u]));

const refuse = (): never => { throw new AppError('auth.badCredentials', 'That login and passphrase do not match.'); };

/** Opens the file with this key, or null when the key does not fit (a hot journal from another key fails too). */
function tryOpen(file: string, key: Buffer | null): WritableDB | null {
  if (!key) return null;
  try {
    return openWritable(file, key);
  } catch (err) {
    if (err instanceof AppError && err.code === 'vault.wrongKey') return null;
    // A journal left by an interrupted re-key was written under the other key: SQLite refuses to read it with this
    // one (HMAC check) and leaves it in place for the key that wrote it.
    if ((err as { code?: string }).code?.startsWith('SQLITE_')) return null;
    throw err;
  }
}

/**
 * Switches the open file to a new key. PRAGMA rekey refuses in WAL mode (DESIGN §5); the rewrite of every page is one
 * transaction in the rollback journal, whose pages SQLite3MultipleCiphers keeps under the old key, so a crash leaves
 * the old key working. `committed` runs right after the rewrite commits and BEFORE the switch back to WAL: that
 * switch may leave a journal of its own (under the new key), and by then the new key file is the current one. So a
 * journal beside the file while a pending key file exists is always the rewrite's, under the old key.
 */
function rekeyFile(db: WritableDB, newKey: Buffer, committed: () => void): void {
  const busy = () => new AppError('vault.busy', 'The vault is in use by another task; try again when it has finished.');
  db.pragma('wal_checkpoint(TRUNCATE)');
  // Another connection on the file (a second window, a background reader) keeps it in WAL mode: answer at once.
  db.pragma('busy_timeout=0');
  let mode: unknown;
  try {
    mode = db.pragma('journal_mode=DELETE', { simple: true });
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) throw busy();
    throw err;
  } finally {
    db.pragma('busy_timeout=5000');
  }
  if (mode !== 'delete') throw busy();
  try {
    db.pragma(`rekey="x'${newKey.toString('hex')}'"`);
    committed();
  } finally {
    db.pragma('journal_mode=WAL');
  }
}

/** An unlocked vault: the open database and the key that opened it. Closing it drops the key. */
export class Vault {
  readonly dir: string;
  #db: WritableDB;
  readonly vaultId: string;
  #key: Buffer;
  #kdf: KdfCost;
  #reader: ReadonlyDB | null = null;
  #readers = new Set<ReadonlyDB>();
  #checkpointing: Promise<unknown> | null = null;

  private constructor(dir: string, db: WritableDB, vaultId: string, key: Buffer, kdf: KdfCost) {
    this.dir = dir;
    this.#db = db;
    this.vaultId = vaultId;
    this.#key = key;
    this.#kdf = kdf;
  }

  get db(): WritableDB { return this.#db; }

  /**
   * Creates a new vault. `init` runs in the first transaction after the schema exists and returns the first user's
   * id (the chair), whose sealed slot is then written. The key file is written last: a crash before it leaves no
   * usable vault, and creation refuses to overwrite an existing one.
   */
  static async create(
    dir: string, first: { login: string; passphrase: string }, init: (db: WritableDB) => number, kdf: KdfCost = DEFAULT_KDF,
  ): Promise<Vault> {
    const files = vaultFiles(dir);
    if (vaultExists(dir)) throw new AppError('vault.exists', 'A vault already exists in this folder.');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    restrictFolder(dir);
    for (const f of [files.db, `${files.db}-wal`, `${files.db}-shm`, `${files.db}-journal`, files.pending]) fs.rmSync(f, { force: true });
    const key = crypto.randomBytes(32);
    const vaultId = crypto.randomUUID();
    const db = openWritable(files.db, key);
    try {
      migrate(db);
      const userId = db.transaction(() => init(db))();
      const identity = await newMemberIdentity(vaultId, userId, first.login, first.passphrase, kdf);
      writeSlotFile(files.slots, {
        format: 'litdesk-keyslots', version: 2, vaultId, generation: 1, throttleKey: crypto.randomBytes(32).toString('base64'),
        slots: [sealTo(vaultId, 1, identity, key)], legacy: [],
      });
      fsyncDir(dir);
    } catch (err) {
      db.close();
      throw err;
    }
    const vault = new Vault(dir, db, vaultId, key, kdf);
    vault.restrictFiles();
    return vault;
  }

  /**
   * Opens the vault with a committee member's passphrase. Wrong login, wrong passphrase and a login that holds no key
   * (candidates, auditors, removed users) all give the same answer. Finishes an interrupted re-key and upgrades a
   * first-release key file on the way; `events` says what it did, for the audit log.
   */
  static async unlock(dir: string, login: string, passphrase: string): Promise<{ vault: Vault; userId: number; events: UnlockEvent[] }> {
    const files = vaultFiles(dir);
    const current = readSlotFile(files.slots);
    const pending = readSlotFileIfPresent(files.pending);
    const byLogin = <T extends { login: string }>(list: T[]) => list.find((s) => s.login.toLowerCase() === login.toLowerCase());
    const events: UnlockEvent[] = [];

    if (pending && pending.version === 2 && current.version === 2) {
      // A re-key was interrupted. Only a member of the new generation can finish it: the new file first (the rewrite
      // had committed), then the old key from the current file and a fresh rewrite (it had not).
      const slot = byLogin(pending.slots);
      const priv = slot ? await unwrapMemberKey(pending.vaultId, slot, passphrase) : null;
      if (!slot) await burnScrypt(passphrase);
      if (!slot || !priv) refuse();
      const newKey = unseal(pending.vaultId, pending.generation, slot!, priv!)!;
      // A rollback journal beside the file means the rewrite had not committed (in DELETE mode the commit deletes
      // it), and its pages are under the old key: only the old key may open the file then, so that SQLite plays the
      // journal back with the key that wrote it. The new key is tried only when there is no journal to play back.
      // The rewrite may have started: the copy taken before it is the file under the old key (nothing writes between
      // the copy and the rewrite). Put it back, with no journal or WAL of the interrupted rewrite beside it — SQLite
      // must never play a journal back with a key that did not write it — and redo the re-key with the new key.
      restorePrekey(files);
      const old = current.slots.find((s) => s.userId === slot!.userId);
      const oldPriv = old && old.publicKey === slot!.publicKey ? priv : old ? await unwrapMemberKey(current.vaultId, old, passphrase) : null;
      const oldKey = old && oldPriv ? unseal(current.vaultId, current.generation, old, oldPriv) : null;
      const db = tryOpen(files.db, oldKey);
      if (!db) throw new AppError('vault.wrongKey', 'The vault could not be opened with the key of the interrupted re-key.');
      rekeyFile(db, newKey, () => finishRekey(files));
      const how = 'rolledForward' as const;
      events.push({ action: 'vault.rekeyFinished', generation: pending.generation, how });
      return Vault.#finish(dir, db, pending.vaultId, newKey, slot!.userId, slot!.privateKey.kdf, events);
    }
    if (pending) fs.rmSync(files.pending, { force: true });
    // No re-key under way: a copy left beside the file is from a finished one.
    fs.rmSync(files.prekey, { force: true });

    if (current.version === 1) {
      const slot = byLogin(current.slots);
      const key = slot ? await openSlotV1(current.vaultId, slot, passphrase) : null;
      if (!slot || !key) {
        if (!slot) await burnScrypt(passphrase);
        refuse();
      }
      const db = tryOpen(files.db, key) ?? refuse();
      const users = usersById(db);
      const me = users.get(slot!.userId);
      if (!me || !me.active || !COMMITTEE.has(me.role)) { db.close(); refuse(); }
      const opened = await Vault.#finish(dir, db, current.vaultId, key!, slot!.userId, slot!.kdf, events);
      await opened.vault.#upgradeFromV1(current, slot!.userId, login, passphrase, users, events);
      return opened;
    }

    const slot = byLogin(current.slots);
    if (slot) {
      const priv = await unwrapMemberKey(current.vaultId, slot, passphrase);
      const key = priv ? unseal(current.vaultId, current.generation, slot, priv) : null;
      if (!key) refuse();
      const db = tryOpen(files.db, key) ?? refuse();
      const opened = await Vault.#finish(dir, db, current.vaultId, key!, slot.userId, slot.privateKey.kdf, events);
      const me = usersById(db).get(slot.userId);
      if (current.rekeyDue && me?.active === 1 && COMMITTEE.has(me.role)) {
        // A removal or reset whose re-key could not run (the file was busy): finish it now, before anyone works.
        await opened.vault.#rekeyIfFree('owed', events);
      }
      return opened;
    }
    const legacy = byLogin(current.legacy);
    const key = legacy ? await openSlotV1(current.vaultId, legacy, passphrase) : null;
    if (!legacy || !key) {
      if (!legacy) await burnScrypt(passphrase);
      refuse();
    }
    const db = tryOpen(files.db, key) ?? refuse();
    const me = usersById(db).get(legacy!.userId);
    if (!me || !me.active || !COMMITTEE.has(me.role)) { db.close(); refuse(); }
    const opened = await Vault.#finish(dir, db, current.vaultId, key!, legacy!.userId, legacy!.kdf, events);
    // A committee member's first unlock since the upgrade: their format-1 slot becomes a key pair.
    await opened.vault.addMember(legacy!.userId, legacy!.login, passphrase);
    events.push({ action: 'vault.memberKeyCreated', login: legacy!.login });
    const after = opened.vault.#slots();
    if (after.rekeyDue || (after.legacy.length === 0 && after.rekeyWhenConverted)) await opened.vault.#rekeyIfFree('upgradeComplete', events);
    return opened;
  }

  static async #finish(dir: string, db: WritableDB, vaultId: string, key: Buffer, userId: number, kdf: KdfCost, events: UnlockEvent[]) {
    try {
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    const vault = new Vault(dir, db, vaultId, key, { N: kdf.N, r: kdf.r, p: kdf.p });
    vault.restrictFiles();
    return { vault, userId, events };
  }

  /**
   * First committee unlock after the update (issue 12 §4). Candidates' and auditors' slots are dropped (their accounts
   * stay; the chair gives each a one-time passphrase). Other committee members keep their format-1 slot until they
   * sign in once. Copies of the old key file still open this key, so the vault re-keys as soon as no format-1 slot is
   * left — at once when the unlocking member is the only committee member, else when the last one has signed in or
   * the chair chooses "Re-key now". The file is replaced in one atomic rename: a crash leaves format 1 or format 2.
   */
  async #upgradeFromV1(v1: Extract<KeySlotFile, { version: 1 }>, userId: number, login: string, passphrase: string, users: Map<number, UserRole>, events: UnlockEvent[]): Promise<void> {
    const identity = await newMemberIdentity(this.vaultId, userId, login, passphrase, this.#kdf);
    const keep = (id: number) => { const u = users.get(id); return !!u && u.active === 1 && COMMITTEE.has(u.role); };
    const legacy = v1.slots.filter((s) => s.userId !== userId && keep(s.userId));
    const dropped = v1.slots.filter((s) => s.userId !== userId && !keep(s.userId)).map((s) => s.login);
    const next: KeySlotFileV2 = {
      format: 'litdesk-keyslots', version: 2, vaultId: this.vaultId, generation: 1,
      throttleKey: crypto.randomBytes(32).toString('base64'), slots: [sealTo(this.vaultId, 1, identity, this.#key)], legacy,
      // Not `rekeyDue`: that would re-key at the next unlock and drop the members still on a format-1 slot.
      rekeyWhenConverted: true,
    };
    writeSlotFile(vaultFiles(this.dir).slots, next);
    events.push({ action: 'vault.upgraded', from: 1, droppedLogins: dropped, legacyLogins: legacy.map((s) => s.login) });
    if (legacy.length === 0) await this.#rekeyIfFree('upgrade', events);
  }

  /** Re-keys during an unlock; when another connection holds the file (it cannot be rewritten now), the re-key is
   * recorded as owed and the unlock goes on. */
  async #rekeyIfFree(reason: string, events: UnlockEvent[]): Promise<void> {
    try {
      events.push({ action: 'vault.rekeyed', generation: (await this.rekey({})).generation, reason });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'vault.busy') throw err;
      this.markRekeyDue();
      events.push({ action: 'vault.rekeyOwed', reason });
    }
  }

  #slots(): KeySlotFileV2 {
    const f = readSlotFile(vaultFiles(this.dir).slots);
    if (f.version !== 2) throw new AppError('vault.badKeySlots', 'The vault\'s key file has not been upgraded yet.');
    return f;
  }

  generation(): number { return this.#slots().generation; }
  throttleKey(): Buffer { return Buffer.from(this.#slots().throttleKey, 'base64'); }

  /** Committee members holding a key, members still on a format-1 slot, and whether a re-key is owed. */
  keyStatus(): { generation: number; memberIds: number[]; legacyLogins: string[]; rekeyDue: boolean } {
    const f = this.#slots();
    return {
      generation: f.generation, memberIds: f.slots.map((s) => s.userId), legacyLogins: f.legacy.map((s) => s.login),
      rekeyDue: f.rekeyDue === true || f.rekeyWhenConverted === true,
    };
  }

  /** A new committee member: a key pair wrapped under their one-time passphrase, sealed to the current key. */
  async addMember(userId: number, login: string, passphrase: string): Promise<void> {
    const identity = await newMemberIdentity(this.vaultId, userId, login, passphrase, this.#kdf);
    const file = this.#slots();
    file.slots = [...file.slots.filter((s) => s.userId !== userId), sealTo(this.vaultId, file.generation, identity, this.#key)];
    file.legacy = file.legacy.filter((s) => s.userId !== userId);
    writeSlotFile(vaultFiles(this.dir).slots, file);
  }

  /** Puts a new key pair (a reset) in place of the member's, sealed to the current key; a re-key is then owed. */
  async replaceMember(identity: MemberIdentity): Promise<void> {
    const file = this.#slots();
    file.slots = [...file.slots.filter((s) => s.userId !== identity.userId), sealTo(this.vaultId, file.generation, identity, this.#key)];
    file.rekeyDue = true;
    writeSlotFile(vaultFiles(this.dir).slots, file);
  }

  /** A member changes their own passphrase: the same key pair, wrapped anew. Returns false if `current` is wrong. */
  async changeMemberPassphrase(userId: number, current: string, next: string): Promise<boolean> {
    const file = this.#slots();
    const slot = file.slots.find((s) => s.userId === userId);
    const priv = slot ? await unwrapMemberKey(this.vaultId, slot, current) : null;
    if (!slot || !priv) return false;
    const identity = await wrapMemberKey(this.vaultId, userId, slot.login, slot.publicKey, priv, next, this.#kdf);
    const fresh = this.#slots();
    fresh.slots = fresh.slots.map((s) => (s.userId === userId ? { ...s, privateKey: identity.privateKey } : s));
    writeSlotFile(vaultFiles(this.dir).slots, fresh);
    return true;
  }

  /** Whether this passphrase opens the member's private key (one scrypt). */
  async checkMemberPassphrase(userId: number, passphrase: string): Promise<boolean> {
    const slot = this.#slots().slots.find((s) => s.userId === userId);
    return !!slot && (await unwrapMemberKey(this.vaultId, slot, passphrase)) !== null;
  }

  slotUserIds(): number[] {
    return this.#slots().slots.map((s) => s.userId);
  }

  /** Records that a re-key is owed (it could not run now); the next committee unlock runs it. */
  markRekeyDue(): void {
    const file = this.#slots();
    if (file.rekeyDue) return;
    file.rekeyDue = true;
    writeSlotFile(vaultFiles(this.dir).slots, file);
  }

  /**
   * Re-key (issue 12 §3): a new random database key, sealed to every remaining committee member's public key — no
   * passphrase needed — then `PRAGMA rekey`. `drop` removes members, `replace` gives members a new key pair (a reset);
   * format-1 slots are dropped. Crash-safe: the next generation's key file is written beside the current one first;
   * the file is rewritten in one transaction whose journal keeps the old key's pages; then the new file replaces the
   * old. A SIGKILL anywhere leaves the old key (file not rewritten) or the new one (rewritten) working, and the next
   * unlock by a member of the new generation finishes the job (see `unlock`).
   */
  async rekey(opts: { drop?: number[]; replace?: MemberIdentity[] }): Promise<{ generation: number }> {
    // The file to itself: a checkpoint on its own thread (after an import) finishes first.
    await this.settleCheckpoint();
    const files = vaultFiles(this.dir);
    const current = this.#slots();
    // Only active committee members keep a key, whatever the file still lists (a removal whose re-key was owed).
    const users = usersById(this.#db);
    const drop = new Set([...(opts.drop ?? []), ...current.slots.map((s) => s.userId).filter((id) => {
      const u = users.get(id);
      return !u || u.active !== 1 || !COMMITTEE.has(u.role);
    })]);
    const replaced = new Map((opts.replace ?? []).map((m) => [m.userId, m]));
    const members: MemberIdentity[] = current.slots.filter((s) => !drop.has(s.userId)).map((s) => replaced.get(s.userId) ?? s);
    for (const m of replaced.values()) if (!members.some((x) => x.userId === m.userId)) members.push(m);
    if (members.length === 0) throw new AppError('vault.noMembers', 'A re-key must leave at least one committee member with a key.');
    const newKey = crypto.randomBytes(32);
    const generation = current.generation + 1;
    const next: KeySlotFileV2 = {
      format: 'litdesk-keyslots', version: 2, vaultId: this.vaultId, generation, throttleKey: current.throttleKey,
      slots: members.map((m) => sealTo(this.vaultId, generation, m, newKey)), legacy: [],
    };
    // A copy left by an earlier re-key killed after its new key file became current is of an older key: it must be gone
    // before the pending file appears, since a pending file says "the copy beside it is under the current key".
    fs.rmSync(files.prekey, { force: true });
    fsyncDir(this.dir);
    writeSlotFile(files.pending, next);
    this.closeReaders();
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileDurably(files.db, files.prekey);
    let rewritten = false;
    try {
      rekeyFile(this.#db, newKey, () => { rewritten = true; finishRekey(files); });
    } catch (err) {
      if (rewritten) throw err;
      // Not rewritten: the old key still opens the file; the half-done generation is discarded.
      fs.rmSync(files.pending, { force: true });
      fs.rmSync(files.prekey, { force: true });
      fsyncDir(this.dir);
      newKey.fill(0);
      throw err;
    } finally {
      if (rewritten) {
        this.#key.fill(0);
        this.#key = newKey;
      }
    }
    this.restrictFiles();
    return { generation };
  }

  /** An encrypted copy with the same key (never `serialize()`, which returns plaintext: DESIGN §5), with the key file
   * (the same members open it) and a fresh login-throttle record. */
  backupTo(dir: string): void {
    const files = vaultFiles(dir);
    if (fs.existsSync(files.db)) throw new AppError('vault.exists', 'A vault already exists in that folder.');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    restrictFolder(dir);
    this.db.prepare('VACUUM INTO ?').run(files.db);
    restrictFile(files.db);
    writeSlotFile(files.slots, this.#slots());
    // The throttle record goes along: its absence next to a format-2 key file would read as tampering.
    const throttle = vaultFiles(this.dir).throttle;
    if (fs.existsSync(throttle)) fs.copyFileSync(throttle, files.throttle);
    restrictFile(files.throttle);
    fsyncDir(dir);
  }

  /** Rewrites the file so deleted pages are gone (retention purge), then re-keys. */
  async compact(): Promise<void> {
    await this.settleCheckpoint();
    this.closeReaders();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Reopens a second connection with this vault's key (read-only readers, merge workers). */
  keyHex(): string {
    return this.#key.toString('hex');
  }

  /** Vault, WAL, SHM and key files readable by this OS user only (issue 12 §7; Windows: see docs/DESIGN-NOTES.md). */
  restrictFiles(): void {
    const f = vaultFiles(this.dir);
    for (const p of [f.db, `${f.db}-wal`, `${f.db}-shm`, `${f.db}-journal`, f.slots, f.pending, f.prekey]) restrictFile(p);
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

  /**
   * After a write that leaves a large WAL (the member import turns the automatic checkpoint off for its transaction):
   * the WAL is copied into the file on a thread of its own (checkpoint.ts), or here when it is small or the bundle
   * has no checkpoint worker. At most one at a time; a re-key or a VACUUM waits for it (`settleCheckpoint`).
   */
  checkpointSoon(workerUrl?: URL): void {
    if (!this.#db.open || this.#checkpointing) return;
    const file = vaultFiles(this.dir).db;
    if (walBytes(file) < BACKGROUND_CHECKPOINT_FROM_BYTES) {
      this.#db.pragma('wal_checkpoint(PASSIVE)');
      return;
    }
    const done: Promise<unknown> = checkpointOnThread(file, this.#key, workerUrl)
      .then((r) => { if (r === null && this.#db.open) this.#db.pragma('wal_checkpoint(PASSIVE)'); })
      // The WAL stays as it is (durable, and copied by the next automatic checkpoint): say so without data.
      .catch((e: unknown) => console.error(`[litdesk] ${(e as Error).message}; the next checkpoint copies the log`))
      .finally(() => { if (this.#checkpointing === done) this.#checkpointing = null; });
    this.#checkpointing = done;
  }

  /** Waits for a checkpoint running on its own thread. */
  async settleCheckpoint(): Promise<void> {
    await this.#checkpointing;
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

/** The rewrite committed: the new key file becomes the current one, then the old-key copy goes. */
function finishRekey(files: ReturnType<typeof vaultFiles>): void {
  fs.renameSync(files.pending, files.slots);
  fsyncDir(path.dirname(files.slots));
  fs.rmSync(files.prekey, { force: true });
  fsyncDir(path.dirname(files.slots));
}

/** Puts the old-key copy back in place of a file an interrupted re-key may have half rewritten. The journal goes first:
 * a crash between the two steps leaves the copy, and the next unlock starts this again. */
function restorePrekey(files: ReturnType<typeof vaultFiles>): void {
  if (!fs.existsSync(files.prekey)) return;
  for (const f of [`${files.db}-journal`, `${files.db}-wal`, `${files.db}-shm`]) fs.rmSync(f, { force: true });
  fsyncDir(path.dirname(files.db));
  fs.renameSync(files.prekey, files.db);
  fsyncDir(path.dirname(files.db));
}

function copyFileDurably(from: string, to: string): void {
  const tmp = `${to}.tmp`;
  fs.copyFileSync(from, tmp);
  const fd = fs.openSync(tmp, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  restrictFile(tmp);
  fs.renameSync(tmp, to);
  fsyncDir(path.dirname(to));
}

function restrictFolder(dir: string): void {
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
}

/** Spends one scrypt so a login's existence does not show in the timing. */
async function burnScrypt(passphrase: string): Promise<void> {
  await newMemberIdentity('timing', 0, 'timing', passphrase, DEFAULT_KDF).catch(() => undefined);
}

export { applyKey };
