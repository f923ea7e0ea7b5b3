import type { mergeCommands } from '../../shared/api/commands/merge.ts';
import type { Handlers } from '../core/context.ts';

/** Handlers of the merge domain: one per command in shared/api/commands/merge.ts. */
export const mergeHandlers: Handlers<typeof mergeCommands> = {};
