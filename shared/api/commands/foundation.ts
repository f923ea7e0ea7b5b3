import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { ROLES, type Role } from '../roles.ts';
import { LANGUAGES, type Language } from '../../i18n/language.ts';

/** One of the languages LitDesk speaks ('en', 'es', 'vi'): a user's preference, or a document asked for in another. */
export const language = z.enum(LANGUAGES);

export const login = z.string().trim().min(2).max(64).regex(/^[\p{L}\p{N}._@-]+$/u, 'login.chars');
export const passphrase = z.string().min(1).max(1024);
export const displayName = z.string().trim().min(1).max(120);
export const id = z.number().int().positive();

export type SessionInfo = {
  user: { id: number; login: string; displayName: string; role: Role; candidateId: number | null };
  mustChangePassphrase: boolean;
  agreementPending: { version: number; text: string } | null;
  idleMinutes: number;
  unionName: string;
  /** The committee's IANA time zone: every default date, deadline and document date is in it. */
  timeZone: string;
  /** The user's language: screens after sign-in, and the documents LitDesk issues to them (issue 16 §8). */
  language: Language;
  demo: boolean;
};
/** `handover`: a committee member unlocked and handed the workstation over; a candidate or auditor may sign in.
 * `lockedAfterIdleMinutes`: the vault locked itself after that many minutes without use (the sign-in screen says so). */
export type VaultStatus = {
  state: 'none' | 'locked' | 'unlocked' | 'handover'; dir: string; demo: boolean; handedOverBy?: string; lockedAfterIdleMinutes?: number;
};
/** Who holds the vault key (issue 12): committee members with a key pair, members still on a first-release slot, and
 * candidates and auditors who have no passphrase yet (the chair issues a one-time one). */
export type KeyStatus = {
  generation: number; members: string[]; legacyMembers: string[]; rekeyDue: boolean; needPassphrase: string[];
};
export type UserRow = {
  id: number; login: string; displayName: string; role: Role; candidateId: number | null;
  mustChangePassphrase: boolean; active: boolean; createdAt: string; removedAt: string | null;
};
export type AuditEntry = {
  seq: number; at: string; actorId: number | null; actor: string; action: string; target: string | null;
  details: unknown; prevHash: string; hash: string;
};
export type AuditVerdict = {
  ok: boolean; entries: number; head: string;
  /** The first thing that does not hold: an entry that fails its own chain (hash, link, gap, order), or a head that
   * left the vault on a document or in the auditor's witness file and that the chain no longer holds (truncated: the
   * chain ends before it; rewritten: the chain has another hash there). */
  firstBroken: {
    seq: number; reason: 'hash' | 'link' | 'gap' | 'order' | 'truncated' | 'rewritten';
    source?: 'issued' | 'witness'; document?: string;
  } | null;
  /** How many heads recorded for issued documents were compared. */
  anchors?: number;
  /** The witness file, when one was given: heads it held, heads appended after a passing check. */
  witness?: { file: string; heads: number; appended: number } | null;
};

/** What a backup holds, after it was opened and checked: counts only, never a member. */
export type BackupSummary = {
  integrity: boolean;
  auditChain: boolean;
  auditEntries: number;
  lastActivity: string | null;
  counts: { members: number; elections: number; candidates: number; requests: number; payments: number; productionJobs: number; users: number };
};

const folder = z.string().min(1).max(4096);

export const foundationCommands = {
  /** An encrypted, checked copy of the vault in a new folder inside the chosen one (issue 16 §4). */
  'vault.backup': defineCommand<{ path: string; bytes: number; summary: BackupSummary }>()({
    input: z.object({ folder }).strict(), roles: ['chair'], kind: 'write', memberData: 'counts',
  }),
  /** The last backup, and a reminder when an election closes within 14 days and no backup was made in the last 7. */
  'vault.lastBackup': defineCommand<{ at: string | null; name: string | null; reminder: { election: string; date: string } | null }>()({
    input: z.object({}).strict(), roles: ['chair', 'staff'], kind: 'read', memberData: 'none',
  }),
  /** Copies a backup into a new empty folder, opens and checks it, and signs in to it. */
  'vault.restore': defineCommand<{ path: string; summary: BackupSummary; session: SessionInfo }>()({
    input: z.object({ from: folder, to: folder, login, passphrase }).strict(),
    roles: 'public', kind: 'write', memberData: 'counts', beforeAgreement: true,
  }),
  'vault.status': defineCommand<VaultStatus>()({
    input: z.object({}).strict(), roles: 'public', kind: 'read', memberData: 'none', beforeAgreement: true, passive: true,
  }),
  'vault.create': defineCommand<SessionInfo>()({
    input: z.object({
      dir: z.string().min(1).max(4096).optional(),
      unionName: z.string().trim().min(1).max(200),
      chair: z.object({ login, displayName, passphrase }).strict(),
      agreementText: z.string().trim().min(1).max(20_000).optional(),
      /** IANA name; the workstation's zone when not given. */
      timeZone: z.string().trim().min(1).max(64).optional(),
    }).strict(),
    roles: 'public', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'session.login': defineCommand<SessionInfo>()({
    input: z.object({ login, passphrase }).strict(),
    roles: 'public', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'session.lock': defineCommand<{ locked: true }>()({
    input: z.object({ reason: z.enum(['user', 'idle']).default('user') }).strict(),
    roles: 'public', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'session.handOver': defineCommand<{ handedOver: true }>()({
    input: z.object({}).strict(), roles: ['chair', 'staff'], kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'session.signIn': defineCommand<SessionInfo>()({
    input: z.object({ login, passphrase }).strict(),
    roles: 'public', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'vault.keyStatus': defineCommand<KeyStatus>()({
    input: z.object({}).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  'vault.rekey': defineCommand<{ generation: number }>()({
    input: z.object({}).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'session.me': defineCommand<SessionInfo>()({
    input: z.object({}).strict(), roles: 'anyUser', kind: 'read', memberData: 'none', beforeAgreement: true, passive: true,
  }),
  'session.changePassphrase': defineCommand<SessionInfo>()({
    input: z.object({ current: passphrase, next: passphrase }).strict(),
    roles: 'anyUser', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  /** The signed-in user's own language, for screens and for the documents addressed to them. */
  'session.setLanguage': defineCommand<SessionInfo>()({
    input: z.object({ language }).strict(), roles: 'anyUser', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'agreement.accept': defineCommand<SessionInfo>()({
    input: z.object({ version: id }).strict(), roles: 'anyUser', kind: 'write', memberData: 'none', beforeAgreement: true,
  }),
  'agreement.update': defineCommand<{ version: number }>()({
    input: z.object({ text: z.string().trim().min(1).max(20_000) }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'agreement.current': defineCommand<{ version: number; text: string; updatedAt: string }>()({
    input: z.object({}).strict(), roles: 'anyUser', kind: 'read', memberData: 'none', beforeAgreement: true,
  }),
  'settings.update': defineCommand<{ idleMinutes: number; unionName: string; timeZone: string }>()({
    input: z.object({
      idleMinutes: z.number().int().min(1).max(240).optional(),
      unionName: z.string().trim().min(1).max(200).optional(),
      timeZone: z.string().trim().min(1).max(64).optional(),
    }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'users.list': defineCommand<UserRow[]>()({
    input: z.object({ includeRemoved: z.boolean().default(false) }).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  'users.add': defineCommand<UserRow>()({
    input: z.object({
      login, displayName, role: z.enum(ROLES), candidateId: id.nullable().default(null), oneTimePassphrase: passphrase,
    }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'users.remove': defineCommand<{ removed: true }>()({
    input: z.object({ userId: id }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'users.resetPassphrase': defineCommand<{ reset: true }>()({
    input: z.object({ userId: id, oneTimePassphrase: passphrase }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'audit.list': defineCommand<{ entries: AuditEntry[]; total: number }>()({
    input: z.object({
      beforeSeq: id.optional(), limit: z.number().int().min(1).max(500).default(100),
      action: z.string().max(100).optional(),
    }).strict(),
    roles: ['chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'audit.verify': defineCommand<AuditVerdict>()({
    input: z.object({
      /** A folder on the auditor's own media (picked in the dialog): its witness file is checked, then extended. */
      witnessFolder: z.string().min(1).max(4096).optional(),
    }).strict(), roles: ['chair', 'auditor'], kind: 'write', memberData: 'none',
  }),
};
