import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppOrigin } from '../../../electron/main/app-url.ts';
import { BackendHost } from '../../../electron/main/backend-host.ts';
import { API_CHANNEL, isTrustedSender, registerIpc, SHELL_CHANNEL } from '../../../electron/main/ipc.ts';
import { tempDir } from '../../support/backend.ts';

// Issue 11 §2: the IPC sender check, with events built the way Electron delivers them. The renderer folder, the
// window and its frames are plain objects with the fields `isTrustedSender` reads; the backend behind the adapter is
// the real worker thread on a real (empty) vault folder.
const root = path.resolve(import.meta.dirname, '../../..');
const rendererDir = tempDir('litdesk-renderer-');
const indexFile = path.join(rendererDir, 'index.html');
fs.writeFileSync(indexFile, '<!doctype html>');
const ORIGIN: AppOrigin = { indexFile, devServer: null };
const APP_URL = `${pathToFileURL(indexFile).href}#/members`;

type Frame = { url: string; parent: Frame | null; processId: number; routingId: number };
function windowWith(opts: { id?: number; destroyed?: boolean } = {}) {
  const mainFrame: Frame = { url: APP_URL, parent: null, processId: 7, routingId: 1 };
  const win = {
    isDestroyed: () => opts.destroyed ?? false,
    webContents: { id: opts.id ?? 42, mainFrame },
  };
  return { win: win as unknown as BrowserWindow, mainFrame };
}
function eventFrom(senderId: number, frame: Partial<Frame> | null, top: Frame): IpcMainInvokeEvent {
  const senderFrame = frame === null ? null : { ...top, ...frame };
  return { sender: { id: senderId }, senderFrame } as unknown as IpcMainInvokeEvent;
}

describe('isTrustedSender', () => {
  const { win, mainFrame } = windowWith();

  it('trusts the main window\'s top frame while it shows the app, whatever the route', () => {
    expect(isTrustedSender(eventFrom(42, {}, mainFrame), win, ORIGIN)).toBe(true);
    expect(isTrustedSender(eventFrom(42, { url: pathToFileURL(indexFile).href }, mainFrame), win, ORIGIN)).toBe(true);
  });

  it('refuses every other sender', () => {
    const cases: Array<[string, IpcMainInvokeEvent, BrowserWindow | null]> = [
      ['another webContents (a second window, a devtools page)', eventFrom(43, {}, mainFrame), win],
      ['an iframe inside the app', eventFrom(42, { parent: mainFrame, routingId: 2 }, mainFrame), win],
      ['a child frame that reports the top frame\'s ids', eventFrom(42, { parent: mainFrame }, mainFrame), win],
      ['a frame of another renderer process', eventFrom(42, { processId: 8 }, mainFrame), win],
      ['a frame with another routing id', eventFrom(42, { routingId: 9 }, mainFrame), win],
      ['no sender frame (it navigated away or was destroyed)', eventFrom(42, null, mainFrame), win],
      ['a foreign web page in the top frame', eventFrom(42, { url: 'https://evil.example/#/members' }, mainFrame), win],
      ['a local file beside the app', eventFrom(42, { url: pathToFileURL(path.join(rendererDir, 'other.html')).href }, mainFrame), win],
      ['a local file elsewhere', eventFrom(42, { url: pathToFileURL('/etc/passwd').href }, mainFrame), win],
      ['a file URL with a host', eventFrom(42, { url: APP_URL.replace('file://', 'file://evil.example') }, mainFrame), win],
      ['a dev-server URL in a packaged build', eventFrom(42, { url: 'http://localhost:5173/' }, mainFrame), win],
      ['a data: page', eventFrom(42, { url: 'data:text/html,<script>1</script>' }, mainFrame), win],
      ['no main window', eventFrom(42, {}, mainFrame), null],
      ['a destroyed main window', eventFrom(42, {}, mainFrame), windowWith({ destroyed: true }).win],
    ];
    for (const [label, event, w] of cases) expect(isTrustedSender(event, w, ORIGIN), label).toBe(false);
  });

  it('trusts the dev server only when the app runs from it', () => {
    const dev: AppOrigin = { indexFile, devServer: 'http://localhost:5173' };
    expect(isTrustedSender(eventFrom(42, { url: 'http://localhost:5173/#/x' }, mainFrame), win, dev)).toBe(true);
    expect(isTrustedSender(eventFrom(42, { url: 'http://localhost:5174/' }, mainFrame), win, dev)).toBe(false);
  });
});

describe('the IPC adapter', () => {
  type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } as unknown as IpcMain;
  const vaultDir = path.join(tempDir(), 'vault');
  const host = new BackendHost({ workerUrl: pathToFileURL(path.join(root, 'electron/core/backend-worker.ts')), vaultDir, demo: false });
  const { win, mainFrame } = windowWith();
  const shellCalls: unknown[] = [];
  const created: string[] = [];
  registerIpc(ipcMain, {
    host, window: () => win, origin: ORIGIN,
    shellRequest: async (r) => { shellCalls.push(r); return '/picked'; },
    onVaultCreated: (dir) => created.push(dir),
  });
  afterAll(() => host.stop());

  it('answers the app and refuses a foreign sender on both channels, before the backend or a dialog sees it', async () => {
    const api = handlers.get(API_CHANNEL)!;
    const shell = handlers.get(SHELL_CHANNEL)!;
    expect(await api(eventFrom(42, {}, mainFrame), { command: 'vault.status', input: {} })).toEqual({ ok: true, value: { state: 'none', dir: vaultDir, demo: false } });
    const iframe = eventFrom(42, { parent: mainFrame, routingId: 3 }, mainFrame);
    expect(await api(iframe, { command: 'vault.status', input: {} })).toMatchObject({ ok: false, error: { code: 'ipc.untrustedSender' } });
    expect(await shell(iframe, { op: 'pickFile', purpose: 'literature' })).toMatchObject({ ok: false, error: { code: 'ipc.untrustedSender' } });
    expect(shellCalls).toEqual([]);
    expect(await shell(eventFrom(42, {}, mainFrame), { op: 'pickFile', purpose: 'literature' })).toEqual({ ok: true, value: '/picked' });
    expect(host.pendingCount).toBe(0);
  });

  it('refuses malformed calls as values', async () => {
    const api = handlers.get(API_CHANNEL)!;
    for (const payload of [null, 'vault.status', 42, undefined]) {
      expect(await api(eventFrom(42, {}, mainFrame), payload)).toMatchObject({ ok: false, error: { code: 'api.invalidInput' } });
    }
    expect(await api(eventFrom(42, {}, mainFrame), { command: '__proto__', input: {} })).toMatchObject({ ok: false, error: { code: 'api.unknownCommand' } });
    expect(created).toEqual([]);
  });
});
