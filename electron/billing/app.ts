import type { billingCommands } from '../../shared/api/commands/billing.ts';
import type { Handlers } from '../core/context.ts';

/** Handlers of the billing domain: one per command in shared/api/commands/billing.ts. */
export const billingHandlers: Handlers<typeof billingCommands> = {};
