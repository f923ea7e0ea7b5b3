import type { AuditEntry } from '../../shared/api/commands/foundation.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import type { CsvValue } from '../../shared/domain/csv.ts';
import { allAuditEntries } from '../audit/log.ts';
import type { DB } from '../vault/database.ts';

// The audit trail as it is stored (storage order, as verifyChain reads it), so an edited, deleted or reordered entry
// shows up in the outside check exactly as it does inside LitDesk. scripts/verify-audit-export.mjs reads the JSONL.

const fields = (e: AuditEntry) => ({
  seq: e.seq, at: e.at, actorId: e.actorId, actor: e.actor, action: e.action, target: e.target, details: e.details,
  prevHash: e.prevHash, hash: e.hash,
});

/** One JSON object per line, LF-terminated; `details` as stored. The file holds entries 1..head. */
export function auditJsonl(db: DB): string {
  let out = '';
  for (const e of allAuditEntries(db)) out += `${JSON.stringify(fields(e))}\n`;
  return out;
}

export function auditCsvRows(db: DB): CsvValue[][] {
  const rows: CsvValue[][] = [['seq', 'at', 'actorId', 'actor', 'action', 'target', 'details', 'prevHash', 'hash']];
  for (const e of allAuditEntries(db)) {
    rows.push([e.seq, e.at, e.actorId, e.actor, e.action, e.target, canonicalJson(e.details), e.prevHash, e.hash]);
  }
  return rows;
}
