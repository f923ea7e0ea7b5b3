import path from 'node:path';
import type { foundationCommands } from '../../shared/api/commands/foundation.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgePassphrase } from '../../shared/domain/passphrase.ts';
import type { Core as Backend } from '../core/context.ts';
import type { Handlers } from '../core/context.ts';
import { DEFAULT_AGREEMENT, getUser, insertUser, putSetting, sessionInfo, sessionUser } from '../users/store.ts';
import { checkVerifier, hasVerifier } from '../users/verifier.ts';
import { appendAudit } from '../audit/log.ts';
import { isTimeZone, workstationTimeZone } from '../../shared/domain/calendar.ts';
import { TIME_ZONE_KEY } from '../users/calendar.ts';
import { Vault, vaultExists } from './vault.ts';

type C = typeof foundationCommands;

const COMMITTEE = new Set(['chair', 'staff']);
const badCredentials = () => new AppError('auth.badCredentials', 'That login and passphrase do not match.');

/** Runs a re-key after the command's commit; if it cannot run now, the key file records that one is owed and the
 * next committee unlock runs it. Either way the audit log says which. */
export async function rekeyAfterCommit(
  backend: Backend, reason: string, opts: Parameters<Vault['rekey']>[0] = {}, onBusy: 'owe' | 'refuse' = 'owe',
): Promise<boolean> {
  const vault = backend.vault;
  if (!vault) return false;
  try {
    const { generation } = await vault.rekey(opts);
    backend.auditOutside({ action: 'vault.rekeyed', details: { reason, generation } });
    return true;
  } catch (err) {
    // A removal or reset has committed: it stands, and the re-key it owes runs at the next committee unlock. A "Re-key
    // now" that cannot run is simply refused: nothing is owed by it.
    if (onBusy === 'owe') vault.markRekeyDue();
    backend.auditOutside({ action: onBusy === 'owe' ? 'vault.rekeyOwed' : 'vault.rekeyRefused', details: { reason, error: err instanceof AppError ? err.code : 'internal' } });
    if (onBusy === 'owe' && err instanceof AppError && err.code === 'vault.busy') return false;
    if (err instanceof AppError) throw err;
    throw new AppError('vault.rekeyOwed', 'The vault could not be re-keyed now; it will be at the next unlock.');
  }
}

export const vaultHandlers: Pick<Handlers<C>,
  'vault.status' | 'vault.create' | 'session.login' | 'session.lock' | 'session.me' | 'session.handOver' | 'session.signIn' |
  'vault.keyStatus' | 'vault.rekey'> = {
  'vault.status': ({ backend }) => {
    const state = backend.vault ? (backend.handedOverBy && !backend.user ? 'handover' : 'unlocked') : vaultExists(backend.vaultDir) ? 'locked' : 'none';
    return {
      state, dir: backend.vaultDir, demo: backend.options.demo ?? false,
      ...(state === 'handover' ? { handedOverBy: backend.handedOverBy!.displayName } : {}),
      ...(state === 'locked' && backend.lockedAfterIdleMinutes !== null ? { lockedAfterIdleMinutes: backend.lockedAfterIdleMinutes } : {}),
    };
  },

  'vault.create': async ({ backend }, input) => {
    const dir = input.dir ? backend.grants.requireFolder(input.dir, 'vault') : backend.vaultDir;
    if (vaultExists(dir)) throw new AppError('vault.exists', 'A vault already exists in this folder.');
    const verdict = judgePassphrase(input.chair.passphrase, [input.chair.login, input.chair.displayName], [input.unionName]);
    if (!verdict.ok) throw new AppError(verdict.reason!, 'Choose a longer, less common passphrase.', { score: verdict.score });
    const timeZone = input.timeZone ?? workstationTimeZone();
    if (!isTimeZone(timeZone)) throw new AppError('settings.badTimeZone', 'That is not a time zone LitDesk knows. Choose one from the list.');
    const at = backend.now();
    let chairId = 0;
    const vault = await Vault.create(dir, input.chair, (db) => {
      chairId = insertUser(db, { login: input.chair.login, displayName: input.chair.displayName, role: 'chair', candidateId: null, mustChange: false }, at);
      putSetting(db, 'union_name', input.unionName);
      putSetting(db, 'idle_minutes', '10');
      putSetting(db, TIME_ZONE_KEY, timeZone);
      db.prepare('INSERT INTO agreements (version, text, created_at, created_by) VALUES (1, ?, ?, ?)')
        .run(input.agreementText ?? DEFAULT_AGREEMENT, at.toISOString(), chairId);
      appendAudit(db, { id: chairId, label: `${input.chair.login} (chair)` },
        { action: 'vault.create', target: path.basename(dir), details: { unionName: input.unionName, timeZone } }, at);
      return chairId;
    }, backend.options.kdf);
    backend.openSession(vault, sessionUser(getUser(vault.db, chairId)), dir);
    backend.throttle().initialise();
    return sessionInfo(vault.db, chairId, backend.options.demo ?? false);
  },

  /** Unlock: committee members only (issue 12 §1). Candidates and auditors sign in on a handed-over workstation. */
  'session.login': async ({ backend }, input) => {
    if (!vaultExists(backend.vaultDir)) throw new AppError('vault.none', 'There is no vault here yet. Set one up first.');
    const throttle = backend.throttle();
    throttle.check(input.login);
    let opened: Awaited<ReturnType<typeof Vault.unlock>>;
    try {
      opened = await Vault.unlock(backend.vaultDir, input.login, input.passphrase);
    } catch (err) {
      if (err instanceof AppError && err.code === 'auth.badCredentials') throw throttle.refuse(input.login);
      throw err;
    }
    const { vault, userId, events } = opened;
    const user = (() => { try { return getUser(vault.db, userId); } catch { return null; } })();
    if (!user || !user.active || !COMMITTEE.has(user.role)) {
      vault.close();
      throw badCredentials();
    }
    // The upgrade wrote the first format-2 key file, whose throttle key now guards the throttle's record.
    if (events.some((e) => e.action === 'vault.upgraded')) backend.throttle().initialise();
    backend.throttle().succeeded(input.login);
    backend.openSession(vault, sessionUser(user), backend.vaultDir);
    vault.db.transaction(() => {
      for (const e of events) {
        const { action, ...details } = e;
        backend.audit({ action, details });
      }
      backend.audit({ action: 'session.login', target: user.login });
    })();
    return sessionInfo(vault.db, userId, backend.options.demo ?? false);
  },

  /** Suspends the committee member's session; grants end; a candidate or auditor may now sign in. */
  'session.handOver': (ctx) => {
    ctx.audit({ action: 'session.handOver', target: ctx.user.login });
    ctx.afterCommit(() => ctx.backend.handOver());
    return { handedOver: true };
  },

  /** A candidate or auditor signs in with their own passphrase, checked against the in-vault verifier. */
  'session.signIn': async ({ backend }, input) => {
    const vault = backend.vault;
    if (!vault || !backend.handedOverBy || backend.user) {
      throw new AppError('auth.notHandedOver', 'A committee member must unlock and hand over the workstation first.');
    }
    const throttle = backend.throttle();
    throttle.check(input.login);
    const row = vault.db.prepare('SELECT id, role, active FROM users WHERE login = ?').get(input.login) as
      | { id: number; role: string; active: number } | undefined;
    const eligible = row && row.active === 1 && !COMMITTEE.has(row.role) ? row.id : null;
    if (!(await checkVerifier(vault.db, eligible, input.passphrase))) throw throttle.refuse(input.login);
    throttle.succeeded(input.login);
    const user = getUser(vault.db, eligible!);
    backend.signInHandedOver(sessionUser(user));
    backend.audit({ action: 'session.signIn', target: user.login, details: { handedOverBy: backend.handedOverBy.login } });
    return sessionInfo(vault.db, user.id, backend.options.demo ?? false);
  },

  /** Locking is signing out: the database closes and the key is forgotten, whoever was signed in (issue 12 §1). */
  'session.lock': (ctx, input) => {
    const { backend } = ctx;
    if (backend.vault) {
      ctx.audit({ action: 'session.lock', details: { reason: input.reason, ...(backend.user ? {} : { handedOverBy: backend.handedOverBy?.login }) } });
      ctx.afterCommit(() => backend.lock(input.reason));
    }
    return { locked: true };
  },

  'session.me': (ctx) => sessionInfo(ctx.db, ctx.user.id, ctx.backend.options.demo ?? false),

  'vault.keyStatus': (ctx) => {
    const s = ctx.vault.keyStatus();
    const users = ctx.db.prepare('SELECT id, login, role, active FROM users WHERE active = 1 ORDER BY id').all() as
      Array<{ id: number; login: string; role: string }>;
    return {
      generation: s.generation,
      members: users.filter((u) => s.memberIds.includes(u.id)).map((u) => u.login),
      legacyMembers: s.legacyLogins,
      rekeyDue: s.rekeyDue,
      needPassphrase: users.filter((u) => !COMMITTEE.has(u.role) && !hasVerifier(ctx.db, u.id)).map((u) => u.login),
    };
  },

  /** "Re-key now" (chair): e.g. after a lost laptop. Needs no one's passphrase: the new key is sealed to every
   * committee member's public key. */
  'vault.rekey': (ctx) => {
    const before = ctx.vault.keyStatus();
    ctx.audit({ action: 'vault.rekeyRequested', details: { generation: before.generation, dropsLegacy: before.legacyLogins } });
    const out = { generation: before.generation + 1 };
    ctx.afterCommit(async () => {
      await rekeyAfterCommit(ctx.backend, 'chair', {}, 'refuse');
      out.generation = ctx.vault.generation();
    });
    return out;
  },
};
