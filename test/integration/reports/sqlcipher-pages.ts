import crypto from 'node:crypto';
import fs from 'node:fs';

// Reads an SQLCipher 4 file (or its WAL) page by page with a raw key, the way someone holding the key and the file
// would, without SQLite: every page, including free and unused ones, so deleted-but-not-overwritten rows show up.
// Format (SQLCipher 4 defaults): 4096-byte pages, 80 bytes reserved at the end of each (16-byte IV + 64-byte HMAC);
// AES-256-CBC over the rest; page 1 starts with the 16-byte salt. A raw key is the encryption key itself.
const PAGE = 4096;
const RESERVE = 80;

function decryptPage(page: Buffer, key: Buffer): Buffer {
  const iv = page.subarray(PAGE - RESERVE, PAGE - RESERVE + 16);
  const out: Buffer[] = [];
  // Page 1 (salt first) and any other page: try both layouts; the wrong one decrypts to noise.
  for (const start of [0, 16]) {
    const d = crypto.createDecipheriv('aes-256-cbc', key, iv);
    d.setAutoPadding(false);
    out.push(Buffer.concat([d.update(page.subarray(start, PAGE - RESERVE)), d.final()]));
  }
  return Buffer.concat(out);
}

/** All decrypted page bytes of a vault file and of its -wal (frames: 24-byte header + page). */
export function decryptedPages(dbFile: string, keyHex: string): Buffer {
  const key = Buffer.from(keyHex, 'hex');
  const parts: Buffer[] = [];
  const main = fs.readFileSync(dbFile);
  for (let o = 0; o + PAGE <= main.length; o += PAGE) parts.push(decryptPage(main.subarray(o, o + PAGE), key));
  const wal = `${dbFile}-wal`;
  if (fs.existsSync(wal)) {
    const w = fs.readFileSync(wal);
    for (let o = 32; o + 24 + PAGE <= w.length; o += 24 + PAGE) parts.push(decryptPage(w.subarray(o + 24, o + 24 + PAGE), key));
  }
  return Buffer.concat(parts);
}

/** Raw bytes of the vault file and any -wal / -shm / -journal next to it. */
export function rawFiles(dbFile: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm', '-journal'].filter((s) => fs.existsSync(`${dbFile}${s}`)).map((s) => fs.readFileSync(`${dbFile}${s}`)));
}
