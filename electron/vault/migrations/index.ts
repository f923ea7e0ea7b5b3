import { AppError } from '../../../shared/api/errors.ts';
import type { DB } from '../database.ts';
import type { Migration } from './types.ts';
import { foundation } from './0001-foundation.ts';
import { membersDeliveryPoint, membersSearchIndex, membersTables } from '../../members/schema.ts';
import { electionsTables, inspectionTables, mailedStep } from '../../elections/schema.ts';
import { approvalsAndFourEyes, approvalsReadBudget, protectedNamesCountersigned } from '../../approvals/schema.ts';
import { actualPostageInMills, actualsCorrections, billingLedger, payerNames, refundPayee } from '../../billing/schema.ts';
import { mailHousesStep, mergeJobChainHead, mergeJobOrder, mergeTables, mergeZip3Batches } from '../../merge/schema.ts';
import { closuresTable } from '../../reports/schema.ts';
import { auditAnchors } from '../../audit/schema.ts';
import { userVerifiers, usersLanguage } from '../../users/schema.ts';
import { emailProofAndCounts, emailTables } from '../../email/schema.ts';
import { channelEmail } from '../../elections/schema.ts';
import { instructionsTable } from '../../elections/instructions.ts';
import { electionDatesTable } from '../../elections/versions.ts';
import { electionVersionsTables } from '../../elections/election-versions.ts';
import { savedAudiencesStep } from '../../elections/audiences.ts';
import { requestHoldsTables } from '../../elections/holds.ts';
import { readyNoticesStep } from '../../elections/ready.ts';
import { paymentInstructionsCountersigned, paymentInstructionsStep } from '../../billing/pay-instructions.ts';

/**
 * Every schema step LitDesk has ever shipped, in the order they run. APPEND ONLY: never edit, reorder or remove an
 * entry; a new step goes at the end with a new id. Each vault records the ids it has applied (`schema_migrations`,
 * as Actual Budget does), so a step added later is applied to every vault that lacks it, whatever else it has.
 */
export const migrations: readonly Migration[] = [
  // The first release (it counted steps in PRAGMA user_version; see LEGACY below).
  foundation,
  membersTables,
  electionsTables,
  inspectionTables,
  mailedStep,
  mergeTables,
  billingLedger,
  closuresTable,
  // Added after the first release: append below this line.
  auditAnchors,
  mergeJobOrder,
  userVerifiers,
  channelEmail,
  emailTables,
  instructionsTable,
  electionDatesTable,
  mailHousesStep,
  approvalsAndFourEyes,
  actualsCorrections,
  electionVersionsTables,
  payerNames,
  approvalsReadBudget,
  usersLanguage,
  emailProofAndCounts,
  mergeZip3Batches,
  savedAudiencesStep,
  requestHoldsTables,
  refundPayee,
  readyNoticesStep,
  mergeJobChainHead,
  protectedNamesCountersigned,
  actualPostageInMills,
  membersDeliveryPoint,
  paymentInstructionsStep,
  paymentInstructionsCountersigned,
  membersSearchIndex,
];

/**
 * The first release numbered its steps per domain and applied those above `user_version`; a step numbered below a
 * higher one that had already shipped (202 after 500) never ran on older vaults. So a vault from that release is
 * read by what it really contains: each of its steps created a table or column, and each ran in one transaction,
 * so the presence of that object says whether the step ran.
 */
const LEGACY: Record<string, { version: number; present: (db: DB) => boolean }> = {
  '0001-foundation': { version: 1, present: (db) => hasTable(db, 'audit_log') },
  '0100-members': { version: 100, present: (db) => hasTable(db, 'members') },
  '0200-elections': { version: 200, present: (db) => hasTable(db, 'requests') },
  '0201-inspections': { version: 201, present: (db) => hasTable(db, 'inspections') },
  '0202-requests-mailed': { version: 202, present: (db) => hasColumn(db, 'requests', 'mailed_at') },
  '0300-merge': { version: 300, present: (db) => hasTable(db, 'merge_batches') },
  '0400-billing': { version: 400, present: (db) => hasTable(db, 'billing_lines') },
  '0500-closures': { version: 500, present: (db) => hasTable(db, 'election_closures') },
};
const LEGACY_MAX_VERSION = 500;
/** Written to `user_version` once a vault uses the ids table, so no release that counted versions re-runs a step. */
export const SCHEMA_BY_ID = 1000;

const hasTable = (db: DB, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(name) !== undefined;
const hasColumn = (db: DB, table: string, column: string): boolean =>
  hasTable(db, table) && (db.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name=?`).get(column) !== undefined);

export type MigrationResult = { applied: string[]; adopted: string[] };

const tooNew = (details?: Record<string, unknown>): AppError => new AppError('vault.tooNew',
  'This vault was last used by a newer release of LitDesk. Install that release or a later one to open it. Nothing was changed.',
  details);

/**
 * Brings a vault's schema up to date. All pending steps run in ONE transaction together with their records, so a
 * crash or a failing step leaves the vault exactly as it was (issue 11: the old vault or the new one, never neither).
 * A vault that has applied a step this code does not know was written by a newer release: it is refused, unchanged.
 */
export function migrate(db: DB, list: readonly Migration[] = migrations): MigrationResult {
  checkList(list);
  const known = new Set(list.map((m) => m.id));
  const result: MigrationResult = { applied: [], adopted: [] };
  // Foreign keys are off while steps run (a step may rebuild a table, as SQLite documents), and all of them are
  // checked before the one transaction commits: a step that broke one rolls the whole upgrade back.
  const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  if (fkWasOn) db.pragma('foreign_keys = OFF');
  try {
    runSteps(db, list, known, result);
  } finally {
    if (fkWasOn) db.pragma('foreign_keys = ON');
  }
  return result;
}

function runSteps(db: DB, list: readonly Migration[], known: Set<string>, result: MigrationResult): void {
  db.transaction(() => {
    if (!hasTable(db, 'schema_migrations')) result.adopted = adoptLegacy(db, list);
    const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
    const unknown = [...done].filter((id) => !known.has(id));
    if (unknown.length > 0) throw tooNew({ unknownSteps: unknown.length });
    const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at, adopted) VALUES (?, ?, ?, 0)');
    for (const m of list) {
      if (done.has(m.id)) continue;
      m.up(db);
      record.run(m.id, m.name, new Date().toISOString());
      result.applied.push(m.id);
    }
    if (result.applied.length > 0 && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
      throw new Error('an upgrade step left a foreign key pointing nowhere');
    }
    if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_BY_ID) db.pragma(`user_version=${SCHEMA_BY_ID}`);
  }).immediate();
}

/** Creates the ids table; on a vault of the first release, records the steps it really has as applied ("adopted"). */
function adoptLegacy(db: DB, list: readonly Migration[]): string[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LEGACY_MAX_VERSION) throw tooNew();
  db.exec(`
    CREATE TABLE schema_migrations (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL,
      adopted INTEGER NOT NULL CHECK (adopted IN (0, 1))  -- 1: found already in place in a first-release vault
    ) STRICT;
    CREATE TRIGGER schema_migrations_no_delete BEFORE DELETE ON schema_migrations
      BEGIN SELECT RAISE(ABORT, 'applied schema steps are never forgotten'); END;
  `);
  if (version === 0) return [];
  const adopted: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at, adopted) VALUES (?, ?, ?, 1)');
  for (const m of list) {
    const legacy = LEGACY[m.id];
    if (!legacy || legacy.version > version || !legacy.present(db)) continue;
    record.run(m.id, m.name, new Date().toISOString());
    adopted.push(m.id);
  }
  return adopted;
}

function checkList(list: readonly Migration[]): void {
  const ids = new Set<string>();
  for (const m of list) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
}

/** The ids of every step this code knows, in the order they run. */
export const latestMigrationIds = (): string[] => migrations.map((m) => m.id);
