import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu } from 'electron';
import type { AppOrigin } from './app-url.ts';
import { BackendHost } from './backend-host.ts';
import { registerIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { installGlobalGuards, type ShellPolicy } from './security.ts';
import { createShellRequests } from './shell-requests.ts';
import { rememberVaultDir, vaultLocation } from './vault-location.ts';

/**
 * Electron main: one window, menus, dialogs and the IPC adapter — nothing else (DESIGN §4). The vault, SQL and PDF
 * work run in the backend thread (core/backend-worker.ts), so this process never blocks on them.
 */

// Bundled layout (electron-vite): out/main/{index,backend-worker,batch-worker}.js, out/preload/index.cjs,
// out/renderer/index.html; resources/ sits beside out/ both in the repo and inside app.asar.
const here = path.dirname(fileURLToPath(import.meta.url));
const preloadFile = path.join(here, '../preload/index.cjs');
const indexFile = path.join(here, '../renderer/index.html');
const iconFile = path.join(here, '../../resources/icons/icon.png');

const demo = process.argv.includes('--demo');
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL ?? null : null;
// DevTools, reload and the dev server belong to `npm run dev` only (electron-vite dev sets ELECTRON_RENDERER_URL):
// `npm start` runs the built app from disk exactly as a packaged build would, DevTools off.
const development = devServer !== null;
const origin: AppOrigin = { indexFile, devServer };
const policy: ShellPolicy = { origin, allowDevtools: development };

let mainWindow: BrowserWindow | null = null;

function refuseDebugSwitches(): boolean {
  // The fuses already drop --inspect and NODE_OPTIONS in packaged builds; Chromium's remote debugging port is a
  // Chromium switch no fuse covers, so a packaged build refuses to start with it.
  if (!app.isPackaged) return false;
  return ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk'].some((s) => app.commandLine.hasSwitch(s));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: demo ? 'LitDesk (demo)' : 'LitDesk',
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    ...(fs.existsSync(iconFile) ? { icon: iconFile } : {}),
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would ask for a new window; the window-open handler denies those anyway, this removes the path.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: development,
    },
  });
  // Screen-capture protection for a window that shows member names and addresses (macOS and Windows only; the
  // call does nothing on Linux).
  win.setContentProtection(true);
  if (!development) win.webContents.on('devtools-opened', () => win.webContents.closeDevTools());
  win.once('ready-to-show', () => win.show());
  // Reload a crashed page, but not in a loop: three crashes within a minute leave the window as it is.
  let crashes: number[] = [];
  win.webContents.on('render-process-gone', (_event, details) => {
    process.stderr.write(`[litdesk] renderer gone: ${details.reason}\n`);
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < 60_000), now];
    if (details.reason !== 'clean-exit' && crashes.length <= 3 && !win.isDestroyed()) void load(win);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void load(win);
  return win;
}

function load(win: BrowserWindow): Promise<void> {
  return devServer ? win.loadURL(devServer) : win.loadFile(indexFile);
}

function workerUrls(): Partial<Record<'mergeBatch' | 'membersPrepare' | 'vaultCheckpoint', string>> {
  const urls: Partial<Record<'mergeBatch' | 'membersPrepare' | 'vaultCheckpoint', string>> = {};
  const batch = path.join(here, 'batch-worker.js');
  if (fs.existsSync(batch)) urls.mergeBatch = pathToFileURL(batch).href;
  const prepare = path.join(here, 'prepare-worker.js');
  if (fs.existsSync(prepare)) urls.membersPrepare = pathToFileURL(prepare).href;
  const checkpoint = path.join(here, 'checkpoint-worker.js');
  if (fs.existsSync(checkpoint)) urls.vaultCheckpoint = pathToFileURL(checkpoint).href;
  return urls;
}

function start(): void {
  const userData = app.getPath('userData');
  const location = vaultLocation(userData, demo);
  const host = new BackendHost({
    workerUrl: pathToFileURL(path.join(here, 'backend-worker.js')),
    vaultDir: location.vaultDir,
    demo: location.demo,
    workerUrls: workerUrls(),
  });
  host.start();

  const shellRequest = createShellRequests({ host, window: () => mainWindow, documentsDir: app.getPath('documents') });
  registerIpc(ipcMain, {
    host,
    window: () => mainWindow,
    origin,
    shellRequest,
    onVaultCreated: (dir) => {
      host.setVaultDir(dir);
      if (!demo) rememberVaultDir(userData, dir);
    },
  });

  // File → Back Up Vault…: the same command as Settings' button, through the same core (the chair's role is checked there).
  const onBackup = async (): Promise<void> => {
    const folder = await shellRequest({ op: 'pickFolder', purpose: 'backup' });
    if (!folder) return;
    const r = await host.call('vault.backup', { folder });
    const win = mainWindow;
    const box = r.ok
      ? { type: 'info' as const, message: 'Backup saved and checked', detail: `${(r.value as { path: string }).path}\nIt opens, its database is intact and its audit trail is unbroken.` }
      : { type: 'error' as const, message: 'No backup was made', detail: r.error.message };
    if (win) await dialog.showMessageBox(win, box); else await dialog.showMessageBox(box);
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    packaged: !development, mac: process.platform === 'darwin', appName: app.name, onBackup: () => { void onBackup(); },
  })));
  mainWindow = createWindow();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
  // Quitting stops the backend thread: the database closes and its key is gone from memory.
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void host.shutdown().finally(() => app.quit());
  });
}

function main(): void {
  // Every renderer sandboxed, whatever a window's options say (must run before 'ready').
  app.enableSandbox();
  app.setAppUserModelId('org.litdesk.app');
  if (refuseDebugSwitches()) {
    app.exit(1);
    return;
  }
  // One instance owns the vault: a second start only brings the first window forward.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  installGlobalGuards(app, policy);
  void app.whenReady().then(start);
}

main();
