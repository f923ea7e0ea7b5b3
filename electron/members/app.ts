import type { membersCommands } from '../../shared/api/commands/members.ts';
import type { Handlers } from '../core/context.ts';

/** Handlers of the members domain: one per command in shared/api/commands/members.ts. */
export const membersHandlers: Handlers<typeof membersCommands> = {};
