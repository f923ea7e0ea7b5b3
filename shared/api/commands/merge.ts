import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { id } from './foundation.ts';

// Commands of the merge domain: seed addresses, the calibration sheet, and production jobs (start, progress, cancel,
// resume, list). Responses carry counts, hashes and file names only: never a member's name or address.

const STAFF = ['chair', 'staff'] as const;
const folder = z.string().min(1).max(4096);

export const JOB_STATUSES = ['running', 'cancelled', 'failed', 'done'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type SeedAddress = { id: number; label: string; lines: string[]; active: boolean; addedAt: string; removedAt: string | null };

export type MergeBatchView = {
  index: number; fileName: string; firstZip: string; lastZip: string; pieces: number; pages: number; bytes: number;
  sha256: string; zip3: Record<string, number>; finishedAt: string;
};

export type MergeJobView = {
  id: number; requestId: number; folder: string; batchSize: number; members: number; seeds: number; totalPieces: number;
  totalBatches: number; status: JobStatus;
  /** True when the job is recorded as running but no worker runs it (the app was closed, locked or killed). */
  interrupted: boolean;
  errorCode: string | null; startedAt: string; finishedAt: string | null;
  pages: number | null; sheets: number | null; bytes: number | null;
  manifest: { pdf: string; csv: string; pdfSha256: string | null; csvSha256: string | null } | null;
  batches: MergeBatchView[];
};

export type MergeProgress = {
  jobId: number; status: JobStatus; interrupted: boolean; piecesDone: number; totalPieces: number; batchesDone: number;
  totalBatches: number; elapsedMs: number; etaMs: number | null; errorCode: string | null;
};

export type ProductionRow = {
  requestId: number; electionId: number; electionName: string; candidateName: string; status: string;
  /** 'email' requests are sent from the core (issue 17), not printed. */
  channel: string;
  /** Whether an email job exists for it (email requests have one job, resumed rather than restarted). */
  emailJob: boolean;
  audienceCount: number | null; latestJob: { id: number; status: JobStatus; interrupted: boolean } | null;
};

export const mergeCommands = {
  'merge.seeds.list': defineCommand<SeedAddress[]>()({
    input: z.object({ includeRemoved: z.boolean().default(false) }).strict(), roles: STAFF, kind: 'read', memberData: 'none',
  }),
  'merge.seeds.add': defineCommand<SeedAddress>()({
    input: z.object({
      label: z.string().trim().min(1).max(120),
      line1: z.string().trim().min(1).max(120), line2: z.string().trim().max(120).optional(),
      city: z.string().trim().min(1).max(80), state: z.string().trim().min(2).max(30), zip: z.string().trim().min(5).max(10),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'none',
  }),
  'merge.seeds.remove': defineCommand<SeedAddress>()({
    input: z.object({ seedId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'none',
  }),
  /** One page with the window outline and a specimen address: into a granted folder, or returned for saveFile. */
  'merge.calibration': defineCommand<{ fileName: string; path: string | null; base64: string | null; sha256: string }>()({
    input: z.object({ electionId: id, folder: folder.optional() }).strict(), roles: STAFF, kind: 'write', memberData: 'none',
  }),
  'merge.productionQueue': defineCommand<ProductionRow[]>()({
    input: z.object({}).strict(), roles: STAFF, kind: 'read', memberData: 'counts',
  }),
  'merge.start': defineCommand<{ jobId: number }>()({
    input: z.object({ requestId: id, folder, batchSize: z.number().int().min(1).max(50_000).optional() }).strict(),
    roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'merge.progress': defineCommand<MergeProgress>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'read', memberData: 'counts', passive: true,
  }),
  'merge.cancel': defineCommand<MergeProgress>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'merge.resume': defineCommand<{ jobId: number }>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'merge.jobs': defineCommand<MergeJobView[]>()({
    input: z.object({ requestId: id }).strict(), roles: STAFF, kind: 'read', memberData: 'counts',
  }),
};
