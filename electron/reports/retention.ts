import type { CloseResult, RetentionStatus } from '../../shared/api/commands/reports.ts';
import { AppError } from '../../shared/api/errors.ts';
import type { Core as Backend } from '../core/context.ts';
import type { HandlerContext, ReadContext } from '../core/context.ts';
import type { DB } from '../vault/database.ts';
import { withoutTriggers } from './triggers.ts';
import { clearMemberSearch } from '../members/schema.ts';
import { committeeDay, committeeZone } from '../users/calendar.ts';
import { dateHistory } from '../elections/versions.ts';
import { newestVersionAt } from '../elections/election-versions.ts';
import { dayIn } from '../../shared/domain/calendar.ts';

// Records retention, 29 CFR 452.106: an election's records are kept at least one year after the election; nothing
// of them is deleted before. After that the chair may close the election: the member list and the literature are
// purged (the money records, requests, quotes, candidates and the audit trail stay), then the file is compacted and
// re-keyed so the purged pages are gone from the disk and an old key opens nothing.

/** The first day records may be purged: the election date one year on (29 Feb -> 1 Mar). */
export function keepUntil(electionDate: string): string {
  const [y, m, d] = electionDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

type RekeyState = { state: 'pending' | 'done' | 'owed' | 'failed'; done: Promise<void> };
const REKEY = Symbol('retention.rekey');
/** The re-key started by the last close on this backend, if any. */
const rekeys = {
  get: (b: Backend): RekeyState | undefined => b.state(REKEY, () => ({ last: undefined as RekeyState | undefined })).last,
  set: (b: Backend, s: RekeyState): void => { b.state(REKEY, () => ({ last: undefined as RekeyState | undefined })).last = s; },
};

/** Resolves when the re-key started by the last close on this backend has finished (tests, status polling). */
export const rekeySettled = (backend: Backend): Promise<void> => rekeys.get(backend)?.done ?? Promise.resolve();

type ElectionRow = { id: number; name: string; election_date: string };
const election = (db: DB, id: number): ElectionRow => {
  const e = db.prepare('SELECT id, name, election_date FROM elections WHERE id = ?').get(id) as ElectionRow | undefined;
  if (!e) throw new AppError('reports.electionNotFound', 'That election does not exist.', { electionId: id });
  return e;
};
/**
 * The first day the records may be purged: one year after the latest election date ever set, and one year after the
 * dates last changed (issue 14 §2): a chair who moves the date back a year does not open the records to a purge.
 */
function retentionUntil(db: DB, e: ElectionRow): string {
  const h = dateHistory(db, e.id);
  const latest = h.latestDate !== null && h.latestDate > e.election_date ? h.latestDate : e.election_date;
  const fromDate = keepUntil(latest);
  const fromChange = h.lastChangedAt === null ? fromDate : keepUntil(dayIn(committeeZone(db), new Date(h.lastChangedAt)));
  // No purge while any version of the election's terms is less than a year old.
  const newest = newestVersionAt(db, e.id);
  const fromVersion = newest === null ? fromDate : keepUntil(dayIn(committeeZone(db), new Date(newest)));
  return [fromDate, fromChange, fromVersion].sort().at(-1)!;
}

const otherOpen = (db: DB, id: number): string[] =>
  (db.prepare(`SELECT name FROM elections WHERE id != ? AND id NOT IN (SELECT election_id FROM election_closures) ORDER BY id`)
    .all(id) as Array<{ name: string }>).map((r) => r.name);

export function retentionStatus(ctx: ReadContext, electionId: number): RetentionStatus {
  const e = election(ctx.db, electionId);
  const today = committeeDay(ctx.db, ctx.now());
  const until = retentionUntil(ctx.db, e);
  const c = ctx.db.prepare(`SELECT c.closed_at, c.members_purged, coalesce(u.login, '') AS login FROM election_closures c
    LEFT JOIN users u ON u.id = c.closed_by WHERE c.election_id = ?`).get(electionId) as { closed_at: string; members_purged: number; login: string } | undefined;
  return {
    electionId, electionName: e.name, electionDate: e.election_date, keepUntil: until, today,
    canClose: !c && today >= until,
    closed: c ? { at: c.closed_at, by: c.login, membersPurged: c.members_purged === 1 } : null,
    otherOpenElections: otherOpen(ctx.db, electionId),
    rekey: rekeys.get(ctx.backend)?.state ?? 'none',
  };
}

/** Tables whose rows point at members (foreign keys), found from the schema so a later domain's table is not missed. */
function memberDependents(db: DB): string[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
  return tables.filter((t) => t !== 'members' &&
    (db.pragma(`foreign_key_list("${t.replace(/"/g, '""')}")`) as Array<{ table: string }>).some((fk) => fk.table === 'members'));
}

function purgeMembers(db: DB): { members: number; rows: number } {
  const dependents = memberDependents(db);
  return withoutTriggers(db, ['members', ...dependents], () => {
    let rows = 0;
    for (const t of dependents) rows += db.prepare(`DELETE FROM "${t.replace(/"/g, '""')}"`).run().changes;
    // The name search index holds member data without a foreign key: found by name, not by the look-up above.
    rows += clearMemberSearch(db);
    const members = db.prepare('DELETE FROM members').run().changes;
    db.prepare('UPDATE members_meta SET generation = generation + 1 WHERE id = 1').run();
    return { members, rows };
  });
}

export async function closeElection(ctx: HandlerContext, input: { electionId: number; passphrase: string; confirmName: string }): Promise<CloseResult> {
  const db = ctx.db;
  const e = election(db, input.electionId);
  if (input.confirmName.normalize('NFC').trim() !== e.name.normalize('NFC').trim()) {
    throw new AppError('retention.confirmName', 'Type the election name exactly to confirm.');
  }
  if (db.prepare('SELECT 1 FROM election_closures WHERE election_id = ?').get(e.id)) {
    throw new AppError('retention.alreadyClosed', 'This election is already closed.');
  }
  const today = committeeDay(ctx.db, ctx.now());
  const until = retentionUntil(ctx.db, e);
  if (today < until) {
    throw new AppError('retention.tooEarly', 'Election records are kept for one year after the election (29 CFR 452.106).', { keepUntil: until });
  }
  // Closing an election is confirmed with the chair's own passphrase (throttled like every passphrase check).
  const throttle = ctx.backend.throttle();
  throttle.check(ctx.user.login);
  if (!(await ctx.vault.checkMemberPassphrase(ctx.user.id, input.passphrase))) throw throttle.refuse(ctx.user.login, 'That passphrase is not right.');

  const others = otherOpen(db, e.id);
  const literaturePurged = withoutTriggers(db, ['literature'], () =>
    db.prepare("UPDATE literature SET bytes = X'' WHERE election_id = ? AND length(bytes) > 0").run(e.id).changes);
  const membersKept = others.length > 0;
  const gone = membersKept ? { members: 0, rows: 0 } : purgeMembers(db);
  const membersPurged = gone.members;
  const memberRowsPurged = gone.rows;
  const purged = { literaturePurged, membersPurged, memberRowsPurged, membersKept, otherOpenElections: others.length };
  db.prepare(`INSERT INTO election_closures (election_id, closed_at, closed_by, keep_until, members_purged, purged) VALUES (?,?,?,?,?,?)`)
    .run(e.id, ctx.now().toISOString(), ctx.user.id, until, membersKept ? 0 : 1, JSON.stringify(purged));
  ctx.audit({ action: 'retention.close', target: `election:${e.id}`, details: { electionId: e.id, keepUntil: until, ...purged, rekey: 'afterCommit' } });

  const { vault, backend } = ctx;
  const user = ctx.user;
  // PRAGMA rekey and VACUUM cannot run inside a transaction: both follow the commit.
  ctx.afterCommit(() => {
    const state: RekeyState = { state: 'pending', done: Promise.resolve() };
    state.done = (async () => {
      await vault.compact();
      await vault.rekey({});
      backend.auditOutside({ action: 'vault.rekeyed', details: { reason: 'retention.close', generation: vault.generation(), by: user.login } });
    })().then(() => { state.state = 'done'; }, (err: unknown) => {
      // The purge has committed; the re-key that makes old copies of the key worthless is owed to the next committee
      // unlock (as for a removal), never silently dropped. The key file records the debt even when the session has
      // been locked in the meantime.
      state.state = 'owed';
      const code = err instanceof AppError ? err.code : 'internal';
      try { vault.markRekeyDue(); } catch { state.state = 'failed'; }
      try { backend.auditOutside({ action: 'vault.rekeyOwed', details: { reason: 'retention.close', error: code } }); } catch { /* locked: the key file holds the debt */ }
      process.stderr.write(`[litdesk] retention re-key ${state.state === 'owed' ? 'owed to the next unlock' : 'failed'}: ${code}\n`);
    });
    rekeys.set(backend, state);
  });
  return { literaturePurged, membersPurged, memberRowsPurged, membersKept, rekey: 'pending' };
}
