import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { id } from './foundation.ts';

// Staff tell the chair a job is ready (issue 16 §6): a signed-off job paid in full waits for the chair's
// authorisation; an authorised one may need the chair as the second committee member who releases it. Before, staff
// saw "may be released" and had no way to say so inside the app.

export type ReadyNotice = {
  id: number; requestId: number; candidateName: string; step: 'authorise' | 'release'; note: string | null;
  createdAt: string; createdBy: string; seenAt: string | null; seenBy: string | null;
  /** The request's status now: a notice whose step is done says so instead of asking again. */
  requestStatus: string;
};

export const readyCommands = {
  'requests.tellChair': defineCommand<ReadyNotice>()({
    input: z.object({ requestId: id, note: z.string().trim().max(500).optional() }).strict(),
    roles: ['staff'], kind: 'write', memberData: 'none',
  }),
  'readyNotices.list': defineCommand<ReadyNotice[]>()({
    input: z.object({}).strict(), roles: ['chair', 'staff'], kind: 'read', memberData: 'none',
  }),
  'readyNotices.seen': defineCommand<ReadyNotice>()({
    input: z.object({ noticeId: id }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
};
