import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.ts';

/**
 * Checks a renderer's "save this file" request before any dialog opens: a known type, a plain file name, bytes
 * that really are that type, and a size cap. The renderer is untrusted input like any other; this is the only
 * way it can put bytes on disk, so it must not become a way to write executables or arbitrary blobs.
 */

export const SAVE_MIMES = {
  'application/pdf': { extension: 'pdf', label: 'PDF' },
  'text/csv': { extension: 'csv', label: 'CSV' },
  'application/x-ndjson': { extension: 'ndjson', label: 'NDJSON' },
  'application/json': { extension: 'json', label: 'JSON' },
} as const;

export type SaveMime = keyof typeof SAVE_MIMES;

/** Large enough for any report or proof the app produces; merged print batches are written by the core instead. */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;
export const MAX_SAVE_BASE64 = Math.ceil(MAX_SAVE_BYTES / 3) * 4;

export type CheckedSave = { fileName: string; bytes: Buffer; mime: SaveMime };

export function isSaveMime(mime: unknown): mime is SaveMime {
  return typeof mime === 'string' && Object.hasOwn(SAVE_MIMES, mime);
}

export function checkSave(suggestedName: string, base64: string, mime: unknown): CheckedSave {
  if (!isSaveMime(mime)) throw new AppError('shell.badFileType', 'LitDesk cannot save that kind of file.');
  const { extension } = SAVE_MIMES[mime];
  if (base64.length > MAX_SAVE_BASE64) throw new AppError('shell.fileTooLarge', 'The file is too large to save.', { maxBytes: MAX_SAVE_BYTES });
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new AppError('shell.badFileData', 'The file data is damaged.');
  }
  const bytes = Buffer.from(base64, 'base64');
  if (mime === 'application/pdf') {
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('shell.badFileData', 'The file is not a PDF.');
  } else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('shell.badFileData', 'The file is not text.');
    }
    if (bytes.includes(0)) throw new AppError('shell.badFileData', 'The file is not text.');
    if (mime === 'application/json') {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new AppError('shell.badFileData', 'The file is not valid JSON.');
      }
    }
  }
  return { fileName: safeFileName(suggestedName, extension), bytes, mime };
}

/** A name with no folder part, no control or reserved characters, and the extension that matches its type. */
export function safeFileName(suggested: string, extension: string): string {
  let name = suggested.normalize('NFC').replace(/[\p{Cc}\p{Cf}<>:"/\\|?*]/gu, '_').trim();
  name = name.replace(/^[.\s]+/, '').slice(0, 150);
  if (name === '') name = 'litdesk';
  const ext = `.${extension}`;
  return name.toLowerCase().endsWith(ext) ? name : `${name}${ext}`;
}

/** Writes beside the target and renames, so a crash or full disk never leaves half a file under the chosen name. */
export async function writeSavedFile(target: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
