import type { Audience, AudienceFilter } from '../../shared/domain/audience.ts';
import type { DB } from '../vault/database.ts';

// Counts for the segment builder come from a compact in-memory column copy of the mailable audience (value codes,
// never names or addresses): any and/or combination of up to 20 filters over a million members is a few array
// passes (measured by bench/members.ts), where SQLite needs one index per filter and table look-ups to combine them.
// The copy is keyed to `members_meta.generation`, which every member write bumps in its own transaction, and is only
// kept when built outside a transaction, so it never holds uncommitted rows.

type Column = { codes: Uint32Array; dict: Map<string, number> };

export type Snapshot = {
  generation: number;
  size: number;
  /** Row id of each position, ascending. */
  ids: Int32Array;
  /** ZIP5 as a number (02134 -> 2134). */
  zip5: Uint32Array;
  local: Column;
  worksite: Column;
  shift: Column;
  custom: Map<string, Column>;
  /** Row id -> position + 1 (0: not in the audience). */
  position: Int32Array;
};

const snapshots = new WeakMap<DB, Snapshot>();
const ZIP_CODES = 100_000;

export function membersGeneration(db: DB): number {
  return (db.prepare('SELECT generation FROM members_meta WHERE id = 1').get() as { generation: number }).generation;
}

/** The current snapshot, or null inside a transaction that changed members (then callers count with SQL). */
export function currentSnapshot(db: DB): Snapshot | null {
  const generation = membersGeneration(db);
  const have = snapshots.get(db);
  if (have && have.generation === generation) return have;
  if (db.inTransaction) return null;
  const built = db.transaction(() => buildSnapshot(db))();
  snapshots.set(db, built);
  return built;
}

/** Drops the cached snapshot (tests, and after a lock). */
export function forgetSnapshot(db: DB): void {
  snapshots.delete(db);
}

function newColumn(size: number): Column {
  return { codes: new Uint32Array(size), dict: new Map() };
}

function code(col: Column, value: string | null): number {
  if (value === null) return 0;
  let c = col.dict.get(value);
  if (c === undefined) {
    c = col.dict.size + 1;
    col.dict.set(value, c);
  }
  return c;
}

function buildSnapshot(db: DB): Snapshot {
  const generation = membersGeneration(db);
  const size = (db.prepare('SELECT count(*) AS n FROM members WHERE active = 1 AND good_standing = 1').get() as { n: number }).n;
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM members').get() as { n: number }).n;
  const snap: Snapshot = {
    generation, size, ids: new Int32Array(size), zip5: new Uint32Array(size),
    local: newColumn(size), worksite: newColumn(size), shift: newColumn(size), custom: new Map(),
    position: new Int32Array(maxId + 1),
  };
  const rows = db
    .prepare('SELECT id, zip5, local, worksite, shift FROM members WHERE active = 1 AND good_standing = 1 ORDER BY id')
    .raw()
    .iterate() as IterableIterator<[number, string, string | null, string | null, string | null]>;
  let i = 0;
  for (const [id, zip5, local, worksite, shift] of rows) {
    snap.ids[i] = id;
    snap.zip5[i] = Number(zip5);
    snap.local.codes[i] = code(snap.local, local);
    snap.worksite.codes[i] = code(snap.worksite, worksite);
    snap.shift.codes[i] = code(snap.shift, shift);
    snap.position[id] = i + 1;
    i++;
  }
  // Group the fixed columns now, so the first count after an import is as fast as the rest.
  for (const col of [snap.local, snap.worksite, snap.shift]) groups(col.codes, size, col.dict.size + 1);
  groups(snap.zip5, size, ZIP_CODES);
  return snap;
}

function customColumn(db: DB, snap: Snapshot, name: string): Column {
  let col = snap.custom.get(name);
  if (col) return col;
  col = newColumn(snap.size);
  const rows = db.prepare('SELECT member_row, value FROM member_segments WHERE name = ?').raw().iterate(name) as
    IterableIterator<[number, string]>;
  for (const [row, value] of rows) {
    const pos = row < snap.position.length ? snap.position[row]! : 0;
    if (pos > 0) col.codes[pos - 1] = code(col, value);
  }
  snap.custom.set(name, col);
  return col;
}

/**
 * Members grouped by code (a counting sort): the members with code c are positions[starts[c] .. starts[c+1]).
 * Built on first use per column, so a filter costs the members it matches, not the whole list.
 */
type Groups = { starts: Uint32Array; positions: Uint32Array };
const groupsCache = new WeakMap<Uint32Array, Groups>();

function groups(codes: Uint32Array, size: number, codeCount: number): Groups {
  let g = groupsCache.get(codes);
  if (g) return g;
  const starts = new Uint32Array(codeCount + 1);
  for (let i = 0; i < size; i++) starts[codes[i]! + 1]!++;
  for (let c = 1; c <= codeCount; c++) starts[c]! += starts[c - 1]!;
  const next = starts.slice(0, codeCount);
  const positions = new Uint32Array(size);
  for (let i = 0; i < size; i++) positions[next[codes[i]!]!++] = i;
  g = { starts, positions };
  groupsCache.set(codes, g);
  return g;
}

/** The members of the given code range [from, to] as a bitset. */
function addRange(bits: Uint32Array, g: Groups, from: number, to: number): void {
  const { starts, positions } = g;
  for (let p = starts[from]!, end = starts[to + 1]!; p < end; p++) {
    const i = positions[p]!;
    bits[i >>> 5]! |= 1 << (i & 31);
  }
}

/**
 * Conditions on the same field merge first (and: values intersect, ZIP ranges intersect; or: values and ranges
 * unite), so an audience costs at most one bitset per field however many conditions it has.
 */
type FieldCondition = { values: Set<string> } | { ranges: Array<[number, number]> };

function mergeByField(filters: readonly AudienceFilter[], and: boolean): Map<string, FieldCondition> {
  const byField = new Map<string, FieldCondition>();
  for (const f of filters) {
    if (f.field === 'zip5' || f.field === 'zip3') {
      const scale = f.field === 'zip3' ? 100 : 1;
      const range: [number, number] = [Number(f.from) * scale, Math.min(ZIP_CODES - 1, Number(f.to) * scale + (scale - 1))];
      const had = byField.get('zip') as { ranges: Array<[number, number]> } | undefined;
      if (!had) byField.set('zip', { ranges: [range] });
      else if (and) had.ranges = [[Math.max(had.ranges[0]![0], range[0]), Math.min(had.ranges[0]![1], range[1])]];
      else had.ranges.push(range);
      continue;
    }
    const key = f.field === 'custom' ? `custom:${f.name}` : f.field;
    const had = byField.get(key) as { values: Set<string> } | undefined;
    if (!had) byField.set(key, { values: new Set(f.values) });
    else if (and) had.values = new Set(f.values.filter((v) => had.values.has(v)));
    else for (const v of f.values) had.values.add(v);
  }
  return byField;
}

function fieldBits(db: DB, snap: Snapshot, key: string, cond: FieldCondition): Uint32Array {
  const bits = new Uint32Array((snap.size + 31) >>> 5);
  if ('ranges' in cond) {
    const g = groups(snap.zip5, snap.size, ZIP_CODES);
    // Overlapping ranges are merged so no member is visited twice.
    const sorted = cond.ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
    let cur: [number, number] | null = null;
    for (const r of sorted) {
      if (cur && r[0] <= cur[1] + 1) cur[1] = Math.max(cur[1], r[1]);
      else { if (cur) addRange(bits, g, cur[0], cur[1]); cur = [r[0], r[1]]; }
    }
    if (cur) addRange(bits, g, cur[0], cur[1]);
    return bits;
  }
  // A segment's codes are built on first use; a snapshot is only mutated outside a transaction's changes.
  const col = key.startsWith('custom:') ? customColumn(db, snap, key.slice(7)) : snap[key as 'local' | 'worksite' | 'shift'];
  const g = groups(col.codes, snap.size, col.dict.size + 1);
  for (const v of cond.values) {
    const c = col.dict.get(v);
    if (c !== undefined) addRange(bits, g, c, c);
  }
  return bits;
}

function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    let v = bits[w]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return n;
}

/**
 * Counts an audience on a snapshot: each filter becomes a bitset of the members it matches (cost: those members),
 * bitsets combine a word (32 members) at a time, and the result is a population count.
 */
export function countOnSnapshot(db: DB, snap: Snapshot, audience: Audience): number {
  if (audience.kind === 'allGoodStanding') return snap.size;
  const and = audience.combine === 'and';
  let acc: Uint32Array | null = null;
  for (const [key, cond] of mergeByField(audience.filters, and)) {
    const bits = fieldBits(db, snap, key, cond);
    if (!acc) { acc = bits; continue; }
    const a: Uint32Array = acc;
    if (and) for (let w = 0; w < a.length; w++) a[w] = a[w]! & bits[w]!;
    else for (let w = 0; w < a.length; w++) a[w] = a[w]! | bits[w]!;
  }
  return acc ? popcount(acc) : 0;
}

/** Distinct values of a segment field among the mailable audience, with their counts. */
export function valueCounts(db: DB, snap: Snapshot, field: 'local' | 'worksite' | 'shift' | { custom: string }): Array<{ value: string; count: number }> {
  const col = typeof field === 'string' ? snap[field] : customColumn(db, snap, field.custom);
  const counts = new Uint32Array(col.dict.size + 1);
  for (let i = 0; i < snap.size; i++) counts[col.codes[i]!]!++;
  return [...col.dict].map(([value, c]) => ({ value, count: counts[c]! })).filter((v) => v.count > 0)
    .sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }));
}
