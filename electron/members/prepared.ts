import type { RowProblemInfo } from '../../shared/api/commands/members.ts';
import type { MemberRecord } from './import/types.ts';
import { prepareMember, searchWords, type StoredMember } from './record.ts';

// One import's members as prepared for storage (prepareMember), computed once by the check and written by the
// commit (issue 11 §3: the commit no longer reads, parses and normalises the file a second time). Batches are packed
// as UTF-8 JSON in ArrayBuffers: they move from a prepare worker to the backend thread without a copy, sit outside
// the JavaScript heap while the committee reads the check, and live in memory only (never a temp file: DESIGN §3).

/**
 * One prepared member, in the order the writer binds it: the StoredMember fields, then the search words the writer
 * derives, so the thread that writes only binds.
 */
export type PreparedRow = [
  rowNumber: number,
  memberId: string, firstName: string, lastName: string, fullName: string,
  address1: string, address2: string, city: string, state: string, zip: string,
  email: string | null, local: string | null, worksite: string | null, shift: string | null, statusRaw: string,
  printName: string, printDelivery: string, printSecondary: string | null, printLastLine: string,
  zip5: string, zip4: string | null, segments: string, above: string | null,
  /** The search words, joined by spaces (the FTS5 entry as written). */
  words: string,
  /** Last, so the indexes above stay as they were. */
  deliveryPoint: string | null,
];

/** The index of the delivery point in a PreparedRow. */
export const DELIVERY_POINT = 24;

/** The index of statusRaw in a PreparedRow. */
export const STATUS = 14;

/** An address the writer would skip: it cannot be read, or it does not fit the envelope window (`fit`). */
export type PrepareProblem = RowProblemInfo & { fit: boolean };

/** What one batch of records becomes. `json` holds the members that can be stored, as JSON of PreparedRow[]. */
export type PreparedBatch = {
  json: string;
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
  return { json: JSON.stringify(rows), ok: rows.length, okRows, problems };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function unpack(packed: Uint8Array): PreparedRow[] {
  return rowsOf(decoder.decode(packed));
}

/** The rows of a batch's JSON. A full name that is "first last" travels as null (a tenth of the bytes kept). */
export function rowsOf(json: string): PreparedRow[] {
  const rows = JSON.parse(json) as PreparedRow[];
  for (const r of rows) if (r[4] === null) r[4] = `${r[2]} ${r[3]}`;
  return rows;
}

export function toRow(rowNumber: number, m: StoredMember): PreparedRow {
  const full = m.fullName === `${m.firstName} ${m.lastName}` ? null : m.fullName;
  return [
    rowNumber, m.memberId, m.firstName, m.lastName, full as string, m.address1, m.address2, m.city, m.state, m.zip,
    m.email, m.local, m.worksite, m.shift, m.statusRaw, m.printName, m.printDelivery, m.printSecondary, m.printLastLine,
    m.zip5, m.zip4, m.segments, m.above, searchWords(m.fullName, m.firstName, m.lastName).join(' '),
    m.deliveryPoint,
  ];
}

/** The segment name/value pairs of a stored segment set. A list has few distinct sets: each is parsed once (bounded). */
const pairsCache = new Map<string, string[]>();
export function segmentPairs(segments: string): string[] {
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
    deliveryPoint: r[DELIVERY_POINT],
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
 * Where kept batches live: UTF-8 in large buffers of the thread that keeps them. A worker answers with a string
 * (copied into this thread's heap, the worker's own memory freed with it); buffers made in a worker and kept here
 * stayed in the worker's malloc arena (measured: RSS after the check of a million members 981 MB with two workers,
 * 775 MB without). Big buffers are mapped and unmapped whole.
 */
export class PackedStore {
  static readonly CHUNK = 32 * 1024 * 1024;
  #chunk = new Uint8Array(0);
  #used = 0;

  keep(json: string): Uint8Array {
    const most = json.length * 3;
    if (most > PackedStore.CHUNK / 4) return encoder.encode(json);
    if (this.#used + most > this.#chunk.byteLength) {
      this.#chunk = new Uint8Array(PackedStore.CHUNK);
      this.#used = 0;
    }
    const { written } = encoder.encodeInto(json, this.#chunk.subarray(this.#used));
    const view = this.#chunk.subarray(this.#used, this.#used + written);
    this.#used += written;
    return view;
  }
}

/**
 * Bytes of prepared members kept between the check and the commit. A million synthetic members take about 330 MB
 * (measured, bench/members.ts); a list that needs more is checked and then read again by the commit, as before.
 */
export const PREPARED_KEEP_MAX = 512 * 1024 * 1024;
