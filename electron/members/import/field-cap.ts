import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import type { CsvDialect } from './csv-sniff.ts';

// papaparse keeps a whole row in memory until the row ends (and re-scans it on every chunk), so a 5 MB field,
// or an unterminated quote that swallows the rest of the file, would cost memory and time in proportion to the
// file. This transform sits in front of it and follows papaparse's own quoting rules (RFC 4180, plus papaparse's
// "spaces allowed between a closing quote and the delimiter") to keep at most `fieldCap` characters of any field
// and at most `maxFields` fields per row. A kept field longer than MAX_FIELD_CHARS is still reported as too long,
// so nothing is silently accepted; only memory is saved.

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // inside a quoted field, just after a '"': an escape, a closing quote or a stray quote
/** What String.prototype.trim removes, which is what papaparse accepts between a closing quote and a delimiter. */
const WHITE_SPACE = /^\s$/;

export interface FieldCapOptions {
  fieldCap: number;
  maxFields: number;
}

export class FieldCapper {
  private state = FIELD_START;
  private len = 0;
  private fields = 0;
  // White space after the held-back '"' of QUOTE_SEEN (papaparse allows any before a delimiter or line break).
  // Kept only while short: a long run can only ever be dropped.
  private pendingWs = '';
  private pendingLen = 0;
  /** Outside quotes, the previous character was '\r' (for "\r\n" line ends). */
  private lastCr = false;
  private readonly delim: number;
  private readonly crlf: boolean;
  private readonly rowEnd: number;
  private readonly cap: number;
  private readonly maxFields: number;
  /** Line breaks inside the quoted field being read: if its quote never closes, the lines it swallowed. */
  private quotedLines = 0;
  /** Inside the open quote, a line break was read and no character of a new line yet (blank lines, the final newline). */
  private quotedAtBreak = false;

  constructor(dialect: CsvDialect, opts: FieldCapOptions) {
    this.delim = dialect.delimiter.charCodeAt(0);
    this.crlf = dialect.newline === '\r\n';
    this.rowEnd = dialect.newline === '\r' ? 13 : 10;
    this.cap = opts.fieldCap;
    this.maxFields = opts.maxFields;
  }

  push(chunk: string): string {
    const out: string[] = [];
    // Start of the current run of characters being kept; -1 while dropping or holding a pending quote.
    let runStart = this.state === QUOTE_SEEN ? -1 : 0;
    const keep = (i: number): void => {
      if (runStart < 0) runStart = i;
    };
    const drop = (i: number): void => {
      if (runStart >= 0) {
        if (i > runStart) out.push(chunk.slice(runStart, i));
        runStart = -1;
      }
    };
    let i = 0;
    while (i < chunk.length) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case FIELD_START:
        case UNQUOTED: {
          if (c === 34 && this.state === FIELD_START) {
            keep(i);
            this.state = QUOTED;
            this.len = 0;
            this.quotedLines = 0;
            this.quotedAtBreak = false;
          } else if (c === this.delim) {
            if (this.fields + 1 >= this.maxFields) {
              // Too many fields: merge the rest of the row into this (capped) field.
              this.state = UNQUOTED;
              this.len = this.cap + 1;
              drop(i);
            } else {
              keep(i);
              this.fields++;
              this.state = FIELD_START;
              this.len = 0;
            }
          } else if (c === 10 || c === 13) {
            keep(i); // line-break characters are always kept so rows end where papaparse expects
            if (c === this.rowEnd && (!this.crlf || this.lastCr)) this.endRow();
            else this.state = UNQUOTED;
          } else {
            this.state = UNQUOTED;
            this.len++;
            if (this.len <= this.cap) keep(i);
            else drop(i);
          }
          this.lastCr = c === 13 && this.state !== QUOTED;
          i++;
          break;
        }
        case QUOTED: {
          if (c === 34) {
            drop(i);
            this.pendingWs = '';
            this.pendingLen = 0;
            this.state = QUOTE_SEEN;
          } else {
            // A line counts once a character of it arrives: blank lines and the final line break start none.
            if (c === this.rowEnd) {
              this.quotedAtBreak = true;
            } else if (c !== 10 && c !== 13 && this.quotedAtBreak) {
              this.quotedLines++;
              this.quotedAtBreak = false;
            }
            this.len++;
            if (this.len <= this.cap) keep(i);
            else drop(i);
          }
          i++;
          break;
        }
        case QUOTE_SEEN: {
          if (c === 34 && this.pendingLen === 0) {
            // An escaped quote: one character of content.
            this.len++;
            if (this.len <= this.cap) out.push('""');
            this.state = QUOTED;
            i++;
          } else if (c === this.delim) {
            out.push('"'); // closing quote; white space before a delimiter is not content, so it need not be kept
            this.state = UNQUOTED;
            continue; // handle c as an ordinary delimiter
          } else if (c === this.rowEnd && (!this.crlf || this.pendingWs.endsWith('\r'))) {
            out.push(this.crlf ? '"\r\n' : `"${chunk[i]!}`);
            this.endRow();
            i++;
          } else if (WHITE_SPACE.test(chunk[i]!)) {
            if (this.pendingLen <= this.cap) this.pendingWs += chunk[i]!;
            else if (c === 13) this.pendingWs = this.pendingWs.slice(0, -1) + '\r'; // remember a possible "\r\n"
            this.pendingLen++;
            i++;
          } else {
            // A stray quote: papaparse keeps it as content and goes on looking for the closing quote. Keep it only
            // if the character after it is kept too: a kept stray quote followed by a kept quote would read as
            // an escape, or at the end as a closing quote, and shift the row boundaries.
            const p = this.pendingText();
            const room = c === 34 ? p.length : p.length + 1;
            if (this.pendingLen <= this.cap && this.len + room <= this.cap) out.push(p);
            this.len += 1 + this.pendingLen;
            this.state = QUOTED;
            continue; // re-handle c inside the quoted field
          }
          break;
        }
      }
    }
    drop(chunk.length);
    return out.join('');
  }

  /**
   * At the end of the input: null, or the number of lines after the opening quote's own line that were read as part
   * of one cell (lines with something on them: blank lines and the file's final line break are not counted).
   */
  unclosedQuoteLines(): number | null {
    return this.state === QUOTED ? this.quotedLines : null;
  }

  /** At end of input a pending closing quote is released (papaparse: "closing quote at EOF"). */
  flush(): string {
    if (this.state !== QUOTE_SEEN) return '';
    this.state = FIELD_START;
    const p = this.pendingText();
    return this.pendingLen <= this.cap && this.len + p.length <= this.cap ? p : '"';
  }

  private pendingText(): string {
    return '"' + this.pendingWs;
  }

  private endRow(): void {
    this.state = FIELD_START;
    this.len = 0;
    this.fields = 0;
  }
}

export function fieldCapStream(dialect: CsvDialect, opts: FieldCapOptions): Transform & { capper: FieldCapper } {
  const capper = new FieldCapper(dialect, opts);
  const stream = new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string | Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      const out = capper.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      cb(null, out.length > 0 ? out : undefined);
    },
    flush(cb: TransformCallback) {
      const rest = capper.flush();
      cb(null, rest.length > 0 ? rest : undefined);
    },
  });
  return Object.assign(stream, { capper });
}
