import path from 'node:path';
import { expect } from '@playwright/test';
import type { Page } from 'playwright-core';
import { Backend } from '../../electron/core/backend.ts';
import { seedDemo, type DemoLogin } from '../../electron/elections/demo.ts';
import { tempDir } from '../support/backend.ts';

/**
 * The vault `npm run demo` makes, in a temp folder: every role has a login (chair, staff, two candidates, an
 * auditor), an election with requests at several stages, a released job, payments. Returns the folder and the
 * logins with their passphrases as the demo prints them in the terminal.
 */
export async function demoVault(): Promise<{ vaultDir: string; logins: DemoLogin[] }> {
  const vaultDir = path.join(tempDir('litdesk-e2e-demo-'), 'vault');
  const backend = new Backend({ vaultDir, demo: true });
  const logins = await seedDemo(backend);
  backend.lock('demo seeded');
  return { vaultDir, logins };
}

/** Signs `login` in through the UI: committee members unlock; candidates and auditors after the chair's hand-over. */
export async function signInAs(page: Page, logins: DemoLogin[], login: string): Promise<DemoLogin> {
  const who = logins.find((l) => l.login === login);
  if (!who) throw new Error(`no demo login ${login}`);
  if (who.role === 'candidate' || who.role === 'auditor') {
    const chair = logins.find((l) => l.role === 'chair')!;
    await page.getByTestId('login-name').fill(chair.login);
    await page.getByTestId('login-passphrase').fill(chair.passphrase);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('handover-button').click();
    await page.getByTestId('handover-login').fill(who.login);
    await page.getByTestId('handover-passphrase').fill(who.passphrase);
    await page.getByTestId('handover-submit').click();
  } else {
    await page.getByTestId('login-name').fill(who.login);
    await page.getByTestId('login-passphrase').fill(who.passphrase);
    await page.getByTestId('login-submit').click();
  }
  // Signing in derives a key (scrypt): seconds on a loaded machine.
  await expect(page.getByTestId('signed-in-as')).toBeVisible({ timeout: 30_000 });
  return who;
}

/** Locks (committee) or signs out (candidate, auditor): either way back to the sign-in screen. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('login-name')).toBeVisible({ timeout: 15_000 });
}
