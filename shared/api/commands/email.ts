import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { id } from './foundation.ts';

// Commands of the email channel (issue 17): the union's submission server (chair), the committee's seed addresses,
// unsubscribes and bounces, the candidate's message, and send jobs. Responses carry counts only, never a member's
// address: the seed addresses are the committee's own, and the server's password is never returned.

const STAFF = ['chair', 'staff'] as const;
/** Control characters (line breaks included) could forge a mail header; the body may keep tabs and line breaks. */
const hasControl = (s: string, allowLineBreaks: boolean): boolean =>
  [...s].some((ch) => { const c = ch.codePointAt(0)!; return (c < 32 || c === 127) && !(allowLineBreaks && (c === 9 || c === 10 || c === 13)); });
const noControl = (max: number) => z.string().trim().min(1).max(max).refine((s) => !hasControl(s, false), { message: 'email.controlCharacters' });
const address = z.string().trim().min(3).max(254);

export const EMAIL_JOB_STATUSES = ['running', 'cancelled', 'failed', 'done'] as const;
export type EmailJobStatus = (typeof EMAIL_JOB_STATUSES)[number];

export type EmailServerView = {
  configured: boolean; host: string; port: number; security: 'starttls' | 'tls'; username: string; fromAddress: string;
  fromName: string; unsubscribeAddress: string; perMinute: number; hasPrivateCa: boolean; updatedAt: string | null;
};
export type EmailSeedView = { id: number; label: string; address: string; active: boolean; addedAt: string };
export type EmailJobView = {
  id: number; requestId: number; status: EmailJobStatus; interrupted: boolean; members: number; seeds: number; total: number;
  sent: number; failed: number; uncertain: number; pending: number; errorCode: string | null; startedAt: string; finishedAt: string | null;
};
export const EMAIL_FORMATS = ['attachment', 'html'] as const;
export type EmailFormat = (typeof EMAIL_FORMATS)[number];
export type EmailMessageView = {
  requestId: number; subject: string; body: string; footer: string; format: EmailFormat;
  /** The literature PDF that is attached (attachment format), or null (html format: no attachment is sent). */
  attachment: { fileName: string; bytes: number; sha256: string } | null;
};
/**
 * The message exactly as it will be sent, for the candidate to sign off (issue 17 item 1). `sha256` covers the
 * subject, the plain-text body, the format, and the attachment's bytes or the HTML rendering; `requests.signOff`
 * of an email request takes it, and the send refuses a message whose hash no longer matches.
 */
export type EmailProofView = {
  requestId: number; sha256: string; format: EmailFormat; subject: string;
  /** The text/plain part as sent: the body, then the committee's footer. */
  text: string;
  /** The text/html part as sent (html format), else null. */
  html: string | null;
  attachment: { fileName: string; bytes: number; sha256: string } | null;
  /** After sign-off: the hash the candidate signed, and whether the message still matches it. */
  signedOff: { sha256: string; matches: boolean } | null;
};

export const emailCommands = {
  'email.server.get': defineCommand<EmailServerView>()({
    input: z.object({}).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  'email.server.save': defineCommand<EmailServerView>()({
    input: z.object({
      host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/),
      port: z.number().int().min(1).max(65535),
      security: z.enum(['starttls', 'tls']),
      username: z.string().trim().min(1).max(254),
      /** Omitted to keep the stored one. */
      password: z.string().min(1).max(1024).optional(),
      fromAddress: address, fromName: noControl(120), unsubscribeAddress: address,
      /** A private certificate authority in PEM form; null removes it. */
      caPem: z.string().max(20_000).regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/).nullable().optional(),
      perMinute: z.number().int().min(1).max(10_000),
    }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /** Connects and signs in without sending anything. */
  'email.server.check': defineCommand<{ ok: true }>()({
    input: z.object({}).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  'email.seeds.list': defineCommand<EmailSeedView[]>()({
    input: z.object({}).strict(), roles: STAFF, kind: 'read', memberData: 'none',
  }),
  'email.seeds.add': defineCommand<EmailSeedView>()({
    input: z.object({ label: noControl(100), address }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'email.seeds.remove': defineCommand<EmailSeedView>()({
    input: z.object({ seedId: id }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /**
   * An unsubscribe or hard bounce, by the address written in the request, by the union's member ID, or by member record;
   * counts only come back (never a list of addresses, for any role).
   */
  'email.suppress': defineCommand<{ recorded: boolean; unsubscribes: number; hardBounces: number }>()({
    input: z.object({
      reason: z.enum(['unsubscribe', 'hardBounce']),
      address: address.optional(),
      memberId: z.string().trim().min(1).max(64).optional(),
      memberRow: id.optional(),
    }).strict().refine((v) => [v.address, v.memberId, v.memberRow].filter((x) => x !== undefined).length === 1, { message: 'email.addressOrMember' }),
    roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'email.suppressionCounts': defineCommand<{ unsubscribes: number; hardBounces: number }>()({
    input: z.object({}).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'counts',
  }),
  /** The candidate's message for an email request, before sign-off. */
  'email.compose': defineCommand<EmailMessageView>()({
    input: z.object({
      requestId: id, subject: noControl(200), body: z.string().min(1).max(50_000).refine((s) => !hasControl(s, true), { message: 'email.controlCharacters' }),
      /** The literature PDF attached (default), or a simple HTML rendering of the text instead (issue 17 item 2). */
      format: z.enum(EMAIL_FORMATS).optional(),
    }).strict(),
    roles: ['candidate', 'staff', 'chair'], kind: 'write', memberData: 'none',
  }),
  /** The message exactly as it will be sent, with the hash the candidate signs off (`requests.signOff`). */
  'email.proof': defineCommand<EmailProofView>()({
    input: z.object({ requestId: id }).strict(), roles: ['candidate', 'staff', 'chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'email.message': defineCommand<EmailMessageView | null>()({
    input: z.object({ requestId: id }).strict(), roles: ['candidate', 'staff', 'chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'email.start': defineCommand<{ jobId: number }>()({
    input: z.object({ requestId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'email.progress': defineCommand<EmailJobView>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'read', memberData: 'counts', passive: true,
  }),
  'email.cancel': defineCommand<EmailJobView>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'email.resume': defineCommand<{ jobId: number }>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'email.jobs': defineCommand<EmailJobView[]>()({
    input: z.object({ requestId: id }).strict(), roles: ['chair', 'staff', 'auditor'], kind: 'read', memberData: 'counts',
  }),
};
