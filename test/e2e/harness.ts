import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { ShellRequest } from '../../shared/api/client.ts';
import { AppError } from '../../shared/api/errors.ts';
import { Backend, type BackendOptions } from '../../electron/core/backend.ts';
import { invokeBackend } from '../../electron/core/bridge.ts';
import { tempDir } from '../support/backend.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = path.join(root, 'out', 'renderer');
export const APP_ORIGIN = 'http://litdesk.test';
export const SCREENSHOT_DIR = path.join(root, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** Builds the renderer once per test run (scripts/test.ts builds it up front; this covers running one file alone). */
export async function ensureRenderer(): Promise<void> {
  if (fs.existsSync(path.join(rendererDir, 'index.html')) && process.env['LITDESK_SKIP_RENDERER_BUILD'] !== '0') return;
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

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };

export type App = {
  page: Page;
  context: BrowserContext;
  backend: Backend;
  vaultDir: string;
  /** Answers the next native file or folder dialog with this path (as a user picking it would). */
  answerDialog(p: string | null): void;
  savedFiles: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
};

let browser: Browser | undefined;
async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return browser;
}
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** Opens the real renderer in Chromium, wired to a real backend on a real vault folder. */
export async function startApp(opts: Partial<BackendOptions> & { locale?: string } = {}): Promise<App> {
  await ensureRenderer();
  const vaultDir = opts.vaultDir ?? path.join(tempDir('litdesk-e2e-'), 'vault');
  const backend = new Backend({ vaultDir, ...opts });
  const outDir = tempDir('litdesk-e2e-saved-');
  const answers: Array<string | null> = [];
  const savedFiles: string[] = [];

  const shell = async (req: ShellRequest): Promise<string | null> => {
    switch (req.op) {
      case 'pickFile': {
        const p = answers.shift() ?? null;
        if (p) backend.grants.grantFile(p);
        return p;
      }
      case 'pickFolder': {
        const p = answers.shift() ?? null;
        if (p) { fs.mkdirSync(p, { recursive: true }); backend.grants.grantFolder(p); }
        return p;
      }
      case 'saveFile': {
        const p = path.join(outDir, path.basename(req.suggestedName));
        fs.writeFileSync(p, Buffer.from(req.base64, 'base64'));
        savedFiles.push(p);
        return p;
      }
      case 'showFolder':
        return req.path;
      default:
        throw new AppError('shell.failed');
    }
  };

  const b = await sharedBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 860 }, locale: opts.locale ?? 'en-US' });
  await context.exposeBinding('__litdeskInvoke', async (source, channel: unknown, payload: unknown) => {
    // Like the IPC adapter's sender-frame check: only the app's own top frame may call the backend.
    if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(APP_ORIGIN)) {
      return { ok: false, error: { code: 'api.badSender', message: 'Refused.' } };
    }
    return invokeBackend(backend, channel, payload, shell);
  });
  await context.addInitScript({ content: await bridge() });
  // No network: the app's own files are served from the build folder; everything else is refused.
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

  return {
    page, context, backend, vaultDir, savedFiles,
    answerDialog: (p) => { answers.push(p); },
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      backend.lock('test');
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
  };
}
