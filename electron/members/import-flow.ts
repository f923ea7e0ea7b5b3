import type {
  DuplicateIdGroup, ImportOutcome, ImportPreview, ImportValidation, membersCommands, RowProblemInfo, StatusValueInfo,
} from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Handler } from '../core/context.ts';
import { commitPass, requireRemovalConfirmed } from './commit.ts';
import { openRows, previewMemberFile, sensitiveSegmentMapping, type OpenOptions } from './import/index.ts';
import type { ColumnMapping } from './import/types.ts';
import { membersState, refuseWhileProducing } from './jobs.ts';
import { currentSnapshot } from './snapshot.ts';
import { readStandingMap, unmappedStatuses } from './standing.ts';
import { validatePass } from './validate.ts';

type C = typeof membersCommands;

// The import in three steps, each its own command: preview (mapping guess), validate (whole file read, nothing
// written, diff shown), commit (one transaction, the router's). Audit entries hold counts, never names or values.

/** How many groups of rows sharing a member ID the check shows side by side for the committee to choose from. */
export const DUPLICATE_GROUPS_SHOWN = 20;

/**
 * The first groups of rows that share a member ID, each row with its cells, read again from the file (only when
 * there are duplicates): the committee sees both rows and chooses which one to import (issue 16 §2).
 */
async function duplicateGroups(file: string, opts: OpenOptions, idColumn: number | undefined, problems: RowProblemInfo[]): Promise<DuplicateIdGroup[]> {
  const dups = problems.filter((p) => p.code === 'row.duplicateId');
  if (dups.length === 0 || idColumn === undefined) return [];
  const groups = new Map<number, { chosenRow: number | null; rows: Set<number> }>();
  for (const p of dups) {
    const anchor = p.details?.chosenRow ?? p.details?.firstRow ?? p.row;
    let g = groups.get(anchor);
    if (!g) {
      if (groups.size >= DUPLICATE_GROUPS_SHOWN) continue;
      g = { chosenRow: p.details?.chosenRow ?? null, rows: new Set([anchor]) };
      groups.set(anchor, g);
    }
    g.rows.add(p.row);
  }
  const wanted = new Set([...groups.values()].flatMap((g) => [...g.rows]));
  const last = Math.max(...wanted);
  const cells = new Map<number, string[]>();
  const source = await openRows(file, opts);
  try {
    for await (const raw of source.rows) {
      if (wanted.has(raw.rowNumber)) cells.set(raw.rowNumber, raw.cells);
      if (raw.rowNumber >= last) break;
    }
  } finally {
    source.close();
  }
  return [...groups.entries()].map(([anchor, g]) => ({
    memberId: (cells.get(anchor)?.[idColumn] ?? '').trim(),
    chosenRow: g.chosenRow,
    rows: [...g.rows].sort((a, b) => a - b).map((row) => ({ row, cells: cells.get(row) ?? [] })),
  }));
}

export const importPreview: Handler<C['members.importPreview']> = async (ctx, input): Promise<ImportPreview> => {
  const file = ctx.backend.grants.requireFile(input.path, 'memberList');
  const p = await previewMemberFile(file, input.encoding ? { encoding: input.encoding } : {});
  ctx.audit({ action: 'members.importPreview', details: { columns: p.headers.length, sampleRows: p.rows.length, fatal: p.fatal?.code ?? null } });
  return {
    kind: p.kind, encoding: p.encoding, delimiter: p.delimiter, headers: p.headers, mapping: p.mapping, dropped: p.dropped,
    missing: p.missing, addressLike: p.addressLike, rows: p.rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells })), fatal: p.fatal ?? null,
  };
};

function checkMappingWidth(mapping: ColumnMapping, headers: number): void {
  const cols = [...Object.entries(mapping).filter(([k]) => k !== 'segments').map(([, v]) => v as number), ...Object.values(mapping.segments ?? {})];
  if (cols.some((c) => c >= headers)) throw new AppError('members.mappingOutOfRange', 'The column mapping names a column the file does not have.');
  if (new Set(cols).size !== cols.length) throw new AppError('members.mappingDuplicate', 'Each column can be used for one field only.');
}

export const importValidate: Handler<C['members.importValidate']> = async (ctx, input): Promise<ImportValidation> => {
  const file = ctx.backend.grants.requireFile(input.path, 'memberList');
  refuseWhileProducing(ctx.db);
  const state = membersState(ctx.backend);
  const preview = await previewMemberFile(file, input.encoding ? { encoding: input.encoding } : {});
  const sensitive = sensitiveSegmentMapping(input.mapping, preview.headers);
  if (sensitive) {
    throw new AppError('members.sensitiveSegment', 'This column cannot become a segment: it looks like contact details, birth dates, SSNs or pay.', sensitive.details);
  }
  if (preview.headers.length > 0) checkMappingWidth(input.mapping, preview.headers.length);
  const run = state.start('validating', null);
  const standing = readStandingMap(ctx.db);
  try {
    // A new check drops the previous one's prepared members before reading, so one list at most sits in memory (its
    // token still works: that commit then reads its file again).
    if (state.plan) state.plan.prepared = null;
    const workerUrl = ctx.backend.options.workerUrls?.membersPrepare;
    const pass = await validatePass(ctx.db, file, {
      ...(input.encoding ? { encoding: input.encoding } : {}), mapping: input.mapping, notAddress: input.notAddress, keep: input.keep, signal: run.abort.signal, standing,
      ...(workerUrl ? { workerUrl } : {}),
      onProgress: (rows, bytes, total) => { run.rows = rows; run.bytes = bytes; run.totalBytes = total; },
    });
    const r = pass.report;
    const problems = [...r.problems, ...pass.addressProblems].sort((a, b) => a.row - b.row).slice(0, 10_000);
    const problemCounts: Record<string, number> = { ...r.problemCounts };
    // Exact totals (the listed rows stop at 10,000): addresses that cannot be read, and members who need a shorter
    // line (or one line fewer) to print in the envelope window at 8 pt.
    const unreadable = pass.addressProblemCount - pass.fitProblemCount;
    if (unreadable > 0) problemCounts['row.unusableAddress'] = unreadable;
    if (pass.fitProblemCount > 0) problemCounts['row.needsShorterAddress'] = pass.fitProblemCount;
    const statuses: StatusValueInfo[] = Object.entries(r.statusValues)
      .map(([value, count]) => ({ value, count, good: Object.hasOwn(standing, value) ? standing[value]! : null }))
      .sort((a, b) => b.count - a.count);
    const token = state.newToken();
    state.plan = {
      token, userId: ctx.user.id, path: file, encoding: input.encoding, mapping: input.mapping, sha256: r.sourceSha256 ?? '',
      rows: r.rows, valid: r.valid - pass.addressProblemCount, invalidRows: r.rowsWithProblems + pass.addressProblemCount,
      statuses: Object.keys(r.statusValues), fatal: r.fatal !== undefined, notAddress: input.notAddress, keep: input.keep,
      activeBefore: (ctx.db.prepare('SELECT count(*) AS n FROM members WHERE active = 1').get() as { n: number }).n,
      noLongerOnList: pass.diff.noLongerOnList, prepared: pass.prepared,
    };
    ctx.audit({
      action: 'members.importValidate',
      details: {
        rows: r.rows, valid: state.plan.valid, rowsWithProblems: state.plan.invalidRows, fatal: r.fatal?.code ?? null,
        added: pass.diff.added, changed: pass.diff.changed, noLongerOnList: pass.diff.noLongerOnList,
      },
    });
    return {
      token, kind: r.kind, encoding: r.encoding, rows: r.rows, valid: state.plan.valid, rowsWithProblems: state.plan.invalidRows,
      problems, problemCounts, problemsTruncated: r.problemsTruncated || pass.addressProblems.length < pass.addressProblemCount,
      warnings: r.warnings, dropped: r.dropped, fatal: r.fatal ?? null, statuses, diff: { ...pass.diff, activeBefore: state.plan.activeBefore },
      duplicates: r.fatal ? [] : await duplicateGroups(file, { ...(input.encoding ? { encoding: input.encoding } : {}), signal: run.abort.signal }, input.mapping.memberId, r.problems),
      duplicateGroupsTotal: r.fatal ? 0 : r.duplicateIdGroups,
    };
  } finally {
    state.finish();
  }
};

export const importCommit: Handler<C['members.importCommit']> = async (ctx, input): Promise<ImportOutcome> => {
  const state = membersState(ctx.backend);
  const plan = state.plan;
  if (!plan || plan.token !== input.token || plan.userId !== ctx.user.id) {
    throw new AppError('members.importNotValidated', 'Check the file again before importing it.');
  }
  if (plan.fatal) throw new AppError('members.importFatal', 'The file cannot be imported as it stands.');
  if (plan.valid === 0) throw new AppError('members.importNothingValid', 'No row of this file can be imported.');
  if (plan.invalidRows > 0 && !input.skipInvalid) {
    throw new AppError('members.importHasProblems', 'Some rows have problems: fix the file or skip them.', { rows: plan.invalidRows });
  }
  refuseWhileProducing(ctx.db);
  requireRemovalConfirmed(plan.noLongerOnList, plan.activeBefore, input.confirmNoLongerOnList);
  const standing = readStandingMap(ctx.db);
  const unmapped = unmappedStatuses(standing, plan.statuses);
  if (unmapped.length > 0) {
    throw new AppError('members.standingUnmapped', 'Decide which status values mean good standing first.', { count: unmapped.length });
  }
  const run = state.start('writing', plan.valid);
  const db = ctx.db;
  // A large import leaves a WAL as large as the list: the commit must not copy it into the file on this thread
  // (2.4 s at a million members, every command waiting). Automatic checkpoints are off for this transaction; once
  // it has committed, the copy runs on a thread of its own (vault/checkpoint.ts).
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint=0');
  const restoreCheckpoints = (): void => { if (db.open) db.pragma(`wal_autocheckpoint=${autoCheckpoint}`); };
  const vault = ctx.vault;
  ctx.afterCommit(() => {
    restoreCheckpoints();
    vault.checkpointSoon(ctx.backend.options.workerUrls?.vaultCheckpoint);
  });
  try {
    const counts = await commitPass(db, plan, {
      signal: run.abort.signal, standing, now: ctx.now(), actorId: ctx.user.id, skipInvalid: input.skipInvalid,
      confirmNoLongerOnList: input.confirmNoLongerOnList,
      onProgress: (rows, bytes, total) => { run.rows = rows; run.bytes = bytes; run.totalBytes = total; },
    });
    run.phase = 'finishing';
    ctx.audit({ action: 'members.importCommit', target: `import:${counts.importId}`, details: { ...counts } });
    state.plan = null;
    // Build the count snapshot now, on the connection the counting commands read from, so the first audience count
    // after an import is as fast as the rest.
    ctx.afterCommit(() => { if (db.open) currentSnapshot(ctx.vault.reader()); });
    return { status: 'committed', ...counts };
  } catch (err) {
    if (!run.abort.signal.aborted || !db.open) {
      restoreCheckpoints();
      throw err;
    }
    // Cancelled: undo everything written so far, then record the cancellation in a transaction of its own,
    // which the router commits.
    if (db.inTransaction) db.exec('ROLLBACK');
    db.exec('BEGIN IMMEDIATE');
    ctx.audit({ action: 'members.importCancelled', details: { rowsRead: run.rows } });
    return { status: 'cancelled', rows: run.rows };
  } finally {
    state.finish();
  }
};
