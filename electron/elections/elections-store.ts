import type { ElectionInput, ElectionView, PrintSettings, RateCard } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { DB } from '../vault/database.ts';
import { inspectionWindow } from './dates.ts';
import { windowFits } from './print-settings.ts';
import { DEFAULT_TURNAROUND_DAYS, latestVersion } from './election-versions.ts';

type ElectionRow = {
  id: number; name: string; offices: string; election_date: string; mail_ballot: number; ballot_mailing_date: string | null;
  audience_kinds: string; channels: string; rules: string; print_settings: string; active: number; created_at: string;
  turnaround_business_days: number;
};

export function checkElectionInput(e: ElectionInput): void {
  if (e.mailBallot && !e.ballotMailingDate) {
    throw new AppError('elections.ballotMailingDateRequired', 'A mail ballot election needs the date ballots are mailed.');
  }
  if (e.ballotMailingDate && e.ballotMailingDate > e.electionDate) {
    throw new AppError('elections.ballotAfterElection', 'Ballots must be mailed before the election date.');
  }
  if (!windowFits(e.print)) throw new AppError('elections.windowOffPage', 'The envelope window lies outside a Letter page.');
  if (new Set(e.channels).size !== e.channels.length || new Set(e.audienceKinds).size !== e.audienceKinds.length) {
    throw new AppError('elections.duplicateOption', 'Each channel and audience option may be listed once.');
  }
}

export function insertElection(db: DB, e: ElectionInput, now: Date, userId: number): number {
  checkElectionInput(e);
  const r = db.prepare(`INSERT INTO elections (name, offices, election_date, mail_ballot, ballot_mailing_date, audience_kinds,
    channels, rules, print_settings, created_at, created_by, turnaround_business_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`).run(
    e.name, JSON.stringify(e.offices), e.electionDate, e.mailBallot ? 1 : 0, e.mailBallot ? e.ballotMailingDate : null,
    JSON.stringify(e.audienceKinds), JSON.stringify(e.channels), JSON.stringify(e.rules), JSON.stringify(e.print),
    now.toISOString(), userId, e.turnaroundBusinessDays ?? DEFAULT_TURNAROUND_DAYS);
  return Number(r.lastInsertRowid);
}

export function updateElection(db: DB, id: number, e: ElectionInput): void {
  checkElectionInput(e);
  electionRow(db, id);
  db.prepare(`UPDATE elections SET name=?, offices=?, election_date=?, mail_ballot=?, ballot_mailing_date=?, audience_kinds=?,
    channels=?, rules=?, print_settings=?, turnaround_business_days=? WHERE id=?`).run(
    e.name, JSON.stringify(e.offices), e.electionDate, e.mailBallot ? 1 : 0, e.mailBallot ? e.ballotMailingDate : null,
    JSON.stringify(e.audienceKinds), JSON.stringify(e.channels), JSON.stringify(e.rules), JSON.stringify(e.print),
    e.turnaroundBusinessDays ?? DEFAULT_TURNAROUND_DAYS, id);
}

function electionRow(db: DB, id: number): ElectionRow {
  const row = db.prepare('SELECT * FROM elections WHERE id=?').get(id) as ElectionRow | undefined;
  if (!row) throw new AppError('elections.notFound', 'Not found.');
  return row;
}

export function electionInput(db: DB, id: number): ElectionInput & { id: number; active: boolean; turnaroundBusinessDays: number } {
  const r = electionRow(db, id);
  return {
    id: r.id, active: r.active === 1, name: r.name, offices: JSON.parse(r.offices) as string[], electionDate: r.election_date,
    mailBallot: r.mail_ballot === 1, ballotMailingDate: r.ballot_mailing_date,
    audienceKinds: JSON.parse(r.audience_kinds) as ElectionInput['audienceKinds'],
    channels: JSON.parse(r.channels) as ElectionInput['channels'],
    rules: JSON.parse(r.rules) as ElectionInput['rules'], print: JSON.parse(r.print_settings) as PrintSettings,
    turnaroundBusinessDays: r.turnaround_business_days,
  };
}

export function currentRateCard(db: DB, electionId: number): { version: number; publishedAt: string; card: RateCard } | null {
  const r = db.prepare('SELECT version, published_at, card FROM rate_cards WHERE election_id=? ORDER BY version DESC LIMIT 1')
    .get(electionId) as { version: number; published_at: string; card: string } | undefined;
  return r ? { version: r.version, publishedAt: r.published_at, card: JSON.parse(r.card) as RateCard } : null;
}

export function electionView(db: DB, id: number, today: string): ElectionView {
  const e = electionInput(db, id);
  const row = electionRow(db, id);
  const w = inspectionWindow(e, today);
  return { ...e, createdAt: row.created_at, version: latestVersion(db, id), rateCard: currentRateCard(db, id), inspectionWindow: { opens: w.opens, closesBefore: w.closesBefore } };
}

export function listElectionIds(db: DB, includeInactive: boolean): number[] {
  const rows = db.prepare(`SELECT id FROM elections ${includeInactive ? '' : 'WHERE active=1'} ORDER BY election_date, id`).all() as { id: number }[];
  return rows.map((r) => r.id);
}

/** What the merge engine needs of an election: the window rectangle (points), address mode, IMb fields, batch size. */
export function electionPrintSettings(db: DB, electionId: number): PrintSettings {
  return electionInput(db, electionId).print;
}
