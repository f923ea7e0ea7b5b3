#!/usr/bin/env node
// Checks a LitDesk audit export (JSON lines) without LitDesk and without any package (docs/audit-verify.md):
//   node verify-audit-export.mjs EXPORT.jsonl                          the chain is intact
//   node verify-audit-export.mjs --expect-head SEQ:HASH EXPORT.jsonl   ...and holds a head printed on a document
//   node verify-audit-export.mjs --witness WITNESS.jsonl EXPORT.jsonl  ...and every head in an auditor's witness file
//   node verify-audit-export.mjs OLD.jsonl NEW.jsonl                   ...and NEW extends OLD unchanged
// Each entry's hash = SHA-256 of the canonical JSON of [seq, at, actorId, actor, action, target, details, prevHash]
// (object keys sorted, no spaces); prevHash links to the entry before; the first entry links to 64 zeros.
// Exit code 0: OK. 1: the trail is damaged, truncated, rewritten or reordered (one line says which and where).
// 2: the command line or a file could not be read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const GENESIS = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const SHORT = 16; // the short form printed on documents: the first 16 hex digits of the hash

const canon = (v) => v === null || typeof v !== 'object' ? JSON.stringify(v)
  : Array.isArray(v) ? `[${v.map(canon).join(',')}]`
  : `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
const entryHash = (e) => createHash('sha256')
  .update(canon([e.seq, e.at, e.actorId, e.actor, e.action, e.target, e.details, e.prevHash]), 'utf8').digest('hex');

class Finding extends Error { constructor(message, code = 1) { super(message); this.code = code; } }
const fail = (message) => { throw new Finding(message); };
const usage = (message) => { throw new Finding(`${message}\nUsage: node verify-audit-export.mjs [--expect-head SEQ:HASH]... [--witness FILE] EXPORT.jsonl [NEWER.jsonl]`, 2); };

function readText(file) {
  try { return readFileSync(file, 'utf8'); } catch (err) { throw new Finding(`cannot read ${file}: ${err.code ?? err.message}`, 2); }
}

/** The lines of a JSON-lines file, each with its 1-based line number; a last line without its LF was cut off. */
function linesOf(text, name) {
  const tag = name ? `${name}: ` : '';
  if (text.length === 0) fail(`${tag}BROKEN at line 1: the file is empty (TRUNCATED: it should hold at least one entry)`);
  const parts = text.split('\n');
  const last = parts.pop();
  if (last !== '') fail(`${tag}BROKEN at line ${parts.length + 1}: the file ends in the middle of a line (TRUNCATED: it was cut off)`);
  return parts.map((l, i) => ({ n: i + 1, text: l.endsWith('\r') ? l.slice(0, -1) : l }));
}

const FIELDS = [
  ['seq', (v) => Number.isSafeInteger(v) && v >= 1, 'a whole number from 1'],
  ['at', (v) => typeof v === 'string', 'a date-time'],
  ['actorId', (v) => v === null || Number.isSafeInteger(v), 'a number or null'],
  ['actor', (v) => typeof v === 'string', 'a text'],
  ['action', (v) => typeof v === 'string', 'a text'],
  ['target', (v) => v === null || typeof v === 'string', 'a text or null'],
  ['details', (v) => v !== undefined, 'present'],
  ['prevHash', (v) => typeof v === 'string' && HEX64.test(v), '64 hex digits'],
  ['hash', (v) => typeof v === 'string' && HEX64.test(v), '64 hex digits'],
];

/** Parses and checks one export: every line an entry, numbered 1, 2, 3 ..., each linked to the one before. */
function readChain(file, name) {
  const tag = name ? `${name}: ` : '';
  const entries = [];
  let prev = GENESIS;
  for (const { n, text } of linesOf(readText(file), name)) {
    const at = `${tag}BROKEN at line ${n}`;
    if (text.trim() === '') fail(`${at}: an empty line inside the trail`);
    let e;
    try { e = JSON.parse(text); } catch { fail(`${at}: not a JSON entry (the line is damaged or cut off)`); }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) fail(`${at}: not an audit entry`);
    for (const [k, ok, what] of FIELDS) if (!ok(e[k])) fail(`${at}: entry has no valid "${k}" (${what})`);
    const expected = entries.length + 1;
    if (e.seq < expected) fail(`${at}: entry seq ${e.seq} comes after seq ${expected - 1} (REORDERED or repeated)`);
    if (e.seq > expected) fail(`${at}: entry seq ${e.seq} where seq ${expected} was due (entries ${expected}..${e.seq - 1} were removed)`);
    if (e.prevHash !== prev) fail(`${at}: entry seq ${e.seq}: prevHash does not match the previous entry's hash (an entry before it was removed, moved or rewritten)`);
    if (entryHash(e) !== e.hash) fail(`${at}: entry seq ${e.seq} was changed: its hash does not match its content`);
    prev = e.hash;
    entries.push(e);
  }
  return entries;
}

/** "SEQ:HASH" as printed on a document (full hash, or its first 16 hex digits). */
function parseHead(s, where) {
  const m = /^#?(\d+)[:\s]+([0-9a-fA-F]+)$/.exec(String(s).trim());
  if (!m || m[2].length < SHORT || m[2].length > 64) usage(`${where}: expected SEQ:HASH with at least ${SHORT} hex digits, got "${s}"`);
  return { seq: Number(m[1]), hash: m[2].toLowerCase(), where };
}

/** The auditor's witness file: one JSON object per line, {"seq":..,"hash":..,"at":..,"source":..}; heads only. */
function readWitness(file) {
  return linesOf(readText(file), 'witness').map(({ n, text }) => {
    let w;
    try { w = JSON.parse(text); } catch { fail(`witness: BROKEN at line ${n}: not a JSON line (the witness file is damaged)`); }
    if (!w || !Number.isSafeInteger(w.seq) || typeof w.hash !== 'string' || !HEX64.test(w.hash)) fail(`witness: BROKEN at line ${n}: not a head {"seq", "hash"}`);
    return { seq: w.seq, hash: w.hash, where: `witness line ${n}${w.source ? ` (${w.source})` : ''}` };
  });
}

function checkHead(entries, h) {
  const last = entries.length;
  if (h.seq === 0) return;
  if (h.seq > last) fail(`TRUNCATED: ${h.where} records head #${h.seq}, but the trail ends at entry #${last}: entries #${last + 1}..#${h.seq} or later are missing`);
  const e = entries[h.seq - 1];
  if (!e.hash.startsWith(h.hash)) {
    fail(`REWRITTEN: ${h.where} records head #${h.seq} ${h.hash.slice(0, SHORT)}, but entry #${h.seq} of the trail has ${e.hash.slice(0, SHORT)}: the trail was rewritten at or before entry #${h.seq}`);
  }
}

const key = (e) => canon([e.at, e.actorId, e.actor, e.action, e.target, e.details]);
const label = (e) => `#${e.seq} ${e.action} at ${e.at}`;

/** NEW must hold OLD's entries unchanged, in the same places, and may only add after them. */
function compare(older, newer) {
  const common = Math.min(older.length, newer.length);
  for (let i = 0; i < common; i++) {
    if (older[i].hash === newer[i].hash) continue;
    const k = key(older[i]);
    const j = newer.findIndex((e) => key(e) === k);
    if (j >= 0) fail(`REORDERED: OLD's entry ${label(older[i])} is entry #${j + 1} in NEW: the trail was rewritten from entry #${i + 1}`);
    fail(`REWRITTEN: OLD's entry ${label(older[i])} is not in NEW (NEW's #${i + 1} is ${newer[i].action} at ${newer[i].at}): the trail was rewritten from entry #${i + 1}`);
  }
  if (newer.length < older.length) {
    fail(`TRUNCATED: NEW ends at entry #${newer.length}; OLD's entries #${newer.length + 1}..#${older.length} are missing from it`);
  }
}

function main(argv) {
  const heads = [];
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--expect-head') heads.push(parseHead(argv[++i] ?? '', '--expect-head'));
    else if (a.startsWith('--expect-head=')) heads.push(parseHead(a.slice(14), '--expect-head'));
    else if (a === '--witness') { const f = argv[++i]; if (!f) usage('--witness needs a file'); heads.push(...readWitness(f)); }
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length < 1 || files.length > 2) usage('give one export, or an older and a newer export');
  for (const h of heads) if (h.where === '--expect-head') h.where = `the expected head (a document)`;
  if (files.length === 1) {
    const entries = readChain(files[0], '');
    for (const h of heads) checkHead(entries, h);
    const head = entries.at(-1);
    return `OK: ${entries.length} entries, chain head ${head.hash}${heads.length ? `; holds all ${heads.length} expected heads` : ''}`;
  }
  const older = readChain(files[0], 'OLD');
  const newer = readChain(files[1], 'NEW');
  compare(older, newer);
  for (const h of heads) checkHead(newer, h);
  return `OK: NEW extends OLD: OLD's ${older.length} entries unchanged, ${newer.length - older.length} added, chain head #${newer.length} ${newer.at(-1).hash}`;
}

try {
  console.log(main(process.argv.slice(2)));
} catch (err) {
  // Whatever is in the file, the answer is one line, never a stack trace.
  if (err instanceof Finding) { console.log(err.message); process.exit(err.code); }
  console.log(`BROKEN: could not check the file (${err?.message ?? err})`);
  process.exit(1);
}
