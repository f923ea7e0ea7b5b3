import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FIELD_CAP } from './csv-reader.ts';
import { closeZip, NotAZipError, openEntry, readZipEntries } from './zip-entries.ts';
import type { ZipEntry } from './zip-entries.ts';
import { ImportFatalError } from './types.ts';
import type { RawRow } from './types.ts';

// exceljs parses the workbook XML (shared strings, rich text, formulas, inline strings); we feed it the parts
// ourselves, strings first, through the part parsers of its streaming WorkbookReader (exceljs 4.4; the
// underscore methods are internal, so an exceljs upgrade must re-run test/unit/members-import/xlsx.test.ts).

interface WorkbookReaderParts {
  sharedStrings?: unknown[];
  workbookRels?: Array<{ Id: string; Target: string }>;
  model?: { sheets?: Array<{ id: number; name: string; rId: string }> };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

export interface XlsxSource {
  path: string;
  entries: Map<string, ZipEntry>;
  totalBytes: number;
  onBytes?: (chunk: Buffer) => void;
  open: Readable[];
}

export async function openXlsxSource(path: string, onBytes?: (chunk: Buffer) => void): Promise<XlsxSource> {
  let list: ZipEntry[];
  try {
    list = await readZipEntries(path);
  } catch (e) {
    if (e instanceof NotAZipError) throw new ImportFatalError({ code: 'import.badXlsx', details: { reason: 'notZip' } });
    throw e;
  }
  const entries = new Map(list.map((e) => [e.name, e]));
  if (!list.some((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))) {
    closeZip(list);
    throw new ImportFatalError({ code: 'import.badXlsx', details: { reason: 'noWorksheet' } });
  }
  const totalBytes = list.reduce((n, e) => n + e.compressedSize, 0);
  const source: XlsxSource = { path, entries, totalBytes, open: [] };
  if (onBytes) source.onBytes = onBytes;
  return source;
}

export function closeXlsxSource(source: XlsxSource): void {
  for (const s of source.open) s.destroy();
  closeZip(source.entries.values());
}

/** Rows of the first sheet in tab order. */
export async function* readXlsxRows(source: XlsxSource, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const part = async (name: string): Promise<Readable | null> => {
    const entry = source.entries.get(name);
    if (!entry) return null;
    const stream = await openEntry(source.path, entry, source.onBytes);
    source.open.push(stream);
    return stream;
  };
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'ignore',
    }) as unknown as WorkbookReaderParts;
    const rels = await part('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const workbook = await part('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(workbook);
    const strings = await part('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(strings)) void _;
    reader.sharedStrings ??= [];

    const sheetName = firstSheetPart(reader, source.entries);
    const sheetStream = (await part(sheetName))!;
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetName)![1]!;
    for (const { value: sheet } of reader._parseWorksheet(sheetStream, sheetNo)) {
      for await (const row of sheet) {
        signal?.throwIfAborted();
        yield toRawRow(row);
      }
    }
  } catch (e) {
    if (e instanceof ImportFatalError) throw e;
    if (signal?.aborted) throw signal.reason;
    throw new ImportFatalError({ code: 'import.badXlsx', details: { reason: 'unreadable' } });
  } finally {
    closeXlsxSource(source);
  }
}

function firstSheetPart(reader: WorkbookReaderParts, entries: Map<string, ZipEntry>): string {
  const first = reader.model?.sheets?.[0];
  const rel = first && reader.workbookRels?.find((r) => r.Id === first.rId);
  if (rel) {
    const name = rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`;
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name) && entries.has(name)) return name;
  }
  const numbered = [...entries.keys()]
    .map((n) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(n))
    .filter((m) => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  return numbered[0]![0];
}

function toRawRow(row: ExcelJS.Row): RawRow {
  // row.values is 1-based and sparse; an array of unknown cell value shapes.
  const values = row.values as unknown[];
  const cells: string[] = [];
  const formulaColumns: number[] = [];
  for (let col = 1; col < values.length; col++) {
    const v = values[col];
    if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) formulaColumns.push(col - 1);
    const s = cellText(v);
    cells.push(s.length > FIELD_CAP ? s.slice(0, FIELD_CAP) : s);
  }
  const raw: RawRow = { rowNumber: row.number, cells };
  if (formulaColumns.length > 0) raw.formulaColumns = formulaColumns;
  return raw;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('result' in o) return cellText(o.result);
    if ('formula' in o || 'sharedFormula' in o) return '';
    if (typeof o.text === 'string' || typeof o.text === 'object') return cellText(o.text);
    if ('error' in o) return '';
  }
  return '';
}
