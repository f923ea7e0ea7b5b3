import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';

const HEADER = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
const OBJSTM_MAX = 200;

/**
 * A PDF written front to back straight to a file descriptor, with its cross-reference built from recorded offsets.
 * Per-piece objects never become JS object graphs (pdf-lib's model plus its writer and the garbage they make were
 * the measured limit): each is a short string copied into a 1 MB buffer. The SHA-256 is computed on the way out.
 */
export class PdfFile {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private pos = 0;
  private readonly hash: Hash = createHash('sha256');
  private next = 1;
  /** Offset of each object (type 1), or the object-stream number holding it (type 2, see `inStream`). */
  private where = new Float64Array(1024);
  private inStream = new Int32Array(1024);
  private readonly objectStreams: boolean;
  private pendingNums: number[] = [];
  private pendingBodies: string[] = [];

  /** In memory (fd -1): the chunks written, for a batch that is sealed before it touches the disk. */
  private readonly chunks: Buffer[] | null;

  constructor(fd: number, objectStreams: boolean) {
    this.fd = fd;
    this.chunks = fd < 0 ? [] : null;
    this.objectStreams = objectStreams;
    this.write(HEADER);
  }

  static open(path: string, objectStreams: boolean): PdfFile {
    // Print files hold members' names and addresses: readable by this OS user only (issue 12 §7).
    return new PdfFile(openSync(path, 'w', 0o600), objectStreams);
  }

  /** A PDF kept in memory: `finish()` then `bytes()`. Nothing of it is written to a file. */
  static inMemory(objectStreams: boolean): PdfFile {
    return new PdfFile(-1, objectStreams);
  }

  /** The whole file written in memory (after `finish`). */
  bytes(): Buffer {
    if (!this.chunks) throw new Error('internal: not an in-memory PDF');
    return Buffer.concat(this.chunks);
  }

  get position(): number {
    return this.pos;
  }

  alloc(): number {
    const n = this.next++;
    if (n >= this.where.length) {
      const w = new Float64Array(this.where.length * 2);
      w.set(this.where);
      this.where = w;
      const s = new Int32Array(this.inStream.length * 2);
      s.set(this.inStream);
      this.inStream = s;
    }
    this.where[n] = -1;
    this.inStream[n] = -1;
    return n;
  }

  write(s: string): void {
    if (s.length > this.buf.length - this.used) {
      this.flush();
      if (s.length > this.buf.length) {
        this.emit(Buffer.from(s, 'latin1'));
        return;
      }
    }
    this.used += this.buf.write(s, this.used, 'latin1');
    this.pos += s.length;
  }

  writeBytes(b: Uint8Array): void {
    if (b.length > this.buf.length - this.used) {
      this.flush();
      if (b.length > this.buf.length) {
        this.emit(b);
        return;
      }
    }
    this.buf.set(b, this.used);
    this.used += b.length;
    this.pos += b.length;
  }

  /** Bytes already serialized (the shared literature objects) holding objects at the given relative offsets. */
  writeSerialized(bytes: Uint8Array, objects: Array<{ num: number; offset: number }>): void {
    const base = this.pos;
    for (const o of objects) {
      if (o.num !== this.next) throw new Error('serialized objects must be numbered 1..K in order');
      this.where[this.alloc()] = base + o.offset;
    }
    this.writeBytes(bytes);
  }

  object(num: number, body: string): void {
    this.where[num] = this.pos;
    this.write(`${num} 0 obj\n${body}\nendobj\n`);
  }

  stream(num: number, data: Uint8Array, dictEntries: string): void {
    this.where[num] = this.pos;
    this.write(`${num} 0 obj\n<<${dictEntries}/Length ${data.length}>>stream\n`);
    this.writeBytes(data);
    this.write('\nendstream\nendobj\n');
  }

  /** A small dictionary that may go into a compressed object stream (when enabled). */
  packed(num: number, body: string): void {
    if (!this.objectStreams) return this.object(num, body);
    this.pendingNums.push(num);
    this.pendingBodies.push(body);
    if (this.pendingNums.length >= OBJSTM_MAX) this.flushObjectStream();
  }

  private flushObjectStream(): void {
    if (this.pendingNums.length === 0) return;
    const stm = this.alloc();
    let header = '';
    let offset = 0;
    for (let i = 0; i < this.pendingNums.length; i++) {
      const num = this.pendingNums[i] as number;
      header += `${num} ${offset} `;
      offset += (this.pendingBodies[i] as string).length + 1;
      this.where[num] = stm;
      this.inStream[num] = i;
    }
    const body = this.pendingBodies.join('\n') + '\n';
    const data = deflateSync(Buffer.from(header + body, 'latin1'));
    this.stream(stm, data, `/Type/ObjStm/N ${this.pendingNums.length}/First ${header.length}/Filter/FlateDecode`);
    this.pendingNums = [];
    this.pendingBodies = [];
  }

  /** Cross-reference and trailer; flushes, fsyncs and closes. Returns the file's size and SHA-256. */
  finish(root: number): { bytes: number; sha256: string } {
    this.flushObjectStream();
    for (let n = 1; n < this.next; n++) {
      if (this.where[n] === -1) throw new Error(`internal: object ${n} allocated but never written`);
    }
    if (this.objectStreams) this.xrefStream(root);
    else this.xrefTable(root);
    this.flush();
    if (!this.chunks) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    return { bytes: this.pos, sha256: this.hash.digest('hex') };
  }

  /** Closes without finishing (the caller deletes the .part file). */
  abandon(): void {
    if (this.chunks) {
      this.chunks.length = 0;
      return;
    }
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  private xrefTable(root: number): void {
    const start = this.pos;
    const size = this.next;
    this.write(`xref\n0 ${size}\n0000000000 65535 f\r\n`);
    let chunk = '';
    for (let n = 1; n < size; n++) {
      chunk += String(this.where[n]).padStart(10, '0') + ' 00000 n\r\n';
      if (chunk.length > 60_000) {
        this.write(chunk);
        chunk = '';
      }
    }
    this.write(chunk);
    this.write(`trailer\n<</Size ${size}/Root ${root} 0 R>>\nstartxref\n${start}\n%%EOF\n`);
  }

  private xrefStream(root: number): void {
    const self = this.alloc();
    const start = this.pos;
    this.where[self] = start;
    const size = this.next;
    const ow = start < 2 ** 32 ? 4 : 6;
    const rowLen = 1 + ow + 2;
    const rows = Buffer.alloc(size * rowLen);
    rows[0] = 0;
    rows.writeUIntBE(0, 1, ow);
    rows.writeUInt16BE(65535, 1 + ow);
    for (let n = 1; n < size; n++) {
      const at = n * rowLen;
      const idx = this.inStream[n] as number;
      rows[at] = idx < 0 ? 1 : 2;
      rows.writeUIntBE(this.where[n] as number, at + 1, ow);
      rows.writeUInt16BE(idx < 0 ? 0 : idx, at + 1 + ow);
    }
    const data = deflateSync(rows);
    this.write(`${self} 0 obj\n<</Type/XRef/Size ${size}/W[1 ${ow} 2]/Root ${root} 0 R/Filter/FlateDecode/Length ${data.length}>>stream\n`);
    this.writeBytes(data);
    this.write(`\nendstream\nendobj\nstartxref\n${start}\n%%EOF\n`);
  }

  private flush(): void {
    if (this.used === 0) return;
    this.emit(this.buf.subarray(0, this.used), true);
    this.used = 0;
  }

  /** Writes bytes to the file; `buffered` bytes are already counted in `pos`. */
  private emit(b: Uint8Array, buffered = false): void {
    this.hash.update(b);
    if (this.chunks) {
      // The 1 MB buffer is reused: keep a copy.
      this.chunks.push(Buffer.from(b));
      if (!buffered) this.pos += b.length;
      return;
    }
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    if (!buffered) this.pos += b.length;
  }
}

/** Writes bytes to `part` and fsyncs it (the sealed batch, before `commitPart`). */
export function writePart(part: string, bytes: Uint8Array): void {
  const fd = openSync(part, 'w', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `outPath.part` becomes `outPath`, durably: a folder never shows a partial file under the final name. */
export function commitPart(outPath: string): void {
  renameSync(outPath + '.part', outPath);
  // Makes the rename durable. Directories cannot be opened for fsync on Windows: best effort there.
  try {
    const fd = openSync(dirname(outPath), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported on this platform
  }
}
