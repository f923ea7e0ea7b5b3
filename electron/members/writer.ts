import { AppError } from '../../shared/api/errors.ts';
import { sensitiveName, sensitiveValue } from '../../shared/domain/sensitive-column.ts';
import type { DB } from '../vault/database.ts';
import { DELIVERY_POINT, segmentPairs, type PreparedRow } from './prepared.ts';
import { searchWords, type StoredMember } from './record.ts';

/**
 * Page cache (PRAGMA cache_size, negative = KiB) while writing a whole list: the members table and its five indexes
 * take random inserts, and with SQLite's default 2 MB cache every insert re-reads (and, encrypted, re-decrypts)
 * pages. 256 MB keeps a million-member list's working set in memory; it is set back after the import.
 */
export const IMPORT_CACHE_SIZE = -262_144;

/** A stored member row as SQLite returns it. */
export type MemberRow = {
  id: number;
  member_id: string;
  first_name: string; last_name: string; full_name: string;
  address1: string; address2: string; city: string; state: string; zip: string;
  email: string | null; local: string | null; worksite: string | null; shift: string | null; status_raw: string | null;
  good_standing: number; active: number;
  print_name: string; print_delivery: string; print_secondary: string | null; print_last_line: string;
  zip5: string; zip4: string | null;
  /** Added by migration members-delivery-point (null on rows from before it). */
  delivery_point: string | null;
  segments: string;
  updated_at: string;
};

/** What changed for a member between the store and a newer list (or a correction); names only, never values. */
export const CHANGE_FIELDS = ['name', 'address', 'email', 'local', 'worksite', 'shift', 'status', 'segments', 'standing', 'reactivated'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

const GROUPS: ReadonlyArray<readonly [ChangeField, ReadonlyArray<keyof StoredMember & string>, ReadonlyArray<keyof MemberRow & string>]> = [
  ['name', ['firstName', 'lastName', 'fullName'], ['first_name', 'last_name', 'full_name']],
  ['address', ['address1', 'address2', 'city', 'state', 'zip', 'deliveryPoint'], ['address1', 'address2', 'city', 'state', 'zip', 'delivery_point']],
  ['email', ['email'], ['email']],
  ['local', ['local'], ['local']],
  ['worksite', ['worksite'], ['worksite']],
  ['shift', ['shift'], ['shift']],
  ['status', ['statusRaw'], ['status_raw']],
  ['segments', ['segments'], ['segments']],
];

/** Fields that differ. `good` null: the standing is not decided yet (validation before the committee's mapping). */
export function diffMember(row: MemberRow, m: StoredMember, good: boolean | null, reactivate = true): ChangeField[] {
  const fields: ChangeField[] = [];
  for (const [field, mine, theirs] of GROUPS) {
    if (mine.some((k, i) => (m[k] ?? null) !== (row[theirs[i]!] ?? null))) fields.push(field);
  }
  if (good !== null && (good ? 1 : 0) !== row.good_standing) fields.push('standing');
  if (reactivate && row.active === 0) fields.push('reactivated');
  return fields;
}

/** Previous values of the changed groups, for member_history (inside the vault only). */
function previousValues(row: MemberRow, fields: readonly ChangeField[]): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const [field, , theirs] of GROUPS) if (fields.includes(field)) for (const c of theirs) prev[c] = row[c];
  if (fields.includes('standing')) prev.good_standing = row.good_standing;
  if (fields.includes('reactivated')) prev.active = row.active;
  return prev;
}

/** Member rows seen during one import, as a bitmap over row ids (a million members: 125 kB). */
export class RowSet {
  #bits = new Uint8Array(1024);
  add(id: number): void {
    const byte = id >>> 3;
    if (byte >= this.#bits.length) {
      const next = new Uint8Array(Math.max(byte + 1, this.#bits.length * 2));
      next.set(this.#bits);
      this.#bits = next;
    }
    this.#bits[byte]! |= 1 << (id & 7);
  }
  has(id: number): boolean {
    const byte = id >>> 3;
    return byte < this.#bits.length && (this.#bits[byte]! & (1 << (id & 7))) !== 0;
  }
}

export type WriteOutcome = { row: number; outcome: 'added' | 'changed' | 'unchanged'; fields: ChangeField[] };
export type WriterOptions = { now: Date; source: 'import' | 'correction'; actorId: number | null; importId?: number | null; reason?: string | null };

/**
 * The last line of the rule that contact details, birth dates, SSNs and pay never become custom segments (issue 13):
 * whatever path wrote the member (import, correction, a future one), the store refuses such a segment.
 */
function refuseSensitiveSegments(segments: string): void {
  for (const [name, value] of Object.entries(JSON.parse(segments) as Record<string, string>)) {
    const reason = sensitiveName(name) ?? sensitiveValue(value);
    if (reason) throw new AppError('members.sensitiveSegment', 'This column cannot become a segment: it looks like contact details, birth dates, SSNs or pay.', { column: name, reason });
  }
}

const COLUMNS = [
  'member_id', 'first_name', 'last_name', 'full_name', 'address1', 'address2', 'city', 'state', 'zip', 'email', 'local',
  'worksite', 'shift', 'status_raw', 'good_standing', 'active', 'print_name', 'print_delivery', 'print_secondary',
  'print_last_line', 'zip5', 'zip4', 'segments', 'updated_at', 'delivery_point',
] as const;

/**
 * Writes members and their derived rows (segments, search words, lines above the delivery line). Callers hold the
 * transaction; the writer bumps the members generation once so count snapshots notice.
 */
export class MemberWriter {
  readonly seen = new RowSet();
  #opts: WriterOptions;
  #at: string;
  #bumped = false;
  #s: ReturnType<typeof statements>;

  constructor(db: DB, opts: WriterOptions) {
    this.#opts = opts;
    this.#at = opts.now.toISOString();
    this.#s = statements(db);
  }

  lookup(memberId: string): MemberRow | undefined {
    return this.#s.byMemberId.get(memberId) as MemberRow | undefined;
  }

  #bump(): void {
    if (this.#bumped) return;
    this.#s.bump.run();
    this.#bumped = true;
  }

  /**
   * Adds a member or updates the one with the same member ID; `existing` saves a second lookup. An import puts the
   * member (back) on the list; a correction (`keepActive`) leaves a member no longer on the list inactive.
   */
  write(m: StoredMember, good: boolean, existing: MemberRow | undefined = this.lookup(m.memberId), keepActive = false): WriteOutcome {
    return this.#write(m, good, existing, keepActive);
  }

  /**
   * Adds a member the caller knows is not stored: an import into an empty list (the reader already turned later rows
   * with the same member ID into problems). Saves the look-up, a third of a first import's index reads.
   */
  add(m: StoredMember, good: boolean): WriteOutcome {
    return this.#write(m, good, undefined, false);
  }

  /**
   * `add` for a member the check prepared (prepared.ts): the same row and derived rows, bound from the values the
   * prepare worker computed (search words, segment pairs) instead of computing them on the writing thread.
   */
  addPrepared(r: PreparedRow, good: boolean): WriteOutcome {
    if (r[21] !== '{}') this.#refuseSensitive(r[21]);
    this.#bump();
    const s = this.#s;
    const row = Number(s.insert.run(
      r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], good ? 1 : 0, 1,
      r[15], r[16], r[17], r[18], r[19], r[20], r[21], this.#at, r[DELIVERY_POINT],
    ).lastInsertRowid);
    if (r[23] !== '') {
      this.#searchRows.push(row, r[23]);
      if (this.#searchRows.length === 2 * BULK) this.#flushSearch();
    }
    const pairs = segmentPairs(r[21]);
    for (let i = 0; i < pairs.length; i += 2) {
      this.#segmentRows.push(row, pairs[i]!, pairs[i + 1]!);
      if (this.#segmentRows.length === 3 * BULK) this.#flushSegments();
    }
    if (r[22] !== null) s.aboveUpsert.run(row, r[22]);
    this.seen.add(row);
    return { row, outcome: 'added', fields: [] };
  }

  // addPrepared's search entries and segment rows, written BULK rows per statement (a first import of a million
  // members spends more on calling SQLite once per small row than on the rows: measured, bench/members.ts).
  #searchRows: Array<number | string> = [];
  #segmentRows: Array<number | string> = [];

  #flushSearch(): void {
    if (this.#searchRows.length === 2 * BULK) this.#s.searchBulk.run(this.#searchRows);
    else for (let i = 0; i < this.#searchRows.length; i += 2) this.#s.searchInsert.run(this.#searchRows[i], this.#searchRows[i + 1]);
    this.#searchRows.length = 0;
  }

  #flushSegments(): void {
    const rows = this.#segmentRows;
    if (rows.length === 3 * BULK) this.#s.segmentBulk.run(rows);
    else for (let i = 0; i < rows.length; i += 3) this.#s.segmentInsert.run(rows[i], rows[i + 1], rows[i + 2]);
    rows.length = 0;
  }

  /** Writes what addPrepared holds back; call before anything reads the search index or the segments. */
  flush(): void {
    this.#flushSearch();
    this.#flushSegments();
  }

  /** Segment sets already found free of sensitive values (a list has few distinct ones): each is checked once. */
  #segmentsChecked = new Set<string>();
  #refuseSensitive(segments: string): void {
    if (this.#segmentsChecked.has(segments)) return;
    refuseSensitiveSegments(segments);
    if (this.#segmentsChecked.size < 10_000) this.#segmentsChecked.add(segments);
  }

  #write(m: StoredMember, good: boolean, existing: MemberRow | undefined, keepActive: boolean): WriteOutcome {
    if (m.segments !== '{}') this.#refuseSensitive(m.segments);
    this.#bump();
    const active = keepActive && existing ? existing.active : 1;
    const values = [
      m.memberId, m.firstName, m.lastName, m.fullName, m.address1, m.address2, m.city, m.state, m.zip, m.email, m.local,
      m.worksite, m.shift, m.statusRaw, good ? 1 : 0, active, m.printName, m.printDelivery, m.printSecondary,
      m.printLastLine, m.zip5, m.zip4, m.segments, this.#at, m.deliveryPoint,
    ];
    if (!existing) {
      const row = Number(this.#s.insert.run(...values).lastInsertRowid);
      this.#derived(row, m, true, true, true, true);
      this.seen.add(row);
      return { row, outcome: 'added', fields: [] };
    }
    const row = existing.id;
    this.seen.add(row);
    const fields = diffMember(existing, m, good, !keepActive);
    // The printed lines follow from the address; a normaliser update alone also refreshes them.
    const printChanged = existing.print_name !== m.printName || existing.print_delivery !== m.printDelivery ||
      existing.print_secondary !== m.printSecondary || existing.print_last_line !== m.printLastLine;
    if (fields.length === 0 && !printChanged) return { row, outcome: 'unchanged', fields };
    this.#s.update.run(...values, row);
    if (fields.length > 0) {
      this.#s.history.run(row, this.#at, this.#opts.source, this.#opts.actorId, this.#opts.importId ?? null,
        JSON.stringify(previousValues(existing, fields)), this.#opts.reason ?? null);
    }
    // One search entry per member: a changed name replaces it (an FTS5 insert does not, it adds a second one).
    if (fields.includes('name')) this.#s.searchDelete.run(row);
    this.#derived(row, m, fields.includes('name'), fields.includes('segments'), printChanged || fields.includes('address'), false);
    return { row, outcome: fields.length > 0 ? 'changed' : 'unchanged', fields };
  }

  /** Sets good standing alone (a correction or a new reading of a status value), keeping the previous value. */
  setStanding(row: MemberRow, good: boolean): boolean {
    if ((good ? 1 : 0) === row.good_standing) return false;
    this.#bump();
    this.#s.standing.run(good ? 1 : 0, this.#at, row.id);
    this.#s.history.run(row.id, this.#at, this.#opts.source, this.#opts.actorId, this.#opts.importId ?? null,
      JSON.stringify({ good_standing: row.good_standing }), this.#opts.reason ?? null);
    return true;
  }

  /** Marks active members not seen in this import as no longer on the list; returns their member IDs. */
  deactivateMissing(): { count: number; memberIds: string[] } {
    const missing: Array<{ id: number; member_id: string }> = [];
    for (const r of this.#s.activeIds.iterate() as IterableIterator<{ id: number; member_id: string }>) {
      if (!this.seen.has(r.id)) missing.push(r);
    }
    if (missing.length > 0) this.#bump();
    for (const r of missing) {
      this.#s.deactivate.run(this.#at, r.id);
      this.#s.history.run(r.id, this.#at, this.#opts.source, this.#opts.actorId, this.#opts.importId ?? null,
        JSON.stringify({ active: 1 }), this.#opts.reason ?? null);
    }
    return { count: missing.length, memberIds: missing.map((r) => r.member_id) };
  }

  /** Derived rows; `fresh`: a new member, nothing to delete. The old search entry is deleted by the caller. */
  #derived(row: number, m: StoredMember, name: boolean, segments: boolean, above: boolean, fresh: boolean): void {
    const s = this.#s;
    if (name) {
      const words = searchWords(m.fullName, m.firstName, m.lastName);
      if (words.length > 0) s.searchInsert.run(row, words.join(' '));
    }
    if (segments) {
      if (!fresh) s.segmentsDelete.run(row);
      for (const [k, v] of Object.entries(JSON.parse(m.segments) as Record<string, string>)) s.segmentInsert.run(row, k, v);
    }
    if (above) {
      if (m.above === null) { if (!fresh) s.aboveDelete.run(row); }
      else s.aboveUpsert.run(row, m.above);
    }
  }
}

/** Rows per multi-row INSERT of addPrepared's small derived rows. */
const BULK = 64;

// Prepared once per connection: better-sqlite3 statements are cheap to run and costly to prepare per row.
const cache = new WeakMap<DB, ReturnType<typeof build>>();
function statements(db: DB) {
  let s = cache.get(db);
  if (!s) {
    s = build(db);
    cache.set(db, s);
  }
  return s;
}

function build(db: DB) {
  return {
    byMemberId: db.prepare('SELECT * FROM members WHERE member_id = ?'),
    insert: db.prepare(`INSERT INTO members (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`),
    update: db.prepare(`UPDATE members SET ${COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`),
    standing: db.prepare('UPDATE members SET good_standing = ?, updated_at = ? WHERE id = ?'),
    deactivate: db.prepare('UPDATE members SET active = 0, updated_at = ? WHERE id = ?'),
    activeIds: db.prepare('SELECT id, member_id FROM members WHERE active = 1'),
    history: db.prepare(
      'INSERT INTO member_history (member_row, at, source, actor_id, import_id, previous, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    bump: db.prepare('UPDATE members_meta SET generation = generation + 1 WHERE id = 1'),
    searchDelete: db.prepare('DELETE FROM member_search_fts WHERE rowid = ?'),
    searchInsert: db.prepare('INSERT INTO member_search_fts (rowid, words) VALUES (?, ?)'),
    searchBulk: db.prepare(`INSERT INTO member_search_fts (rowid, words) VALUES ${new Array(BULK).fill('(?, ?)').join(', ')}`),
    segmentsDelete: db.prepare('DELETE FROM member_segments WHERE member_row = ?'),
    segmentInsert: db.prepare('INSERT INTO member_segments (member_row, name, value) VALUES (?, ?, ?)'),
    segmentBulk: db.prepare(`INSERT INTO member_segments (member_row, name, value) VALUES ${new Array(BULK).fill('(?, ?, ?)').join(', ')}`),
    aboveDelete: db.prepare('DELETE FROM member_print_above WHERE member_row = ?'),
    aboveUpsert: db.prepare('INSERT INTO member_print_above (member_row, lines) VALUES (?, ?) ON CONFLICT (member_row) DO UPDATE SET lines = excluded.lines'),
  };
}
