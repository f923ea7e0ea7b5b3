// The canary member of issue 8's exfiltration checks, and the scanners that look for it: in API responses (deep scan
// of values, including PDFs sent as base64) and in files on disk (raw bytes, in the encodings a leak would use).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../electron/vault/database.ts';
import { prepareMember, type MemberInput } from '../../electron/members/record.ts';
import { MemberWriter } from '../../electron/members/writer.ts';

/** A member whose name, ID and street occur nowhere else, so any sighting of them is a leak. */
export const CANARY: MemberInput = {
  memberId: '9F3A-77104',
  firstName: 'Zyxwvuqñ',
  lastName: 'Canaryđ',
  fullName: 'Zyxwvuqñ Canaryđ',
  address1: '4417 Qwzvbnm Canary Ln',
  address2: '',
  city: 'Garden Grove',
  state: 'CA',
  zip: '92843',
  email: 'zyxwvuq.canary@example.org',
  local: 'Local 42',
  worksite: 'County General',
  shift: 'Day',
  status: 'Active',
  segments: { classification: 'RN' },
};

/**
 * What gives the canary away: the name stem (covers "Zyxwvuqñ", "ZYXWVUQÑ" and the folded search word "zyxwvuqn"),
 * the member ID and the street name. Matching is case-insensitive for responses; the file scan tries upper, lower
 * and as-written forms.
 */
export const CANARY_NEEDLES = ['Zyxwvuq', '9F3A-77104', 'Qwzvbnm'] as const;

/**
 * Issue 11: canaries first, in the middle and last — of the member rows (by row id), of the names (the inspection
 * view's order) and of the ZIPs — so a sweep that reads page 1 or id 1 only cannot pass by luck. `last` is CANARY.
 */
export const CANARY_FIRST: MemberInput = {
  memberId: '0A11-00001', firstName: 'Aaqxjv', lastName: 'Canarỹ', fullName: 'Aaqxjv Canarỹ',
  address1: '12 Jqxvbkst Rd', address2: 'Apt 1', city: 'Agawam', state: 'MA', zip: '01001', email: 'aaqxjv.canary@example.org',
  local: 'Local 42', worksite: 'North Yard', shift: 'Night', status: 'Active', segments: { classification: 'RN' },
};
export const CANARY_MIDDLE: MemberInput = {
  memberId: '5M5M-50505', firstName: 'Mmqxjw', lastName: 'Canarŷ', fullName: 'Mmqxjw Canarŷ',
  address1: '505 Vqjxzkop Ave', address2: '', city: 'Denver', state: 'CO', zip: '80205', email: 'mmqxjw.canary@example.org',
  local: 'Local 7', worksite: 'Eastgate Plant', shift: 'Evening', status: 'Active', segments: { classification: 'Tech' },
};

export type CanaryKey = 'first' | 'middle' | 'last';
/** Each canary with what gives it away: name stem, member ID, street stem. */
export const CANARIES: Record<CanaryKey, { member: MemberInput; needles: readonly string[] }> = {
  first: { member: CANARY_FIRST, needles: ['Aaqxjv', '0A11-00001', 'Jqxvbkst'] },
  middle: { member: CANARY_MIDDLE, needles: ['Mmqxjw', '5M5M-50505', 'Vqjxzkop'] },
  last: { member: CANARY, needles: CANARY_NEEDLES },
};
export const ALL_CANARY_NEEDLES: readonly string[] = Object.values(CANARIES).flatMap((c) => c.needles);
/** Which canary a needle belongs to. */
export const canaryOf = (needle: string): CanaryKey =>
  (Object.keys(CANARIES) as CanaryKey[]).find((k) => CANARIES[k].needles.includes(needle))!;

/** Adds a canary through the same writer as an import; standing 'Active' must already be mapped (seedMembers does). */
export function insertCanary(db: DB, now = new Date('2026-03-01T12:00:00Z'), member: MemberInput = CANARY): number {
  const prepared = prepareMember(member);
  if (!prepared.ok) throw new Error(`the canary ${member.memberId} address does not normalise`);
  db.transaction(() => new MemberWriter(db, { now, source: 'import', actorId: null }).write(prepared.member, true))();
  return (db.prepare('SELECT id FROM members WHERE member_id = ?').get(member.memberId) as { id: number }).id;
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

export type ResponseHit = { path: string; needle: string; via: 'text' | 'pdf' };

const looksBase64 = (s: string): boolean => s.length >= 64 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);

/** Text of a PDF as poppler extracts it (page content is compressed, so raw bytes would hide a name). */
function pdfText(bytes: Buffer): string {
  try {
    return execFileSync('pdftotext', ['-q', '-', '-'], { input: bytes, encoding: 'utf8', maxBuffer: 256 << 20 });
  } catch {
    return '';
  }
}

/**
 * Walks a response value (iteratively: responses may be deep) and reports every string, key or embedded PDF that
 * holds a needle, compared case-insensitively.
 */
export function findInValue(value: unknown, needles: readonly string[]): ResponseHit[] {
  const lower = needles.map((n) => n.toLowerCase());
  const hits: ResponseHit[] = [];
  const check = (text: string, at: string, via: ResponseHit['via']) => {
    const t = text.toLowerCase();
    lower.forEach((n, i) => { if (t.includes(n)) hits.push({ path: at, needle: needles[i]!, via }); });
  };
  const stack: Array<[unknown, string]> = [[value, '$']];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      check(v, at, 'text');
      if (looksBase64(v)) {
        const bytes = Buffer.from(v, 'base64');
        if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') check(pdfText(bytes), at, 'pdf');
        else check(bytes.toString('utf8'), at, 'text');
      }
    } else if (v instanceof Uint8Array) {
      check(Buffer.from(v).toString('utf8'), at, 'text');
    } else if (v !== null && typeof v === 'object') {
      if (seen.has(v)) continue;
      seen.add(v);
      for (const [k, child] of Object.entries(v)) {
        check(k, `${at}.${k}`, 'text');
        stack.push([child, `${at}.${k}`]);
      }
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      check(String(v), at, 'text');
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Files

export type FileHit = { file: string; needle: string; encoding: 'utf8' | 'utf8-nfd' | 'utf16le' | 'utf16be' | 'latin1' };

export type ScanOptions = {
  /** Files to leave out (e.g. printed pieces, which carry names by design). */
  exclude?: (file: string) => boolean;
  /** Only files modified at or after this time (ms since epoch): for shared folders such as os.tmpdir(). */
  since?: number;
  /** Top-level entries of each dir to consider (e.g. only the temp folders this test made). */
  topLevel?: (name: string) => boolean;
};

type Pattern = { needle: string; encoding: FileHit['encoding']; bytes: Buffer };

function patternsFor(needles: readonly string[]): Pattern[] {
  const out: Pattern[] = [];
  const seen = new Set<string>();
  const add = (needle: string, encoding: FileHit['encoding'], bytes: Buffer) => {
    const key = `${encoding}:${bytes.toString('hex')}`;
    if (bytes.length === 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ needle, encoding, bytes });
  };
  for (const needle of needles) {
    for (const form of new Set([needle, needle.toUpperCase(), needle.toLowerCase()])) {
      add(needle, 'utf8', Buffer.from(form.normalize('NFC'), 'utf8'));
      add(needle, 'utf8-nfd', Buffer.from(form.normalize('NFD'), 'utf8'));
      add(needle, 'utf16le', Buffer.from(form, 'utf16le'));
      add(needle, 'utf16be', Buffer.from(form, 'utf16le').swap16());
      if ([...form].every((c) => c.charCodeAt(0) < 256)) add(needle, 'latin1', Buffer.from(form, 'latin1'));
    }
  }
  return out;
}

function* walk(dir: string, opts: ScanOptions, top: boolean): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // vanished or unreadable (another test's folder): nothing of ours
  }
  for (const e of entries) {
    if (top && opts.topLevel && !opts.topLevel(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) yield* walk(p, opts, false);
    else if (e.isFile()) yield p;
  }
}

const CHUNK = 4 << 20;

/** Searches one file's raw bytes in chunks that overlap by the longest pattern, so big files stay cheap. */
function scanFile(file: string, patterns: Pattern[]): Pattern[] {
  const longest = Math.max(...patterns.map((p) => p.bytes.length));
  const found = new Set<Pattern>();
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const buf = Buffer.alloc(CHUNK + longest);
    let carry = 0;
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, carry, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      const view = buf.subarray(0, carry + n);
      for (const p of patterns) if (!found.has(p) && view.includes(p.bytes)) found.add(p);
      carry = Math.min(longest - 1, view.length);
      view.copy(buf, 0, view.length - carry);
    }
  } finally {
    fs.closeSync(fd);
  }
  return [...found];
}

/**
 * Walks `dirs` (files or folders) and reports every file whose raw bytes hold a needle in UTF-8 (NFC or NFD),
 * UTF-16 (LE or BE) or Latin-1, as written, upper- or lower-case. Returns one hit per file × needle × encoding.
 */
export function scanForCanary(dirs: readonly string[], needles: readonly string[], opts: ScanOptions = {}): FileHit[] {
  const patterns = patternsFor(needles);
  const hits: FileHit[] = [];
  for (const d of dirs) {
    let st: fs.Stats;
    try { st = fs.statSync(d); } catch { continue; }
    const files = st.isDirectory() ? walk(d, opts, true) : [d];
    for (const file of files) {
      if (opts.exclude?.(file)) continue;
      if (opts.since !== undefined) {
        try { if (fs.statSync(file).mtimeMs < opts.since) continue; } catch { continue; }
      }
      const seen = new Set<string>();
      for (const p of scanFile(file, patterns)) {
        const key = `${p.needle}|${p.encoding}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({ file, needle: p.needle, encoding: p.encoding });
      }
    }
  }
  return hits;
}
