import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/audit/log.ts';
import type { Handler, ReadContext } from '../../../electron/core/context.ts';
import { handlers } from '../../../electron/core/handlers.ts';
import { openEncrypted, STATEMENT_CACHE_SIZE, type WritableDB } from '../../../electron/vault/database.ts';
import { migrate } from '../../../electron/vault/migrations/index.ts';
import type { foundationCommands } from '../../../shared/api/commands/foundation.ts';
import { makeBackend, setUpVault, tempDir } from '../../support/backend.ts';

// The database layer as Signal Desktop has it: read commands on a read-only connection (a read cannot write, when it
// compiles nor when it runs), one statement cache on every connection, slow commands logged by name only.

type Table = Record<string, unknown>;
const realAgreementCurrent = (handlers as Table)['agreement.current'];
afterEach(() => { (handlers as Table)['agreement.current'] = realAgreementCurrent; });

describe('read commands', () => {
  it('run on a connection where SQLite refuses every write, so a read handler that tries changes nothing', async () => {
    const { backend, client } = await setUpVault();
    const db = backend.vault!.db;
    const before = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    // A careless (or hostile) read handler: writes a setting and an audit entry through the connection it was given.
    (handlers as Table)['agreement.current'] = (ctx: ReadContext) => {
      ctx.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('idle_minutes', '999')").run();
      return { version: 1, text: 'x', updatedAt: '' };
    };
    const r = await backend.dispatch('agreement.current', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'idle_minutes'").pluck().get()).not.toBe('999');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
    // The real handler still answers on the read-only connection.
    (handlers as Table)['agreement.current'] = realAgreementCurrent;
    expect((await client.call('agreement.current', {})).version).toBeGreaterThan(0);
  });

  it('cannot be given a writing function when they compile', () => {
    // The type of a read handler's connection is ReadonlyDB; appendAudit asks for a WritableDB. If the two types
    // ever become the same, the expect-error below is unused and the type-check fails.
    const h: Handler<(typeof foundationCommands)['agreement.current']> = (ctx) => {
      // @ts-expect-error a read handler's connection cannot be passed to code that writes
      appendAudit(ctx.db, { id: null, label: 'x' }, { action: 'x' });
      // @ts-expect-error a read handler has no audit writer
      ctx.audit({ action: 'x' });
      return { version: 1, text: '', updatedAt: '' };
    };
    expect(typeof h).toBe('function');
  });

  it('see the last committed state, never the half of a write still in its transaction', async () => {
    const { backend } = await setUpVault();
    const vault = backend.vault!;
    const before = vault.reader().prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    vault.db.exec('BEGIN IMMEDIATE');
    appendAudit(vault.db, { id: null, label: 'test' }, { action: 'test.uncommitted' });
    expect(vault.reader().prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
    vault.db.exec('COMMIT');
    expect(vault.reader().prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before + 1);
  });

  it('close with the vault: nothing stays readable after a lock', async () => {
    const { backend } = await setUpVault();
    const reader = backend.vault!.reader();
    const own = backend.vault!.openReader();
    backend.lock('test');
    expect(reader.open).toBe(false);
    expect(own.open).toBe(false);
  });
});

describe('statement cache', () => {
  const open = () => {
    const db = openEncrypted(path.join(tempDir('litdesk-stmt-'), 'v.db'), crypto.randomBytes(32)) as WritableDB;
    migrate(db);
    return db;
  };

  it('prepares each SQL text once per connection and hands it back as prepared (no leftover pluck or raw)', () => {
    const db = open();
    const sql = 'SELECT key, value FROM settings ORDER BY key';
    const a = db.prepare(sql);
    expect(db.prepare(sql)).toBe(a);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    expect(db.prepare(sql).pluck().all()).toContain('k');
    expect(db.prepare(sql).all()).toContainEqual({ key: 'k', value: 'v' });
    expect(db.prepare(sql).raw().all()).toContainEqual(['k', 'v']);
    expect(db.prepare(sql).get()).toHaveProperty('key');
  });

  it('gives a nested use of a statement still iterating its own statement', () => {
    const db = open();
    for (const k of ['a', 'b', 'c']) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(k, k);
    const sql = "SELECT key FROM settings WHERE key IN ('a','b','c') ORDER BY key";
    const pairs: string[] = [];
    for (const outer of db.prepare(sql).pluck().iterate() as Iterable<string>) {
      for (const inner of db.prepare(sql).pluck().iterate() as Iterable<string>) pairs.push(outer + inner);
    }
    expect(pairs).toHaveLength(9);
  });

  it('stays bounded when SQL text varies', () => {
    const db = open();
    const first = db.prepare('SELECT 0');
    for (let i = 1; i <= STATEMENT_CACHE_SIZE + 5; i++) db.prepare(`SELECT ${i}`);
    expect(db.prepare('SELECT 0')).not.toBe(first);
  });
});

describe('slow commands', () => {
  it('are logged with the command name and times only, never the input', async () => {
    const lines: string[] = [];
    const made = makeBackend({ slowCommandMs: -1, logSlow: (l) => lines.push(l) });
    const info = await made.client.call('vault.create', { unionName: 'Local 42', chair: { login: 'chair', displayName: 'Rosa Delgado', passphrase: 'solidarity forever in local forty two' } });
    await made.client.call('agreement.accept', { version: info.agreementPending!.version });
    await made.client.call('members.search', { query: 'Zyxwvuq Canaryname' });
    const search = lines.find((l) => l.includes('members.search'));
    expect(search).toMatch(/^\[litdesk\] slow command members\.search: \d+ ms \(\d+ ms waiting for the write queue\)\n$/);
    expect(lines.join('')).not.toMatch(/Zyxwvuq|Canaryname|solidarity|Rosa/);
  });

  it('are not logged under the threshold', async () => {
    const lines: string[] = [];
    const made = makeBackend({ slowCommandMs: 60_000, logSlow: (l) => lines.push(l) });
    await made.client.call('vault.status', {});
    expect(lines).toEqual([]);
  });
});
