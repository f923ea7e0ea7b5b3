import type { CommandSpec, OutputOf, ParsedInputOf } from '../../shared/api/command.ts';
import type { Role } from '../../shared/api/roles.ts';
import type { AuditRecord } from '../audit/log.ts';
import type { ReadonlyDB, WritableDB } from '../vault/database.ts';
import type { Vault } from '../vault/vault.ts';
import type { KdfCost } from '../vault/vault.ts';
import type { PathGrants } from './path-grants.ts';
import type { LoginThrottle } from './throttle.ts';

export type SessionUser = { id: number; login: string; displayName: string; role: Role; candidateId: number | null };

/** The router's settings a handler may read. */
export type CoreOptions = {
  demo?: boolean;
  /** Only tests lower the KDF cost, and only for vaults they create themselves. */
  kdf?: KdfCost;
  /** Worker entry points; the bundled Electron build passes its .js files, Node runs the .ts sources. */
  workerUrls?: Partial<Record<'mergeBatch' | 'membersPrepare' | 'vaultCheckpoint', URL>>;
};

/**
 * The narrow face of the router that handlers and background jobs get as `ctx.backend` (issue 11 §4): the vault and
 * the session, the clock, the audit writer, path grants, the login throttle, and each domain's own state. Not the
 * router itself: no `dispatch` (a handler cannot call another command around its permission check), no idle timer,
 * and domains import this type from here, never `core/backend.ts`, so the core and the domains do not import each
 * other (eslint.config.js blocks it). The session calls at the end belong to the vault domain's session handlers.
 * Something new of the router that a handler needs goes here and in `Backend.core`, nowhere else.
 */
export interface Core {
  readonly options: Readonly<CoreOptions>;
  readonly grants: PathGrants;
  readonly vault: Vault | null;
  readonly vaultDir: string;
  readonly user: SessionUser | null;
  readonly handedOverBy: SessionUser | null;
  /** After an idle lock, the idle minutes that locked it (the sign-in screen says so); null otherwise. */
  readonly lockedAfterIdleMinutes: number | null;
  now(): Date;
  /** Appends to the audit log inside the running transaction; `auditOutside` in a transaction of its own. */
  audit(record: AuditRecord): void;
  auditOutside(record: AuditRecord): void;
  throttle(): LoginThrottle;
  /** A domain's in-memory state for this router (a running job, a validated plan), made on first use. */
  state<T>(key: symbol, make: () => T): T;
  /** Runs when the vault locks (stop background work). */
  onLock(listener: (reason: string) => void): void;
  /** Before the app quits, after the lock: the returned promise (a running job's) is awaited before the thread ends. */
  onShutdown(drain: () => Promise<unknown> | null | undefined): void;
  openSession(vault: Vault, user: SessionUser, vaultDir: string): void;
  lock(reason: string): void;
  handOver(): void;
  signInHandedOver(user: SessionUser): void;
}

/**
 * What a write handler gets: the open vault, the signed-in user, the clock, and an audit writer bound to both. `db` is
 * the writing connection, inside the command's transaction.
 */
export type HandlerContext = {
  readonly backend: Core;
  /** Throws `auth.locked` when no vault is open. */
  readonly vault: Vault;
  readonly db: WritableDB;
  /** Throws `auth.locked` when nobody is signed in. */
  readonly user: SessionUser;
  now(): Date;
  audit(record: AuditRecord): void;
  /** Runs once the command's transaction has committed (lock, re-key, start a background job); awaited before the
   * next write command starts. */
  afterCommit(fn: () => void | Promise<void>): void;
  /** Runs in a transaction of its own when the command fails and rolls back: what a refusal must leave on record
   * (an alert, the audit entry of a refused read) survives the refusal. */
  onRefused(fn: () => void): void;
};

/**
 * What a read handler gets: the shared read-only connection (SQLite refuses writes on it) and no audit writer, so a
 * read cannot write, neither when it compiles (functions that write ask for a `WritableDB`) nor when it runs.
 */
export type ReadContext = Omit<HandlerContext, 'db' | 'audit' | 'afterCommit' | 'onRefused'> & { readonly db: ReadonlyDB };

export type ContextOf<C> = C extends { kind: 'read' } ? ReadContext : HandlerContext;
export type Handler<C> = (ctx: ContextOf<C>, input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>>;

/** The write step a plan hands back: it runs in the command's transaction and checks that its plan still holds. */
export type WriteStep<C> = (ctx: HandlerContext) => OutputOf<C> | Promise<OutputOf<C>>;
export type Plan<C> = (ctx: ReadContext, input: ParsedInputOf<C>) => Promise<WriteStep<C>>;

/**
 * A write command whose long read comes first (production planning over a million members): the router runs `plan`
 * with a read context BEFORE the write queue, so other commands go on meanwhile, then runs the step it returns in the
 * queue and the command's transaction. Called directly, it does both in turn.
 */
export function planned<C>(plan: Plan<C>): Handler<C> & { plan: Plan<C> } {
  const both = async (ctx: HandlerContext, input: ParsedInputOf<C>) => (await plan(ctx, input))(ctx);
  return Object.assign(both, { plan }) as unknown as Handler<C> & { plan: Plan<C> };
}
export type Handlers<T extends Record<string, CommandSpec>> = { [K in keyof T]: Handler<T[K]> };
