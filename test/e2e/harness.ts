import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ShellRequest } from '../../shared/api/client.ts';
import { AppError } from '../../shared/api/errors.ts';
import { Backend, type BackendOptions } from '../../electron/core/backend.ts';
import { launchChromium, openApp, root } from '../../scripts/browser-app.ts';
import { tempDir } from '../support/backend.ts';

export const SCREENSHOT_DIR = path.join(root, 'test-results', 'screenshots');

export type App = {
  page: Page;
  context: BrowserContext;
  backend: Backend;
  vaultDir: string;
  /** Answers the next native file or folder dialog with this path (as a user picking it would). */
  answerDialog(p: string | null): void;
  /** Files the app saved through the native save dialog. */
  savedFiles: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
};

let browser: Browser | undefined;
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** Opens the real renderer in Chromium, wired to a real backend on a real vault folder. */
export async function startApp(opts: Partial<BackendOptions> & { locale?: string; backend?: Backend; viewport?: { width: number; height: number } } = {}): Promise<App> {
  const vaultDir = opts.backend?.vaultDir ?? opts.vaultDir ?? path.join(tempDir('litdesk-e2e-'), 'vault');
  const backend = opts.backend ?? new Backend({ vaultDir, ...opts });
  const outDir = tempDir('litdesk-e2e-saved-');
  const answers: Array<string | null> = [];
  const savedFiles: string[] = [];

  const shell = async (req: ShellRequest): Promise<string | null> => {
    switch (req.op) {
      case 'pickFile': {
        const p = answers.shift() ?? null;
        if (p) backend.grants.grantFile(p, req.purpose);
        return p;
      }
      case 'pickFolder': {
        const p = answers.shift() ?? null;
        if (p) { fs.mkdirSync(p, { recursive: true }); backend.grants.grantFolder(p, req.purpose); }
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

  browser ??= await launchChromium(true);
  const { context, page, errors } = await openApp(browser, backend, shell, { locale: opts.locale, ...(opts.viewport ? { viewport: opts.viewport } : {}) });
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

export { APP_ORIGIN } from '../../scripts/browser-app.ts';
export { buildRenderer as ensureRenderer } from '../../scripts/browser-app.ts';

export const E2E_CHAIR = { union: 'Teamsters Local 2785', name: 'Rosa Delgado', login: 'rosa', passphrase: 'marching together since nineteen ten' };

/** First run through the real setup screen: the chair creates the vault and accepts the agreement. */
export async function createVaultThroughUi(page: Page, chair = E2E_CHAIR): Promise<void> {
  const { expect } = await import('@playwright/test');
  await page.getByTestId('union-name').fill(chair.union);
  await page.getByTestId('chair-name').fill(chair.name);
  await page.getByTestId('chair-login').fill(chair.login);
  await page.getByTestId('new-passphrase').fill(chair.passphrase);
  await page.getByTestId('confirm-passphrase').fill(chair.passphrase);
  await page.getByTestId('create-vault').click();
  await page.getByTestId('agreement-check').click();
  await page.getByTestId('agreement-accept').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(chair.name);
}

/**
 * Issue 12: a candidate or auditor cannot unlock. A committee member unlocks on the sign-in screen and clicks
 * "Hand over"; the candidate or auditor then signs in on the hand-over screen with their own passphrase.
 */
export async function handOverTo(page: Page, committee: { login: string; passphrase: string }, who: { login: string; passphrase: string }): Promise<void> {
  const { expect } = await import('@playwright/test');
  await page.getByTestId('login-name').fill(committee.login);
  await page.getByTestId('login-passphrase').fill(committee.passphrase);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('handover-button').click();
  await expect(page.getByTestId('handover-notice')).toBeVisible();
  await page.getByTestId('handover-login').fill(who.login);
  await page.getByTestId('handover-passphrase').fill(who.passphrase);
  await page.getByTestId('handover-submit').click();
}
