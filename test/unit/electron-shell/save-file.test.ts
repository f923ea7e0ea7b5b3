import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors.ts';
import { checkSave, MAX_SAVE_BASE64, safeFileName, writeSavedFile } from '../../../electron/main/save-file.ts';
import { tempDir } from '../../support/backend.ts';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const code = (fn: () => unknown): string | null => {
  try { fn(); return null; } catch (err) { return err instanceof AppError ? err.code : 'thrown'; }
};

describe('save-file checks', () => {
  it('accepts a real PDF and real UTF-8 text', () => {
    expect(checkSave('invoice 7.pdf', b64('%PDF-1.7\n...'), 'application/pdf').fileName).toBe('invoice 7.pdf');
    expect(checkSave('ledger', b64('a,b\n1,2\n'), 'text/csv').fileName).toBe('ledger.csv');
    expect(checkSave('audit', b64('{"a":1}\n'), 'application/x-ndjson').bytes.toString()).toBe('{"a":1}\n');
    expect(checkSave('totals', b64('{"cents":1200}'), 'application/json').fileName).toBe('totals.json');
  });

  it('refuses unknown types, lying bytes, bad base64 and oversize data', () => {
    expect(code(() => checkSave('x.exe', b64('MZ'), 'application/x-msdownload'))).toBe('shell.badFileType');
    expect(code(() => checkSave('x.pdf', b64('MZ\x90\x00'), 'application/pdf'))).toBe('shell.badFileData');
    expect(code(() => checkSave('x.csv', b64(Buffer.from([0xff, 0xfe, 0x00])), 'text/csv'))).toBe('shell.badFileData');
    expect(code(() => checkSave('x.csv', 'not base64!', 'text/csv'))).toBe('shell.badFileData');
    expect(code(() => checkSave('x.json', b64('{"a":'), 'application/json'))).toBe('shell.badFileData');
    expect(code(() => checkSave('x.csv', '', 'text/csv'))).toBe('shell.badFileData');
    expect(code(() => checkSave('x.csv', 'A'.repeat(MAX_SAVE_BASE64 + 4), 'text/csv'))).toBe('shell.fileTooLarge');
  });

  it('keeps names to one plain file name with the right extension', () => {
    expect(safeFileName('../../etc/cron.d/job', 'csv')).toBe('_.._etc_cron.d_job.csv');
    expect(safeFileName('..\\..\\win.ini', 'pdf')).toBe('_.._win.ini.pdf');
    expect(safeFileName('.hidden', 'pdf')).toBe('hidden.pdf');
    expect(safeFileName('a\u202Efdp.exe', 'pdf')).toBe('a_fdp.exe.pdf');
    expect(safeFileName('   ', 'csv')).toBe('litdesk.csv');
    expect(safeFileName('x'.repeat(400), 'csv').length).toBe(154);
  });

  it('writes the whole file under the chosen name and leaves no temp file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.csv');
    fs.writeFileSync(target, 'old');
    await writeSavedFile(target, Buffer.from('new,content\n'));
    expect(fs.readFileSync(target, 'utf8')).toBe('new,content\n');
    expect(fs.readdirSync(dir)).toEqual(['report.csv']);
  });
});
