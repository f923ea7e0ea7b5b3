#!/usr/bin/env node
// Checks a LitDesk audit export (JSON lines) without LitDesk: node verify-audit-export.mjs audit-trail.jsonl
// Each entry's hash = SHA-256 of the canonical JSON of [seq, at, actorId, actor, action, target, details, prevHash]
// (object keys sorted, no spaces); prevHash links to the entry before; the first entry links to 64 zeros.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const canon = (v) => v === null || typeof v !== 'object' ? JSON.stringify(v)
  : Array.isArray(v) ? `[${v.map(canon).join(',')}]`
  : `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim() !== '');
let prev = '0'.repeat(64);
for (const [i, line] of lines.entries()) {
  const e = JSON.parse(line);
  const broken = (why) => { console.log(`BROKEN at entry seq ${e.seq ?? '?'} (line ${i + 1}): ${why}`); process.exit(1); };
  if (e.seq !== i + 1) broken(`expected seq ${i + 1} (an entry is missing or out of order)`);
  if (e.prevHash !== prev) broken('prevHash does not match the previous entry\'s hash');
  const hash = createHash('sha256')
    .update(canon([e.seq, e.at, e.actorId, e.actor, e.action, e.target, e.details, e.prevHash]), 'utf8').digest('hex');
  if (hash !== e.hash) broken('the entry was changed: its hash does not match its content');
  prev = hash;
}
console.log(`OK: ${lines.length} entries, chain head ${prev}`);
