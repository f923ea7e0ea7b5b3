import type {
  MemberDetail, MemberHistoryEntry, MemberHit, MemberListRow, MembersSummary, SegmentValues, ValueCount,
} from '../../shared/api/commands/members.ts';
import { addressBlockLines } from '../../shared/domain/address/block.ts';
import { sensitiveName, sensitiveValue } from '../../shared/domain/sensitive-column.ts';
import type { DB } from '../vault/database.ts';
import { queryWords } from './record.ts';
import { currentSnapshot, valueCounts } from './snapshot.ts';
import type { MemberRow } from './writer.ts';

export const SEARCH_LIMIT = 50;

const LIST_COLUMNS = 'id, member_id, full_name, city, state, local, worksite, shift, active, good_standing';
type ListRow = Pick<MemberRow, 'id' | 'member_id' | 'full_name' | 'city' | 'state' | 'local' | 'worksite' | 'shift' | 'active' | 'good_standing'>;

function listRow(r: ListRow): MemberListRow {
  return {
    id: r.id, memberId: r.member_id, fullName: r.full_name, city: r.city, state: r.state, local: r.local,
    worksite: r.worksite, shift: r.shift, active: r.active === 1, goodStanding: r.good_standing === 1,
  };
}

function hit(r: ListRow): MemberHit {
  const { worksite: _w, shift: _s, ...h } = listRow(r);
  return h;
}

/**
 * By member ID prefix, or by name: every query word must begin a word of the member's name, accents and case
 * ignored ("nguyen huong" finds Nguyễn Thị Hương). At most 50 hits.
 */
export function searchMembers(db: DB, query: string): { hits: MemberHit[]; more: boolean } {
  const q = query.normalize('NFC').trim();
  const found = new Map<number, ListRow>();
  if (/\d/.test(q) && !/\s/.test(q)) {
    const rows = db.prepare(`SELECT ${LIST_COLUMNS} FROM members WHERE member_id >= ? AND member_id < ? ORDER BY member_id LIMIT ?`)
      .all(q, `${q}\uffff`, SEARCH_LIMIT + 1) as ListRow[];
    for (const r of rows) found.set(r.id, r);
  }
  const words = queryWords(q);
  if (words.length > 0 && found.size <= SEARCH_LIMIT) {
    // Every query word as a prefix of one of the member's words (FTS5, member_search_fts: one token per stored word,
    // and query words are folded the same way, so a quoted word is always exactly one token).
    const match = words.map((w) => `"${w}"*`).join(' AND ');
    const rows = db.prepare(
      `SELECT ${LIST_COLUMNS} FROM member_search_fts s JOIN members m ON m.id = s.rowid WHERE member_search_fts MATCH ? LIMIT ?`,
    ).iterate(match, SEARCH_LIMIT + 1) as IterableIterator<ListRow>;
    for (const r of rows) {
      if (found.size > SEARCH_LIMIT) break;
      if (!found.has(r.id)) found.set(r.id, r);
    }
  }
  const all = [...found.values()];
  return { hits: all.slice(0, SEARCH_LIMIT).map(hit), more: all.length > SEARCH_LIMIT };
}

/**
 * A window of the list in row order, for the virtualised view. Rows are never deleted, so row ids run 1..N
 * without gaps and a window is an id range: O(limit) at any offset of a million.
 */
export function listMembers(db: DB, offset: number, limit: number): { total: number; offset: number; rows: MemberListRow[] } {
  const { total } = memberTotals(db);
  const rows = db.prepare(`SELECT ${LIST_COLUMNS} FROM members WHERE id > ? ORDER BY id LIMIT ?`).all(offset, limit) as ListRow[];
  return { total, offset, rows: rows.map(listRow) };
}

export function memberRow(db: DB, id: number): MemberRow | undefined {
  return db.prepare('SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
}

export function memberDetail(db: DB, row: MemberRow): MemberDetail {
  const aboveRow = db.prepare('SELECT lines FROM member_print_above WHERE member_row = ?').get(row.id) as { lines: string } | undefined;
  const above = aboveRow ? (JSON.parse(aboveRow.lines) as string[]) : undefined;
  const [city, state] = [row.print_last_line.slice(0, -(row.zip4 ? 14 : 9)), row.state];
  const block = addressBlockLines(row.full_name, {
    delivery: row.print_delivery, ...(row.print_secondary ? { secondary: row.print_secondary } : {}),
    ...(above ? { above } : {}), city, state, zip5: row.zip5, ...(row.zip4 ? { zip4: row.zip4 } : {}),
    lastLine: row.print_last_line,
  });
  const history = (db.prepare('SELECT at, source, previous, reason FROM member_history WHERE member_row = ? ORDER BY id DESC LIMIT 50')
    .all(row.id) as Array<{ at: string; source: 'import' | 'correction'; previous: string; reason: string | null }>)
    .map((h): MemberHistoryEntry => {
      const previous = JSON.parse(h.previous) as Record<string, unknown>;
      return { at: h.at, source: h.source, fields: Object.keys(previous), previous, reason: h.reason };
    });
  return {
    ...listRow(row),
    firstName: row.first_name, lastName: row.last_name,
    address1: row.address1, address2: row.address2, zip: row.zip, email: row.email,
    status: row.status_raw, segments: JSON.parse(row.segments) as Record<string, string>,
    printLines: block.lines, updatedAt: row.updated_at, history,
  };
}

/** Names of the committee's segment fields (a loose index scan: one probe per distinct name). */
export function segmentNames(db: DB): string[] {
  return (db.prepare(
    `WITH RECURSIVE n(name) AS (
       SELECT min(name) FROM member_segments
       UNION ALL SELECT (SELECT min(name) FROM member_segments WHERE name > n.name) FROM n WHERE n.name IS NOT NULL)
     SELECT name FROM n WHERE name IS NOT NULL`,
  ).all() as Array<{ name: string }>).map((r) => r.name);
}

/**
 * The values an audience can be built from, with their counts. Never a segment named like, or a value that looks
 * like, an email, phone, birth date, SSN or pay (a vault imported before that rule may hold one). `minCount`: values
 * with fewer members are left out (candidates get CANDIDATE_MIN_COUNT).
 */
export function segmentValues(db: DB, minCount = 1): SegmentValues {
  const snap = currentSnapshot(db);
  if (!snap) return { local: [], worksite: [], shift: [], zip3: [], custom: {} };
  const zip3 = new Uint32Array(1000);
  for (let i = 0; i < snap.size; i++) zip3[Math.floor(snap.zip5[i]! / 100)]!++;
  const zip3Counts: ValueCount[] = [];
  zip3.forEach((count, z) => { if (count >= minCount && count > 0) zip3Counts.push({ value: String(z).padStart(3, '0'), count }); });
  const offered = (values: ValueCount[]): ValueCount[] => values.filter((v) => v.count >= minCount && sensitiveValue(v.value) === null);
  const custom: Record<string, ValueCount[]> = {};
  for (const name of segmentNames(db)) {
    if (sensitiveName(name) !== null) continue;
    const values = offered(valueCounts(db, snap, { custom: name }));
    if (values.length > 0) custom[name] = values;
  }
  return {
    local: offered(valueCounts(db, snap, 'local')), worksite: offered(valueCounts(db, snap, 'worksite')), shift: offered(valueCounts(db, snap, 'shift')),
    zip3: zip3Counts, custom,
  };
}

/**
 * Totals without counting a million rows: the mailable count from the snapshot, the others from small partial
 * indexes (about 5 % of a list is not in good standing or no longer on it).
 */
export function memberTotals(db: DB): { total: number; goodStanding: number; notGood: number; inactive: number } {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const inactive = n('SELECT count(*) AS n FROM members WHERE active = 0');
  const notGood = n('SELECT count(*) AS n FROM members WHERE active = 1 AND good_standing = 0');
  const snap = currentSnapshot(db);
  const goodStanding = snap ? snap.size : n('SELECT count(*) AS n FROM members WHERE active = 1 AND good_standing = 1');
  return { total: goodStanding + notGood + inactive, goodStanding, notGood, inactive };
}

export function membersSummary(db: DB): MembersSummary {
  const t = memberTotals(db);
  const last = db.prepare('SELECT id, at, rows, added, changed, deactivated FROM member_imports ORDER BY id DESC LIMIT 1')
    .get() as MembersSummary['lastImport'] | undefined;
  return { total: t.total, active: t.total - t.inactive, goodStanding: t.goodStanding, inactive: t.inactive, lastImport: last ?? null };
}
