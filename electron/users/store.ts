import type { UserRow, SessionInfo } from '../../shared/api/commands/foundation.ts';
import type { Role } from '../../shared/api/roles.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import type { SessionUser } from '../core/context.ts';
import { committeeZone } from './calendar.ts';
import { userLanguage } from './language.ts';

type Row = { id: number; login: string; display_name: string; role: Role; candidate_id: number | null; must_change: number;
  active: number; created_at: string; removed_at: string | null };

export const toUserRow = (r: Row): UserRow => ({
  id: r.id, login: r.login, displayName: r.display_name, role: r.role, candidateId: r.candidate_id,
  mustChangePassphrase: r.must_change === 1, active: r.active === 1, createdAt: r.created_at, removedAt: r.removed_at,
});

export function getUser(db: DB, id: number): UserRow {
  const r = db.prepare('SELECT * FROM users WHERE id=?').get(id) as Row | undefined;
  if (!r) throw new AppError('users.notFound', 'No such user.');
  return toUserRow(r);
}

export function insertUser(db: DB, u: { login: string; displayName: string; role: Role; candidateId: number | null; mustChange: boolean }, at: Date): number {
  const taken = db.prepare('SELECT 1 FROM users WHERE login=?').get(u.login);
  if (taken) throw new AppError('users.loginTaken', 'That login is already used (logins are never reused, for the audit trail).');
  const info = db.prepare('INSERT INTO users (login, display_name, role, candidate_id, must_change, created_at) VALUES (?,?,?,?,?,?)')
    .run(u.login, u.displayName, u.role, u.candidateId, u.mustChange ? 1 : 0, at.toISOString());
  return Number(info.lastInsertRowid);
}

export const sessionUser = (u: UserRow): SessionUser =>
  ({ id: u.id, login: u.login, displayName: u.displayName, role: u.role, candidateId: u.candidateId });

export function setting(db: DB, key: string, fallback: string): string {
  const r = db.prepare('SELECT value FROM settings WHERE key=?').get(key) as { value: string } | undefined;
  return r?.value ?? fallback;
}

export function putSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value').run(key, value);
}

/** The vault's own words a passphrase must not be built from (shared/domain/passphrase.ts): union and elections. */
export function passphraseSurroundings(db: DB): string[] {
  const names = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='elections'").get()
    ? (db.prepare('SELECT DISTINCT name FROM elections').all() as Array<{ name: string }>).map((e) => e.name) : [];
  return [setting(db, 'union_name', ''), ...names];
}

export function currentAgreement(db: DB): { version: number; text: string; updatedAt: string } {
  const r = db.prepare('SELECT version, text, created_at FROM agreements ORDER BY version DESC LIMIT 1').get() as
    | { version: number; text: string; created_at: string } | undefined;
  if (!r) throw new AppError('agreement.none', 'There is no confidentiality agreement yet.');
  return { version: r.version, text: r.text, updatedAt: r.created_at };
}

export function sessionInfo(db: DB, userId: number, demo: boolean): SessionInfo {
  const u = getUser(db, userId);
  const a = currentAgreement(db);
  const accepted = db.prepare('SELECT 1 FROM agreement_acceptances WHERE user_id=? AND version=?').get(userId, a.version);
  return {
    user: sessionUser(u),
    mustChangePassphrase: u.mustChangePassphrase,
    agreementPending: accepted ? null : { version: a.version, text: a.text },
    idleMinutes: Number(setting(db, 'idle_minutes', '10')),
    unionName: setting(db, 'union_name', ''),
    timeZone: committeeZone(db),
    language: userLanguage(db, userId),
    demo,
  };
}

export const DEFAULT_AGREEMENT = `Confidentiality agreement for election committee users

1. The membership list is confidential. I will not copy, photograph, print, export, transmit or disclose any member's name, address or other details, except as LitDesk prints them on a candidate's mailing.
2. I will use the list only to distribute candidates' campaign literature on equal terms and at each candidate's expense, as the LMRDA (29 U.S.C. 481(c)) requires.
3. I will not read, judge or change any candidate's literature, and I will treat every candidate and person seeking nomination alike.
4. I will lock LitDesk when I leave the workstation, keep my passphrase to myself, and report any loss or suspected disclosure to the committee chair at once.
5. I understand that every action I take in LitDesk is recorded in a tamper-evident audit trail.`;
