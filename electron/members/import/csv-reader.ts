import Papa from 'papaparse';
import type { Readable } from 'node:stream';
import type { CsvDialect } from './csv-sniff.ts';
import { fieldCapStream } from './field-cap.ts';
import { ImportFatalError, type RawRow } from './types.ts';

/** Characters kept per field: above MAX_FIELD_CHARS so an over-long field is still seen as over-long. */
export const FIELD_CAP = 1024;
/** Fields kept per row: bounds a row of a million commas the same way. */
export const MAX_FIELDS = 512;
/** Rows parsed ahead of the consumer before the source is paused. */
const HIGH_WATER_ROWS = 2048;

/**
 * Rows of a decoded CSV text stream, streamed through papaparse. rowNumber counts records from 1 (the header),
 * blank lines included, so it matches the row a spreadsheet shows even when a quoted field spans lines.
 */
export async function* readCsvRows(text: Readable, dialect: CsvDialect, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const capped = text.pipe(fieldCapStream(dialect, { fieldCap: FIELD_CAP, maxFields: MAX_FIELDS }));
  text.on('error', (e: Error) => capped.destroy(e));

  const queue: RawRow[] = [];
  let finished = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  let recordIndex = 0;

  Papa.parse<string[]>(capped as unknown as File, {
    delimiter: dialect.delimiter,
    newline: dialect.newline,
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    chunk(results) {
      const quoteTrouble = new Map<number, RawRow['quoteProblem']>();
      for (const err of results.errors) {
        // An error may point at the incomplete last row of a chunk; papaparse reports it again when it re-reads it.
        if (err.type !== 'Quotes' || err.row === undefined || err.row >= results.data.length) continue;
        const kind = err.code === 'MissingQuotes' ? 'unterminated' : 'stray';
        if (quoteTrouble.get(err.row) !== 'unterminated') quoteTrouble.set(err.row, kind);
      }
      results.data.forEach((cells, i) => {
        const row: RawRow = { rowNumber: ++recordIndex, cells };
        const q = quoteTrouble.get(i);
        if (q) row.quoteProblem = q;
        queue.push(row);
      });
      if (queue.length >= HIGH_WATER_ROWS) capped.pause();
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(err: Error) {
      failure = err;
      notify();
    },
  });
  signal?.addEventListener('abort', notify, { once: true });
  capped.on('error', (e: Error) => {
    failure = e;
    notify();
  });

  try {
    for (;;) {
      signal?.throwIfAborted();
      if (failure) throw failure;
      const row = queue.shift();
      if (row) {
        yield row;
        continue;
      }
      if (finished) {
        // A quote that never closes turns every later line into one cell: the file cannot be read past it.
        const lines = capped.capper.unclosedQuoteLines();
        if (lines !== null && lines > 0) {
          throw new ImportFatalError({ code: 'import.unclosedQuote', details: { rows: [recordIndex], count: lines } });
        }
        return;
      }
      if (capped.isPaused()) capped.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    if (!finished) {
      text.destroy();
      capped.destroy();
    }
  }
}
