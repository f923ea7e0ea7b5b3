import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The hardened shell, driven by Playwright's Electron support on the built app (out/main/index.js). Needs a real
// Electron binary; `npm install` does not fetch one (electron >= 42 downloads it on first run), and this machine
// cannot download it, so here every test skips and says why.

const root = path.resolve(import.meta.dirname, '../..');
const SKIP_MESSAGE = 'Electron binary not installed (cannot be downloaded on this machine) — shell tests skipped';

/** Where `require('electron')` would point — found without requiring it, because requiring it starts a download. */
function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules/electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const relative = fs.readFileSync(pathTxt, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const exe = path.join(dist, relative);
  return fs.existsSync(exe) ? exe : null;
}

const binary = electronBinary();
if (!binary) process.stderr.write(`${SKIP_MESSAGE}\n`);

describe.skipIf(!binary)(binary ? 'Electron shell (hardened window)' : SKIP_MESSAGE, () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  let server: http.Server;
  let serverHits = 0;
  let serverUrl = '';

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'out/main/index.js'))) {
      const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('electron-vite build failed');
    }
    // A local server that counts every request that reaches it: the app must never reach it.
    server = http.createServer((_req, res) => { serverHits++; res.end('reached'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'litdesk-shell-'));
    const args = [path.join(root, 'out/main/index.js'), `--user-data-dir=${userData}`];
    // Chromium's OS sandbox refuses to start as root (CI containers); the renderer sandbox (no Node) still applies.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RENDERER_URL; // load the built renderer from file://, as a user's machine does
    app = await electron.launch({ executablePath: binary!, args, env, cwd: root });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    server?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('loads the app from file:// and exposes only the typed client', async () => {
    expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);
    const surface = await page.evaluate(() => Object.keys((window as unknown as { litdesk: object }).litdesk).sort());
    expect(surface).toEqual(['call', 'shell']);
    // Positive control: the client reaches the backend thread through the validated IPC channel.
    type Client = { call(c: string, i: object): Promise<{ ok: boolean; value?: { state: string } }> };
    const status = await page.evaluate(() => (window as unknown as { litdesk: Client }).litdesk.call('vault.status', {}));
    expect(status).toMatchObject({ ok: true, value: { state: 'none' } });
  });

  it('gives the renderer no Node: require, process, module and Buffer are undefined', async () => {
    const types = await page.evaluate(() => [typeof (globalThis as Record<string, unknown>).require, typeof (globalThis as Record<string, unknown>).process,
      typeof (globalThis as Record<string, unknown>).module, typeof (globalThis as Record<string, unknown>).Buffer]);
    expect(types).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('blocks navigation away from the app (location, links, file:// pages)', async () => {
    const start = page.url();
    for (const target of ['https://example.com/', serverUrl, 'file:///etc/passwd']) {
      await page.evaluate((url) => { window.location.href = url; }, target);
      await page.waitForTimeout(500);
      expect(page.url()).toBe(start);
    }
    await page.evaluate((url) => {
      const a = document.createElement('a');
      a.href = url;
      a.target = '_self';
      document.body.append(a);
      a.click();
      a.remove();
    }, 'https://example.com/');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(start);
  });

  it('denies window.open and target=_blank links', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/';
      a.target = '_blank';
      document.body.append(a);
      a.click();
      a.remove();
    });
    await page.waitForTimeout(500);
    expect(app.windows().length).toBe(1);
  });

  it('blocks every network request (fetch, image, websocket) — nothing reaches a local server', async () => {
    const fetched = await page.evaluate(async (url) => {
      try { await fetch(url); return 'reached'; } catch { return 'blocked'; }
    }, serverUrl);
    expect(fetched).toBe('blocked');
    await page.evaluate((url) => {
      const img = document.createElement('img');
      img.src = `${url}pixel.png`;
      document.body.append(img);
      try { new WebSocket(url.replace('http', 'ws')); } catch { /* refused by CSP */ }
    }, serverUrl);
    await page.waitForTimeout(500);
    expect(serverHits).toBe(0);
  });

  it('denies permission requests (notifications, camera, geolocation)', async () => {
    const answers = await page.evaluate(async () => {
      const notification = await Notification.requestPermission();
      const camera = await navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'granted', () => 'denied');
      const query = await navigator.permissions.query({ name: 'geolocation' }).then((s) => s.state, () => 'denied');
      return { notification, camera, query };
    });
    expect(answers).toEqual({ notification: 'denied', camera: 'denied', query: 'denied' });
  });

  it('isolates the page from the preload: the client is a frozen bridge copy', async () => {
    const isolated = await page.evaluate(() => {
      const client = (window as unknown as { litdesk: { call: unknown } }).litdesk;
      return Object.isFrozen(client) && !('ipcRenderer' in window) && !('electron' in window);
    });
    expect(isolated).toBe(true);
  });

  it('cancels even a main-process load of a foreign URL before a byte is sent (no redirect chain can start)', async () => {
    const before = serverHits;
    const outcome = await app.evaluate(async ({ BrowserWindow }, url) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return w.webContents.loadURL(`${url}redirect`).then(() => 'loaded', (e: Error) => e.message);
    }, serverUrl);
    expect(outcome).toMatch(/ERR_BLOCKED_BY_CLIENT/);
    expect(serverHits).toBe(before);
  });

  // A packaged build turns DevTools off (webPreferences.devTools and no menu item — see test/unit/electron-shell/
  // menu.test.ts), but it also refuses the --inspect / --remote-debugging-port switches Playwright itself needs to
  // drive it (fuses + the start-up check in electron/main/index.ts), so this can only run against an unpackaged app.
  it.skip('DevTools cannot be opened in a packaged build (packaged builds cannot be driven by Playwright)', () => {});
});
