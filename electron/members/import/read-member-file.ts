import { sensitiveName, sensitiveValue } from '../../../shared/domain/sensitive-column.ts';
import { MAX_FIELDS } from './csv-reader.ts';
import { columnName, droppedColumns, guessMapping, looksLikeAddressPart, missingFields, unmappedAddressColumns } from './mapping.ts';
import { openRows } from './open-rows.ts';
import type { OpenOptions, RowSource } from './open-rows.ts';
import { looksLikeSsnHeader, looksLikeSsnValue, maskSsnLike } from './ssn.ts';
import { cleanText, isBlankRow, validateRow } from './validate-row.ts';
import {
  ImportFatalError,
  MAX_LISTED_PROBLEMS,
  MAX_LISTED_WARNINGS,
  MAX_SSN_ROWS_LISTED,
} from './types.ts';
import type {
  ColumnMapping,
  DroppedColumn,
  Encoding,
  ImportFatal,
  ImportItem,
  ImportReport,
  MappedField,
  RawRow,
} from './types.ts';

export interface ReadMemberOptions extends OpenOptions {
  /** The committee's mapping from the preview screen; guessed from the headers when absent. */
  mapping?: ColumnMapping;
  /** From a first pass's report: the second pass ends in `import.fileChanged` if the bytes differ. */
  expectSha256?: string;
  /** Columns that look like part of an address but that the committee says are not part of the mailing address. */
  notAddress?: number[];
  /**
   * Rows the committee chose among rows sharing a member ID (issue 16 §2): the chosen row is read, the others are
   * `row.duplicateId` problems naming it (`details.chosenRow`). IDs without a choice keep their first row.
   */
  keep?: ReadonlyArray<{ memberId: string; row: number }>;
}

const MAX_STATUS_VALUES = 200;

/**
 * Streams a membership file: yields `{ kind: 'member' }` for each valid row as it is read, then exactly one
 * `{ kind: 'report' }`. Contract for the writer:
 *  - one pass: write members inside a transaction as they come; commit only if the report has no `fatal`
 *    (an SSN found on row 900,000 arrives after earlier members were yielded) and the staff confirmed;
 *  - two passes: run once to show the report (discard members), then again with `expectSha256`
 *    set to `report.sourceSha256`, writing members; the same file gives the same members.
 * Duplicate IDs: the first row with an ID is kept, later rows are problems naming it (`details.firstRow`), unless
 * `keep` names the row the committee chose for that ID.
 * Aborting (`signal`) throws the signal's reason; nothing more is yielded.
 */
export async function* readMemberFile(path: string, opts: ReadMemberOptions = {}): AsyncGenerator<ImportItem> {
  const report = emptyReport();
  let source: RowSource | null = null;
  try {
    try {
      source = await openRows(path, opts);
    } catch (e) {
      if (e instanceof ImportFatalError) {
        report.fatal = e.fatal;
        yield { kind: 'report', report };
        return;
      }
      throw e;
    }
    report.kind = source.kind;
    report.encoding = source.encoding;
    report.delimiter = source.delimiter;
    yield* validateRows(source, opts, report);
  } finally {
    source?.close();
  }
}

async function* validateRows(source: RowSource, opts: ReadMemberOptions, report: ImportReport): AsyncGenerator<ImportItem> {
  const finish = (fatal?: ImportFatal): ImportItem => {
    if (fatal) report.fatal = fatal;
    report.bytes = source.bytesRead();
    return { kind: 'report', report };
  };
  try {
    const header = await nextNonBlank(source.rows);
    if (!header) return yield finish({ code: 'import.empty' });
    const headers = cleanHeaders(header.cells);
    report.headers = headers;
    const headerFatal = checkHeaders(headers);
    if (headerFatal) return yield finish(headerFatal);

    const mapping = opts.mapping ?? guessMapping(headers);
    checkMapping(mapping, headers.length);
    report.mapping = mapping;
    const segmentFatal = sensitiveSegmentMapping(mapping, headers);
    if (segmentFatal) return yield finish(segmentFatal);
    const segmentCols = Object.values(mapping.segments ?? {});
    const sensitiveRows: number[] = [];
    const sensitiveColumns = new Map<string, string>();
    report.dropped = droppedColumns(headers, mapping);
    if (mapping.memberId === undefined) return yield finish({ code: 'import.noIdColumn' });
    // An unused "Apt/Ste" column would drop every apartment number: refuse until it is mapped or explained.
    const unmappedAddress = unmappedAddressColumns(headers, mapping, opts.notAddress);
    if (unmappedAddress.length > 0) {
      const columns = unmappedAddress.map((i) => columnName(headers, i));
      return yield finish({ code: 'import.addressColumnUnmapped', details: { column: columns[0]!, columns } });
    }

    const idCol = mapping.memberId;
    const bareNineAllowed = new Set([idCol, mapping.zip].filter((c): c is number => c !== undefined));
    const firstRowById = new Map<string | number, number>();
    const duplicateKeys = new Set<string | number>();
    const chosenById = new Map<string | number, number>((opts.keep ?? []).map((k) => [idKey(cleanText(k.memberId)), k.row]));
    const ssnRows: number[] = [];
    const ssnColumns = new Set<string>();
    let ssnCount = 0;

    for await (const raw of source.rows) {
      if (isBlankRow(raw.cells)) continue;
      report.rows++;
      // A spreadsheet stores no trailing empty cells; that is not a ragged row.
      if (source.kind === 'xlsx') while (raw.cells.length < headers.length) raw.cells.push('');

      let ssnHere = false;
      raw.cells.forEach((cell, col) => {
        if (looksLikeSsnValue(cell, bareNineAllowed.has(col))) {
          ssnHere = true;
          ssnColumns.add(columnName(headers, col));
        }
      });
      if (ssnHere) {
        ssnCount++;
        if (ssnRows.length < MAX_SSN_ROWS_LISTED) ssnRows.push(raw.rowNumber);
      }
      // Once an SSN is seen the import cannot go ahead: keep scanning only to list the rows.
      if (ssnCount > 0) continue;
      for (const col of segmentCols) {
        const kind = sensitiveValue(raw.cells[col] ?? '');
        if (!kind) continue;
        if (sensitiveRows.length < MAX_SSN_ROWS_LISTED && !sensitiveRows.includes(raw.rowNumber)) sensitiveRows.push(raw.rowNumber);
        sensitiveColumns.set(columnName(headers, col), kind);
      }

      const outcome = validateRow(raw, headers.length, mapping);
      for (const w of outcome.warnings) {
        if (report.warnings.length < MAX_LISTED_WARNINGS) report.warnings.push(w);
        else report.warningsTruncated = true;
      }
      const problems = outcome.problems;
      const structural = problems.some((p) => p.code === 'row.raggedRow' || p.code === 'row.unterminatedQuote');
      if (!structural) {
        const id = cleanText(raw.cells[idCol] ?? '');
        if (id !== '') {
          const key = idKey(id);
          const chosenRow = chosenById.get(key);
          const firstRow = firstRowById.get(key);
          if (firstRow === undefined) firstRowById.set(key, raw.rowNumber);
          if (chosenRow !== undefined) {
            if (chosenRow !== raw.rowNumber) problems.push({ row: raw.rowNumber, code: 'row.duplicateId', field: 'memberId', details: { firstRow: firstRow ?? raw.rowNumber, chosenRow } });
          } else if (firstRow !== undefined) {
            problems.push({ row: raw.rowNumber, code: 'row.duplicateId', field: 'memberId', details: { firstRow } });
          }
          // Counted once per member ID, so the check can say how many IDs are on more than one row in all.
          if (problems.some((p) => p.code === 'row.duplicateId') && !duplicateKeys.has(key)) {
            duplicateKeys.add(key);
            report.duplicateIdGroups++;
          }
        }
      }
      if (problems.length > 0) {
        report.rowsWithProblems++;
        for (const p of problems) {
          report.problemCounts[p.code] = (report.problemCounts[p.code] ?? 0) + 1;
          if (report.problems.length < MAX_LISTED_PROBLEMS) report.problems.push(p);
          else report.problemsTruncated = true;
        }
        continue;
      }
      const member = outcome.member!;
      countStatus(report, member.status);
      report.valid++;
      yield { kind: 'member', member };
    }

    report.sourceSha256 = source.sha256();
    if (ssnCount > 0) {
      return yield finish({ code: 'import.ssnValue', details: { rows: ssnRows, count: ssnCount, columns: [...ssnColumns] } });
    }
    if (sensitiveColumns.size > 0) {
      // A custom segment's values are offered to candidates: contact details, birth dates or pay never become one.
      const [column, reason] = [...sensitiveColumns][0]!;
      return yield finish({ code: 'import.sensitiveSegment', details: { column, columns: [...sensitiveColumns.keys()], reason, rows: sensitiveRows } });
    }
    if (report.rows === 0) return yield finish({ code: 'import.headerOnly' });
    if (opts.expectSha256 !== undefined && opts.expectSha256 !== report.sourceSha256) {
      return yield finish({ code: 'import.fileChanged' });
    }
    return yield finish();
  } catch (e) {
    if (e instanceof ImportFatalError) return yield finish(e.fatal);
    throw e;
  }
}

/** Numeric IDs without a leading zero are kept as numbers: about half the memory of a string key per member. */
function idKey(id: string): string | number {
  return id.length <= 15 && /^[1-9]\d*$/.test(id) ? Number(id) : id;
}

function countStatus(report: ImportReport, status: string): void {
  const values = report.statusValues;
  if (status in values) values[status]!++;
  else if (Object.keys(values).length < MAX_STATUS_VALUES) values[status] = 1;
  else report.statusValuesTruncated = true;
}

async function nextNonBlank(rows: AsyncGenerator<RawRow>): Promise<RawRow | null> {
  for (;;) {
    const next = await rows.next();
    if (next.done) return null;
    if (!isBlankRow(next.value.cells)) return next.value;
  }
}

function cleanHeaders(cells: readonly string[]): string[] {
  const headers = cells.map((c) => c.replace(/^\uFEFF/, '').normalize('NFC').trim());
  // A trailing delimiter on the header line makes empty header cells; keep positions, drop the tail.
  while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop();
  return headers;
}

function checkHeaders(headers: readonly string[]): ImportFatal | null {
  const ssn = headers.map((h, i) => (looksLikeSsnHeader(h) ? columnName(headers, i) : null)).filter((x) => x !== null);
  if (ssn.length > 0) return { code: 'import.ssnColumn', details: { column: ssn[0]!, columns: ssn } };
  if (headers.length >= MAX_FIELDS) return { code: 'import.tooManyColumns', details: { count: headers.length } };
  return null;
}

/** A segment whose name or source column is named like email, phone, birth date, SSN or pay is refused outright. */
export function sensitiveSegmentMapping(mapping: ColumnMapping, headers: readonly string[]): ImportFatal | null {
  for (const [name, col] of Object.entries(mapping.segments ?? {})) {
    const kind = sensitiveName(name) ?? sensitiveName(headers[col] ?? '');
    if (kind) return { code: 'import.sensitiveSegment', details: { column: columnName(headers, col), reason: kind } };
    if (col === mapping.email) return { code: 'import.sensitiveSegment', details: { column: columnName(headers, col), reason: 'email' } };
  }
  return null;
}

function checkMapping(mapping: ColumnMapping, width: number): void {
  const cols = [
    ...Object.entries(mapping).filter(([k]) => k !== 'segments').map(([, v]) => v as number),
    ...Object.values(mapping.segments ?? {}),
  ];
  for (const c of cols) {
    if (!Number.isInteger(c) || c < 0 || c >= width) throw new RangeError(`mapping column ${c} outside 0..${width - 1}`);
  }
}

function emptyReport(): ImportReport {
  return {
    kind: 'csv',
    rows: 0,
    valid: 0,
    problems: [],
    problemCounts: {},
    rowsWithProblems: 0,
    duplicateIdGroups: 0,
    problemsTruncated: false,
    dropped: [],
    warnings: [],
    warningsTruncated: false,
    mapping: {},
    encoding: null,
    delimiter: null,
    headers: [],
    statusValues: {},
    statusValuesTruncated: false,
    sourceSha256: null,
    bytes: 0,
  };
}

export interface MemberFilePreview {
  kind: 'csv' | 'xlsx' | null;
  encoding: Encoding | null;
  delimiter: string | null;
  headers: string[];
  mapping: ColumnMapping;
  dropped: DroppedColumn[];
  /** Fields the guessed mapping lacks ('name' = no full, first or last name column). */
  missing: Array<MappedField | 'name'>;
  /** Columns whose header looks like a part of a mailing address: each must be mapped or explained. */
  addressLike: number[];
  /** The first data rows, for the mapping screen. SSN-like values are masked (digits shown as bullets). */
  rows: RawRow[];
  /** A file-level problem already visible: the import cannot go ahead as the file stands. */
  fatal?: ImportFatal;
}

export const PREVIEW_ROWS = 20;

export async function previewMemberFile(path: string, opts: OpenOptions = {}): Promise<MemberFilePreview> {
  const preview: MemberFilePreview = {
    kind: null, encoding: null, delimiter: null, headers: [], mapping: {}, dropped: [], missing: [], addressLike: [], rows: [],
  };
  let source: RowSource | null = null;
  try {
    source = await openRows(path, opts);
    Object.assign(preview, { kind: source.kind, encoding: source.encoding, delimiter: source.delimiter });
    const header = await nextNonBlank(source.rows);
    if (!header) return { ...preview, fatal: { code: 'import.empty' } };
    preview.headers = cleanHeaders(header.cells);
    preview.mapping = guessMapping(preview.headers);
    preview.dropped = droppedColumns(preview.headers, preview.mapping);
    preview.missing = missingFields(preview.mapping);
    preview.addressLike = preview.headers.flatMap((h, i) => (looksLikeAddressPart(h) ? [i] : []));
    const headerFatal = checkHeaders(preview.headers);
    if (headerFatal) preview.fatal = headerFatal;

    const bareNineAllowed = new Set([preview.mapping.memberId, preview.mapping.zip].filter((c) => c !== undefined));
    const ssnRows: number[] = [];
    const ssnColumns = new Set<string>();
    for await (const raw of source.rows) {
      if (isBlankRow(raw.cells)) continue;
      raw.cells = raw.cells.map((cell, col) => {
        if (!looksLikeSsnValue(cell, bareNineAllowed.has(col))) return cell;
        if (!ssnRows.includes(raw.rowNumber)) ssnRows.push(raw.rowNumber);
        ssnColumns.add(columnName(preview.headers, col));
        return maskSsnLike(cell);
      });
      preview.rows.push(raw);
      if (preview.rows.length >= PREVIEW_ROWS) break;
    }
    if (!preview.fatal && ssnRows.length > 0) {
      preview.fatal = { code: 'import.ssnValue', details: { rows: ssnRows, count: ssnRows.length, columns: [...ssnColumns] } };
    }
    if (!preview.fatal && preview.rows.length === 0) preview.fatal = { code: 'import.headerOnly' };
    return preview;
  } catch (e) {
    if (e instanceof ImportFatalError) return { ...preview, fatal: e.fatal };
    throw e;
  } finally {
    if (source) {
      await source.rows.return(undefined);
      source.close();
    }
  }
}
