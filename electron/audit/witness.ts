import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry, AuditVerdict } from '../../shared/api/commands/foundation.ts';
import { AppError } from '../../shared/api/errors.ts';
import { headMatches, type Head } from '../../shared/domain/chain-head.ts';
import type { DB } from '../vault/database.ts';
import { allAnchors } from './anchors.ts';
import { allAuditEntries, verifyChain } from './log.ts';

// A trail re-hashed from start to end by someone with the vault key is a valid chain on its own. What it cannot
// match is a head that left the vault before: on a document (recorded in audit_anchors, and on the paper itself) or
// in the auditor's witness file on their own media. This check compares the chain with both.

export type OutsideHead = Head & { source: 'issued' | 'witness'; document: string };

/** The chain, then every head recorded for issued documents, then the witness heads: the first that fails. */
export function verifyTrail(db: DB, witness: OutsideHead[] = []): AuditVerdict {
  const entries: AuditEntry[] = [...allAuditEntries(db)];
  const chain = verifyChain(entries);
  const anchors: OutsideHead[] = allAnchors(db).map((a) => ({ seq: a.seq, hash: a.hash, source: 'issued', document: `${a.kind} ${a.document}` }));
  const out = { ...chain, anchors: anchors.length };
  if (!chain.ok) return out;
  for (const h of [...anchors, ...witness]) {
    if (h.seq === 0) continue;
    const e = entries[h.seq - 1];
    if (!e) return { ...out, ok: false, firstBroken: { seq: h.seq, reason: 'truncated', source: h.source, document: h.document } };
    if (!headMatches(h, e.seq, e.hash)) return { ...out, ok: false, firstBroken: { seq: h.seq, reason: 'rewritten', source: h.source, document: h.document } };
  }
  return out;
}

/** The witness file of this vault in the auditor's folder: one per vault, so one stick serves several. */
export const witnessFile = (folder: string, vaultId: string): string => path.join(folder, `litdesk-witness-${vaultId}.jsonl`);

type WitnessLine = { seq: number; hash: string; at: string; source: string };

/** Reads the witness heads; a damaged line is named, never skipped (the file is evidence). */
export function readWitness(file: string): WitnessLine[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new AppError('audit.witnessDamaged', 'The witness file is damaged: its last line is cut off.', { line: lines.length });
  lines.pop();
  return lines.map((l, i) => {
    let w: unknown;
    try { w = JSON.parse(l); } catch { throw new AppError('audit.witnessDamaged', 'The witness file is damaged.', { line: i + 1 }); }
    const o = w as Partial<WitnessLine> | null;
    if (!o || !Number.isSafeInteger(o.seq) || typeof o.hash !== 'string' || !/^[0-9a-f]{64}$/.test(o.hash)) {
      throw new AppError('audit.witnessDamaged', 'The witness file is damaged.', { line: i + 1 });
    }
    return { seq: o.seq!, hash: o.hash, at: String(o.at ?? ''), source: String(o.source ?? '') };
  });
}

/**
 * Checks the trail against the vault's issued heads and the witness file, and — only when everything holds —
 * appends to the witness the heads issued since its last line and the head as it is now. Heads only: no member
 * data, no names (documents are named by number or file name).
 */
export function checkWitness(db: DB, file: string, now: Date, checkedBy: string): AuditVerdict {
  const lines = readWitness(file);
  const witness: OutsideHead[] = lines.map((w, i) => ({ seq: w.seq, hash: w.hash, source: 'witness', document: `line ${i + 1}${w.source ? ` (${w.source})` : ''}` }));
  const verdict = verifyTrail(db, witness);
  if (!verdict.ok) return { ...verdict, witness: { file, heads: lines.length, appended: 0 } };
  const known = new Set(lines.map((w) => `${w.seq}:${w.hash}`));
  const add: WitnessLine[] = [];
  for (const a of allAnchors(db)) {
    if (known.has(`${a.seq}:${a.hash}`)) continue;
    known.add(`${a.seq}:${a.hash}`);
    add.push({ seq: a.seq, hash: a.hash, at: a.issuedAt, source: `${a.kind} ${a.document}` });
  }
  const head = { seq: verdict.entries, hash: verdict.head };
  if (head.seq > 0 && !known.has(`${head.seq}:${head.hash}`)) add.push({ seq: head.seq, hash: head.hash, at: now.toISOString(), source: `check by ${checkedBy}` });
  if (add.length > 0) {
    const fd = fs.openSync(file, 'a', 0o600);
    try {
      fs.writeSync(fd, add.map((w) => `${JSON.stringify(w)}\n`).join(''));
      fs.fsyncSync(fd);
    } finally { fs.closeSync(fd); }
  }
  return { ...verdict, witness: { file, heads: lines.length, appended: add.length } };
}
