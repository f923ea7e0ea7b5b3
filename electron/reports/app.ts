import type { reportsCommands } from '../../shared/api/commands/reports.ts';
import { auditHead } from '../audit/log.ts';
import type { Handlers } from '../core/context.ts';
import { reportElections } from './election-ref.ts';
import { equalTreatmentReport } from './equal-treatment.ts';
import { exportReport } from './export.ts';
import { closeElection, retentionStatus } from './retention.ts';
import { spendReport } from './spend.ts';

/** Handlers of the reports domain: one per command in shared/api/commands/reports.ts. */
export const reportsHandlers: Handlers<typeof reportsCommands> = {
  'reports.elections': ({ db }) => reportElections(db),
  'reports.spend': (ctx, input) => spendReport(ctx.db, input.electionId, ctx.now().toISOString(), auditHead(ctx.db)),
  'reports.equalTreatment': (ctx, input) => equalTreatmentReport(ctx.db, input.electionId, ctx.now().toISOString(), auditHead(ctx.db)),
  'reports.export': (ctx, input) => exportReport(ctx, input),
  'retention.status': (ctx, input) => retentionStatus(ctx, input.electionId),
  'retention.close': (ctx, input) => closeElection(ctx, input),
};
