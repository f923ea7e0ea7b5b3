import type { RowProblemInfo } from '../../shared/api/commands/members.ts';
import type { MemberRecord } from './import/types.ts';
import { prepareMember, searchWords, type StoredMember } from './record.ts';

// One import's members as prepared for storage (prepareMember), computed once by the check and written by the
// commit (issue 11 §3: the commit no longer reads, parses and normalises the file a second time). Batches are packed
// as UTF-8 JSON in ArrayBuffers: they move from a prepare worker to the backend thread without a copy, sit outside
// the JavaScript heap while the committee reads the check, and live in memory only (never a temp file: DESIGN §3).

/**
 * One prepared member, in the order the writer binds it: the StoredMember fields, then what the writer derives
 * (search words, segment name/value pairs), so the thread that writes only binds.
 */
export type PreparedRow = [
  rowNumber: number,
  memberId: string, firstName: string, lastName: string, fullName: string,
  address1: string, address2: string, city: string, state: string, zip: string,
  email: string | null, local: string | null, worksite: string | null, shift: string | null, statusRaw: string,
  printName: string, printDelivery: string, printSecondary: string | null, printLastLine: string,
  zip5: string, zip4: string | null, segments: string, above: string | null,
  words: string[], segmentPairs: string[],
  /** Last, so the indexes above stay as they were. */
  deliveryPoint: string | null,
];

/** The index of statusRaw in a PreparedRow. */
export const STATUS = 14;

/** An address the writer would skip: it cannot be read, or it does not fit the envelope window (`fit`). */
export type PrepareProblem = RowProblemInfo & { fit: boolean };

/** What one batch of records becomes. `packed` holds the members that can be stored, as JSON of PreparedRow[]. */
export type PreparedBatch = {
  packed: Uint8Array;
  /** Members in `packed`, and the row numbers of the first SAMPLE_ROWS of them (for the check's diff sample). */
  ok: number;
  okRows: number[];
  problems: PrepareProblem[];
};

export const SAMPLE_ROWS = 200;

/** Prepares one batch: the same prepareMember as every other writer, plus the derived rows the writer stores. */
export function prepareBatch(records: readonly MemberRecord[]): PreparedBatch {
  const rows: PreparedRow[] = [];
  const okRows: number[] = [];
  const problems: PrepareProblem[] = [];
  for (const rec of records) {
    const prepared = prepareMember(rec);
    if (!prepared.ok) {
      problems.push(prepared.fit
        ? { row: rec.rowNumber, code: prepared.fit.code, ...(prepared.fit.field ? { field: prepared.fit.field } : {}), fit: true }
        : { row: rec.rowNumber, code: 'row.unusableAddress', field: prepared.problems[0]?.field ?? 'address1', fit: false });
      continue;
    }
    if (okRows.length < SAMPLE_ROWS) okRows.push(rec.rowNumber);
    rows.push(toRow(rec.rowNumber, prepared.member));
  }
  return { packed: encoder.encode(JSON.stringify(rows)), ok: rows.length, okRows, problems };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function unpack(packed: Uint8Array): PreparedRow[] {
  return JSON.parse(decoder.decode(packed)) as PreparedRow[];
}

export function toRow(rowNumber: number, m: StoredMember): PreparedRow {
  return [
    rowNumber, m.memberId, m.firstName, m.lastName, m.fullName, m.address1, m.address2, m.city, m.state, m.zip,
    m.email, m.local, m.worksite, m.shift, m.statusRaw, m.printName, m.printDelivery, m.printSecondary, m.printLastLine,
    m.zip5, m.zip4, m.segments, m.above, searchWords(m.fullName, m.firstName, m.lastName), segmentPairs(m.segments),
    m.deliveryPoint,
  ];
}

// A list has few distinct segment sets: each is parsed once (bounded cache).
const pairsCache = new Map<string, string[]>();
function segmentPairs(segments: string): string[] {
  let pairs = pairsCache.get(segments);
  if (pairs) return pairs;
  pairs = [];
  for (const [k, v] of Object.entries(JSON.parse(segments) as Record<string, string>)) pairs.push(k, v);
  if (pairsCache.size >= 10_000) pairsCache.clear();
  pairsCache.set(segments, pairs);
  return pairs;
}

export function storedMember(r: PreparedRow): StoredMember {
  return {
    memberId: r[1], firstName: r[2], lastName: r[3], fullName: r[4], address1: r[5], address2: r[6], city: r[7], state: r[8],
    zip: r[9], email: r[10], local: r[11], worksite: r[12], shift: r[13], statusRaw: r[14], printName: r[15],
    printDelivery: r[16], printSecondary: r[17], printLastLine: r[18], zip5: r[19], zip4: r[20], segments: r[21], above: r[22],
    deliveryPoint: r[25],
  };
}

/**
 * A checked file's prepared members, kept with the validated plan until the commit, a new check, or a lock. Only
 * for a CSV whose SHA-256 the commit can recompute over the whole file (the reader's `sourceSha256`).
 */
export type PreparedList = {
  batches: Array<{ packed: Uint8Array; ok: number; records: number; bytes: number }>;
  /** Rows whose address the writer skips (the check's address problems). */
  skipped: number;
  /** The reader's counts: data rows, and rows with problems it did not yield (the commit reports them as skipped). */
  rows: number;
  readerProblems: number;
  /** Bytes held. */
  size: number;
  totalBytes: number;
};

/**
 * Bytes of prepared members kept between the check and the commit. A million synthetic members take about 330 MB
 * (measured, bench/members.ts); a list that needs more is checked and then read again by the commit, as before.
 */
export const PREPARED_KEEP_MAX = 512 * 1024 * 1024;
