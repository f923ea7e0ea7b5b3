import type { DB } from '../vault/database.ts';

// The committee's reading of the list's status values: which mean "in good standing". Decided once per list and
// re-used by the next import; a status value nobody has read yet stops the import until the committee decides.

export type StandingMap = Record<string, boolean>;

export function readStandingMap(db: DB): StandingMap {
  const map: StandingMap = Object.create(null) as StandingMap;
  for (const r of db.prepare('SELECT status, good FROM member_standing_map').all() as Array<{ status: string; good: number }>) {
    map[r.status] = r.good === 1;
  }
  return map;
}

export function setStandingRow(db: DB, status: string, good: boolean, now: Date): void {
  db.prepare(
    `INSERT INTO member_standing_map (status, good, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (status) DO UPDATE SET good = excluded.good, updated_at = excluded.updated_at`,
  ).run(status, good ? 1 : 0, now.toISOString());
}

/** Status values among `values` that the map does not cover. */
export function unmappedStatuses(map: StandingMap, values: Iterable<string>): string[] {
  return [...values].filter((v) => !Object.hasOwn(map, v));
}
