import path from 'node:path';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { AppError, type Result } from '../../shared/api/errors.ts';
import { isAppPage, type AppOrigin } from './app-url.ts';
import type { BackendHost } from './backend-host.ts';

/**
 * The one IPC adapter (DESIGN §4): two channels, both answered only for the main window's top frame showing the
 * app. 'litdesk:api' goes to the backend thread unchanged (the core validates and authorises every call);
 * 'litdesk:shell' opens native dialogs here in the main process. Both answer with a Result value, never a throw,
 * so no stack trace crosses to the renderer.
 */

export const API_CHANNEL = 'litdesk:api';
export const SHELL_CHANNEL = 'litdesk:shell';

export type IpcDeps = {
  host: BackendHost;
  window: () => BrowserWindow | null;
  origin: AppOrigin;
  shellRequest: (request: unknown) => Promise<string | null>;
  /** Called after a vault was created in a folder the user chose, so the next start opens it. */
  onVaultCreated: (dir: string) => void;
};

const untrusted: Result<unknown> = { ok: false, error: { code: 'ipc.untrustedSender', message: 'Refused.' } };

export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null, origin: AppOrigin): boolean {
  if (!win || win.isDestroyed()) return false;
  const contents = win.webContents;
  const frame = event.senderFrame;
  if (!frame || event.sender.id !== contents.id) return false;
  const top = contents.mainFrame;
  // The top frame only (an iframe must never reach the API), and only while it shows the app itself.
  if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  return isAppPage(frame.url, origin);
}

export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): void {
  ipcMain.handle(API_CHANNEL, async (event, payload: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, deps.window(), deps.origin)) return untrusted;
    if (!payload || typeof payload !== 'object') return { ok: false, error: { code: 'api.invalidInput', message: 'Malformed call.' } };
    const { command, input } = payload as { command?: unknown; input?: unknown };
    const result = await deps.host.call(command, input);
    if (result.ok && (command === 'vault.create' || command === 'vault.restore')) {
      // A restored vault is opened like a new one: the app keeps using that folder.
      const dir = command === 'vault.restore' ? (input as { to?: unknown } | null)?.to : (input as { dir?: unknown } | null)?.dir;
      if (typeof dir === 'string') {
        try {
          deps.onVaultCreated(path.resolve(dir));
        } catch {
          // The vault exists and is open; only the "remember this folder" note failed. The next start falls back to
          // the default folder, which the user can correct — not worth failing the creation for.
          process.stderr.write('[litdesk] could not remember the vault folder\n');
        }
      }
    }
    return result;
  });

  ipcMain.handle(SHELL_CHANNEL, async (event, payload: unknown): Promise<Result<string | null>> => {
    if (!isTrustedSender(event, deps.window(), deps.origin)) return untrusted as Result<string | null>;
    try {
      return { ok: true, value: await deps.shellRequest(payload) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toApiError() };
      process.stderr.write(`[litdesk] shell request failed: ${err instanceof Error ? err.name : typeof err}\n`);
      return { ok: false, error: { code: 'shell.failed', message: 'The dialog failed.' } };
    }
  });
}
