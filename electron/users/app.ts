import type { foundationCommands } from '../../shared/api/commands/foundation.ts';
import { AppError } from '../../shared/api/errors.ts';
import { judgePassphrase } from '../../shared/domain/passphrase.ts';
import { committeeAddBasis } from '../approvals/committee.ts';
import type { Handlers } from '../core/context.ts';
import { rekeyAfterCommit } from '../vault/app.ts';
import { newMemberIdentity } from '../vault/keyslots.ts';
import { checkVerifier, dropVerifier, makeVerifier, storeVerifier } from './verifier.ts';
import type { DB } from '../vault/database.ts';
import { currentAgreement, getUser, insertUser, passphraseSurroundings, putSetting, sessionInfo, setting, toUserRow } from './store.ts';
import { isTimeZone } from '../../shared/domain/calendar.ts';
import { committeeZone, TIME_ZONE_KEY } from './calendar.ts';
import { userLanguage } from './language.ts';

type C = typeof foundationCommands;

/** Committee members hold key material; candidates and auditors have an in-vault verifier only (issue 12). */
const isCommittee = (role: string): boolean => role === 'chair' || role === 'staff';

const requireStrong = (db: DB, passphrase: string, context: string[]): void => {
  const verdict = judgePassphrase(passphrase, context, passphraseSurroundings(db));
  if (!verdict.ok) throw new AppError(verdict.reason!, 'Choose a longer, less common passphrase.', { score: verdict.score });
};

export const usersHandlers: Pick<Handlers<C>,
  'users.list' | 'users.add' | 'users.remove' | 'users.resetPassphrase' | 'session.changePassphrase' | 'session.setLanguage' |
  'agreement.accept' | 'agreement.update' | 'agreement.current' | 'settings.update'> = {
  'users.list': ({ db }, input) => {
    const rows = db.prepare(`SELECT * FROM users ${input.includeRemoved ? '' : 'WHERE active=1'} ORDER BY id`).all();
    return (rows as Parameters<typeof toUserRow>[0][]).map(toUserRow);
  },

  'users.add': async (ctx, input) => {
    requireStrong(ctx.db, input.oneTimePassphrase, [input.login, input.displayName]);
    if (input.role === 'candidate') {
      if (input.candidateId === null) throw new AppError('users.candidateRequired', 'A candidate login must be bound to a registered candidate.');
      const hasTable = ctx.db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='candidates'").get();
      if (!hasTable || !ctx.db.prepare('SELECT 1 FROM candidates WHERE id=?').get(input.candidateId)) {
        throw new AppError('users.noSuchCandidate', 'That candidate is not registered.');
      }
    } else if (input.candidateId !== null) {
      throw new AppError('users.candidateOnly', 'Only candidate logins are bound to a candidate.');
    }
    // Four eyes on new committee members (issue 13): after the first, only under a second member's approval.
    const basis = committeeAddBasis(ctx.db, input.login, input.role);
    const id = insertUser(ctx.db, { login: input.login, displayName: input.displayName, role: input.role, candidateId: input.candidateId, mustChange: true }, ctx.now());
    ctx.audit({ action: 'users.add', target: input.login, details: { userId: id, role: input.role, candidateId: input.candidateId,
      ...(basis.basis === 'notCommittee' ? {} : { basis: basis.basis, approvalId: basis.approvalId }) } });
    if (isCommittee(input.role)) {
      // The key file is written before the commit; should the transaction roll back, the orphan slot names a user who
      // does not exist: unlock refuses it and the next re-key drops it.
      await ctx.vault.addMember(id, input.login, input.oneTimePassphrase);
    } else {
      storeVerifier(ctx.db, id, await makeVerifier(input.oneTimePassphrase, ctx.backend.options.kdf), ctx.now());
    }
    return getUser(ctx.db, id);
  },

  'users.remove': (ctx, input) => {
    const u = getUser(ctx.db, input.userId);
    if (u.id === ctx.user.id) throw new AppError('users.cannotRemoveSelf', 'You cannot remove your own account.');
    if (!u.active) throw new AppError('users.alreadyRemoved', 'That user was already removed.');
    if (u.role === 'chair') {
      const chairs = ctx.db.prepare("SELECT count(*) AS n FROM users WHERE role='chair' AND active=1").get() as { n: number };
      if (chairs.n <= 1) throw new AppError('users.lastChair', 'The last chair cannot be removed.');
    }
    // Users are deactivated, never deleted: the audit trail and election records name them (29 CFR 452.106).
    ctx.db.prepare('UPDATE users SET active=0, removed_at=? WHERE id=?').run(ctx.now().toISOString(), u.id);
    dropVerifier(ctx.db, u.id);
    ctx.audit({ action: 'users.remove', target: u.login, details: { userId: u.id, rekey: isCommittee(u.role) } });
    // A committee member knew the database key: a new one, sealed to everyone else, makes their copy worthless.
    if (isCommittee(u.role)) ctx.afterCommit(async () => { await rekeyAfterCommit(ctx.backend, 'users.remove'); });
    return { removed: true };
  },

  'users.resetPassphrase': async (ctx, input) => {
    const u = getUser(ctx.db, input.userId);
    // A reset skips the current passphrase: on one's own account it would let whoever finds an unlocked workstation
    // take the identity over. One's own passphrase changes only with the current one.
    if (u.id === ctx.user.id) throw new AppError('users.cannotResetSelf', 'You cannot reset your own passphrase: use Change passphrase, which asks for the current one.');
    if (!u.active) throw new AppError('users.alreadyRemoved', 'That user was removed.');
    requireStrong(ctx.db, input.oneTimePassphrase, [u.login, u.displayName]);
    ctx.db.prepare('UPDATE users SET must_change=1 WHERE id=?').run(u.id);
    ctx.audit({ action: 'users.resetPassphrase', target: u.login, details: { userId: u.id, rekey: isCommittee(u.role) } });
    if (isCommittee(u.role)) {
      // A new key pair under the one-time passphrase, and a new database key: the old slot and passphrase open
      // nothing any more, whoever kept a copy of them.
      const identity = await newMemberIdentity(ctx.vault.vaultId, u.id, u.login, input.oneTimePassphrase, ctx.backend.options.kdf);
      ctx.afterCommit(async () => {
        // Not re-keyed now (owed at the next unlock): the member still gets their one-time passphrase.
        if (!(await rekeyAfterCommit(ctx.backend, 'users.resetPassphrase', { replace: [identity] }))) await ctx.vault.replaceMember(identity);
      });
    } else {
      storeVerifier(ctx.db, u.id, await makeVerifier(input.oneTimePassphrase, ctx.backend.options.kdf), ctx.now());
    }
    return { reset: true };
  },

  'session.changePassphrase': async (ctx, input) => {
    const me = getUser(ctx.db, ctx.user.id);
    const throttle = ctx.backend.throttle();
    throttle.check(me.login);
    if (input.next === input.current) throw new AppError('passphrase.unchanged', 'The new passphrase must differ from the old one.');
    requireStrong(ctx.db, input.next, [me.login, me.displayName]);
    const wrong = () => throttle.refuse(me.login, 'The current passphrase is not right.');
    if (isCommittee(me.role)) {
      if (!(await ctx.vault.changeMemberPassphrase(me.id, input.current, input.next))) throw wrong();
    } else {
      if (!(await checkVerifier(ctx.db, me.id, input.current))) throw wrong();
      storeVerifier(ctx.db, me.id, await makeVerifier(input.next, ctx.backend.options.kdf), ctx.now());
    }
    throttle.succeeded(me.login);
    ctx.db.prepare('UPDATE users SET must_change=0 WHERE id=?').run(me.id);
    ctx.audit({ action: 'session.changePassphrase', target: me.login });
    return sessionInfo(ctx.db, me.id, ctx.backend.options.demo ?? false);
  },

  'session.setLanguage': (ctx, input) => {
    const before = userLanguage(ctx.db, ctx.user.id);
    if (before !== input.language) {
      ctx.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(input.language, ctx.user.id);
      ctx.audit({ action: 'session.setLanguage', target: ctx.user.login, details: { before, after: input.language } });
    }
    return sessionInfo(ctx.db, ctx.user.id, ctx.backend.options.demo ?? false);
  },

  'agreement.current': ({ db }) => currentAgreement(db),

  'agreement.accept': (ctx, input) => {
    const current = currentAgreement(ctx.db);
    if (current.version !== input.version) {
      throw new AppError('agreement.outdated', 'The agreement has changed. Read the current version.', { current: current.version });
    }
    ctx.db.prepare('INSERT OR IGNORE INTO agreement_acceptances (user_id, version, accepted_at) VALUES (?,?,?)')
      .run(ctx.user.id, input.version, ctx.now().toISOString());
    ctx.audit({ action: 'agreement.accept', details: { version: input.version } });
    return sessionInfo(ctx.db, ctx.user.id, ctx.backend.options.demo ?? false);
  },

  'agreement.update': (ctx, input) => {
    const version = currentAgreement(ctx.db).version + 1;
    ctx.db.prepare('INSERT INTO agreements (version, text, created_at, created_by) VALUES (?,?,?,?)')
      .run(version, input.text, ctx.now().toISOString(), ctx.user.id);
    // The chair who writes it accepts it; everyone else must accept the new version at their next action.
    ctx.db.prepare('INSERT INTO agreement_acceptances (user_id, version, accepted_at) VALUES (?,?,?)')
      .run(ctx.user.id, version, ctx.now().toISOString());
    ctx.audit({ action: 'agreement.update', details: { version } });
    return { version };
  },

  'settings.update': (ctx, input) => {
    // The union's legal name is a name that may not pay: changing it is proposed (payers.proposeUnionName) and takes
    // effect when a second committee member countersigns; here it may only be sent unchanged.
    if (input.unionName !== undefined && input.unionName !== setting(ctx.db, 'union_name', '')) {
      throw new AppError('settings.unionNameCountersign',
        'Changing the union\'s legal name lets money under the old name count: propose the new name with a reason, and a second committee member countersigns it.');
    }
    if (input.idleMinutes !== undefined) putSetting(ctx.db, 'idle_minutes', String(input.idleMinutes));
    let timeZone: { before: string; after: string } | undefined;
    if (input.timeZone !== undefined) {
      // Every deadline and document date follows the zone, so a change is audited with what it was before.
      if (!isTimeZone(input.timeZone)) throw new AppError('settings.badTimeZone', 'That is not a time zone LitDesk knows. Choose one from the list.');
      timeZone = { before: committeeZone(ctx.db), after: input.timeZone };
      putSetting(ctx.db, TIME_ZONE_KEY, input.timeZone);
    }
    ctx.audit({ action: 'settings.update', details: { ...input, ...(timeZone ? { timeZone } : {}) } });
    return { idleMinutes: Number(setting(ctx.db, 'idle_minutes', '10')), unionName: setting(ctx.db, 'union_name', ''), timeZone: committeeZone(ctx.db) };
  },
};
