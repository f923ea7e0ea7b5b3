import type { ReportElection } from '../../shared/api/commands/reports.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';

export function reportElection(db: DB, electionId: number): ReportElection {
  const e = db.prepare('SELECT id, name, election_date AS electionDate FROM elections WHERE id = ?').get(electionId) as ReportElection | undefined;
  if (!e) throw new AppError('reports.electionNotFound', 'That election does not exist.', { electionId });
  return e;
}

export function reportElections(db: DB): Array<ReportElection & { closed: boolean }> {
  return (db.prepare(`SELECT e.id, e.name, e.election_date AS electionDate,
      EXISTS (SELECT 1 FROM election_closures c WHERE c.election_id = e.id) AS closed
    FROM elections e ORDER BY e.election_date DESC, e.id DESC`).all() as Array<ReportElection & { closed: number }>)
    .map((e) => ({ ...e, closed: e.closed === 1 }));
}
