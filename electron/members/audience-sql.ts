import type { Audience, AudienceFilter } from '../../shared/domain/audience.ts';

/**
 * The WHERE clause of an audience over `members m`, with its parameters. Values are only ever bound, never spliced
 * into the SQL text; the SQL text itself depends only on the audience's shape (field names, list lengths).
 * Only members on the list (active) and in good standing are ever part of an audience.
 */
export function audienceWhere(audience: Audience, opts: { perRow?: boolean } = {}): { sql: string; params: string[] } {
  const base = 'm.active = 1 AND m.good_standing = 1';
  if (audience.kind === 'allGoodStanding') return { sql: base, params: [] };
  const parts: string[] = [];
  const params: string[] = [];
  for (const f of audience.filters) {
    const one = filterSql(f, opts.perRow ?? false);
    parts.push(`(${one.sql})`);
    params.push(...one.params);
  }
  const joined = parts.join(audience.combine === 'and' ? ' AND ' : ' OR ');
  return { sql: `${base} AND (${joined})`, params };
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * `perRow`: a custom segment is checked per member row (its primary-key lookup) instead of as a set built once per
 * statement: for a walk that reads the table window by window, where a set would be rebuilt for every window.
 */
function filterSql(f: AudienceFilter, perRow: boolean): { sql: string; params: string[] } {
  switch (f.field) {
    case 'local':
      return { sql: `m.local IN (${placeholders(f.values.length)})`, params: [...f.values] };
    case 'worksite':
      return { sql: `m.worksite IN (${placeholders(f.values.length)})`, params: [...f.values] };
    case 'shift':
      return { sql: `m.shift IN (${placeholders(f.values.length)})`, params: [...f.values] };
    case 'zip5':
      return { sql: 'm.zip5 BETWEEN ? AND ?', params: [f.from, f.to] };
    case 'zip3':
      // Five-digit strings sort like numbers, so a ZIP3 range is the range of its first and last ZIP5.
      return { sql: 'm.zip5 BETWEEN ? AND ?', params: [`${f.from}00`, `${f.to}99`] };
    case 'custom':
      if (perRow) {
        return {
          sql: `EXISTS (SELECT 1 FROM member_segments s WHERE s.member_row = m.id AND s.name = ? AND s.value IN (${placeholders(f.values.length)}))`,
          params: [f.name, ...f.values],
        };
      }
      return {
        sql: `m.id IN (SELECT s.member_row FROM member_segments s WHERE s.name = ? AND s.value IN (${placeholders(f.values.length)}))`,
        params: [f.name, ...f.values],
      };
  }
}
