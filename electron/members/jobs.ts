import crypto from 'node:crypto';
import type { ImportPhase, ImportProgress } from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Core as Backend } from '../core/context.ts';
import type { ReadonlyDB } from '../vault/database.ts';
import type { ColumnMapping, Encoding } from './import/types.ts';
import type { PreparedList } from './prepared.ts';

/** A validated file, remembered between importValidate and importCommit (in memory only, never on disk). */
export type ImportPlan = {
  token: string;
  userId: number;
  path: string;
  encoding: Encoding | undefined;
  mapping: ColumnMapping;
  sha256: string;
  rows: number;
  valid: number;
  /** Rows the writer skips: the reader's problems plus addresses Publication 28 cannot read. */
  invalidRows: number;
  statuses: string[];
  fatal: boolean;
  /** Columns the committee said are not part of the mailing address (see import.addressColumnUnmapped). */
  notAddress?: number[];
  /** The rows the committee chose among rows sharing a member ID. */
  keep?: ReadonlyArray<{ memberId: string; row: number }>;
  /** Members on the list when the file was checked, and how many of them the file would mark "no longer on the list". */
  activeBefore: number;
  noLongerOnList: number;
  /** The check's prepared members (memory only), written by the commit instead of reading the file again. */
  prepared?: PreparedList | null;
};

type Running = {
  phase: Exclude<ImportPhase, 'idle'>;
  abort: AbortController;
  rows: number;
  bytes: number;
  totalBytes: number;
  expectedRows: number | null;
};

/** The members domain's in-memory state per backend: the last validated plan and the running file job. */
export class MembersState {
  plan: ImportPlan | null = null;
  running: Running | null = null;

  newToken(): string {
    return crypto.randomUUID();
  }

  start(phase: Running['phase'], expectedRows: number | null): Running {
    if (this.running) throw new AppError('members.importRunning', 'An import is already running.');
    this.running = { phase, abort: new AbortController(), rows: 0, bytes: 0, totalBytes: 0, expectedRows };
    return this.running;
  }

  finish(): void {
    this.running = null;
  }

  progress(): ImportProgress {
    const r = this.running;
    if (!r) return { phase: 'idle', rows: 0, bytes: 0, totalBytes: 0, expectedRows: null, cancelling: false };
    return { phase: r.phase, rows: r.rows, bytes: r.bytes, totalBytes: r.totalBytes, expectedRows: r.expectedRows, cancelling: r.abort.signal.aborted };
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort.abort(new AppError('members.importCancelled', 'The import was cancelled.'));
    return true;
  }
}

const STATE = Symbol('members.state');

export function membersState(backend: Backend): MembersState {
  return backend.state(STATE, () => {
    const s = new MembersState();
    // Locking forgets the plan and stops a running file job (the vault closes; its transaction is rolled back).
    backend.onLock(() => {
      s.cancel();
      s.plan = null;
    });
    return s;
  });
}

/** Refuses member reads while a file job holds the connection's open transaction (they would see half a list). */
export function refuseWhileImporting(backend: Backend): void {
  const phase = membersState(backend).running?.phase;
  if (phase === 'writing' || phase === 'finishing') {
    throw new AppError('members.importRunning', 'An import is running. Try again when it has finished.');
  }
}

/**
 * A production job prints the members it froze at its start, reading their print lines batch by batch; a list
 * changed under it would mix two versions of the list in one job (a member taken off the list still printed, a
 * changed address printed new). So the list cannot change while a job is unfinished: running, interrupted, or
 * cancelled (it can still be resumed). The staff finish it (Resume on the Production screen) and import after.
 */
export function refuseWhileProducing(db: ReadonlyDB): void {
  const job = db.prepare("SELECT id, status FROM merge_jobs WHERE status IN ('running', 'cancelled') ORDER BY id LIMIT 1").get() as
    { id: number; status: string } | undefined;
  if (job) {
    throw new AppError('members.productionUnfinished',
      `Production job ${job.id} is not finished. Finish it (Resume on the Production screen) before changing the list, so every piece of it prints from the same list.`,
      { jobId: job.id });
  }
}
