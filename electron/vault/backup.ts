import fs from 'node:fs';
import path from 'node:path';
import type { BackupSummary, foundationCommands } from '../../shared/api/commands/foundation.ts';
import { AppError } from '../../shared/api/errors.ts';
import { verifyAudit } from '../audit/log.ts';
import type { Handlers } from '../core/context.ts';
import { getUser, sessionInfo, sessionUser } from '../users/store.ts';
import { openReadonly, type ReadonlyDB } from './database.ts';
import { openSlotV1, readSlotFile, unwrapMemberKey } from './keyslots.ts';
import { Vault, vaultExists, vaultFiles } from './vault.ts';

type C = typeof foundationCommands;

/**
 * Backup and restore (issue 16 §4). A backup is a folder holding an encrypted copy of the database (VACUUM INTO
 * from a read-only connection, so it is a consistent snapshot while the app keeps working, encrypted with the vault's
 * key) and a copy of the key file (the key is only ever stored wrapped in it). Each backup is opened and checked
 * right after it is written: SQLite's integrity check and the audit chain. Folders are 0700 and files 0600.
 * Restoring copies a backup into a new, empty folder, opens it with a login and passphrase from the backup, checks it
 * the same way, and signs in to it; the summary holds counts only.
 */

const COUNTED: ReadonlyArray<readonly [keyof BackupSummary['counts'], string]> = [
  ['members', 'SELECT count(*) FROM members WHERE active = 1'],
  ['elections', 'SELECT count(*) FROM elections'],
  ['candidates', 'SELECT count(*) FROM candidates'],
  ['requests', 'SELECT count(*) FROM requests'],
  ['payments', 'SELECT count(*) FROM billing_payments'],
  ['productionJobs', 'SELECT count(*) FROM merge_jobs'],
  ['users', 'SELECT count(*) FROM users'],
];

/** Checks an opened copy: integrity, audit chain, and what it holds (counts only). */
export function summarise(db: ReadonlyDB): BackupSummary {
  const integrity = (db.pragma('integrity_check', { simple: true }) as string) === 'ok';
  const audit = verifyAudit(db);
  const counts = {} as BackupSummary['counts'];
  for (const [key, sql] of COUNTED) {
    try {
      counts[key] = db.prepare(sql).pluck().get() as number;
    } catch {
      counts[key] = 0; // a table an older vault does not have yet
    }
  }
  const last = db.prepare('SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
  return { integrity, auditChain: audit.ok, auditEntries: audit.entries, lastActivity: last ?? null, counts };
}

function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

function newBackupDir(parent: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  for (let n = 1; ; n++) {
    const dir = path.join(parent, `LitDesk-backup-${stamp}${n > 1 ? `-${n}` : ''}`);
    if (!fs.existsSync(dir)) return dir;
  }
}

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0');

/** Whether this login's passphrase opens its key in a key file (a slot of either format); false on any doubt. */
async function keyFileOpens(file: string, login: string, passphrase: string): Promise<boolean> {
  const mine = <T extends { login: string }>(list: T[]) => list.find((s) => s.login.toLowerCase() === login.toLowerCase());
  try {
    const f = readSlotFile(file);
    if (f.version === 1) {
      const slot = mine(f.slots);
      return !!slot && (await openSlotV1(f.vaultId, slot, passphrase)) !== null;
    }
    const slot = mine(f.slots);
    if (slot) return (await unwrapMemberKey(f.vaultId, slot, passphrase)) !== null;
    const legacy = mine(f.legacy);
    return !!legacy && (await openSlotV1(f.vaultId, legacy, passphrase)) !== null;
  } catch {
    return false;
  }
}

export const backupHandlers: Pick<Handlers<C>, 'vault.backup' | 'vault.restore' | 'vault.lastBackup'> = {
  'vault.backup': (ctx, input) => {
    const parent = ctx.backend.grants.requireFolder(input.folder, 'backup');
    const vault = ctx.vault;
    const dir = newBackupDir(parent, ctx.now());
    const result = { path: dir, bytes: 0, summary: null as unknown as BackupSummary };
    // VACUUM INTO cannot run inside the command's transaction: it runs right after the commit, still inside the
    // write queue (no other write can start), and the answer is filled in before it is sent.
    ctx.afterCommit(() => {
      const files = vaultFiles(dir);
      try {
        vault.backupTo(dir); // encrypted copy, key file and throttle record, 0700 folder, 0600 files
        const head = Buffer.alloc(16);
        const fd = fs.openSync(files.db, 'r');
        try { fs.readSync(fd, head, 0, 16, 0); } finally { fs.closeSync(fd); }
        if (head.equals(SQLITE_PLAIN_HEADER)) throw new AppError('backup.notEncrypted', 'The backup copy was not encrypted; it was deleted.');
        const key = Buffer.from(vault.keyHex(), 'hex');
        const copy = openReadonly(files.db, key);
        key.fill(0);
        try {
          result.summary = summarise(copy);
        } finally {
          copy.close();
        }
        if (!result.summary.integrity || !result.summary.auditChain) {
          throw new AppError('backup.verifyFailed', 'The backup copy did not pass its check; it was deleted. Try again, or choose another folder.');
        }
        for (const f of fs.readdirSync(dir)) result.bytes += fs.statSync(path.join(dir, f)).size;
      } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      vault.db.transaction(() => ctx.audit({
        action: 'vault.backup', target: path.basename(dir), details: { bytes: result.bytes, auditEntries: result.summary.auditEntries, ...result.summary.counts },
      }))();
    });
    return result;
  },

  'vault.lastBackup': (ctx) => {
    const db = ctx.db;
    const last = db.prepare("SELECT at, target FROM audit_log WHERE action = 'vault.backup' ORDER BY seq DESC LIMIT 1").get() as
      { at: string; target: string } | undefined;
    const now = ctx.now();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const soon = db.prepare(`SELECT name, election_date AS date FROM elections WHERE active = 1 AND election_date >= ? AND election_date <= ?
        ORDER BY election_date LIMIT 1`).get(day(now), day(new Date(now.getTime() + 14 * 86_400_000))) as { name: string; date: string } | undefined;
    const recent = last !== undefined && now.getTime() - Date.parse(last.at) < 7 * 86_400_000;
    return { at: last?.at ?? null, name: last?.target ?? null, reminder: soon && !recent ? { election: soon.name, date: soon.date } : null };
  },

  'vault.restore': async ({ backend }, input) => {
    if (backend.vault) throw new AppError('backup.lockFirst', 'Lock LitDesk first: restoring opens the restored vault in its place.');
    const from = backend.grants.requireFolder(input.from, 'backupSource');
    const to = backend.grants.requireFolder(input.to, 'restoreTarget');
    const source = vaultFiles(from);
    if (!fs.existsSync(source.db) || !fs.existsSync(source.slots)) {
      throw new AppError('backup.notABackup', 'This folder does not hold a LitDesk backup (vault.db and its key file).');
    }
    if (vaultExists(to) || fs.existsSync(vaultFiles(to).db)) throw new AppError('vault.exists', 'A vault already exists in that folder. Choose an empty folder.');
    privateDir(to);
    const target = vaultFiles(to);
    // Byte copies (the key file is the Vault's to read): the database, the key file and the login throttle's record.
    for (const k of ['db', 'slots', 'throttle'] as const) {
      if (!fs.existsSync(source[k])) continue;
      fs.copyFileSync(source[k], target[k]);
      fs.chmodSync(target[k], 0o600);
    }
    // Every refusal from here on takes the copy away again: a damaged or refused backup must not stay in the folder
    // as a vault (the next attempt into the same folder would be told "a vault already exists there").
    const discard = () => {
      for (const f of [target.db, `${target.db}-wal`, `${target.db}-shm`, `${target.db}-journal`, target.slots, target.throttle, target.pending, target.prekey]) {
        fs.rmSync(f, { force: true });
      }
    };
    const damaged = () => new AppError('backup.verifyFailed', 'The backup did not pass its check (integrity or audit chain). Try an older backup.');
    let opened: Awaited<ReturnType<typeof Vault.unlock>>;
    try {
      opened = await Vault.unlock(to, input.login, input.passphrase);
    } catch (err) {
      discard();
      // The passphrase opens this member's key in the backup's key file, yet the database did not open with it: the
      // copy is damaged. Saying "login and passphrase do not match" would send the user retyping a right passphrase.
      if (err instanceof AppError && err.code === 'auth.badCredentials' && await keyFileOpens(source.slots, input.login, input.passphrase)) throw damaged();
      throw err;
    }
    const { vault, userId, events } = opened;
    let summary: BackupSummary | null;
    try {
      summary = summarise(vault.db);
    } catch {
      summary = null; // SQLite gave up reading a damaged page
    }
    if (!summary || !summary.integrity || !summary.auditChain) {
      vault.close();
      discard();
      throw damaged();
    }
    const user = (() => { try { return getUser(vault.db, userId); } catch { return null; } })();
    // As at unlock: only a committee member opens the vault (candidates and auditors sign in on a handed-over one).
    if (!user || !user.active || (user.role !== 'chair' && user.role !== 'staff')) {
      vault.close();
      discard();
      throw new AppError('auth.badCredentials', 'That login and passphrase do not match.');
    }
    backend.openSession(vault, sessionUser(user), to);
    if (events.some((e) => e.action === 'vault.upgraded') || !fs.existsSync(target.throttle)) backend.throttle().initialise();
    vault.db.transaction(() => {
      for (const e of events) {
        const { action, ...details } = e;
        backend.audit({ action, details });
      }
      backend.audit({ action: 'vault.restore', target: path.basename(from), details: { ...summary.counts } });
    })();
    return { path: to, summary, session: sessionInfo(vault.db, userId, backend.options.demo ?? false) };
  },
};
