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

/**
 * `fileName`, `bytes`, `sha256`: the delivered file (encrypted to the mail house's key). `pdfSha256`: the clear PDF
 * inside it (null for a batch of a job started before encrypted delivery).
 */
export type MergeBatchView = {
  index: number; fileName: string; firstZip: string; lastZip: string; pieces: number; pages: number; bytes: number;
  sha256: string; pdfSha256: string | null; zip3: Record<string, number>; finishedAt: string;
};

/** A mail house: a name and the OpenPGP key its batches are encrypted to. */
export type MailHouse = {
  id: number; name: string; fingerprint: string; keyDescription: string; keyExpiresAt: string | null; active: boolean;
  addedAt: string; removedAt: string | null;
};
/** What the chair confirms before a key is added: its fingerprint, user IDs and algorithm. */
export type MailHouseKeyCheck = { fingerprint: string; userIds: string[]; algorithm: string; expiresAt: string | null };

export type MergeJobView = {
  id: number; requestId: number; folder: string;
  /** Where the batches go, encrypted (null for a job started before encrypted delivery). */
  mailHouse: { id: number; name: string; fingerprint: string } | null; batchSize: number; members: number; seeds: number; totalPieces: number;
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

const armoredKey = z.string().trim().min(100).max(100_000);

export const mergeCommands = {
  'mailHouses.list': defineCommand<MailHouse[]>()({
    input: z.object({ includeRemoved: z.boolean().default(false) }).strict(), roles: STAFF, kind: 'read', memberData: 'none',
  }),
  /** Reads a key without storing it, so the chair can compare its fingerprint with the one the mail house gave. */
  'mailHouses.checkKey': defineCommand<MailHouseKeyCheck>()({
    input: z.object({ publicKey: armoredKey }).strict(), roles: ['chair'], kind: 'read', memberData: 'none',
  }),
  /** Adds a mail house; `fingerprint` is the one the chair confirmed and must be the key's. */
  'mailHouses.add': defineCommand<MailHouse>()({
    input: z.object({ name: z.string().trim().min(1).max(120), publicKey: armoredKey, fingerprint: z.string().trim().min(32).max(80) }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  'mailHouses.remove': defineCommand<MailHouse>()({
    input: z.object({ mailHouseId: id }).strict(), roles: ['chair'], kind: 'write', memberData: 'none',
  }),
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
  /** Every batch is delivered encrypted to the mail house's OpenPGP key; no clear PDF is written. */
  'merge.start': defineCommand<{ jobId: number }>()({
    input: z.object({ requestId: id, folder, mailHouseId: id, batchSize: z.number().int().min(1).max(50_000).optional() }).strict(),
    roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'merge.progress': defineCommand<MergeProgress>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'read', memberData: 'counts', passive: true,
  }),
  'merge.cancel': defineCommand<MergeProgress>()({
    input: z.object({ jobId: id }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  /** `mailHouseId` only for a job started before encrypted delivery: its remaining batches go encrypted to it. */
  'merge.resume': defineCommand<{ jobId: number }>()({
    input: z.object({ jobId: id, mailHouseId: id.optional() }).strict(), roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'merge.jobs': defineCommand<MergeJobView[]>()({
    input: z.object({ requestId: id }).strict(), roles: STAFF, kind: 'read', memberData: 'counts',
  }),
};
