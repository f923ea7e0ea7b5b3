import { CANDIDATE_MIN_COUNT, type membersCommands } from '../../shared/api/commands/members.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import { sensitiveName } from '../../shared/domain/sensitive-column.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Handlers } from '../core/context.ts';
import { countAudience } from './audience.ts';
import { correctMember } from './correct.ts';
import { importCommit, importPreview, importValidate } from './import-flow.ts';
import { membersState, refuseWhileImporting } from './jobs.ts';
import { listMembers, memberRow, membersSummary, searchMembers, segmentValues } from './queries.ts';
import { budgetRows, chargeRead, readAlerts, setReadBudget } from './read-budget.ts';
import { applyStandingMap } from './standing-apply.ts';
import { memberView } from './view.ts';

/** Which fields an audience filters on, for the audit log: never the values (a value can name a worksite of 3). */
function audienceShape(a: Audience): string {
  return a.kind === 'allGoodStanding' ? 'all' : `${a.combine}:${a.filters.map((f) => (f.field === 'custom' ? `custom:${f.name}` : f.field)).join(',')}`;
}

function refuseSensitiveFilters(a: Audience): void {
  if (a.kind !== 'segment') return;
  for (const f of a.filters) {
    if (f.field === 'custom' && sensitiveName(f.name) !== null) {
      throw new AppError('members.sensitiveSegment', 'This column cannot be used as a segment.', { column: f.name, reason: sensitiveName(f.name) });
    }
  }
}

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
    refuseSensitiveFilters(input.audience);
    // Counted on the read-only connection: the committed list, where the in-memory count snapshot is kept.
    const count = countAudience(ctx.vault.reader(), input.audience);
    // A candidate never learns how many members a narrow band holds: under 10 it points at people.
    const suppressed = ctx.user.role === 'candidate' && count < CANDIDATE_MIN_COUNT;
    ctx.audit({ action: 'members.count', details: { role: ctx.user.role, audience: audienceShape(input.audience), ...(suppressed ? { suppressed: true } : { count }) } });
    return suppressed ? { count: null, suppressed } : { count, suppressed };
  },
  'members.summary': (ctx) => {
    refuseWhileImporting(ctx.backend);
    return membersSummary(ctx.db);
  },
  'members.segmentValues': (ctx) => {
    refuseWhileImporting(ctx.backend);
    const values = segmentValues(ctx.vault.reader(), ctx.user.role === 'candidate' ? CANDIDATE_MIN_COUNT : 1);
    ctx.audit({ action: 'members.segmentValues', details: { role: ctx.user.role, custom: Object.keys(values.custom).length } });
    return values;
  },

  // Reads of member data: each is audited with member IDs and counts, never the query text, names or addresses.
  'members.search': (ctx, input) => {
    const result = searchMembers(ctx.db, input.query);
    ctx.audit({ action: 'members.search', details: { hits: result.hits.length, memberIds: result.hits.map((h) => h.memberId) } });
    return result;
  },
  // List rows and detail views count against the user's daily read budget (read-budget.ts).
  'members.list': (ctx, input) => {
    const page = listMembers(ctx.db, input.offset, input.limit);
    chargeRead(ctx, 'members.list', page.rows.length);
    ctx.audit({
      action: 'members.list',
      details: { offset: input.offset, rows: page.rows.length, records: page.rows.length, memberIds: page.rows.map((r) => r.memberId) },
    });
    return page;
  },
  'members.get': (ctx, input) => {
    const row = memberRow(ctx.db, input.id);
    if (!row) throw new AppError('members.notFound', 'No member with that number.');
    chargeRead(ctx, 'members.get', 1);
    ctx.audit({ action: 'members.get', target: `member:${row.member_id}`, details: { records: 1 } });
    return memberView(ctx.db, row);
  },
  'members.readBudgets': (ctx) => budgetRows(ctx.db, ctx.now()),
  'members.readBudget.set': (ctx, input) => setReadBudget(ctx, input),
  'members.readAlerts': (ctx) => readAlerts(ctx.db),
  'members.correct': correctMember,
};
