// Issue 16 §4: backup and restore as a chair would use them, and as a careless or dishonest user would try them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAIR, makeBackend, setUpVault, tempDir } from '../../support/backend.ts';
import { seedMembers } from '../../support/members.ts';
import { ELECTION } from '../elections/helpers.ts';

const kdf = { N: 2 ** 12, r: 8, p: 1 };
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('backup and restore', () => {
  it('a backup is encrypted, private, checked after writing, and restores into a new folder with its counts', async () => {
    const { client, backend } = await setUpVault({ kdf });
    seedMembers(backend.vault!.db, 25, { seed: 3 });
    const parent = tempDir('litdesk-backups-');
    backend.grants.grantFolder(parent, 'backup');
    const b = await client.call('vault.backup', { folder: parent });
    expect(path.dirname(b.path)).toBe(parent);
    expect(b.summary).toMatchObject({ integrity: true, auditChain: true, counts: { members: 25, users: 1 } });
    expect(mode(b.path)).toBe(0o700);
    for (const f of fs.readdirSync(b.path)) expect(mode(path.join(b.path, f))).toBe(0o600);
    const bytes = fs.readFileSync(path.join(b.path, 'vault.db'));
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from(CHAIR.displayName))).toBe(false); // no plaintext inside
    expect((await client.call('vault.lastBackup', {})).name).toBe(path.basename(b.path));
    // A second backup the same minute goes to a folder of its own, never over the first.
    const b2 = await client.call('vault.backup', { folder: parent });
    expect(b2.path).not.toBe(b.path);

    // Restore: refused while signed in; then into a new folder, from the start screen, with the chair's passphrase.
    const to = path.join(tempDir('litdesk-restored-'), 'vault');
    backend.grants.grantFolder(b.path, 'backupSource');
    backend.grants.grantFolder(to, 'restoreTarget');
    const restoreInput = { from: b.path, to, login: CHAIR.login, passphrase: CHAIR.passphrase };
    await expect(client.call('vault.restore', restoreInput)).rejects.toMatchObject({ code: 'backup.lockFirst' });
    backend.lock('test');

    const fresh = makeBackend({ vaultDir: path.join(tempDir('litdesk-empty-'), 'vault') });
    fresh.backend.grants.grantFolder(b.path, 'backupSource');
    fresh.backend.grants.grantFolder(to, 'restoreTarget');
    await expect(fresh.client.call('vault.restore', { ...restoreInput, passphrase: 'not the passphrase at all, sorry' })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    expect(fs.existsSync(path.join(to, 'vault.db'))).toBe(false); // a wrong passphrase leaves nothing behind
    const r = await fresh.client.call('vault.restore', restoreInput);
    expect(r.summary).toMatchObject({ integrity: true, auditChain: true, counts: { members: 25 } });
    expect(r.session.user.login).toBe(CHAIR.login);
    expect(fresh.backend.vaultDir).toBe(to);
    expect(mode(to)).toBe(0o700);
    // The restored vault works: it reads and writes, and its audit trail records the restore.
    expect((await fresh.client.call('members.summary', {})).active).toBe(25);
    expect((await fresh.client.call('audit.verify', {})).ok).toBe(true);
    const restoredAgain = { ...restoreInput };
    fresh.backend.lock('test');
    // Never over an existing vault (grants end with the session: picked again).
    fresh.backend.grants.grantFolder(b.path, 'backupSource');
    fresh.backend.grants.grantFolder(to, 'restoreTarget');
    await expect(fresh.client.call('vault.restore', restoredAgain)).rejects.toMatchObject({ code: 'vault.exists' });
  });

  it('a backup goes only into a folder the user picked', async () => {
    const { client, backend } = await setUpVault({ kdf });
    const parent = tempDir('litdesk-backups-');
    await expect(client.call('vault.backup', { folder: parent })).rejects.toMatchObject({ code: 'path.notGranted' });
    backend.grants.grantFolder(parent, 'backup');
    await client.call('vault.backup', { folder: parent });
    backend.lock('test');
  });

  // A backup kept on a USB stick for a year: bytes rot at the start of the file, in its first pages or deep inside.
  // Whichever, the right passphrase is told the backup is damaged (never "login and passphrase do not match", which
  // sends the chair retyping a right passphrase), nothing is left in the chosen folder, and an older backup can then
  // be restored into that same folder.
  it.each([
    ['the file header', (_n: number): [number, number] => [0, 16]],
    ['the first page', (_n: number): [number, number] => [200, 300]],
    ['the second page', (_n: number): [number, number] => [4096 + 100, 4096 + 200]],
    ['a page near the end', (n: number): [number, number] => [n - 20_000, n - 19_000]],
  ] as const)('a copy damaged in %s is refused as damaged, leaves nothing behind, and the folder takes an older backup', async (_where, range) => {
    const { client, backend } = await setUpVault({ kdf });
    seedMembers(backend.vault!.db, 2000, { seed: 3 });
    const parent = tempDir('litdesk-backups-');
    backend.grants.grantFolder(parent, 'backup');
    const older = await client.call('vault.backup', { folder: parent });
    const b = await client.call('vault.backup', { folder: parent });
    backend.lock('test');
    const db = path.join(b.path, 'vault.db');
    const buf = fs.readFileSync(db);
    const [from, to] = range(buf.length);
    for (let i = from; i < to; i++) buf[i] = buf[i]! ^ 0xff;
    fs.writeFileSync(db, buf);
    const fresh = makeBackend({ vaultDir: path.join(tempDir('litdesk-empty-'), 'vault') });
    const target = path.join(tempDir('litdesk-restored-'), 'vault');
    const grant = (from: string) => { fresh.backend.grants.grantFolder(from, 'backupSource'); fresh.backend.grants.grantFolder(target, 'restoreTarget'); };
    grant(b.path);
    await expect(fresh.client.call('vault.restore', { from: b.path, to: target, login: CHAIR.login, passphrase: CHAIR.passphrase }))
      .rejects.toMatchObject({ code: 'backup.verifyFailed' });
    expect(fresh.backend.vault).toBeNull();
    expect(fs.readdirSync(target)).toEqual([]);
    // A wrong passphrase on the damaged copy is still just a wrong passphrase.
    grant(b.path);
    await expect(fresh.client.call('vault.restore', { from: b.path, to: target, login: CHAIR.login, passphrase: 'not the passphrase at all, sorry' }))
      .rejects.toMatchObject({ code: 'auth.badCredentials' });
    grant(older.path);
    const r = await fresh.client.call('vault.restore', { from: older.path, to: target, login: CHAIR.login, passphrase: CHAIR.passphrase });
    expect(r.summary).toMatchObject({ integrity: true, auditChain: true, counts: { members: 2000 } });
    fresh.backend.lock('test');
  });

  it('reminds the committee before an election closes when no backup was made in the last week', async () => {
    let now = new Date('2026-06-20T15:00:00Z'); // ten days before the election
    const { client, backend } = await setUpVault({ kdf, clock: () => now });
    expect((await client.call('vault.lastBackup', {})).reminder).toBeNull(); // no election yet
    await client.call('elections.save', { election: ELECTION });
    expect((await client.call('vault.lastBackup', {})).reminder).toEqual({ election: ELECTION.name, date: ELECTION.electionDate });
    const parent = tempDir('litdesk-backups-');
    backend.grants.grantFolder(parent, 'backup');
    await client.call('vault.backup', { folder: parent });
    expect((await client.call('vault.lastBackup', {})).reminder).toBeNull();
    now = new Date('2026-06-28T15:00:00Z'); // eight days later, two before the election
    expect((await client.call('vault.lastBackup', {})).reminder).toMatchObject({ election: ELECTION.name });
    now = new Date('2026-07-01T15:00:00Z'); // the election is over
    expect((await client.call('vault.lastBackup', {})).reminder).toBeNull();
    backend.lock('test');
  });
});
