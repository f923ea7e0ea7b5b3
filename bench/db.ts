// Database-layer benchmark (issue 11 §4): what one audit append costs with the connection's statement cache and
// without it (a fresh prepare per statement, as before the cache), on an encrypted vault, in the same run.
//   node bench/db.ts [--entries 20000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { appendAudit } from '../electron/audit/log.ts';
import { openWritable, type WritableDB } from '../electron/vault/database.ts';
import { migrate } from '../electron/vault/migrations/index.ts';
import { load } from './merge.ts';

const actor = { id: 1, label: 'chair (chair)' };

/** The same connection seen through a `prepare` that bypasses the cache: every call parses and plans the SQL again. */
function uncached(db: WritableDB): WritableDB {
  const raw = Database.prototype.prepare;
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => raw.call(target, sql);
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Microseconds per append: `n` appends in one transaction (the append itself), best of three rounds. */
function perAppend(db: WritableDB, n: number): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    db.transaction(() => {
      for (let i = 0; i < n; i++) appendAudit(db, actor, { action: 'members.search', details: { hits: i, more: false } });
    })();
    best = Math.min(best, ((performance.now() - t) * 1000) / n);
  }
  return best;
}

export function runDbBench(opts: { entries?: number; log?: (l: string) => void } = {}): void {
  const log = opts.log ?? ((l: string) => console.log(l));
  const n = opts.entries ?? 20_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litdesk-bench-db-'));
  try {
    const db = openWritable(path.join(dir, 'vault.db'), crypto.randomBytes(32));
    migrate(db);
    perAppend(db, 2000); // warm-up, discarded
    const cachedUs = perAppend(db, n);
    const uncachedUs = perAppend(uncached(db), n);
    // A command's own transaction: the append plus its commit (WAL, synchronous=FULL: an fsync per command).
    const k = Math.min(n, 500);
    const t = performance.now();
    for (let i = 0; i < k; i++) db.transaction(() => appendAudit(db, actor, { action: 'settings.update', details: { idleMinutes: 10 } }))();
    const commandUs = ((performance.now() - t) * 1000) / k;
    log(`db: audit_append_us=${cachedUs.toFixed(1)} uncached_us=${uncachedUs.toFixed(1)} ratio=${(uncachedUs / cachedUs).toFixed(1)} append_and_commit_us=${commandUs.toFixed(0)} entries=${n} load=${load()}`);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--entries');
  runDbBench(i >= 0 ? { entries: Number(process.argv[i + 1]) } : {});
}
