import { pipeline, PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

// The ZIP container of an XLSX, read with yauzl (issue 11 §6: a well-kept reader instead of our own central-directory
// parser; it validates file names, local headers, entry bounds and ZIP64). Two things stay ours:
// - the parts are streamed in the order the XLSX reader asks for them (shared strings before worksheets): Excel
//   writes worksheets first, and a reader that follows file order (exceljs's own) copies each worksheet, in clear
//   text, to a temp file until the strings arrive. Member data must never land in a temp file (DESIGN §3);
// - inflating: yauzl hands over the raw bytes and node:zlib inflates them here, so a damaged deflate stream ends the
//   part's stream with an error (exceljs's unzip never settled on one: the import hung), and the progress callback
//   counts the file's own bytes.

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** yauzl's entry and the open archive it belongs to. */
  entry: yauzl.Entry;
  zip: yauzl.ZipFile;
}

export class NotAZipError extends Error {}

/** Every entry of the archive; the archive stays open for `openEntry` until `closeZip`. */
export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err) reject(new NotAZipError(err.message));
      else resolve(z);
    });
  });
  try {
    return await new Promise<ZipEntry[]>((resolve, reject) => {
      const found: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        found.push({ name: entry.fileName, method: entry.compressionMethod, compressedSize: entry.compressedSize, entry, zip });
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', (err: Error) => reject(new NotAZipError(err.message)));
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** Closes the archive the entries came from (their open streams end with it). */
export function closeZip(entries: Iterable<ZipEntry>): void {
  for (const e of entries) {
    if (e.zip.isOpen) e.zip.close();
    return;
  }
}

/** The entry's uncompressed bytes as a stream; a damaged entry ends the stream with an error. */
export async function openEntry(_path: string, entry: ZipEntry, onBytes?: (chunk: Buffer) => void): Promise<Readable> {
  const out = new PassThrough();
  if (entry.compressedSize === 0) {
    out.end();
    return out;
  }
  if (entry.method !== 0 && entry.method !== 8) throw new NotAZipError(`compression method ${entry.method}`);
  const raw = await new Promise<Readable>((resolve, reject) => {
    entry.zip.openReadStream(entry.entry, { decompress: false }, (err, stream) => {
      if (err) reject(new NotAZipError(err.message));
      else resolve(stream);
    });
  });
  if (onBytes) raw.on('data', (c) => onBytes(c as Buffer));
  if (entry.method === 0) pipeline(raw, out, () => {});
  else pipeline(raw, createInflateRaw(), out, () => {});
  return out;
}
