import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile } from '../../../shared/api/commands/reports.ts';
import { tempDir } from '../../support/backend.ts';

const out = tempDir('litdesk-reports-');

export const sha256 = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

/** Writes an exported file where an auditor would save it; returns the path and the bytes. */
export function saved(f: ExportedFile): { file: string; bytes: Buffer } {
  const bytes = Buffer.from(f.base64, 'base64');
  const file = path.join(out, `${Date.now()}-${Math.random().toString(36).slice(2)}-${f.fileName}`);
  fs.writeFileSync(file, bytes);
  return { file, bytes };
}

/** The text of a PDF as poppler reads it. */
export const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

/** Splits a stamped CSV into body and trailer and checks the trailer's hash against the body. */
export function csvTrailer(bytes: Buffer): { body: string; stated: string; actual: string } {
  const text = bytes.toString('utf8');
  const cut = text.lastIndexOf('sha256 of the bytes above,');
  const body = text.slice(0, cut);
  return { body, stated: text.slice(cut).trim().split(',')[1]!, actual: sha256(Buffer.from(body, 'utf8')) };
}
