import type { ElectionInput, ElectionVersionView, TermChange } from '../../shared/api/commands/elections.ts';
import { AppError } from '../../shared/api/errors.ts';
import { appendOnly, noDelete } from '../vault/migrations/guards.ts';
import type { Migration } from '../vault/migrations/types.ts';
import type { DB } from '../vault/database.ts';
import { anchorHead } from '../audit/anchors.ts';

// Versioned elections (issue 14 §2, DESIGN §2): once a candidate or a person seeking nomination exists, the terms every
// candidate relies on — dates, literature rules, print rules, channels (email too), audience options and the published
// turnaround — change only through a new version that carries a reason, a notice to every candidate, and the values
// before and after. The election row holds the terms in force; `election_versions` holds every version ever in force.
// Name and offices are not terms a candidate plans a mailing around, and change freely (still audited).

/** The published turnaround when an election does not state one: 5 business days from paid in full to release. */
export const DEFAULT_TURNAROUND_DAYS = 5;

/** The fields that make up the terms of an election, in the order a version lists its changes. */
export const TERM_FIELDS = ['electionDate', 'mailBallot', 'ballotMailingDate', 'audienceKinds', 'channels', 'rules', 'print', 'turnaroundBusinessDays'] as const;
export type TermField = (typeof TERM_FIELDS)[number];
export type Terms = Pick<Required<ElectionInput>, TermField>;

export const electionVersionsTables: Migration = {
  id: 'election-versions',
  name: 'elections: versions of the terms with a reason, notices of each version, the published turnaround',
  up: (db) => {
    db.exec(`
      ALTER TABLE elections ADD COLUMN turnaround_business_days INTEGER NOT NULL DEFAULT ${DEFAULT_TURNAROUND_DAYS}
        CHECK (turnaround_business_days BETWEEN 1 AND 60);
      CREATE TABLE election_versions (
        election_id INTEGER NOT NULL REFERENCES elections(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        terms TEXT NOT NULL,                   -- JSON: the terms in force from this version on
        changes TEXT NOT NULL,                 -- JSON: [{ field, before, after }]
        reason TEXT,                           -- required by the core once a candidate exists
        candidates INTEGER NOT NULL,           -- candidates on record when the version was made (each got a notice)
        created_at TEXT NOT NULL,
        created_by INTEGER,
        PRIMARY KEY (election_id, version)
      ) STRICT;
      ${appendOnly('election_versions', 'election versions are kept')}
      CREATE TABLE election_version_notices (
        id INTEGER PRIMARY KEY,
        election_id INTEGER NOT NULL,
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT,
        FOREIGN KEY (election_id, version) REFERENCES election_versions(election_id, version),
        UNIQUE (candidate_id, version)
      ) STRICT;
      ${noDelete('election_version_notices', 'election records are kept')}
    `);
    // Every election already in a vault starts at version 1: its terms as they stand, from when it was created.
    const rows = db.prepare('SELECT * FROM elections').all() as ElectionTermsRow[];
    const insert = db.prepare(`INSERT INTO election_versions (election_id, version, terms, changes, reason, candidates, created_at, created_by)
      VALUES (?, 1, ?, '[]', NULL, 0, ?, ?)`);
    for (const r of rows) insert.run(r.id, JSON.stringify(termsOfRow(r)), r.created_at, r.created_by);
  },
};

type ElectionTermsRow = {
  id: number; election_date: string; mail_ballot: number; ballot_mailing_date: string | null; audience_kinds: string; channels: string;
  rules: string; print_settings: string; turnaround_business_days?: number; created_at: string; created_by: number | null;
};

function termsOfRow(r: ElectionTermsRow): Terms {
  return {
    electionDate: r.election_date, mailBallot: r.mail_ballot === 1, ballotMailingDate: r.ballot_mailing_date,
    audienceKinds: JSON.parse(r.audience_kinds) as Terms['audienceKinds'], channels: JSON.parse(r.channels) as Terms['channels'],
    rules: JSON.parse(r.rules) as Terms['rules'], print: JSON.parse(r.print_settings) as Terms['print'],
    turnaroundBusinessDays: r.turnaround_business_days ?? DEFAULT_TURNAROUND_DAYS,
  };
}

export const termsOf = (e: ElectionInput): Terms => ({
  electionDate: e.electionDate, mailBallot: e.mailBallot, ballotMailingDate: e.mailBallot ? e.ballotMailingDate : null,
  audienceKinds: e.audienceKinds, channels: e.channels, rules: e.rules, print: e.print,
  turnaroundBusinessDays: e.turnaroundBusinessDays ?? DEFAULT_TURNAROUND_DAYS,
});

/** Canonical JSON (sorted keys), so {a,b} and {b,a} are the same terms. */
const canon = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined).sort(([a], [b]) => a.localeCompare(b)))
  : x));

/** What changed between two sets of terms, field by field, with the values before and after. */
export function termChanges(before: Terms, after: Terms): TermChange[] {
  return TERM_FIELDS.filter((f) => canon(before[f]) !== canon(after[f])).map((f) => ({ field: f, before: before[f], after: after[f] }));
}

export const candidatesOf = (db: DB, electionId: number): number =>
  (db.prepare('SELECT count(*) AS n FROM candidates WHERE election_id = ?').get(electionId) as { n: number }).n;

export function latestVersion(db: DB, electionId: number): number {
  return (db.prepare('SELECT coalesce(max(version), 0) AS v FROM election_versions WHERE election_id = ?').get(electionId) as { v: number }).v;
}

/** The election's first version, written when it is created. */
export function recordFirstVersion(db: DB, electionId: number, terms: Terms, now: Date, by: number): void {
  db.prepare(`INSERT INTO election_versions (election_id, version, terms, changes, reason, candidates, created_at, created_by)
    VALUES (?, 1, ?, '[]', NULL, 0, ?, ?)`).run(electionId, JSON.stringify(terms), now.toISOString(), by);
}

/**
 * Checks a change of terms before anything is written: once any candidate or person seeking nomination is on record
 * (active or not: they relied on the terms), a change needs a reason. Returns the changes (empty: no new version).
 */
export function checkTermsChange(db: DB, electionId: number, before: Terms, after: Terms, reason: string | undefined): TermChange[] {
  const changes = termChanges(before, after);
  requireVersionReason(db, electionId, changes, reason);
  return changes;
}

/**
 * The version rule for any change candidates rely on (terms, or the named audiences the election offers): once a
 * candidate or person seeking nomination is on record, changes need a reason, refused before anything is written.
 */
export function requireVersionReason(db: DB, electionId: number, changes: readonly TermChange[], reason: string | undefined): void {
  if (changes.length > 0 && candidatesOf(db, electionId) > 0 && !(reason && reason.trim())) {
    throw new AppError('elections.versionReasonRequired',
      'Candidates are already on record: changing the dates, rules, channels, audience options or turnaround makes a new version of the election. Give the reason; every candidate gets a notice of it.',
      { fields: changes.map((c) => c.field).join(', ') });
  }
}

/** Writes the new version and a notice of it to every candidate of the election; each notice is anchored to the chain. */
export function recordVersion(db: DB, electionId: number, terms: Terms, changes: TermChange[], reason: string | undefined, now: Date, by: number):
  { version: number; noticesCreated: number } {
  const version = latestVersion(db, electionId) + 1;
  const at = now.toISOString();
  const candidates = candidatesOf(db, electionId);
  db.prepare(`INSERT INTO election_versions (election_id, version, terms, changes, reason, candidates, created_at, created_by)
    VALUES (?,?,?,?,?,?,?,?)`).run(electionId, version, JSON.stringify(terms), JSON.stringify(changes), reason?.trim() || null, candidates, at, by);
  const r = db.prepare(`INSERT INTO election_version_notices (election_id, candidate_id, version, created_at)
    SELECT ?, id, ?, ? FROM candidates WHERE election_id = ?`).run(electionId, version, at, electionId);
  const fresh = db.prepare('SELECT id FROM election_version_notices WHERE election_id = ? AND version = ?').all(electionId, version) as Array<{ id: number }>;
  for (const n of fresh) anchorHead(db, { kind: 'notice', document: versionNoticeDocument(n.id), at: now, by });
  return { version, noticesCreated: r.changes };
}

/** The version notice's name in audit_anchors: its number, never the candidate's name. */
export const versionNoticeDocument = (noticeId: number): string => `election version notice ${noticeId}`;

type VersionRow = { version: number; terms: string; changes: string; reason: string | null; candidates: number; created_at: string; by_name: string; notices: number };

export function electionVersions(db: DB, electionId: number): ElectionVersionView[] {
  const rows = db.prepare(`SELECT v.*, coalesce(u.display_name, '') AS by_name,
      (SELECT count(*) FROM election_version_notices n WHERE n.election_id = v.election_id AND n.version = v.version) AS notices
    FROM election_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.election_id = ? ORDER BY v.version DESC`).all(electionId) as VersionRow[];
  return rows.map((r) => ({
    electionId, version: r.version, createdAt: r.created_at, createdBy: r.by_name, reason: r.reason,
    changes: JSON.parse(r.changes) as TermChange[], terms: JSON.parse(r.terms) as Terms, noticesSent: r.notices,
  }));
}

/** When the newest version was made: retention waits a year after it (no purge while any version is under a year old). */
export function newestVersionAt(db: DB, electionId: number): string | null {
  return (db.prepare('SELECT max(created_at) AS at FROM election_versions WHERE election_id = ?').get(electionId) as { at: string | null }).at;
}

/** The turnaround an election publishes in its current version. */
export function turnaroundDays(db: DB, electionId: number): number {
  const r = db.prepare('SELECT turnaround_business_days AS d FROM elections WHERE id = ?').get(electionId) as { d: number } | undefined;
  return r?.d ?? DEFAULT_TURNAROUND_DAYS;
}
