// Last line of defence after cleaning: a small lexer over the bytes we are about to store, reporting any name token
// that means active content. It skips string and stream contents (compressed bytes would match "/JS " by chance about
// once per few hundred MB) and decodes #xx escapes, so /J#53 is caught as /JS.
const FORBIDDEN = new Set([
  'JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'OpenAction', 'AA', 'AcroForm', 'XFA',
  'SubmitForm', 'ImportData', 'RichMedia', 'FileAttachment',
]);

const isWhite = (b: number): boolean => b === 0 || b === 9 || b === 10 || b === 12 || b === 13 || b === 32;
const isDelim = (b: number): boolean =>
  b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d ||
  b === 0x2f || b === 0x25;

/** Forbidden names found outside strings and stream data, without repeats. */
export function findActiveNames(bytes: Uint8Array): string[] {
  const found = new Set<string>();
  // 0: nothing, 1: just read /Length, 2: read /Length and one number (a second number means "n 0 R", indirect).
  let lengthState = 0;
  let lastLength = -1;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b === 0x25) {
      while (i < n && bytes[i] !== 10 && bytes[i] !== 13) i++;
    } else if (b === 0x28) {
      i = skipLiteralString(bytes, i);
    } else if (b === 0x3c && bytes[i + 1] === 0x3c) {
      lengthState = 0;
      i += 2;
    } else if (b === 0x3c) {
      while (i < n && bytes[i] !== 0x3e) i++;
      i++;
    } else if (b === 0x2f) {
      let j = i + 1;
      let name = '';
      while (j < n && !isWhite(bytes[j] as number) && !isDelim(bytes[j] as number)) {
        const c = bytes[j] as number;
        if (c === 0x23 && j + 2 < n) {
          name += String.fromCharCode(Number.parseInt(String.fromCharCode(bytes[j + 1] as number, bytes[j + 2] as number), 16));
          j += 3;
        } else {
          name += String.fromCharCode(c);
          j++;
        }
      }
      if (FORBIDDEN.has(name)) found.add(name);
      lengthState = name === 'Length' ? 1 : 0;
      i = j;
    } else if (!isWhite(b) && !isDelim(b)) {
      let j = i;
      while (j < n && !isWhite(bytes[j] as number) && !isDelim(bytes[j] as number)) j++;
      const word = String.fromCharCode(...bytes.subarray(i, Math.min(j, i + 16)));
      const numeric = /^\d+$/.test(word);
      if (lengthState === 1 && numeric) {
        lastLength = Number(word);
        lengthState = 2;
      } else {
        if (lengthState === 2 && numeric) lastLength = -1;
        lengthState = 0;
      }
      if (word === 'obj') lastLength = -1;
      if (word === 'stream') {
        j = skipStream(bytes, j, lastLength);
        lastLength = -1;
      }
      i = j;
    } else {
      if (!isWhite(b)) lengthState = 0;
      i++;
    }
  }
  return [...found];
}

function skipLiteralString(bytes: Uint8Array, start: number): number {
  let depth = 0;
  let i = start;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

// Stream data starts after CRLF or LF (PDF 32000-1 §7.3.8.1). Without a direct /Length, look for "endstream".
function skipStream(bytes: Uint8Array, afterKeyword: number, length: number): number {
  let i = afterKeyword;
  if (bytes[i] === 13) i++;
  if (bytes[i] === 10) i++;
  if (length >= 0 && i + length <= bytes.length) return i + length;
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('endstream', i, 'latin1');
  return tail < 0 ? bytes.length : tail;
}
