import type { DB } from '../database.ts';
import type { Migration } from './types.ts';
import { foundation } from './0001-foundation.ts';
import { membersMigrations } from '../../members/schema.ts';
import { electionsMigrations } from '../../elections/schema.ts';
import { mergeMigrations } from '../../merge/schema.ts';
import { billingMigrations } from '../../billing/schema.ts';
import { reportsMigrations } from '../../reports/schema.ts';

export const migrations: Migration[] = [
  foundation,
  ...membersMigrations,
  ...electionsMigrations,
  ...mergeMigrations,
  ...billingMigrations,
  ...reportsMigrations,
].sort((a, b) => a.version - b.version);

/** Brings a vault's schema up to date, each step in its own transaction, recorded in `PRAGMA user_version`. */
export function migrate(db: DB): { from: number; to: number } {
  const versions = new Set<number>();
  for (const m of migrations) {
    if (versions.has(m.version)) throw new Error(`duplicate migration version ${m.version}`);
    versions.add(m.version);
  }
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version=${m.version}`);
    })();
  }
  return { from, to: db.pragma('user_version', { simple: true }) as number };
}

export const latestVersion = (): number => migrations.at(-1)?.version ?? 0;
