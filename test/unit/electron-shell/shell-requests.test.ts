import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendHost } from '../../../electron/main/backend-host.ts';
import { CHAIR, tempDir } from '../../support/backend.ts';

// Issue 11 §2: the shell's dialog requests, with the user's answer in each native dialog constructed by the test.
// Only Electron's `dialog` and `shell` modules stand in (they need a desktop); the grants land in the real backend
// thread, so each test checks what the core then allows.
const native = vi.hoisted(() => ({
  answers: [] as Array<{ canceled: boolean; filePaths?: string[]; filePath?: string }>,
  opened: [] as string[],
  revealed: [] as string[],
}));
vi.mock('electron', () => ({
  dialog: {
    showOpenDialog: async () => native.answers.shift() ?? { canceled: true, filePaths: [] },
    showSaveDialog: async () => native.answers.shift() ?? { canceled: true },
  },
  shell: {
    openPath: async (p: string) => { native.opened.push(p); return ''; },
    showItemInFolder: (p: string) => { native.revealed.push(p); },
  },
}));
const { createShellRequests } = await import('../../../electron/main/shell-requests.ts');

const root = path.resolve(import.meta.dirname, '../../..');
const host = new BackendHost({ workerUrl: pathToFileURL(path.join(root, 'electron/core/backend-worker.ts')), vaultDir: path.join(tempDir(), 'vault'), demo: false });
afterAll(() => host.stop());
const request = createShellRequests({ host, window: () => null as BrowserWindow | null, documentsDir: tempDir('litdesk-docs-') });
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

beforeEach(() => { native.answers.length = 0; native.opened.length = 0; native.revealed.length = 0; });

describe('shell requests', () => {
  it('a folder picked in the dialog is granted to the core; one typed by the renderer is not', async () => {
    const picked = tempDir('litdesk-picked-');
    const typed = tempDir('litdesk-typed-');
    const input = (dir: string) => ({ dir, unionName: 'Local 42', chair: CHAIR });
    expect((await host.call('vault.create', input(typed))).ok).toBe(false);
    native.answers.push({ canceled: false, filePaths: [picked] });
    expect(await request({ op: 'pickFolder', purpose: 'vault' })).toBe(picked);
    expect(await host.call('vault.create', input(typed))).toMatchObject({ ok: false, error: { code: 'path.notGranted' } });
    expect(await host.call('vault.create', input(picked))).toMatchObject({ ok: true });
  });

  it('a cancelled dialog grants nothing; a folder chosen in a file dialog is refused', async () => {
    expect(await request({ op: 'pickFile', purpose: 'literature' })).toBeNull();
    native.answers.push({ canceled: false, filePaths: [tempDir('litdesk-dir-')] });
    expect(await code(request({ op: 'pickFile', purpose: 'literature' }))).toBe('shell.notAFile');
  });

  it('refuses requests outside the contract', async () => {
    for (const r of [
      null, 'pickFile', { op: 'pickFile' }, { op: 'pickFile', purpose: 'anything' }, { op: 'pickFile', purpose: 'literature', path: '/etc/passwd' },
      { op: 'openExternal', url: 'https://evil.example' }, { op: 'showFolder', path: '' }, { op: 'saveFile', suggestedName: 'a.pdf', base64: 'JVBERi0=', mime: 'application/x-msdownload' },
    ]) expect(await code(request(r)), JSON.stringify(r)).toBe('shell.invalidRequest');
  });

  it('shows only what the user picked or saved, and reveals a file instead of opening it', async () => {
    const folder = tempDir('litdesk-out-');
    expect(await code(request({ op: 'showFolder', path: folder }))).toBe('path.notGranted');
    native.answers.push({ canceled: false, filePaths: [folder] });
    await request({ op: 'pickFolder', purpose: 'output' });
    const inside = path.join(folder, 'batch-001.pdf');
    fs.writeFileSync(inside, '%PDF-1.7\n');
    expect(await request({ op: 'showFolder', path: folder })).toBe(folder);
    expect(await request({ op: 'showFolder', path: inside })).toBe(inside);
    expect(native.opened).toEqual([folder]);
    expect(native.revealed).toEqual([inside]);
    expect(await code(request({ op: 'showFolder', path: path.dirname(folder) }))).toBe('path.notGranted');
    expect(await code(request({ op: 'showFolder', path: `${folder}/../${path.basename(folder)}-evil` }))).toBe('path.notGranted');
  });

  it('saves checked bytes where the user chose, and nothing that is not what it claims to be', async () => {
    const target = path.join(tempDir('litdesk-save-'), 'receipt.pdf');
    native.answers.push({ canceled: false, filePath: target });
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');
    expect(await request({ op: 'saveFile', suggestedName: 'receipt.pdf', base64: pdf, mime: 'application/pdf' })).toBe(target);
    expect(fs.readFileSync(target, 'latin1')).toBe('%PDF-1.7\n%%EOF\n');
    native.answers.push({ canceled: false, filePath: path.join(path.dirname(target), 'evil.pdf') });
    const exe = Buffer.from('MZ\x90\x00 not a pdf').toString('base64');
    expect(await code(request({ op: 'saveFile', suggestedName: 'evil.pdf', base64: exe, mime: 'application/pdf' }))).toBe('shell.badFileData');
    expect(fs.existsSync(path.join(path.dirname(target), 'evil.pdf'))).toBe(false);
  });
});
