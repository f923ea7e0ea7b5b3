import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import { FREE_FAILURES, LoginThrottle } from '../../../electron/core/throttle.ts';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { Vault, vaultFiles } from '../../../electron/vault/vault.ts';
import { CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { CANARY_NEEDLES, insertCanary, scanForCanary } from '../../support/canary-scan.ts';
import { seedMembers } from '../../support/members.ts';
import { changedParts, stateHashes } from './state.ts';

// Issue 8, keys: throttling of wrong passphrases (measured, with the real scrypt cost), auto-lock closing the
// database, an encrypted backup (VACUUM INTO) that opens with the same key and restores, and a full re-key.
// The vault uses the production key-derivation cost on purpose: the timings are the ones a user meets.
const MEMBERS = 2000;
const measured: Record<string, unknown> = {};
let chair: Awaited<ReturnType<typeof setUpVault>>;
let now = new Date('2026-05-20T15:00:00Z');

beforeAll(async () => {
  chair = await setUpVault({ clock: () => now });
  seedMembers(chair.backend.vault!.db, MEMBERS);
  insertCanary(chair.backend.vault!.db);
}, 120_000);

afterAll(() => {
  chair.backend.lock('test over');
  const dir = path.join(process.cwd(), 'test-results', 'hardening');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(measured, null, 1));
});

const ms = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, Math.round(performance.now() - t)];
};

describe('keys', () => {
  it('throttles wrong passphrases: 5 free failures, then 5 s doubling to 15 min', async () => {
    const other: Backend = makeBackend({ vaultDir: chair.dir, clock: () => now, uptime: () => now.getTime() }).backend;
    const wrong = { login: CHAIR.login, passphrase: 'not the passphrase at all' };
    const [first, firstMs] = await ms(() => other.dispatch('session.login', wrong));
    expect(first).toMatchObject({ ok: false, error: { code: 'auth.badCredentials', details: { attemptsBeforeDelay: FREE_FAILURES - 1 } } });
    const [unknown, unknownMs] = await ms(() => other.dispatch('session.login', { login: 'nobody', passphrase: 'x' }));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'auth.badCredentials' } });
    for (let i = 2; i <= FREE_FAILURES; i++) await other.dispatch('session.login', wrong);
    const [throttled, throttledMs] = await ms(() => other.dispatch('session.login', { ...wrong, passphrase: CHAIR.passphrase }));
    expect(throttled).toMatchObject({ ok: false, error: { code: 'auth.throttled', details: { retryAfterSeconds: 5 } } });
    // After the wait, the next try is allowed (and, wrong again, doubles the wait).
    now = new Date(now.getTime() + 5_000);
    const again = await other.dispatch('session.login', wrong);
    expect(again).toMatchObject({ ok: false, error: { code: 'auth.badCredentials', details: { retryAfterSeconds: 10 } } });
    now = new Date(now.getTime() + 10_000);
    expect((await other.dispatch('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase })).ok).toBe(true);
    expect(other.throttle().waitMs(CHAIR.login)).toBe(0);
    other.lock('test');
    const schedule = Array.from({ length: 14 }, (_, i) => LoginThrottle.delayFor(i + 1) / 1000);
    expect(schedule.slice(0, 8)).toEqual([0, 0, 0, 0, 5, 10, 20, 40]);
    expect(Math.max(...schedule)).toBe(900);
    Object.assign(measured, { wrongPassphraseMs: firstMs, unknownLoginMs: unknownMs, throttledRefusalMs: throttledMs, delayScheduleSeconds: schedule });
  }, 60_000);

  it('backs up encrypted (VACUUM INTO), with the same rows, and the backup restores', async () => {
    const vault = chair.backend.vault!;
    const backupDir = path.join(tempDir('litdesk-hardening-backup-'), 'vault');
    const [, backupMs] = await ms(() => vault.backupTo(backupDir));
    const raw = fs.readFileSync(vaultFiles(backupDir).db);
    expect(raw.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(scanForCanary([backupDir], CANARY_NEEDLES)).toEqual([]);
    // Opens with the same key slots (the same passphrase), and holds the same rows.
    const opened = await Vault.unlock(backupDir, CHAIR.login, CHAIR.passphrase);
    const same = changedParts(stateHashes(vault.db, chair.dir), stateHashes(opened.vault.db, backupDir)).filter((k) => k.startsWith('table:'));
    expect(same).toEqual([]);
    const audit = (db: typeof vault.db) => (db.prepare('SELECT count(*) AS n, max(hash) AS h FROM audit_log').get() as { n: number; h: string });
    expect(audit(opened.vault.db)).toEqual(audit(vault.db));
    opened.vault.close();
    // Restore = run the app on the backup folder: sign in, the list and the audit chain are intact.
    const restored = makeBackend({ vaultDir: backupDir });
    const [login, restoreMs] = await ms(() => restored.backend.dispatch('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase }));
    expect(login.ok).toBe(true);
    const n = restored.backend.vault!.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number };
    expect(n.n).toBe(MEMBERS + 1);
    expect(await restored.backend.dispatch('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    restored.backend.lock('test');
    Object.assign(measured, { backupMs, backupBytes: raw.length, restoreLoginMs: restoreMs, members: MEMBERS + 1 });
  }, 60_000);

  it('re-keys the whole file: the old key no longer opens it, the passphrase does', async () => {
    const vault = chair.backend.vault!;
    const oldKey = Buffer.from(vault.keyHex(), 'hex');
    const [, rekeyMs] = await ms(() => vault.rekey({}));
    expect(vault.keyHex()).not.toBe(oldKey.toString('hex'));
    expect(() => openEncrypted(vaultFiles(chair.dir).db, oldKey, { readonly: true })).toThrow(/could not be opened/);
    expect(vault.slotUserIds()).toEqual([chair.backend.user!.id]);
    const fresh = makeBackend({ vaultDir: chair.dir });
    expect((await fresh.backend.dispatch('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase })).ok).toBe(true);
    fresh.backend.lock('test');
    expect(scanForCanary([chair.dir], CANARY_NEEDLES)).toEqual([]);
    Object.assign(measured, { rekeyMs });
  }, 60_000);

  it('auto-locks when idle: the database handle closes and nothing answers', async () => {
    const backend = chair.backend;
    const db = backend.vault!.db;
    expect(backend.checkIdle(Date.now() + 60_000)).toBe(false);
    expect(backend.checkIdle(Date.now() + backend.idleMinutes() * 60_000 + 1)).toBe(true);
    expect(backend.vault).toBeNull();
    expect(backend.user).toBeNull();
    expect(db.open).toBe(false);
    expect(await backend.dispatch('members.summary', {})).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
    expect(await backend.dispatch('session.me', {})).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
  });
});
