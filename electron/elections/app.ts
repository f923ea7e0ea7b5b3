import type { electionsCommands } from '../../shared/api/commands/elections.ts';
import type { Handlers } from '../core/context.ts';

/** Handlers of the elections domain: one per command in shared/api/commands/elections.ts. */
export const electionsHandlers: Handlers<typeof electionsCommands> = {};
