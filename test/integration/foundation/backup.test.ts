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

  it('a backup goes only into a folder the user picked; a damaged copy is refused at restore', async () => {
    const { client, backend } = await setUpVault({ kdf });
    const parent = tempDir('litdesk-backups-');
    await expect(client.call('vault.backup', { folder: parent })).rejects.toMatchObject({ code: 'path.notGranted' });
    backend.grants.grantFolder(parent, 'backup');
    const b = await client.call('vault.backup', { folder: parent });
    backend.lock('test');
    // Flip bytes in the middle of the copy: the restore refuses it and signs in to nothing.
    const db = path.join(b.path, 'vault.db');
    const buf = fs.readFileSync(db);
    for (let i = 4096 + 100; i < 4096 + 200; i++) buf[i] = buf[i]! ^ 0xff;
    fs.writeFileSync(db, buf);
    const fresh = makeBackend({ vaultDir: path.join(tempDir('litdesk-empty-'), 'vault') });
    const to = path.join(tempDir('litdesk-restored-'), 'vault');
    fresh.backend.grants.grantFolder(b.path, 'backupSource');
    fresh.backend.grants.grantFolder(to, 'restoreTarget');
    await expect(fresh.client.call('vault.restore', { from: b.path, to, login: CHAIR.login, passphrase: CHAIR.passphrase })).rejects.toMatchObject({ code: expect.stringMatching(/^(vault\.wrongKey|backup\.verifyFailed|internal)$/) });
    expect(fresh.backend.vault).toBeNull();
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
