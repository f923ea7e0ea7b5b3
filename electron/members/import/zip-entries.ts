import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

// Reads a ZIP's central directory (at the end of the file) so the XLSX reader can stream the parts it needs in
// the order it needs them. Why: Excel writes worksheets *before* sharedStrings.xml, and exceljs's streaming
// reader then copies each worksheet, in clear text, to a temp file until the strings arrive. Member data must
// never land in a temp file (DESIGN §3). Also, a damaged deflate stream inside exceljs's own unzip never
// settles (the import would hang); inflating here turns it into an error.

export interface ZipEntry {
  name: string;
  /** Offset of the local header. */
  start: number;
  method: number;
  compressedSize: number;
}

export class NotAZipError extends Error {}

export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new NotAZipError('no end of central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdOffset + cdSize > size) throw new NotAZipError('zip64 or truncated');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const found: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new NotAZipError('bad central directory');
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const start = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (start + compressedSize > cdOffset) throw new NotAZipError('entry outside the archive');
      found.push({ name, start, method, compressedSize });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return found;
  } finally {
    await fh.close();
  }
}

/** The entry's uncompressed bytes as a stream; a damaged entry ends the stream with an error. */
export async function openEntry(path: string, entry: ZipEntry, onBytes?: (chunk: Buffer) => void): Promise<Readable> {
  const fh = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await fh.read(header, 0, 30, entry.start);
  } finally {
    await fh.close();
  }
  if (header.readUInt32LE(0) !== 0x04034b50) throw new NotAZipError('bad local header');
  const dataStart = entry.start + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const out = new PassThrough();
  if (entry.compressedSize === 0) {
    out.end();
    return out;
  }
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  if (onBytes) raw.on('data', (c) => onBytes(c as Buffer));
  if (entry.method === 0) pipeline(raw, out, () => {});
  else if (entry.method === 8) pipeline(raw, createInflateRaw(), out, () => {});
  else throw new NotAZipError(`compression method ${entry.method}`);
  return out;
}
