import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { readCsvRows } from './csv-reader.ts';
import { sniffDialect } from './csv-sniff.ts';
import { decodeSample, decodeStream, detectEncoding, looksLikeText } from './encoding.ts';
import { closeXlsxSource, openXlsxSource, readXlsxRows } from './xlsx-reader.ts';
import { ImportFatalError } from './types.ts';
import type { Encoding, RawRow } from './types.ts';

// Opens a membership file as a stream of raw rows, whatever its format, and keeps count of the bytes read
// (progress) and their SHA-256 (so a second pass can prove it read the same file).

const SAMPLE_BYTES = 256 * 1024;

export interface OpenOptions {
  encoding?: Encoding;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface RowSource {
  kind: 'csv' | 'xlsx';
  encoding: Encoding | null;
  delimiter: string | null;
  rows: AsyncGenerator<RawRow>;
  bytesRead(): number;
  sha256(): string;
  /** Releases the file when the caller stops early. */
  close(): void;
}

export async function openRows(path: string, opts: OpenOptions): Promise<RowSource> {
  const fh = await open(path, 'r');
  let size: number;
  let sample: Buffer;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    sample = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (size === 0) throw new ImportFatalError({ code: 'import.empty' });

  const hash = createHash('sha256');
  let bytes = 0;
  const count = (chunk: Buffer, total: number): void => {
    hash.update(chunk);
    bytes += chunk.length;
    opts.onProgress?.(bytes, total);
  };
  const common = { bytesRead: () => bytes, sha256: () => hash.digest('hex') };

  const isZip = sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50;
  const isOle = sample.length >= 8 && sample.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'));
  if (isOle) throw new ImportFatalError({ code: 'import.badXlsx', details: { reason: 'legacyXls' } });
  if (isZip || /\.xlsx$/i.test(path)) {
    if (!isZip) throw new ImportFatalError({ code: 'import.badXlsx', details: { reason: 'notZip' } });
    let total = 0;
    const source = await openXlsxSource(path, (chunk) => count(chunk, total));
    total = source.totalBytes;
    const close = (): void => closeXlsxSource(source);
    return { kind: 'xlsx', encoding: null, delimiter: null, rows: readXlsxRows(source, opts.signal), close, ...common };
  }

  const encoding = opts.encoding ?? detectEncoding(sample);
  const text = decodeSample(sample, encoding);
  if (!looksLikeText(text)) throw new ImportFatalError({ code: 'import.notText' });
  if (size <= SAMPLE_BYTES && text.trim() === '') throw new ImportFatalError({ code: 'import.empty' });
  const dialect = sniffDialect(text);

  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  file.on('data', (chunk) => count(chunk as Buffer, size));
  const decoded = file.pipe(decodeStream(encoding));
  file.on('error', (e) => decoded.destroy(e));
  const close = (): void => {
    file.destroy();
    decoded.destroy();
  };
  const rows = readCsvRows(decoded, dialect, opts.signal);
  return { kind: 'csv', encoding, delimiter: dialect.delimiter, rows, close, ...common };
}
