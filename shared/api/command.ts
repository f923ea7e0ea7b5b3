import type { z } from 'zod';
import type { Role } from './roles.ts';

/**
 * What a response may carry of the membership list (DESIGN §3, issue 8's exfiltration test reads this):
 * - 'none': nothing about members;
 * - 'counts': aggregate counts only;
 * - 'member': one member's record or search hits, for staff and chair, always audited;
 * - 'inspection': names + addresses on screen during a supervised 401(c) inspection.
 */
export type MemberDataPolicy = 'none' | 'counts' | 'member' | 'inspection';

export type CommandKind = 'read' | 'write';

export type CommandSpec<I extends z.ZodType = z.ZodType, O = unknown, K extends CommandKind = CommandKind> = {
  input: I;
  /** 'public' commands work without an unlocked session (vault status, setup, login). */
  roles: readonly Role[] | 'public' | 'anyUser';
  /** Pure reads skip the write queue; everything that writes, including audited reads, is serialised. */
  kind: K;
  memberData: MemberDataPolicy;
  /** Allowed before the user has accepted the current confidentiality agreement / changed a one-time passphrase. */
  beforeAgreement?: boolean;
  /** Polling commands (progress) do not count as user activity for the idle lock. */
  passive?: boolean;
  /** Phantom field carrying the output type; never set at run time. */
  readonly output?: O;
};

/** Declares one command; `defineCommand<Output>()({...})` keeps the input schema's type and the output type. */
export const defineCommand =
  <O>() =>
  <I extends z.ZodType, K extends CommandKind>(spec: Omit<CommandSpec<I, O, K>, 'output'>): CommandSpec<I, O, K> =>
    spec as CommandSpec<I, O, K>;

export type InputOf<C> = C extends CommandSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<C> = C extends CommandSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<C> = C extends CommandSpec<z.ZodType, infer O> ? O : never;
