import { readMemberFile } from '../../../electron/members/import/index.ts';
import type { ImportReport, MemberRecord, ReadMemberOptions } from '../../../electron/members/import/index.ts';

export async function readAll(path: string, opts: ReadMemberOptions = {}): Promise<{ members: MemberRecord[]; report: ImportReport }> {
  const members: MemberRecord[] = [];
  let report: ImportReport | null = null;
  for await (const item of readMemberFile(path, opts)) {
    if (report) throw new Error('item after the report');
    if (item.kind === 'member') members.push(item.member);
    else report = item.report;
  }
  if (!report) throw new Error('no report');
  return { members, report };
}

export function codes(report: ImportReport): Array<[number, string]> {
  return report.problems.map((p) => [p.row, p.code]);
}
