import crypto from 'node:crypto';
import type { DB, WritableDB } from '../vault/database.ts';
import type { AuditEntry, AuditVerdict } from '../../shared/api/commands/foundation.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';

export const GENESIS = '0'.repeat(64);

export type AuditActor = { id: number | null; label: string };
export type AuditRecord = { action: string; target?: string | null; details?: Record<string, unknown> };

/**
 * The hash of one entry: SHA-256 over the canonical JSON array [seq, at, actorId, actor, action, target, details,
 * prevHash]. docs/audit-verify.md gives a 20-line script that recomputes it outside LitDesk.
 */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return hashPayload(e, canonicalJson(e.details));
}

/** The same payload with the details already in canonical form: an append canonicalises them once, not three times. */
function hashPayload(e: Omit<AuditEntry, 'hash' | 'details'>, detailsJson: string): string {
  const payload = `[${canonicalJson(e.seq)},${canonicalJson(e.at)},${canonicalJson(e.actorId)},${canonicalJson(e.actor)},` +
    `${canonicalJson(e.action)},${canonicalJson(e.target)},${detailsJson},${canonicalJson(e.prevHash)}]`;
  return crypto.createHash('sha256').update(payload, 'utf8').digest('hex');
}

/**
 * Appends one entry. Callers run it inside the transaction of the change it records (DESIGN §1). Both statements
 * come from the connection's statement cache (vault/database.ts): `npm run bench -- db` prints what one costs.
 */
export function appendAudit(db: WritableDB, actor: AuditActor, record: AuditRecord, at: Date = new Date()): AuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const detailsJson = canonicalJson(record.details ?? {});
  const base = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    actorId: actor.id,
    actor: actor.label,
    action: record.action,
    target: record.target ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  const hash = hashPayload(base, detailsJson);
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor_id, actor, action, target, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)',
  ).run(base.seq, base.at, base.actorId, base.actor, base.action, base.target, detailsJson, base.prevHash, hash);
  return { ...base, details: JSON.parse(detailsJson) as unknown, hash };
}

type Row = { seq: number; at: string; actor_id: number | null; actor: string; action: string; target: string | null;
  details: string; prev_hash: string; hash: string };

const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq, at: r.at, actorId: r.actor_id, actor: r.actor, action: r.action, target: r.target,
  details: JSON.parse(r.details) as unknown, prevHash: r.prev_hash, hash: r.hash,
});

export function listAudit(db: DB, opts: { beforeSeq?: number; limit: number; action?: string }): { entries: AuditEntry[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (opts.beforeSeq !== undefined) { where.push('seq < ?'); params.push(opts.beforeSeq); }
  if (opts.action) { where.push('action LIKE ?'); params.push(`${opts.action}%`); }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db.prepare(`SELECT * FROM audit_log ${clause} ORDER BY seq DESC LIMIT ?`).all(...params, opts.limit) as Row[];
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  return { entries: rows.map(toEntry), total };
}

/** Iterates the whole log in storage order (rowid), which is how a reorder shows up. */
export function* allAuditEntries(db: DB): Generator<AuditEntry> {
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY rowid').iterate() as Iterable<Row>) yield toEntry(r);
}

/**
 * Recomputes the chain and names the first broken entry: an edited entry fails its hash, a deleted one leaves a
 * gap in the sequence, a reordered one breaks the link to its predecessor.
 */
export function verifyChain(entries: Iterable<AuditEntry>): AuditVerdict {
  const all = [...entries];
  // Entries stored out of sequence order (a reorder) are named as such, before gaps and links are checked.
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.seq < all[i - 1]!.seq) {
      return { ok: false, entries: all.length, head: all[i - 1]!.hash, firstBroken: { seq: all[i - 1]!.seq, reason: 'order' } };
    }
  }
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const e of all) {
    if (e.seq !== expectedSeq) return { ok: false, entries: all.length, head: prev, firstBroken: { seq: expectedSeq, reason: 'gap' } };
    if (e.prevHash !== prev) return { ok: false, entries: all.length, head: prev, firstBroken: { seq: e.seq, reason: 'link' } };
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return { ok: false, entries: all.length, head: prev, firstBroken: { seq: e.seq, reason: 'hash' } };
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, entries: all.length, head: prev, firstBroken: null };
}

export const verifyAudit = (db: DB): AuditVerdict => verifyChain(allAuditEntries(db));

export const auditHead = (db: DB): { seq: number; hash: string } =>
  (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ??
  { seq: 0, hash: GENESIS };
