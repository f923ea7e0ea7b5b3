import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CHAIR, addUserAndLogin, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { Vault, vaultFiles } from '../../../electron/vault/vault.ts';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { latestMigrationIds } from '../../../electron/vault/migrations/index.ts';

const require = createRequire(import.meta.url);

/** Opens a file with @journeyapps/sqlcipher, an independent SQLCipher 4 build (DESIGN §5). */
function readWithIndependentSqlcipher(file: string, keyHex: string | null): Promise<{ rows?: unknown[]; error?: string }> {
  const sqlite3 = require('@journeyapps/sqlcipher') as typeof import('@journeyapps/sqlcipher');
  return new Promise((resolve) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    db.serialize(() => {
      db.run('PRAGMA cipher_compatibility = 4');
      if (keyHex) db.run(`PRAGMA key = "x'${keyHex}'"`);
      db.all('SELECT login, role FROM users ORDER BY id', (err: Error | null, rows: unknown[]) => {
        db.close();
        resolve(err ? { error: err.message } : { rows });
      });
    });
  });
}

describe('vault', () => {
  it('creates an SQLCipher 4 file that holds none of its text in the clear', async () => {
    const { backend, dir } = await setUpVault();
    const marker = 'Nguyễn Thị Hương marker 84113';
    expect(await backend.dispatch('payers.proposeUnionName', { unionName: marker, reason: 'A name only this test writes.' })).toMatchObject({ ok: true });
    const keyHex = backend.vault!.keyHex();
    backend.lock('user');
    const raw = fs.readFileSync(vaultFiles(dir).db);
    expect(raw.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(raw.includes(Buffer.from(marker))).toBe(false);
    expect(raw.includes(Buffer.from('Rosa Delgado'))).toBe(false);
    const slots = fs.readFileSync(vaultFiles(dir).slots, 'utf8');
    expect(slots).not.toContain(keyHex);
    expect(slots).not.toContain(CHAIR.passphrase);

    const withKey = await readWithIndependentSqlcipher(vaultFiles(dir).db, keyHex);
    expect(withKey.rows).toEqual([{ login: 'chair', role: 'chair' }]);
    const withoutKey = await readWithIndependentSqlcipher(vaultFiles(dir).db, null);
    expect(withoutKey.error).toMatch(/not a database|encrypted/i);
    const wrongKey = await readWithIndependentSqlcipher(vaultFiles(dir).db, 'ab'.repeat(32));
    expect(wrongKey.error).toMatch(/not a database|encrypted/i);
  });

  it('opens with the right passphrase, refuses a wrong one, and throttles after five failures', async () => {
    const { backend, client, dir } = await setUpVault();
    backend.lock('user');
    let now = Date.parse('2026-11-01T10:00:00Z');
    const b2 = makeBackend({ vaultDir: dir, clock: () => new Date(now), uptime: () => now });
    for (let i = 1; i <= 5; i++) {
      await expect(b2.client.call('session.login', { login: 'chair', passphrase: `wrong guess number ${i}` }))
        .rejects.toMatchObject({ code: 'auth.badCredentials' });
    }
    await expect(b2.client.call('session.login', { login: 'chair', passphrase: CHAIR.passphrase }))
      .rejects.toMatchObject({ code: 'auth.throttled', details: { retryAfterSeconds: 5 } });
    now += 6_000;
    const info = await b2.client.call('session.login', { login: 'chair', passphrase: CHAIR.passphrase });
    expect(info.user.role).toBe('chair');
    void client;
  });

  it('adds and removes key slots; a removed user cannot open the vault', async () => {
    const { client, dir } = await setUpVault();
    const staff = await addUserAndLogin(client, dir, { login: 'sam', role: 'staff' });
    expect(staff.backend.user?.role).toBe('staff');
    const users = await client.call('users.list', {});
    const sam = users.find((u) => u.login === 'sam')!;
    staff.backend.lock('user');
    await client.call('users.remove', { userId: sam.id });
    const fresh = makeBackend({ vaultDir: dir });
    await expect(fresh.client.call('session.login', { login: 'sam', passphrase: staff.passphrase }))
      .rejects.toMatchObject({ code: 'auth.badCredentials' });
  });

  it('changes a passphrase: the old one stops working, the new one opens', async () => {
    const { client, dir } = await setUpVault();
    const next = 'a brand new chair passphrase 4471';
    await client.call('session.changePassphrase', { current: CHAIR.passphrase, next });
    await expect(Vault.unlock(dir, 'chair', CHAIR.passphrase)).rejects.toMatchObject({ code: 'auth.badCredentials' });
    const { vault } = await Vault.unlock(dir, 'chair', next);
    vault.close();
  });

  it('re-keys: the old key no longer opens the file, the chair still can', async () => {
    const { backend, dir } = await setUpVault();
    const oldKey = Buffer.from(backend.vault!.keyHex(), 'hex');
    await backend.vault!.rekey({});
    backend.lock('user');
    expect(() => openEncrypted(vaultFiles(dir).db, oldKey)).toThrow(/could not be opened/);
    const { vault } = await Vault.unlock(dir, 'chair', CHAIR.passphrase);
    expect((vault.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(1);
    vault.close();
  });

  it('builds an emptied vault\'s schema again from the first step and records every step', async () => {
    const { backend, dir } = await setUpVault();
    const key = Buffer.from(backend.vault!.keyHex(), 'hex');
    backend.lock('user');
    const db = openEncrypted(vaultFiles(dir).db, key);
    db.pragma('user_version=0');
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TABLE audit_log; DROP TABLE agreement_acceptances; DROP TABLE agreements; DROP TABLE users; DROP TABLE settings;');
    // Virtual tables first: dropping one drops its shadow tables with it.
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY sql NOT LIKE 'CREATE VIRTUAL%'").all() as { name: string }[]) {
      db.exec(`DROP TABLE IF EXISTS "${t.name}"`);
    }
    db.close();
    const reopened = openEncrypted(vaultFiles(dir).db, key);
    const { migrate } = await import('../../../electron/vault/migrations/index.ts');
    expect(migrate(reopened)).toEqual({ applied: latestMigrationIds(), adopted: [] });
    reopened.close();
  });

  it('refuses to create a second vault over the first', async () => {
    const { dir } = await setUpVault();
    const other = makeBackend({ vaultDir: dir });
    await expect(other.client.call('vault.create', { unionName: 'x', chair: CHAIR })).rejects.toMatchObject({ code: 'vault.exists' });
  });

  it('refuses weak passphrases with the reason', async () => {
    const { client } = makeBackend({ vaultDir: path.join(tempDir(), 'v') });
    await expect(client.call('vault.create', { unionName: 'x', chair: { ...CHAIR, passphrase: 'short one' } }))
      .rejects.toMatchObject({ code: 'passphrase.tooShort' });
    await expect(client.call('vault.create', { unionName: 'x', chair: { ...CHAIR, passphrase: 'passwordpassword' } }))
      .rejects.toMatchObject({ code: 'passphrase.common' });
  });
});
