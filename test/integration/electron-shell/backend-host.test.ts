import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { backendOptionsFrom } from '../../../electron/core/backend-worker.ts';
import { BackendHost } from '../../../electron/main/backend-host.ts';
import { PreparePool } from '../../../electron/members/prepare-pool.ts';
import { prepareBatch } from '../../../electron/members/prepared.ts';
import { checkpointOnThread } from '../../../electron/vault/checkpoint.ts';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { syntheticMembers } from '../../support/members.ts';
import { CHAIR, tempDir } from '../../support/backend.ts';

// The main process's link to the backend thread, run on a real worker thread and a real vault (no Electron needed:
// backend-host.ts and backend-worker.ts are plain Node). The bundled worker is checked too when a build exists.
const root = path.resolve(import.meta.dirname, '../../..');
const sources = pathToFileURL(path.join(root, 'electron/core/backend-worker.ts'));
const built = path.join(root, 'out/main/backend-worker.js');
const builtPrepare = path.join(root, 'out/main/prepare-worker.js');
const builtCheckpoint = path.join(root, 'out/main/checkpoint-worker.js');

const hosts: BackendHost[] = [];
function host(vaultDir = path.join(tempDir(), 'vault'), workerUrl = sources): BackendHost {
  const h = new BackendHost({ workerUrl, vaultDir, demo: false });
  hosts.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

describe('backend host (worker thread)', () => {
  it('answers through the router: status, unknown command, invalid input', async () => {
    const dir = path.join(tempDir(), 'vault');
    const h = host(dir);
    expect(await h.call('vault.status', {})).toEqual({ ok: true, value: { state: 'none', dir, demo: false } });
    const unknown = await h.call('members.exportCsv', {});
    expect(unknown.ok === false && unknown.error.code).toBe('api.unknownCommand');
    const invalid = await h.call('vault.status', { extra: 1 });
    expect(invalid.ok === false && invalid.error.code).toBe('api.invalidInput');
    expect(h.pendingCount).toBe(0);
  });

  it('matches each reply to its request when many are in flight', async () => {
    const h = host();
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? h.call('vault.status', {}) : h.call(`nope.${i}`, {})));
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      if (i % 2 === 0) expect(r.ok).toBe(true);
      else expect(r.ok === false && r.error.code).toBe('api.unknownCommand');
    });
  });

  it('refuses a vault folder the user did not pick, accepts it once granted', async () => {
    const h = host();
    const chosen = tempDir('litdesk-chosen-');
    const input = { dir: chosen, unionName: 'Local 42', chair: CHAIR };
    const refused = await h.call('vault.create', input);
    expect(refused.ok === false && refused.error.code).toBe('path.notGranted');
    await expect(h.grant('folder', 'relative/path', 'vault')).rejects.toThrow(/grant refused/);
    await h.grant('folder', chosen, 'vault');
    const created = await h.call('vault.create', input);
    expect(created.ok).toBe(true);
    expect(fs.readdirSync(chosen).length).toBeGreaterThan(0);
  });

  it('answers backend.stopped when the thread dies, and starts a fresh one on the next call', async () => {
    const h = host();
    h.start();
    const waiting = h.call('vault.status', {});
    await h.stop();
    const r = await waiting;
    expect(r.ok === false && r.error.code).toBe('backend.stopped');
    expect((await h.call('vault.status', {})).ok).toBe(true);
  });

  it('on quit, answers the calls in hand and lets the backend lock before ending the thread', async () => {
    const h = host();
    h.start();
    const waiting = h.call('vault.status', {});
    await h.shutdown();
    expect((await waiting).ok).toBe(true);
    expect((await h.call('vault.status', {})).ok).toBe(true);
    await h.stop();
  });

  // `npm test` builds the app first and sets LITDESK_REQUIRE_BUILD: there a missing bundle is a failure, not a skip.
  it.skipIf(!fs.existsSync(built) && !process.env['LITDESK_REQUIRE_BUILD'])('the bundled out/main/backend-worker.js runs under plain Node', async () => {
    expect(fs.existsSync(built), 'out/main/backend-worker.js: run `npx electron-vite build`').toBe(true);
    const dir = path.join(tempDir(), 'vault');
    const h = host(dir, pathToFileURL(built));
    expect(await h.call('vault.status', {})).toEqual({ ok: true, value: { state: 'none', dir, demo: false } });
    // A real vault through the bundle: the native SQLCipher module, the migrations and the audit chain as shipped.
    const created = await h.call('vault.create', { unionName: 'Local 42', chair: CHAIR });
    if (!created.ok) throw new Error(`vault.create in the bundle: ${created.error.code}`);
    const pending = (created.value as { agreementPending: { version: number } }).agreementPending;
    expect(await h.call('agreement.accept', { version: pending.version })).toMatchObject({ ok: true });
    expect(await h.call('settings.update', { idleMinutes: 15 })).toMatchObject({ ok: true, value: { idleMinutes: 15 } });
    expect(await h.call('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('hands the bundled helper workers\' URLs to the core (merge batches, member import, vault checkpoint)', () => {
    const opts = backendOptionsFrom({ vaultDir: root, demo: false, workerUrls: {
      mergeBatch: 'file:///app/batch-worker.js', membersPrepare: 'file:///app/prepare-worker.js', vaultCheckpoint: 'file:///app/checkpoint-worker.js',
    } });
    expect(opts.workerUrls).toEqual({
      mergeBatch: new URL('file:///app/batch-worker.js'), membersPrepare: new URL('file:///app/prepare-worker.js'),
      vaultCheckpoint: new URL('file:///app/checkpoint-worker.js'),
    });
  });

  // The checkpoint thread as shipped: the bundle must contain it and it must copy a WAL into an encrypted file.
  it.skipIf(!fs.existsSync(built) && !process.env['LITDESK_REQUIRE_BUILD'])('the bundled out/main/checkpoint-worker.js copies an encrypted WAL into its file', async () => {
    expect(fs.existsSync(builtCheckpoint), 'out/main/checkpoint-worker.js: run `npx electron-vite build`').toBe(true);
    const file = path.join(tempDir('litdesk-ckpt-built-'), 'v.db');
    const key = crypto.randomBytes(32);
    const db = openEncrypted(file, key);
    try {
      db.pragma('wal_autocheckpoint=0');
      db.exec('CREATE TABLE t (x BLOB)');
      db.transaction(() => { for (let i = 0; i < 500; i++) db.prepare('INSERT INTO t VALUES (?)').run(crypto.randomBytes(4096)); })();
      const result = await checkpointOnThread(file, key, pathToFileURL(builtCheckpoint));
      expect(result).toMatchObject({ busy: 0 });
      expect(result!.checkpointed).toBe(result!.log);
      expect(result!.log).toBeGreaterThan(500);
    } finally {
      db.close();
    }
  });

  // The member import's prepare threads as shipped: the bundle must contain the worker and it must prepare exactly
  // what the sources prepare (electron.vite.config.ts lists it; electron/main/index.ts passes its URL).
  it.skipIf(!fs.existsSync(built) && !process.env['LITDESK_REQUIRE_BUILD'])('the bundled out/main/prepare-worker.js prepares members as the sources do', async () => {
    expect(fs.existsSync(builtPrepare), 'out/main/prepare-worker.js: run `npx electron-vite build`').toBe(true);
    const pool = new PreparePool({ workers: 1, workerUrl: pathToFileURL(builtPrepare) });
    try {
      expect(pool.workers).toBe(1);
      const records = [...syntheticMembers(300, { seed: 3 })].map((m, i) => ({ ...m, rowNumber: i + 2 }));
      const b = await pool.prepare(records);
      const here = prepareBatch(records);
      expect(b.ok).toBe(300);
      expect({ ...b, json: JSON.parse(b.json) as unknown }).toEqual({ ...here, json: JSON.parse(here.json) as unknown });
    } finally {
      await pool.close();
    }
  });
});
