import type { audiencesCommands, OfferedAudience } from '../../shared/api/commands/audiences.ts';
import type { TermChange } from '../../shared/api/commands/elections.ts';
import { CANDIDATE_MIN_COUNT } from '../../shared/api/commands/members.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Audience } from '../../shared/domain/audience.ts';
import type { Handlers, ReadContext } from '../core/context.ts';
import { countAudience } from '../members/audience.ts';
import type { DB } from '../vault/database.ts';
import type { Migration } from '../vault/migrations/types.ts';
import { noDelete } from '../vault/migrations/guards.ts';
import { electionOf } from './candidates.ts';
import { electionInScope } from '../../shared/domain/candidate-scope.ts';
import { electionInput } from './elections-store.ts';
import { candidatesOf, recordVersion, requireVersionReason, termsOf } from './election-versions.ts';

// Saved, named audiences (issue 16 §5): see shared/api/commands/audiences.ts.

export const savedAudiencesStep: Migration = {
  id: 'issue16-saved-audiences',
  name: 'elections: saved, named audiences an election offers to every candidate; requests name the one they chose',
  up: (db) => db.exec(`
    CREATE TABLE election_audiences (
      id INTEGER PRIMARY KEY,
      election_id INTEGER NOT NULL REFERENCES elections(id),
      name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 120),
      audience TEXT NOT NULL CHECK (json_valid(audience)),
      created_at TEXT NOT NULL,
      created_by INTEGER NOT NULL REFERENCES users(id),
      UNIQUE (election_id, name)
    ) STRICT;
    ${noDelete('election_audiences', 'an audience offered to candidates is kept with the election records')}
    CREATE TRIGGER election_audiences_fixed BEFORE UPDATE ON election_audiences
      BEGIN SELECT RAISE(ABORT, 'an offered audience never changes: every candidate must get the same one'); END;
    ALTER TABLE requests ADD COLUMN audience_id INTEGER REFERENCES election_audiences(id);
  `),
};

type Row = { id: number; election_id: number; name: string; audience: string; created_at: string; by_name: string | null };

function visibleElection(ctx: ReadContext, electionId: number): ReturnType<typeof electionInput> {
  // A candidate login sees only its own election's audiences (shared/domain/candidate-scope.ts).
  if (!electionInScope(ctx.user, electionId, electionOf(ctx.db))) throw new AppError('elections.notFound', 'That election does not exist.');
  return electionInput(ctx.db, electionId);
}

/** A count as the caller may see it: a candidate never learns that an audience holds fewer than 10 members. */
function counted(ctx: ReadContext, a: Audience): { count: number | null; suppressed: boolean } {
  const n = countAudience(ctx.db, a);
  return ctx.user.role === 'candidate' && n < CANDIDATE_MIN_COUNT ? { count: null, suppressed: true } : { count: n, suppressed: false };
}

function toOffered(ctx: ReadContext, r: Row): OfferedAudience {
  const a = JSON.parse(r.audience) as Audience;
  return { id: r.id, name: r.name, audience: a, ...counted(ctx, a), createdAt: r.created_at, createdBy: r.by_name };
}

const SELECT = `SELECT a.*, u.display_name AS by_name FROM election_audiences a LEFT JOIN users u ON u.id = a.created_by`;

export function savedAudience(db: DB, audienceId: number): Row | undefined {
  return db.prepare(`${SELECT} WHERE a.id = ?`).get(audienceId) as Row | undefined;
}

/**
 * The audience a request or a quote is for. A saved audience must be one this election offers. A candidate names
 * one of the offered audiences (or the whole list in good standing, where offered): a segment typed by a candidate
 * is refused, so two candidates asking for "Local 42" always get the same members. Committee members may still
 * describe a segment from a candidate's letter; checkOffered applies the election's options to every caller.
 */
export function resolveAudience(ctx: ReadContext, electionId: number, input: { audience?: Audience | undefined; audienceId?: number | undefined }): { audience: Audience; audienceId: number | null } {
  if (input.audienceId !== undefined) {
    const r = savedAudience(ctx.db, input.audienceId);
    if (!r || r.election_id !== electionId) throw new AppError('audiences.notFound', 'That audience is not offered in this election.');
    return { audience: JSON.parse(r.audience) as Audience, audienceId: r.id };
  }
  if (!input.audience) throw new AppError('audiences.chooseOffered', 'Choose one of the audiences this election offers.');
  if (ctx.user.role === 'candidate' && input.audience.kind !== 'allGoodStanding') {
    throw new AppError('audiences.chooseOffered', 'Choose one of the audiences this election offers.');
  }
  return { audience: input.audience, audienceId: null };
}

type C = typeof audiencesCommands;

export const audiencesHandlers: Handlers<C> = {
  'audiences.list': (ctx, input) => {
    const e = visibleElection(ctx, input.electionId);
    const out: OfferedAudience[] = [];
    if (e.audienceKinds.includes('allGoodStanding')) {
      const all: Audience = { kind: 'allGoodStanding' };
      out.push({ id: null, name: null, audience: all, ...counted(ctx, all), createdAt: null, createdBy: null });
    }
    if (e.audienceKinds.includes('segment')) {
      const rows = ctx.db.prepare(`${SELECT} WHERE a.election_id = ? ORDER BY a.name`).all(input.electionId) as Row[];
      for (const r of rows) out.push(toOffered(ctx, r));
    }
    return out;
  },

  'audiences.save': (ctx, input) => {
    const e = electionInput(ctx.db, input.electionId);
    if (!e.active) throw new AppError('elections.inactive', 'That election is closed.');
    if (!e.audienceKinds.includes(input.audience.kind)) {
      throw new AppError('requests.audienceNotOffered', 'That audience is not offered in this election.', { kind: input.audience.kind });
    }
    const taken = ctx.db.prepare('SELECT 1 FROM election_audiences WHERE election_id = ? AND name = ?').get(input.electionId, input.name);
    if (taken) throw new AppError('audiences.nameTaken', 'This election already offers an audience with that name.', { name: input.name });
    if (countAudience(ctx.db, input.audience) === 0) throw new AppError('requests.emptyAudience', 'No member in good standing is in that audience.');
    // A named audience is one of the options every candidate chooses from (issue 14 §2): once a candidate is on record,
    // adding one changes what the election offers, so it goes through the version rule — a reason (refused before
    // anything is written), a new version with the names before and after, and a notice to every candidate.
    const before = ctx.db.prepare('SELECT name FROM election_audiences WHERE election_id = ? ORDER BY id').pluck().all(input.electionId) as string[];
    const changes: TermChange[] = candidatesOf(ctx.db, input.electionId) > 0
      ? [{ field: 'savedAudiences', before, after: [...before, input.name] }] : [];
    requireVersionReason(ctx.db, input.electionId, changes, input.reason);
    const r = ctx.db.prepare('INSERT INTO election_audiences (election_id, name, audience, created_at, created_by) VALUES (?,?,?,?,?)')
      .run(input.electionId, input.name, JSON.stringify(input.audience), ctx.now().toISOString(), ctx.user.id);
    const id = Number(r.lastInsertRowid);
    const version = changes.length > 0 ? recordVersion(ctx.db, input.electionId, termsOf(e), changes, input.reason, ctx.now(), ctx.user.id) : null;
    ctx.audit({ action: 'audiences.save', target: `audience:${id}`, details: {
      electionId: input.electionId, name: input.name, audience: input.audience,
      ...(version ? { version: version.version, reason: input.reason?.trim() ?? null, noticesCreated: version.noticesCreated, before, after: changes[0]!.after } : {}),
    } });
    return toOffered(ctx, savedAudience(ctx.db, id)!);
  },
};
