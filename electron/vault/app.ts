import path from 'node:path';
import type { foundationCommands } from '../../shared/api/commands/foundation.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgePassphrase } from '../../shared/domain/passphrase.ts';
import type { Handlers } from '../core/context.ts';
import { FREE_FAILURES, LoginThrottle } from '../core/throttle.ts';
import { DEFAULT_AGREEMENT, getUser, insertUser, putSetting, sessionInfo, sessionUser } from '../users/store.ts';
import { appendAudit } from '../audit/log.ts';
import { isTimeZone, workstationTimeZone } from '../../shared/domain/calendar.ts';
import { TIME_ZONE_KEY } from '../users/calendar.ts';
import { Vault, vaultExists } from './vault.ts';

type C = typeof foundationCommands;

export const vaultHandlers: Pick<Handlers<C>, 'vault.status' | 'vault.create' | 'session.login' | 'session.lock' | 'session.me'> = {
  'vault.status': ({ backend }) => ({
    state: backend.vault ? 'unlocked' : vaultExists(backend.vaultDir) ? 'locked' : 'none',
    dir: backend.vaultDir,
    demo: backend.options.demo ?? false,
  }),

  'vault.create': async ({ backend }, input) => {
    const dir = input.dir ? backend.grants.requireFolder(input.dir) : backend.vaultDir;
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
    return sessionInfo(vault.db, chairId, backend.options.demo ?? false);
  },

  'session.login': async ({ backend }, input) => {
    if (!vaultExists(backend.vaultDir)) throw new AppError('vault.none', 'There is no vault here yet. Set one up first.');
    const throttle = new LoginThrottle(backend.vaultDir);
    const nowMs = backend.now().getTime();
    const wait = throttle.waitMs(input.login, nowMs);
    if (wait > 0) {
      throw new AppError('auth.throttled', 'Too many wrong passphrases. Wait before trying again.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    let opened: { vault: Vault; userId: number };
    try {
      opened = await Vault.unlock(backend.vaultDir, input.login, input.passphrase);
    } catch (err) {
      if (err instanceof AppError && err.code === 'auth.badCredentials') {
        const failures = throttle.failed(input.login, nowMs);
        const left = Math.max(0, FREE_FAILURES - failures);
        throw new AppError('auth.badCredentials', 'That login and passphrase do not match.', {
          attemptsBeforeDelay: left,
          retryAfterSeconds: Math.ceil(LoginThrottle.delayFor(failures) / 1000),
        });
      }
      throw err;
    }
    throttle.succeeded(input.login);
    const { vault, userId } = opened;
    const user = getUser(vault.db, userId);
    if (!user.active) {
      vault.close();
      throw new AppError('auth.badCredentials', 'That login and passphrase do not match.');
    }
    backend.openSession(vault, sessionUser(user), backend.vaultDir);
    vault.db.transaction(() => backend.audit({ action: 'session.login', target: user.login }))();
    return sessionInfo(vault.db, userId, backend.options.demo ?? false);
  },

  'session.lock': (ctx, input) => {
    if (ctx.backend.vault && ctx.backend.user) {
      ctx.audit({ action: 'session.lock', details: { reason: input.reason } });
      ctx.afterCommit(() => ctx.backend.lock(input.reason));
    }
    return { locked: true };
  },

  'session.me': (ctx) => sessionInfo(ctx.db, ctx.user.id, ctx.backend.options.demo ?? false),
};
