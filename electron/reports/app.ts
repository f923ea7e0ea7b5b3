import type { reportsCommands } from '../../shared/api/commands/reports.ts';
import type { Handlers } from '../core/context.ts';

/** Handlers of the reports domain: one per command in shared/api/commands/reports.ts. */
export const reportsHandlers: Handlers<typeof reportsCommands> = {};
