import type { membersCommands } from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Handlers } from '../core/context.ts';
import { countAudience } from './audience.ts';
import { correctMember } from './correct.ts';
import { importCommit, importPreview, importValidate } from './import-flow.ts';
import { membersState, refuseWhileImporting } from './jobs.ts';
import { listMembers, memberDetail, memberRow, membersSummary, searchMembers, segmentValues } from './queries.ts';
import { applyStandingMap } from './standing-apply.ts';

/** Handlers of the members domain: one per command in shared/api/commands/members.ts. Logic lives beside. */
export const membersHandlers: Handlers<typeof membersCommands> = {
  'members.importPreview': importPreview,
  'members.importValidate': importValidate,
  'members.importCommit': importCommit,
  'members.standingMap': (ctx, input) => {
    refuseWhileImporting(ctx.backend);
    return applyStandingMap(ctx, input.values);
  },
  'members.importProgress': (ctx) => membersState(ctx.backend).progress(),
  'members.importCancel': (ctx) => ({ cancelling: membersState(ctx.backend).cancel() }),

  'members.count': (ctx, input) => {
    refuseWhileImporting(ctx.backend);
    return { count: countAudience(ctx.db, input.audience) };
  },
  'members.summary': (ctx) => {
    refuseWhileImporting(ctx.backend);
    return membersSummary(ctx.db);
  },
  'members.segmentValues': (ctx) => {
    refuseWhileImporting(ctx.backend);
    return segmentValues(ctx.db);
  },

  // Reads of member data: each is audited with member IDs and counts, never the query text, names or addresses.
  'members.search': (ctx, input) => {
    const result = searchMembers(ctx.db, input.query);
    ctx.audit({ action: 'members.search', details: { hits: result.hits.length, memberIds: result.hits.map((h) => h.memberId) } });
    return result;
  },
  'members.list': (ctx, input) => {
    const page = listMembers(ctx.db, input.offset, input.limit);
    ctx.audit({
      action: 'members.list',
      details: { offset: input.offset, rows: page.rows.length, memberIds: page.rows.map((r) => r.memberId) },
    });
    return page;
  },
  'members.get': (ctx, input) => {
    const row = memberRow(ctx.db, input.id);
    if (!row) throw new AppError('members.notFound', 'No member with that number.');
    ctx.audit({ action: 'members.get', target: `member:${row.member_id}` });
    return memberDetail(ctx.db, row);
  },
  'members.correct': correctMember,
};
