import { z } from 'zod';
import { audience, type Audience } from '../../domain/audience.ts';
import { defineCommand } from '../command.ts';
import { id } from './foundation.ts';

// Saved, named audiences (issue 16 §5). The committee saves an audience under a name for an election; from then on
// it is one of the audiences that election offers, the same for every candidate (29 CFR 452.67), and a candidate
// chooses among them instead of typing one: "local 42" and "Local 42" can no longer be two different mailings.

/** One audience the election offers: the whole list in good standing (id null), or a saved one. */
export type OfferedAudience = {
  id: number | null; name: string | null; audience: Audience;
  /** Members it reaches now; null for a candidate when under the small-cell limit (CANDIDATE_MIN_COUNT). */
  count: number | null; suppressed: boolean;
  createdAt: string | null; createdBy: string | null;
};

export const audiencesCommands = {
  'audiences.list': defineCommand<OfferedAudience[]>()({
    input: z.object({ electionId: id }).strict(),
    roles: ['chair', 'staff', 'auditor', 'candidate'], kind: 'read', memberData: 'counts',
  }),
  /**
   * Once a candidate is on record, saving an audience changes what the election offers: it needs `reason` and makes a
   * new version of the election with a notice to every candidate (`elections.versionReasonRequired` without one).
   */
  'audiences.save': defineCommand<OfferedAudience>()({
    input: z.object({ electionId: id, name: z.string().trim().min(1).max(120), audience, reason: z.string().trim().min(1).max(1000).optional() }).strict(),
    roles: ['chair', 'staff'], kind: 'write', memberData: 'counts',
  }),
};
