import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { audience } from '../../domain/audience.ts';
import { id } from './foundation.ts';
import type { ApprovalView } from './approvals.ts';

// Commands of the members domain (issue 3). The list never leaves the vault: no command returns more than one
// page (200) or one search (50) of members, and each of those is a 'member' read, audited with member IDs only.

const STAFF = ['chair', 'staff'] as const;
const COUNTS = ['chair', 'staff', 'candidate', 'auditor'] as const;

const path = z.string().min(1).max(4096);
export const memberEncoding = z.enum(['utf8', 'utf8bom', 'utf16le', 'utf16be', 'windows1252', 'windows1258']);
const column = z.number().int().min(0).max(10_000);
export const columnMapping = z.object({
  memberId: column.optional(), firstName: column.optional(), lastName: column.optional(), fullName: column.optional(),
  address1: column.optional(), address2: column.optional(), city: column.optional(), state: column.optional(),
  zip: column.optional(), email: column.optional(), local: column.optional(), worksite: column.optional(),
  shift: column.optional(), status: column.optional(), deliveryPoint: column.optional(),
  segments: z.record(z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N} _-]+$/u), column).optional(),
}).strict();

export type MemberEncoding = z.infer<typeof memberEncoding>;
export type ColumnMappingInput = z.infer<typeof columnMapping>;
export const MAPPED_FIELDS = ['memberId', 'firstName', 'lastName', 'fullName', 'address1', 'address2', 'city', 'state',
  'zip', 'deliveryPoint', 'email', 'local', 'worksite', 'shift', 'status'] as const;
export type MappedFieldName = (typeof MAPPED_FIELDS)[number];

/** A file-level problem: the import cannot go ahead as the file stands. Details never hold a cell value. */
export type ImportFatalInfo = {
  code: string;
  details?: { column?: string; columns?: string[]; rows?: number[]; count?: number; reason?: string };
};
export type DroppedColumnInfo = { column: string; index: number; reason: string };

export type ImportPreview = {
  kind: 'csv' | 'xlsx' | null;
  encoding: MemberEncoding | null;
  delimiter: string | null;
  headers: string[];
  mapping: ColumnMappingInput;
  dropped: DroppedColumnInfo[];
  missing: string[];
  /** Columns whose header looks like part of a mailing address: each must be mapped, or declared not part of it. */
  addressLike: number[];
  /** First rows as cells (SSN-like values masked), for the mapping screen; the header is row 1. */
  rows: Array<{ rowNumber: number; cells: string[] }>;
  fatal: ImportFatalInfo | null;
};

export type RowProblemInfo = { row: number; code: string; field?: string; details?: { firstRow?: number; chosenRow?: number } };
/** Rows of the file that share a member ID, shown side by side so the committee chooses which one to import. */
export type DuplicateIdGroup = { memberId: string; chosenRow: number | null; rows: Array<{ row: number; cells: string[] }> };
export const CHANGE_FIELD_NAMES = ['name', 'address', 'email', 'local', 'worksite', 'shift', 'status', 'segments', 'standing', 'reactivated'] as const;
export type ChangeFieldName = (typeof CHANGE_FIELD_NAMES)[number];

export type ImportDiff = {
  added: number;
  changed: number;
  unchanged: number;
  /** Members on the store's list that this file no longer has: kept, marked inactive. */
  noLongerOnList: number;
  /** Members on the list before this file (for "more than half would leave": commit needs confirmNoLongerOnList). */
  activeBefore?: number;
  changedFields: Partial<Record<ChangeFieldName, number>>;
  /** Samples (first 200 each): spreadsheet rows of added and changed members; member IDs of those leaving. */
  addedRows: number[];
  changedRows: Array<{ row: number; memberId: string; fields: ChangeFieldName[] }>;
  noLongerOnListIds: string[];
};

export type StatusValueInfo = { value: string; count: number; good: boolean | null };

export type ImportValidation = {
  token: string;
  kind: 'csv' | 'xlsx';
  encoding: MemberEncoding | null;
  rows: number;
  valid: number;
  rowsWithProblems: number;
  problems: RowProblemInfo[];
  problemCounts: Record<string, number>;
  problemsTruncated: boolean;
  warnings: Array<{ row: number; code: string; field?: string }>;
  dropped: DroppedColumnInfo[];
  fatal: ImportFatalInfo | null;
  statuses: StatusValueInfo[];
  diff: ImportDiff;
  /** The first groups of rows sharing a member ID (at most DUPLICATE_GROUPS_SHOWN), each row with its cells. */
  duplicates?: DuplicateIdGroup[];
  /** How many member IDs are on more than one row in all (`duplicates` lists the first DUPLICATE_GROUPS_SHOWN). */
  duplicateGroupsTotal?: number;
};

export type ImportPhase = 'idle' | 'validating' | 'writing' | 'finishing';
export type ImportProgress = {
  phase: ImportPhase;
  rows: number;
  bytes: number;
  totalBytes: number;
  /** Valid rows of the validated file (writing phase), for a row-based bar. */
  expectedRows: number | null;
  cancelling: boolean;
};

export type ImportOutcome =
  | { status: 'committed'; importId: number; rows: number; added: number; changed: number; unchanged: number; deactivated: number; skipped: number }
  | { status: 'cancelled'; rows: number };

export type MemberHit = {
  id: number; memberId: string; fullName: string; city: string; state: string; local: string | null;
  active: boolean; goodStanding: boolean;
};
export type MemberListRow = MemberHit & { worksite: string | null; shift: string | null };
export type MemberHistoryEntry = { at: string; source: 'import' | 'correction'; fields: string[]; previous: Record<string, unknown>; reason: string | null };
export type MemberDetail = MemberListRow & {
  firstName: string; lastName: string;
  address1: string; address2: string; zip: string; email: string | null;
  status: string | null; segments: Record<string, string>;
  /** The Publication 28 lines printed on pieces. */
  printLines: string[];
  updatedAt: string;
  history: MemberHistoryEntry[];
};
/**
 * What `members.get` and `members.correct` answer: the detail with the list's two-digit delivery point (the IMb
 * routing code's last two digits after the ZIP+4), or null when the list gave none.
 */
export type MemberView = MemberDetail & { deliveryPoint: string | null };
export type ValueCount = { value: string; count: number };
export type SegmentValues = {
  local: ValueCount[]; worksite: ValueCount[]; shift: ValueCount[]; zip3: ValueCount[]; custom: Record<string, ValueCount[]>;
};
export type MembersSummary = {
  total: number; active: number; goodStanding: number; inactive: number;
  lastImport: { id: number; at: string; rows: number; added: number; changed: number; deactivated: number } | null;
};

/** A committee member's daily read budget and what they viewed today (the committee's day). */
export type ReadBudgetRow = {
  userId: number; login: string; displayName: string; role: 'chair' | 'staff'; day: string; dailyRecords: number; viewedToday: number;
};
/** A read-budget alert: who went past their budget, when (first refusal of the day), and how many records. */
export type ReadAlert = {
  seq: number; at: string; who: string; userId: number; day: string; budget: number; viewed: number; attempted: number; refusals: number;
};
/** Candidates never see a count below this (issue 13): it would point at a handful of members. */
export const CANDIDATE_MIN_COUNT = 10;

const addressInput = z.object({
  address1: z.string().trim().min(1).max(200),
  address2: z.string().trim().max(200).default(''),
  city: z.string().trim().min(1).max(200),
  state: z.string().trim().min(2).max(60),
  zip: z.string().trim().min(3).max(12),
}).strict();

export const membersCommands = {
  'members.importPreview': defineCommand<ImportPreview>()({
    input: z.object({ path, encoding: memberEncoding.optional() }).strict(),
    roles: STAFF, kind: 'write', memberData: 'member',
  }),
  /** Reads the whole file (no write): validation report, re-import diff and status values. Progress: importProgress. */
  'members.importValidate': defineCommand<ImportValidation>()({
    input: z.object({
      path, encoding: memberEncoding.optional(), mapping: columnMapping,
      /** Address-looking columns the committee says are not part of the mailing address (e.g. a worksite address). */
      notAddress: z.array(column).max(512).optional(),
      /** Among rows sharing a member ID, the row to import (the others are skipped as duplicates). */
      keep: z.array(z.object({ memberId: z.string().trim().min(1).max(64), row: z.number().int().min(2).max(100_000_000) }).strict()).max(10_000).optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'member',
  }),
  /** The committee's reading of status values (once per list); also re-reads the stored members' standing. */
  'members.standingMap': defineCommand<{ map: Record<string, boolean>; changedMembers: number }>()({
    input: z.object({
      values: z.array(z.object({ status: z.string().trim().max(200), good: z.boolean() }).strict()).max(500),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  /** Writes the validated file in one transaction; resolves when done or cancelled. */
  'members.importCommit': defineCommand<ImportOutcome>()({
    input: z.object({
      token: z.string().min(1).max(100), skipInvalid: z.boolean(),
      /** Required, equal to the count, when the file would mark more than half the list "no longer on the list". */
      confirmNoLongerOnList: z.number().int().min(0).max(100_000_000).optional(),
    }).strict(),
    roles: STAFF, kind: 'write', memberData: 'counts',
  }),
  'members.importProgress': defineCommand<ImportProgress>()({
    input: z.object({}).strict(), roles: STAFF, kind: 'read', memberData: 'counts', passive: true,
  }),
  /** A pure signal to the running import (it must not wait behind the import in the write queue). */
  'members.importCancel': defineCommand<{ cancelling: boolean }>()({
    input: z.object({}).strict(), roles: STAFF, kind: 'read', memberData: 'none',
  }),
  /**
   * Audited. For a candidate a count under CANDIDATE_MIN_COUNT comes back as `count: null, suppressed: true`. Counted
   * on the read-only connection (committed state, where the in-memory snapshot lives), audited in the write queue.
   */
  'members.count': defineCommand<{ count: number | null; suppressed: boolean }>()({
    input: z.object({ audience }).strict(), roles: COUNTS, kind: 'write', memberData: 'counts',
  }),
  'members.summary': defineCommand<MembersSummary>()({
    input: z.object({}).strict(), roles: COUNTS, kind: 'read', memberData: 'counts',
  }),
  /** Audited, as members.count. Never a sensitive-looking segment or value; for candidates only values with
   * CANDIDATE_MIN_COUNT members. */
  'members.segmentValues': defineCommand<SegmentValues>()({
    input: z.object({}).strict(), roles: COUNTS, kind: 'write', memberData: 'counts',
  }),
  'members.search': defineCommand<{ hits: MemberHit[]; more: boolean }>()({
    input: z.object({ query: z.string().trim().min(1).max(100) }).strict(),
    roles: STAFF, kind: 'write', memberData: 'member',
  }),
  'members.list': defineCommand<{ total: number; offset: number; rows: MemberListRow[] }>()({
    input: z.object({ offset: z.number().int().min(0).max(100_000_000), limit: z.number().int().min(1).max(200) }).strict(),
    roles: STAFF, kind: 'write', memberData: 'member',
  }),
  'members.get': defineCommand<MemberView>()({
    input: z.object({ id }).strict(), roles: STAFF, kind: 'write', memberData: 'member',
  }),
  'members.readBudgets': defineCommand<ReadBudgetRow[]>()({
    input: z.object({}).strict(), roles: ['chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
  /**
   * The chair sets a committee member's daily read budget; the reason goes to the audit log. Lowering takes effect at
   * once; raising waits for a second committee member's countersignature (`countersign` is that request).
   */
  'members.readBudget.set': defineCommand<ReadBudgetRow & { countersign: ApprovalView | null }>()({
    input: z.object({ userId: id, dailyRecords: z.number().int().min(0).max(1_000_000), reason: z.string().trim().min(3).max(500) }).strict(),
    roles: ['chair'], kind: 'write', memberData: 'none',
  }),
  /** Read-budget alerts, newest first: the auditor's screen shows them before the log. */
  'members.readAlerts': defineCommand<ReadAlert[]>()({
    input: z.object({}).strict(), roles: ['chair', 'auditor'], kind: 'read', memberData: 'none',
  }),
  'members.correct': defineCommand<MemberView>()({
    input: z.object({
      id,
      address: addressInput.optional(),
      goodStanding: z.boolean().optional(),
      reason: z.string().trim().min(1).max(500),
    }).strict().refine((v) => v.address !== undefined || v.goodStanding !== undefined, { message: 'members.nothingToCorrect' }),
    roles: STAFF, kind: 'write', memberData: 'member',
  }),
};
