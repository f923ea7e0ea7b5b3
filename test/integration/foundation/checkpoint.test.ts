import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointOnThread, walBytes } from '../../../electron/vault/checkpoint.ts';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { vaultFiles } from '../../../electron/vault/vault.ts';
import { setUpVault, tempDir } from '../../support/backend.ts';
import { importList, membersVault, writeTemp } from '../members/helpers.ts';
import { membersCsv, syntheticMembers } from '../../support/members.ts';

// The copy of the WAL into the vault file after a large write runs on a thread of its own (vault/checkpoint.ts).
// What it must never do: lose or expose a row, need the writing thread, or leave the vault unopenable.

const ROWS = 4_000;
const BLOB = 8 * 1024;

/** A vault whose last transaction (ROWS rows, ~32 MB) is in the WAL only, as after an import whose commit did not copy it. */
async function vaultWithLargeWal() {
  const made = await setUpVault({ kdf: { N: 2 ** 12, r: 8, p: 1 } });
  const vault = made.backend.vault!;
  const db = vault.db;
  const key = Buffer.from(vault.keyHex(), 'hex');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint=0');
  db.exec('CREATE TABLE checkpoint_probe (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
  const put = db.prepare('INSERT INTO checkpoint_probe (payload) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < ROWS; i++) put.run(crypto.randomBytes(BLOB)); })();
  db.pragma('wal_autocheckpoint=1000');
  const file = vaultFiles(made.dir).db;
  expect(walBytes(file)).toBeGreaterThan(16 * 1024 * 1024);
  return { ...made, vault, db, key, file };
}

/** Rows of the probe table in the vault file alone, without its WAL (a copy opened elsewhere). */
function rowsInFileAlone(file: string, key: Buffer): number {
  const copy = path.join(tempDir('litdesk-ckpt-copy-'), 'v.db');
  fs.copyFileSync(file, copy);
  const db = openEncrypted(copy, key);
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'checkpoint_probe'").get();
    return has ? (db.prepare('SELECT count(*) AS n FROM checkpoint_probe').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

describe('the checkpoint after a large write', () => {
  it('copies the WAL into the vault file on another thread while this one is busy, and every row is there', async () => {
    const { vault, db, key, file } = await vaultWithLargeWal();
    expect(rowsInFileAlone(file, key), 'before: the rows are in the WAL only').toBe(0);
    const before = fs.statSync(file).size;
    vault.checkpointSoon();
    // Not copied by the call itself (on this thread it would be done by now; a thread needs tens of ms to start).
    expect(fs.statSync(file).size, 'checkpointSoon returned before the copy').toBeLessThan(before + ROWS * BLOB);
    // This thread now blocks (no event loop turn): only another thread can grow the file to hold the rows.
    const until = Date.now() + 60_000;
    while (fs.statSync(file).size < before + ROWS * BLOB && Date.now() < until) { /* busy: the writing thread is occupied */ }
    expect(fs.statSync(file).size, 'the file grew while this thread never yielded').toBeGreaterThanOrEqual(before + ROWS * BLOB);
    await vault.settleCheckpoint();
    expect(rowsInFileAlone(file, key)).toBe(ROWS);
    // The writing connection worked on meanwhile and still does.
    db.prepare('INSERT INTO checkpoint_probe (payload) VALUES (?)').run(Buffer.from('after'));
    expect((db.prepare('SELECT count(*) AS n FROM checkpoint_probe').get() as { n: number }).n).toBe(ROWS + 1);
  }, 120_000);

  it('a wrong key: the thread fails by error name only, the WAL and the rows stay', async () => {
    const { db, key, file } = await vaultWithLargeWal();
    const wal = walBytes(file);
    await expect(checkpointOnThread(file, crypto.randomBytes(32))).rejects.toThrow(/^vault checkpoint thread failed: \w+$/);
    expect(walBytes(file)).toBe(wal);
    expect(rowsInFileAlone(file, key)).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM checkpoint_probe').get() as { n: number }).n).toBe(ROWS);
  }, 120_000);

  it('locking while it runs: the last connection to close copies the rest and removes the WAL; the vault opens whole', async () => {
    const { backend, vault, key, file } = await vaultWithLargeWal();
    vault.checkpointSoon();
    backend.lock('user');
    await vault.settleCheckpoint();
    expect(fs.existsSync(`${file}-wal`), 'no WAL left once both connections closed').toBe(false);
    expect(rowsInFileAlone(file, key)).toBe(ROWS);
  }, 120_000);

  it('a member import turns automatic checkpoints off for its transaction only', async () => {
    const { backend, client } = await membersVault();
    const file = writeTemp('m.csv', membersCsv([...syntheticMembers(300, { seed: 11 })]));
    const auto = backend.vault!.db.pragma('wal_autocheckpoint', { simple: true });
    expect(auto).toBeGreaterThan(0);
    const { outcome } = await importList(client, backend, file);
    expect(outcome.status).toBe('committed');
    expect(backend.vault!.db.pragma('wal_autocheckpoint', { simple: true })).toBe(auto);
    // A refused commit (a token that was never issued) leaves it as it was too.
    await expect(client.call('members.importCommit', { token: 'nope', skipInvalid: true })).rejects.toMatchObject({ code: 'members.importNotValidated' });
    expect(backend.vault!.db.pragma('wal_autocheckpoint', { simple: true })).toBe(auto);
  }, 120_000);
});
