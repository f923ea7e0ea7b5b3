import { ZodError } from 'zod';
import type { CommandSpec } from '../../shared/api/command.ts';
import { commandSpec, isCommandName, type CommandName } from '../../shared/api/contract.ts';
import { AppError, type ApiError, type ErrorCode, type Result } from '../../shared/api/errors.ts';
import { appendAudit, type AuditRecord } from '../audit/log.ts';
import { Vault } from '../vault/vault.ts';
import type { Core, CoreOptions, HandlerContext, ReadContext, SessionUser } from './context.ts';
import { handlers } from './handlers.ts';
import { PathGrants } from './path-grants.ts';
import { readSlotFile } from '../vault/keyslots.ts';
import { vaultExists, vaultFiles } from '../vault/vault.ts';
import { LoginThrottle, systemBootId, systemUptimeMs } from './throttle.ts';
import { WriteQueue } from './write-queue.ts';

export type BackendOptions = CoreOptions & {
  /** Folder of the vault used when `vault.create` names none. */
  vaultDir: string;
  clock?: () => Date;
  /** The login throttle's monotonic clock (milliseconds since boot) and boot identity; tests move them with `clock`. */
  uptime?: () => number;
  bootId?: string;
  /** Commands slower than this (ms, waiting for the write queue included) are logged by name. Default 100. */
  slowCommandMs?: number;
  /** Where slow commands are logged; default stderr. Only the command name and times, never an input or a value. */
  logSlow?: (line: string) => void;
};

type LockListener = (reason: string) => void;
/** Returns what must settle before the thread may end (a running job's promise), or nothing. */
type Drain = () => Promise<unknown> | null | undefined;

const OPENS_SESSION: ReadonlySet<CommandName> = new Set(['session.login', 'vault.create']);

/**
 * The core's single entry point: one router that the Electron IPC adapter, the end-to-end bridge and any CLI call,
 * so behaviour cannot differ between them (DESIGN §4). Every call is validated against the shared contract,
 * permission-checked, and — when it writes — run in one transaction together with its audit entry.
 */
export class Backend implements Core {
  readonly options: BackendOptions;
  /** What handlers and background jobs see of this router (context.ts `Core`): one object, so domain state keyed by it holds. */
  readonly core: Core;
  #domainState = new Map<symbol, unknown>();
  readonly grants = new PathGrants();
  #vaultDir: string;
  #vault: Vault | null = null;
  #user: SessionUser | null = null;
  /** The committee member who unlocked and handed the workstation over (issue 12 §1); their session is suspended. */
  #handedOverBy: SessionUser | null = null;
  #lastActivity = Date.now();
  #queue = new WriteQueue();
  #lockListeners: LockListener[] = [];
  #drains: Drain[] = [];
  #idleTimer: NodeJS.Timeout | null = null;
  /** Write commands under way: a long import is activity, even while the window only polls its progress. */
  #writesInFlight = 0;
  /** The idle time after which the vault last locked itself, so the sign-in screen can say why (issue 16 §9). */
  #lockedAfterIdleMinutes: number | null = null;

  constructor(options: BackendOptions) {
    this.options = options;
    this.#vaultDir = options.vaultDir;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the facade's getters read this router's live state
    const b = this;
    this.core = Object.freeze({
      get options() { return b.options; },
      grants: this.grants,
      get vault() { return b.vault; },
      get vaultDir() { return b.vaultDir; },
      get user() { return b.user; },
      get handedOverBy() { return b.handedOverBy; },
      get lockedAfterIdleMinutes() { return b.lockedAfterIdleMinutes; },
      now: () => b.now(),
      audit: (r: AuditRecord) => b.audit(r),
      auditOutside: (r: AuditRecord) => b.auditOutside(r),
      throttle: () => b.throttle(),
      state: <T>(key: symbol, make: () => T): T => b.state(key, make),
      onLock: (l: LockListener) => b.onLock(l),
      onShutdown: (d: Drain) => b.onShutdown(d),
      openSession: (vault: Vault, user: SessionUser, dir: string) => b.openSession(vault, user, dir),
      lock: (reason: string) => b.lock(reason),
      handOver: () => b.handOver(),
      signInHandedOver: (user: SessionUser) => b.signInHandedOver(user),
    } satisfies Core);
  }

  state<T>(key: symbol, make: () => T): T {
    if (!this.#domainState.has(key)) this.#domainState.set(key, make());
    return this.#domainState.get(key) as T;
  }

  get vaultDir(): string { return this.#vaultDir; }
  get vault(): Vault | null { return this.#vault; }
  get user(): SessionUser | null { return this.#user; }
  now(): Date { return this.options.clock ? this.options.clock() : new Date(); }
  get handedOverBy(): SessionUser | null { return this.#handedOverBy; }
  /** Minutes without use after which the vault locked, when it is locked because nobody used it; otherwise null. */
  get lockedAfterIdleMinutes(): number | null { return this.#vault ? null : this.#lockedAfterIdleMinutes; }

  /** The login throttle of this vault folder, keyed by the key file's throttle key (core/throttle.ts). */
  throttle(): LoginThrottle {
    let key: Buffer | null = null;
    if (vaultExists(this.#vaultDir)) {
      const f = readSlotFile(vaultFiles(this.#vaultDir).slots);
      key = f.version === 2 ? Buffer.from(f.throttleKey, 'base64') : null;
    }
    return new LoginThrottle(this.#vaultDir, key, {
      now: () => this.now().getTime(),
      uptime: this.options.uptime ?? systemUptimeMs,
      bootId: this.options.bootId ?? systemBootId(),
    });
  }

  /** Called by the vault handlers after a successful create or unlock. */
  openSession(vault: Vault, user: SessionUser, vaultDir: string): void {
    this.#vault?.close();
    this.grants.clear();
    this.#vault = vault;
    this.#user = user;
    this.#handedOverBy = null;
    this.#vaultDir = vaultDir;
    this.#lastActivity = Date.now();
    this.#startIdleTimer();
  }

  /** Closes the database and forgets the key: nothing of the vault stays readable in this process. */
  lock(reason: string): void {
    if (!this.#vault) return;
    this.#lockedAfterIdleMinutes = reason === 'idle' ? this.idleMinutes() : null;
    for (const l of this.#lockListeners) {
      try { l(reason); } catch { /* a listener's failure must not keep the vault open */ }
    }
    this.#vault.close();
    this.#vault = null;
    this.#user = null;
    this.#handedOverBy = null;
    this.grants.clear();
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    this.#idleTimer = null;
  }

  onLock(listener: LockListener): void { this.#lockListeners.push(listener); }

  onShutdown(drain: Drain): void { this.#drains.push(drain); }

  /**
   * Before the app quits: locks (background jobs are told to stop, as on any lock) and waits until each has put its
   * work down, so the thread is never ended under a worker with work in flight (see merge/engine/pool.ts).
   */
  async shutdown(): Promise<void> {
    this.lock('quit');
    await Promise.allSettled(this.#drains.map((d) => d()));
  }

  setUser(user: SessionUser): void { this.#user = user; }

  /** Hand-over: the member's session is suspended (nobody is signed in, the vault stays open) and everything granted
   * in it ends; only a candidate's or auditor's sign-in (`session.signIn`) or a new unlock continues. */
  handOver(): void {
    if (!this.#vault || !this.#user) return;
    this.#handedOverBy = this.#user;
    this.#user = null;
    this.grants.clear();
  }

  /** A candidate or auditor signs in on the handed-over workstation. */
  signInHandedOver(user: SessionUser): void {
    if (!this.#vault || !this.#handedOverBy) throw new AppError('auth.notHandedOver', 'A committee member must unlock and hand over the workstation first.');
    this.#user = user;
    this.grants.clear();
    this.#lastActivity = Date.now();
  }

  idleMinutes(): number {
    const v = this.#vault?.db.prepare("SELECT value FROM settings WHERE key='idle_minutes'").get() as { value: string } | undefined;
    return v ? Number(v.value) : 10;
  }

  /** Locks when the user has been idle longer than the chair's setting; returns whether it locked. */
  checkIdle(nowMs: number = Date.now()): boolean {
    if (!this.#vault) return false;
    if (this.#writesInFlight > 0) return false;
    if (nowMs - this.#lastActivity < this.idleMinutes() * 60_000) return false;
    this.#auditOutside({ action: 'session.autoLock', details: { idleMinutes: this.idleMinutes() } });
    this.lock('idle');
    return true;
  }

  #startIdleTimer(): void {
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    this.#idleTimer = setInterval(() => this.checkIdle(), 15_000);
    this.#idleTimer.unref();
  }

  /** Validates, authorises and runs one command. Never throws: errors come back as values. */
  async dispatch(command: unknown, input: unknown): Promise<Result<unknown>> {
    const started = performance.now();
    let ranFrom = started;
    try {
      if (!isCommandName(command)) {
        this.#auditOutside({ action: 'api.refused', details: { reason: 'unknownCommand', command: String(command).slice(0, 80) } });
        throw new AppError('api.unknownCommand', 'LitDesk does not know that command.');
      }
      const spec = commandSpec(command);
      // Who may call comes before what was sent: a caller without the role learns nothing from validation errors.
      this.#authorise(command, spec);
      let parsed: unknown;
      try {
        parsed = spec.input.parse(input ?? {});
      } catch (err) {
        if (err instanceof ZodError) {
          // Field paths and issue codes only: zod's messages can repeat the caller's own keys and values.
          const issues = err.issues.slice(0, 10).map((i) => ({ path: i.path.map((p) => String(p).slice(0, 64)).join('.').slice(0, 200), code: i.code }));
          this.#auditOutside({ action: 'api.refused', details: { reason: 'invalidInput', command, issues: issues.map((i) => i.path) } });
          throw new AppError('api.invalidInput', 'Some of the information sent is not valid.', { issues });
        }
        throw err;
      }
      if (!spec.passive) this.#lastActivity = Date.now();
      // A planned write reads first, outside the queue (see `planned` in context.ts).
      const plan = (handlers[command] as { plan?: (ctx: ReadContext, input: unknown) => Promise<(ctx: HandlerContext) => unknown> }).plan;
      const step = spec.kind === 'write' && plan ? await plan(this.#readContext(), parsed) : null;
      const queuedAt = performance.now();
      const run = () => { ranFrom = performance.now(); return this.#run(command, spec, parsed, step); };
      try {
        const value = spec.kind === 'read' ? await run() : await this.#queue.run(async () => {
          this.#writesInFlight++;
          try { return await run(); } finally { this.#writesInFlight--; this.#lastActivity = Date.now(); }
        });
        return { ok: true, value };
      } finally {
        this.#logIfSlow(command, started, ranFrom - queuedAt);
      }
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  }

  /** Signal Desktop logs slow queries; LitDesk logs slow commands, by name only (an input may hold a member's name). */
  #logIfSlow(command: CommandName, started: number, queueWait: number): void {
    const now = performance.now();
    const total = now - started;
    if (total <= (this.options.slowCommandMs ?? 100)) return;
    const line = `[litdesk] slow command ${command}: ${Math.round(total)} ms (${Math.round(queueWait)} ms waiting for the write queue)\n`;
    if (this.options.logSlow) this.options.logSlow(line);
    else process.stderr.write(line);
  }

  #authorise(command: CommandName, spec: CommandSpec): void {
    if (spec.roles === 'public') return;
    const user = this.#user;
    if (!this.#vault || !user) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
    const refuse = (reason: string, code: ErrorCode, message: string): never => {
      this.#auditOutside({ action: 'api.refused', details: { reason, command } });
      throw new AppError(code, message);
    };
    if (spec.roles !== 'anyUser' && !spec.roles.includes(user.role)) {
      refuse('forbidden', 'auth.forbidden', 'Your role does not allow this.');
    }
    if (!spec.beforeAgreement) {
      const s = this.#sessionGate();
      if (s.mustChange) refuse('mustChangePassphrase', 'auth.mustChangePassphrase', 'Choose a new passphrase first.');
      if (s.agreementPending) refuse('agreementPending', 'auth.agreementPending', 'Accept the confidentiality agreement first.');
    }
  }

  #sessionGate(): { mustChange: boolean; agreementPending: boolean } {
    const db = this.#vault!.db;
    const u = db.prepare('SELECT must_change FROM users WHERE id=?').get(this.#user!.id) as { must_change: number } | undefined;
    const current = db.prepare('SELECT max(version) AS v FROM agreements').get() as { v: number | null };
    const accepted = current.v === null ||
      db.prepare('SELECT 1 FROM agreement_acceptances WHERE user_id=? AND version=?').get(this.#user!.id, current.v) !== undefined;
    return { mustChange: u?.must_change === 1, agreementPending: !accepted };
  }

  async #run(command: CommandName, spec: CommandSpec, input: unknown, step: ((ctx: HandlerContext) => unknown) | null): Promise<unknown> {
    if (spec.kind === 'read') {
      const handler = handlers[command] as (ctx: ReadContext, input: unknown) => unknown;
      return await handler(this.#readContext(), input);
    }
    const handler = step ? (ctx: HandlerContext) => step(ctx) : handlers[command] as (ctx: HandlerContext, input: unknown) => unknown;
    const after: Array<() => void | Promise<void>> = [];
    const refused: Array<() => void> = [];
    const ctx = this.#context(after, refused);
    const keepRefusal = () => {
      const db = this.#vault?.db;
      if (refused.length === 0 || !db?.open || db.inTransaction) return;
      db.transaction(() => { for (const fn of refused) fn(); })();
    };
    // Awaited inside the write queue, so work after commit (a re-key) ends before the next write starts.
    const runAfter = async () => { for (const fn of after) await fn(); };
    // Unlocking and creating open their own connection (a committee member may take a handed-over workstation back):
    // they must not run inside a transaction on the connection they replace.
    if (!this.#vault || OPENS_SESSION.has(command)) {
      const value = await handler(ctx, input);
      await runAfter();
      return value;
    }
    const db = this.#vault.db;
    db.exec('BEGIN IMMEDIATE');
    let value: unknown;
    try {
      value = await handler(ctx, input);
      if (db.open && db.inTransaction) db.exec('COMMIT');
    } catch (err) {
      if (db.open && db.inTransaction) db.exec('ROLLBACK');
      keepRefusal();
      throw err;
    }
    await runAfter();
    return value;
  }

  #context(after: Array<() => void | Promise<void>>, refused: Array<() => void>): HandlerContext {
    const vault = (): Vault => {
      if (!this.#vault) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
      return this.#vault;
    };
    const user = (): SessionUser => {
      if (!this.#user) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
      return this.#user;
    };
    return {
      backend: this.core,
      get vault() { return vault(); },
      get db() { return vault().db; },
      get user() { return user(); },
      now: () => this.now(),
      audit: (record) => this.audit(record),
      afterCommit: (fn) => { after.push(fn); },
      onRefused: (fn) => { refused.push(fn); },
    };
  }

  /**
   * A read command's context: the vault's read-only connection, which sees the last committed state (never the half
   * written by a long import) and on which SQLite refuses writes; no audit writer.
   */
  #readContext(): ReadContext {
    const vault = (): Vault => {
      if (!this.#vault) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
      return this.#vault;
    };
    const user = (): SessionUser => {
      if (!this.#user) throw new AppError('auth.locked', 'LitDesk is locked. Sign in to continue.');
      return this.#user;
    };
    return {
      backend: this.core,
      get vault() { return vault(); },
      get db() { return vault().reader(); },
      get user() { return user(); },
      now: () => this.now(),
    };
  }

  /** Appends to the audit log on the current connection (inside the running command's transaction). */
  audit(record: AuditRecord): void {
    if (!this.#vault) return;
    const u = this.#user;
    appendAudit(this.#vault.db, { id: u?.id ?? null, label: u ? `${u.login} (${u.role})` : 'anonymous' }, record, this.now());
  }

  /** Audits an event that is not part of a command's own transaction (refusals, auto-lock, a finished re-key). */
  auditOutside(record: AuditRecord): void { this.#auditOutside(record); }

  #auditOutside(record: AuditRecord): void {
    const db = this.#vault?.db;
    if (!db?.open) return;
    if (db.inTransaction) { this.audit(record); return; }
    db.transaction(() => this.audit(record))();
  }
}

function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return err.toApiError();
  // Internal failures reach the UI as a code only: no stack traces, no SQL, no values (DESIGN §3).
  const name = err instanceof Error ? err.name : typeof err;
  process.stderr.write(`[litdesk] internal error: ${name}: ${err instanceof Error ? err.message.slice(0, 200) : ''}\n`);
  return { code: 'internal', message: 'Something went wrong inside LitDesk. Nothing was changed.' };
}
