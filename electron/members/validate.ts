import type { ChangeFieldName, ImportDiff, RowProblemInfo } from '../../shared/api/commands/members.ts';
import type { DB } from '../vault/database.ts';
import { readMemberFile } from './import/index.ts';
import type { ColumnMapping, Encoding, ImportReport } from './import/types.ts';
import { prepareMember } from './record.ts';
import type { StandingMap } from './standing.ts';
import { MemberWriter, RowSet, diffMember } from './writer.ts';

export const SAMPLE = 200;

export type FileProgress = (rows: number, bytes: number, totalBytes: number) => void;

export type ValidationPass = {
  report: ImportReport;
  /** Rows the reader accepted whose address Publication 28 cannot read (the writer skips them too). */
  addressProblems: RowProblemInfo[];
  addressProblemCount: number;
  /** Of those, members whose address reads but does not fit the envelope window at 8 pt: a line to shorten. */
  fitProblemCount: number;
  diff: ImportDiff;
};

/**
 * First pass over a file: nothing is written. Reads, validates, normalises each member as the writer will, and
 * compares with the store by member ID to show the re-import diff (added, changed fields, no longer on the list).
 */
export async function validatePass(
  db: DB,
  file: string,
  opts: {
    encoding?: Encoding; mapping: ColumnMapping; notAddress?: number[]; keep?: ReadonlyArray<{ memberId: string; row: number }>;
    signal: AbortSignal; onProgress: FileProgress; standing: StandingMap;
  },
): Promise<ValidationPass> {
  const lookup = new MemberWriter(db, { now: new Date(0), source: 'import', actorId: null });
  // Against an empty list every row is new: nothing to look up.
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM members)').pluck().get() === 1;
  const seen = new RowSet();
  const diff: ImportDiff = {
    added: 0, changed: 0, unchanged: 0, noLongerOnList: 0, changedFields: {}, addedRows: [], changedRows: [], noLongerOnListIds: [],
  };
  const addressProblems: RowProblemInfo[] = [];
  let addressProblemCount = 0;
  let fitProblemCount = 0;
  let rows = 0;
  let bytes = 0;
  let totalBytes = 0;
  let report: ImportReport | null = null;
  const items = readMemberFile(file, {
    encoding: opts.encoding, mapping: opts.mapping, notAddress: opts.notAddress, keep: opts.keep, signal: opts.signal,
    onProgress: (b, t) => { bytes = b; totalBytes = t; },
  });
  for await (const item of items) {
    if (item.kind === 'report') {
      report = item.report;
      break;
    }
    const rec = item.member;
    rows++;
    if (rows % 1000 === 0) {
      opts.onProgress(rows, bytes, totalBytes);
      opts.signal.throwIfAborted();
    }
    const prepared = prepareMember(rec);
    if (!prepared.ok) {
      addressProblemCount++;
      if (prepared.fit) fitProblemCount++;
      const problem: RowProblemInfo = prepared.fit
        ? { row: rec.rowNumber, code: prepared.fit.code, ...(prepared.fit.field ? { field: prepared.fit.field } : {}) }
        : { row: rec.rowNumber, code: 'row.unusableAddress', field: prepared.problems[0]?.field ?? 'address1' };
      if (addressProblems.length < 10_000) addressProblems.push(problem);
      continue;
    }
    const existing = empty ? undefined : lookup.lookup(prepared.member.memberId);
    if (!existing) {
      diff.added++;
      if (diff.addedRows.length < SAMPLE) diff.addedRows.push(rec.rowNumber);
      continue;
    }
    seen.add(existing.id);
    const good = Object.hasOwn(opts.standing, prepared.member.statusRaw) ? opts.standing[prepared.member.statusRaw]! : null;
    const fields = diffMember(existing, prepared.member, good) as ChangeFieldName[];
    if (fields.length === 0) {
      diff.unchanged++;
      continue;
    }
    diff.changed++;
    for (const f of fields) diff.changedFields[f] = (diff.changedFields[f] ?? 0) + 1;
    if (diff.changedRows.length < SAMPLE) diff.changedRows.push({ row: rec.rowNumber, memberId: prepared.member.memberId, fields });
  }
  opts.onProgress(rows, bytes, totalBytes);
  if (!report) throw new Error('member file reader ended without a report');
  if (!report.fatal) {
    for (const r of db.prepare('SELECT id, member_id FROM members WHERE active = 1').iterate() as IterableIterator<{ id: number; member_id: string }>) {
      if (seen.has(r.id)) continue;
      diff.noLongerOnList++;
      if (diff.noLongerOnListIds.length < SAMPLE) diff.noLongerOnListIds.push(r.member_id);
    }
  }
  return { report, addressProblems, addressProblemCount, fitProblemCount, diff };
}
