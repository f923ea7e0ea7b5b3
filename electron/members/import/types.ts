// Shapes shared by the membership-list readers, the validator and the writer that stores the rows.

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252' | 'windows1258';

/** One line as the user sees it in a spreadsheet (the header is row 1). */
export interface RawRow {
  rowNumber: number;
  cells: string[];
  /** CSV only: the parser met a quote it could not close (`unterminated`) or a stray quote after a closed one. */
  quoteProblem?: 'unterminated' | 'stray';
  /** XLSX only: column indexes whose cell held a formula (its cached result is in `cells`). */
  formulaColumns?: number[];
}

/** Column indexes (0-based) into the file's header row. */
export interface ColumnMapping {
  memberId?: number;
  firstName?: number;
  lastName?: number;
  fullName?: number;
  address1?: number;
  address2?: number;
  city?: number;
  state?: number;
  zip?: number;
  email?: number;
  local?: number;
  worksite?: number;
  shift?: number;
  status?: number;
  /** Optional two-digit delivery point (the IMb routing code's last two digits with a ZIP+4). */
  deliveryPoint?: number;
  /** Committee-chosen segment fields: segment name -> column index. */
  segments?: Record<string, number>;
}

export type MappedField = Exclude<keyof ColumnMapping, 'segments'>;

export type DropReason =
  | 'drop.ssn'
  | 'drop.dateOfBirth'
  | 'drop.phone'
  | 'drop.pay'
  | 'drop.gender'
  | 'drop.race'
  | 'drop.notNeeded';

export interface DroppedColumn {
  column: string;
  index: number;
  reason: DropReason;
}

export interface MemberRecord {
  rowNumber: number;
  memberId: string;
  firstName: string;
  lastName: string;
  /** As given, or "first last" when the file has no full-name column. */
  fullName: string;
  address1: string;
  address2: string;
  city: string;
  /** Two-letter USPS code. */
  state: string;
  /** "12345" or "12345-6789" (a leading zero lost by a spreadsheet is restored). */
  zip: string;
  email: string;
  local: string;
  worksite: string;
  shift: string;
  status: string;
  /** Two digits, only with a ZIP+4; absent when the file has no delivery point for the member. */
  deliveryPoint?: string;
  segments: Record<string, string>;
}

export type RowProblemCode =
  | 'row.missingId'
  | 'row.duplicateId'
  | 'row.missingName'
  | 'row.missingAddress'
  | 'row.missingCity'
  | 'row.unknownState'
  | 'row.badZip'
  | 'row.badDeliveryPoint'
  | 'row.deliveryPointWithoutZip4'
  | 'row.raggedRow'
  | 'row.unterminatedQuote'
  | 'row.strayQuote'
  | 'row.fieldTooLong'
  | 'row.badEncoding'
  | 'row.lostLetters'
  | 'row.garbledLetters';

export type RowWarningCode = 'row.formulaCell';

export interface RowProblem {
  row: number;
  code: RowProblemCode;
  field?: string;
  details?: { firstRow?: number; chosenRow?: number };
}

export interface RowWarning {
  row: number;
  code: RowWarningCode;
  field?: string;
}

export type FatalCode =
  | 'import.empty'
  | 'import.headerOnly'
  | 'import.notText'
  | 'import.noIdColumn'
  | 'import.addressColumnUnmapped'
  | 'import.unclosedQuote'
  | 'import.badXlsx'
  | 'import.ssnColumn'
  | 'import.ssnValue'
  | 'import.sensitiveSegment'
  | 'import.tooManyColumns'
  | 'import.fileChanged';

export interface ImportFatal {
  code: FatalCode;
  /** Plain details: column names, row numbers, counts. Never a cell value. */
  details?: { column?: string; columns?: string[]; rows?: number[]; count?: number; reason?: string };
}

export interface ImportReport {
  kind: 'csv' | 'xlsx';
  /** Data rows read (blank lines not counted; the header not counted). */
  rows: number;
  /** Rows yielded as MemberRecords. With `fatal` set, the writer must discard them all. */
  valid: number;
  /** First MAX_LISTED_PROBLEMS problems; `problemCounts` has the totals. */
  problems: RowProblem[];
  problemCounts: Partial<Record<RowProblemCode, number>>;
  /** Rows with at least one problem (each is skipped). */
  rowsWithProblems: number;
  /** Member IDs found on more than one row: exact, however many problems are listed. */
  duplicateIdGroups: number;
  problemsTruncated: boolean;
  dropped: DroppedColumn[];
  warnings: RowWarning[];
  warningsTruncated: boolean;
  fatal?: ImportFatal;
  mapping: ColumnMapping;
  encoding: Encoding | null;
  delimiter: string | null;
  headers: string[];
  /** Distinct status values among valid rows and their counts, for the committee's good-standing mapping. */
  statusValues: Record<string, number>;
  statusValuesTruncated: boolean;
  /**
   * SHA-256 of the bytes read (the whole file for CSV; for XLSX the workbook parts read). A writer doing two
   * passes (validate, then confirm & write) passes it back as `expectSha256`: if the file changed in between,
   * the second pass ends with fatal `import.fileChanged` and the writer rolls back.
   */
  sourceSha256: string | null;
  /** Bytes read. */
  bytes: number;
}

export type ImportItem = { kind: 'member'; member: MemberRecord } | { kind: 'report'; report: ImportReport };

/** Thrown inside the readers for file-level failures; the orchestrator turns it into `report.fatal`. */
export class ImportFatalError extends Error {
  readonly fatal: ImportFatal;
  constructor(fatal: ImportFatal) {
    super(fatal.code);
    this.fatal = fatal;
  }
}

export const MAX_FIELD_CHARS = 200;
export const MAX_LISTED_PROBLEMS = 10_000;
export const MAX_LISTED_WARNINGS = 1_000;
export const MAX_SSN_ROWS_LISTED = 20;
