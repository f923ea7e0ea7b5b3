// Synthetic members for tests and benchmarks: realistic names (Vietnamese, Spanish and others, every diacritic),
// real-looking US addresses, locals/worksites/shifts, about 5 % not in good standing. Deterministic from a seed.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { DB } from '../../electron/vault/database.ts';
import { checkpointOnThread, type CheckpointResult } from '../../electron/vault/checkpoint.ts';
import { prepareMember, type MemberInput } from '../../electron/members/record.ts';
import { IMPORT_CACHE_SIZE, MemberWriter } from '../../electron/members/writer.ts';
import { readStandingMap, setStandingRow } from '../../electron/members/standing.ts';
import { previewMemberFile } from '../../electron/members/import/index.ts';
import type { ColumnMapping } from '../../electron/members/import/types.ts';
import { validatePass, type ValidationPass } from '../../electron/members/validate.ts';
import { commitPass, type CommitCounts } from '../../electron/members/commit.ts';
import { prng } from './prng.ts';
export { prng };


const VI_LAST = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const VI_MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Quốc'];
const VI_GIVEN = ['Hương', 'Đức', 'Anh', 'Lan', 'Tuấn', 'Hải', 'Phương', 'Thảo', 'Dũng', 'Hùng', 'Linh', 'Mai', 'Quang', 'Trung', 'Nhung', 'Khoa'];
const ES_FIRST = ['José', 'María', 'Guadalupe', 'Jesús', 'Sofía', 'Ángel', 'Andrés', 'Inés', 'Raúl', 'Begoña', 'Joaquín', 'Ramón', 'Lucía', 'Héctor', 'Verónica'];
const ES_LAST = ['Muñoz', 'Peña', 'García', 'Hernández', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Núñez', 'Ibáñez', 'Gómez', 'Díaz', 'Castañeda'];
const OTHER_FIRST = ['James', 'Mary', 'Zoë', 'Søren', 'Łukasz', 'Chloé', 'Björn', 'Aisha', 'Chinedu', 'Min-jun', 'Wei', 'Priya', 'François', 'Siobhán', 'Dmitri', 'Keisha'];
const OTHER_LAST = ['Smith', 'Johnson', "O'Brien", 'Kowalski', 'Nowak', 'Müller', 'Schröder', 'Okafor', 'Adeyemi', 'Kim', 'Chen', 'Singh', 'Patel', 'Dvořák', 'Washington', 'Nakamura'];

const STREETS = ['Main', 'Oak', 'Maple', 'Washington', 'Lincoln', 'Bolsa', 'Brookhurst', 'Cesar Chavez', 'Martin Luther King Jr', 'Park', 'Lake', 'Hillcrest', 'Sunset', 'Magnolia', 'Dorchester', 'Westminster', 'Beach', 'Mission', 'Jefferson', 'Elm'];
const SUFFIXES = ['St', 'Street', 'Ave', 'Avenue', 'Blvd', 'Boulevard', 'Rd', 'Road', 'Dr', 'Drive', 'Ln', 'Lane', 'Ct', 'Way', 'Pl', 'Terrace'];
const DIRS = ['', '', '', '', 'N', 'S', 'E', 'W', 'North', 'SW'];
const UNITS = ['Apt 4B', 'Apt. 12', 'Unit 7', '# 210', 'Suite 300', 'Apt 1-A', 'Unit B', 'Trlr 14'];

/** Cities with their state and a few real ZIP5 ranges (first, last). */
const CITIES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['San José', 'CA', 95110, 95139], ['Garden Grove', 'CA', 92840, 92845], ['Westminster', 'CA', 92683, 92685],
  ['Los Angeles', 'CA', 90001, 90089], ['Houston', 'TX', 77001, 77099], ['El Paso', 'TX', 79901, 79938],
  ['Chicago', 'IL', 60601, 60661], ['Boston', 'MA', 2108, 2137], ['Dorchester', 'MA', 2121, 2125],
  ['Newark', 'NJ', 7102, 7114], ['Miami', 'FL', 33125, 33199], ['Phoenix', 'AZ', 85003, 85054],
  ['Seattle', 'WA', 98101, 98199], ['New Orleans', 'LA', 70112, 70131], ['Atlanta', 'GA', 30303, 30350],
  ['Denver', 'CO', 80202, 80239], ['Brooklyn', 'NY', 11201, 11239], ['Philadelphia', 'PA', 19102, 19154],
  ['Springfield', 'MA', 1101, 1129], ['Hartford', 'CT', 6101, 6120],
];
const LOCALS = ['Local 42', 'Local 1199', 'Local 7', 'Local 250', 'Local 87', 'Local 1000', 'Local 3', 'Local 615'];
const WORKSITES = ["St. Mary's Hospital", 'County General', 'Riverside Clinic', 'Westside Warehouse', 'Port Terminal 3',
  'Harbor Medical Center', 'Sunrise Care Home', 'North Yard', 'City Hall Annex', 'Mission Bay Campus', 'Eastgate Plant',
  'Valley Distribution', 'Lakeview School District', 'Central Kitchen', 'Airport Concourse B', 'Fairview Nursing'];
const SHIFTS = ['Day', 'Evening', 'Night'];
const CLASSES = ['RN', 'LPN', 'CNA', 'Tech', 'Clerical', 'Dietary', 'Environmental'];

/** Status values as the union office writes them, and how the committee reads them. */
export const SYNTHETIC_STANDING: Record<string, boolean> = { Active: true, 'Good Standing': true, Suspended: false, 'In Arrears': false };

export type SyntheticMember = MemberInput & { phone: string; dateOfBirth: string };

export type SyntheticOptions = {
  seed?: number;
  /** First member number (member IDs are `String(firstId + i)`). */
  firstId?: number;
  /** Share not in good standing (default 0.05). */
  notGoodShare?: number;
  /** Include the "classification" segment field. */
  segments?: boolean;
};

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** Member number i of a synthetic list (0-based), the same for the same seed. */
export function* syntheticMembers(count: number, opts: SyntheticOptions = {}): Generator<SyntheticMember> {
  const rnd = prng(opts.seed ?? 1);
  const firstId = opts.firstId ?? 100_001;
  const notGood = opts.notGoodShare ?? 0.05;
  for (let i = 0; i < count; i++) {
    const kind = rnd();
    let firstName: string;
    let lastName: string;
    if (kind < 0.35) {
      lastName = pick(rnd, VI_LAST);
      firstName = `${pick(rnd, VI_MIDDLE)} ${pick(rnd, VI_GIVEN)}`;
    } else if (kind < 0.7) {
      firstName = pick(rnd, ES_FIRST);
      lastName = rnd() < 0.5 ? `${pick(rnd, ES_LAST)} ${pick(rnd, ES_LAST)}` : pick(rnd, ES_LAST);
    } else {
      firstName = pick(rnd, OTHER_FIRST);
      lastName = pick(rnd, OTHER_LAST);
    }
    const [city, state, zlo, zhi] = pick(rnd, CITIES);
    const zip5 = String(zlo + Math.floor(rnd() * (zhi - zlo + 1))).padStart(5, '0');
    const zip = rnd() < 0.3 ? `${zip5}-${String(Math.floor(rnd() * 10000)).padStart(4, '0')}` : zip5;
    const dir = pick(rnd, DIRS);
    const street = `${1 + Math.floor(rnd() * 19999)} ${dir ? `${dir} ` : ''}${pick(rnd, STREETS)} ${pick(rnd, SUFFIXES)}`;
    const u = rnd();
    const unit = u < 0.25 ? pick(rnd, UNITS) : '';
    const unitInLine1 = u < 0.08;
    const r = rnd();
    const status = r < notGood * 0.6 ? 'Suspended' : r < notGood ? 'In Arrears' : r < 0.5 ? 'Active' : 'Good Standing';
    const asciiFirst = firstName.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z]/g, '').toLowerCase();
    const asciiLast = lastName.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z]/g, '').toLowerCase();
    const id = firstId + i;
    yield {
      memberId: String(id),
      firstName,
      lastName,
      fullName: `${firstName} ${lastName}`,
      address1: unitInLine1 ? `${street} ${unit}` : street,
      address2: unitInLine1 ? '' : unit,
      city,
      state,
      zip,
      email: rnd() < 0.6 ? `${asciiFirst}.${asciiLast}${id % 1000}@example.org` : '',
      local: pick(rnd, LOCALS),
      worksite: pick(rnd, WORKSITES),
      shift: pick(rnd, SHIFTS),
      status,
      segments: opts.segments === false ? {} : { classification: pick(rnd, CLASSES) },
      phone: `(${200 + Math.floor(rnd() * 700)}) 555-${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`,
      dateOfBirth: `19${50 + Math.floor(rnd() * 50)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
    };
  }
}

export type SeedOptions = SyntheticOptions & { now?: Date };

/**
 * Inserts `count` synthetic members through the real writer (same normalisation as an import), in one transaction,
 * with the committee's standing map for the synthetic status values. Returns how many were written.
 */
export function seedMembers(db: DB, count: number, opts: SeedOptions = {}): number {
  const now = opts.now ?? new Date('2026-03-01T12:00:00Z');
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size=${IMPORT_CACHE_SIZE}`);
  const write = db.transaction(() => {
    for (const [status, good] of Object.entries(SYNTHETIC_STANDING)) setStandingRow(db, status, good, now);
    const writer = new MemberWriter(db, { now, source: 'import', actorId: null });
    let n = 0;
    for (const m of syntheticMembers(count, opts)) {
      const prepared = prepareMember(m);
      if (!prepared.ok) throw new Error(`synthetic member ${m.memberId} has an unusable address`);
      writer.write(prepared.member, SYNTHETIC_STANDING[m.status] ?? true);
      n++;
    }
    return n;
  });
  try {
    return write();
  } finally {
    db.pragma(`cache_size=${cache}`);
  }
}

/** The union office's export format: the columns LitDesk keeps, plus some it must drop (phone, date of birth). */
export const OFFICE_HEADER = [
  'Member ID', 'First Name', 'Last Name', 'Address 1', 'Address 2', 'City', 'State', 'Zip', 'Email', 'Phone',
  'Date of Birth', 'Local', 'Worksite', 'Shift', 'Status', 'Classification',
];

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function officeRow(m: SyntheticMember): string[] {
  return [m.memberId, m.firstName, m.lastName, m.address1, m.address2, m.city, m.state, m.zip, m.email, m.phone,
    m.dateOfBirth, m.local, m.worksite, m.shift, m.status, m.segments.classification ?? ''];
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(cell).join(',');
}

/** A whole list as CSV text (CRLF lines, as office exports write them). For small lists; see writeSyntheticMemberCsv. */
export function syntheticMemberCsv(count: number, opts: SyntheticOptions & { bom?: boolean } = {}): string {
  return membersCsv([...syntheticMembers(count, opts)], opts);
}

/** CSV text of given members in the office format. */
export function membersCsv(members: readonly SyntheticMember[], opts: { bom?: boolean } = {}): string {
  const lines = [csvLine(OFFICE_HEADER), ...members.map((m) => csvLine(officeRow(m)))];
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Streams a synthetic list to a file without holding it in memory (a million rows is about 170 MB). */
export async function writeSyntheticMemberCsv(file: string, count: number, opts: SyntheticOptions = {}): Promise<string> {
  const out = createWriteStream(file);
  let buf = `${csvLine(OFFICE_HEADER)}\r\n`;
  for (const m of syntheticMembers(count, opts)) {
    buf += `${csvLine(officeRow(m))}\r\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return file;
}

/**
 * The app's import steps (preview mapping + the committee's classification column, validate, standing map,
 * commit in one transaction) called directly on a database: for benchmarks and property tests that need many
 * stores quickly. The commands do the same plus grants, audit and progress.
 */
export async function importFileDirect(
  db: DB, file: string, opts: {
    mapping?: ColumnMapping; standing?: Record<string, boolean>; skipInvalid?: boolean; now?: Date;
    /** As the app does (members.importCommit): no checkpoint in the commit, then one on a thread of its own for this file. */
    checkpoint?: { file: string; key: Buffer | null };
  } = {},
): Promise<{ validation: ValidationPass; counts: CommitCounts; validateMs: number; commitMs: number; checkpoint: Promise<CheckpointResult | null> | null }> {
  const t0 = performance.now();
  const preview = await previewMemberFile(file);
  const mapping: ColumnMapping = opts.mapping ?? { ...preview.mapping, segments: { classification: OFFICE_HEADER.indexOf('Classification') } };
  const signal = new AbortController().signal;
  const onProgress = () => {};
  const validation = await validatePass(db, file, { mapping, signal, onProgress, standing: readStandingMap(db) });
  if (validation.report.fatal) throw new Error(`file refused: ${validation.report.fatal.code}`);
  const t1 = performance.now();
  const now = opts.now ?? new Date('2026-03-01T12:00:00Z');
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const [status, good] of Object.entries(opts.standing ?? SYNTHETIC_STANDING)) setStandingRow(db, status, good, now);
    const r = validation.report;
    const counts = await commitPass(db, {
      token: 'direct', userId: 1, path: file, encoding: undefined, mapping, sha256: r.sourceSha256 ?? '', rows: r.rows,
      valid: r.valid, invalidRows: r.rowsWithProblems + validation.addressProblemCount, statuses: Object.keys(r.statusValues), fatal: false,
      activeBefore: 0, noLongerOnList: validation.diff.noLongerOnList, prepared: validation.prepared,
    }, {
      signal, onProgress, standing: readStandingMap(db), now, actorId: 1, skipInvalid: opts.skipInvalid ?? true,
      confirmNoLongerOnList: validation.diff.noLongerOnList,
    });
    const auto = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    if (opts.checkpoint) db.pragma('wal_autocheckpoint=0');
    try {
      db.exec('COMMIT');
    } finally {
      db.pragma(`wal_autocheckpoint=${auto}`);
    }
    const commitMs = performance.now() - t1;
    const checkpoint = opts.checkpoint ? checkpointOnThread(opts.checkpoint.file, opts.checkpoint.key) : null;
    return { validation, counts, validateMs: t1 - t0, commitMs, checkpoint };
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * The name search index as (word, member row) pairs, ordered: FTS5 keeps no table of them to read (the index is
 * contentless), its vocabulary table lists them (a temp table, in memory).
 */
export function searchEntries(db: DB): Array<{ word: string; member_row: number }> {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.member_search_terms USING fts5vocab(main, member_search_fts, instance)');
  return db.prepare('SELECT term AS word, doc AS member_row FROM temp.member_search_terms ORDER BY 1, 2').all() as Array<{ word: string; member_row: number }>;
}
