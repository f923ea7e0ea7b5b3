import type { CommandSpec, InputOf, OutputOf } from './command.ts';
import { approvalsCommands } from './commands/approvals.ts';
import { audiencesCommands } from './commands/audiences.ts';
import { readyCommands } from './commands/ready.ts';
import { billingCommands } from './commands/billing.ts';
import { electionsCommands } from './commands/elections.ts';
import { emailCommands } from './commands/email.ts';
import { foundationCommands } from './commands/foundation.ts';
import { membersCommands } from './commands/members.ts';
import { mergeCommands } from './commands/merge.ts';
import { reportsCommands } from './commands/reports.ts';

/** The whole API: every command the renderer (or a test, or a CLI) can send to the core. */
export const contract = {
  ...foundationCommands,
  ...membersCommands,
  ...electionsCommands,
  ...mergeCommands,
  ...billingCommands,
  ...approvalsCommands,
  ...reportsCommands,
  ...emailCommands,
  ...audiencesCommands,
  ...readyCommands,
} as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type Input<C extends CommandName> = InputOf<Contract[C]>;
export type Output<C extends CommandName> = OutputOf<Contract[C]>;

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && Object.hasOwn(contract, name);

export const commandSpec = (name: CommandName): CommandSpec => contract[name] as CommandSpec;
