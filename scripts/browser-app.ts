import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { ShellRequest } from '../shared/api/client.ts';
import type { Backend } from '../electron/core/backend.ts';
import { invokeBackend } from '../electron/core/bridge.ts';

// Runs the real renderer in Debian's Chromium wired to a real backend in this Node process (DESIGN §6): the
// end-to-end tests and `npm run dev:browser` both use it. No HTTP server, no open port: Playwright serves the
// built files on a private origin and refuses every other request.

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = path.join(root, 'out', 'renderer');
export const APP_ORIGIN = 'http://litdesk.test';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** The newest modification time among the renderer's inputs: renderer/, and shared/, which it imports. */
function newestInput(dir: string): number {
  let newest = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const sub of ['renderer', 'shared']) if (fs.existsSync(path.join(dir, sub))) walk(path.join(dir, sub));
  return newest;
}

/**
 * Whether out/renderer was built from the sources as they are now. A build older than any renderer or shared file
 * is stale: end-to-end tests run on it would test yesterday's screens (issue 11 §2: a test must be able to fail).
 */
export function rendererIsCurrent(dir = root): boolean {
  const index = path.join(dir, 'out', 'renderer', 'index.html');
  return fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestInput(dir);
}

export async function buildRenderer(force = false): Promise<void> {
  if (!force && rendererIsCurrent()) return;
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

let bridgeScript: string | undefined;
async function bridge(): Promise<string> {
  if (bridgeScript) return bridgeScript;
  const out = await build({
    configFile: false, logLevel: 'warn', root,
    build: { write: false, lib: { entry: path.join(root, 'test/e2e/bridge-entry.ts'), formats: ['iife'], name: 'litdeskBridge' }, minify: false },
  });
  const result = Array.isArray(out) ? out[0] : out;
  const chunk = (result as { output: Array<{ type: string; code?: string }> }).output.find((o) => o.type === 'chunk');
  bridgeScript = chunk!.code!;
  return bridgeScript;
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };

export async function launchChromium(headless: boolean): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless, args: CHROMIUM_ARGS });
}

export async function openApp(browser: Browser, backend: Backend, shell: (r: ShellRequest) => Promise<string | null>,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  await buildRenderer();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 860 }, locale: opts.locale ?? 'en-US' });
  await context.exposeBinding('__litdeskInvoke', async (source, channel: unknown, payload: unknown) => {
    // Like the IPC adapter's sender-frame check: only the app's own top frame may call the backend.
    if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(APP_ORIGIN)) {
      return { ok: false, error: { code: 'api.badSender', message: 'Refused.' } };
    }
    return invokeBackend(backend, channel, payload, shell);
  });
  await context.addInitScript({ content: await bridge() });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== APP_ORIGIN) return route.abort('blockedbyclient');
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.join(rendererDir, rel);
    if (!file.startsWith(rendererDir) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, path: file, contentType: MIME[path.extname(file)] ?? 'application/octet-stream' });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${APP_ORIGIN}/index.html`);
  return { context, page, errors };
}
