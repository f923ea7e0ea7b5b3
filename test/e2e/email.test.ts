import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { CHAIR } from '../support/backend.ts';
import { SMTP_PASS, SMTP_USER, startSmtp } from '../support/smtp.ts';
import { buildEmailWorld } from '../integration/email/world.ts';
import { closeBrowser, startApp } from './harness.ts';

afterAll(closeBrowser);

// Issue 17 in the real renderer: the chair sets up the union's mail server (a real SMTP server on 127.0.0.1), checks
// the connection, and sends a released email request from Production; the screen shows counts, never an address.
describe('email distribution, as the chair uses it', () => {
  it('sets up the mail server, checks it, sends, and shows the counts', async () => {
    const w = await buildEmailWorld({ members: 60, seeds: 1 });
    const smtp = await startSmtp();
    const app = await startApp({ vaultDir: w.dir });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(CHAIR.login);
      await page.getByTestId('login-passphrase').fill(CHAIR.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-settings').click();
      const panel = page.getByTestId('email-settings');
      await expect(page.getByTestId('email-missing')).toBeVisible();
      await expect(page.getByTestId('email-save')).toBeDisabled();
      await page.getByTestId('email-host').fill('127.0.0.1');
      await panel.getByLabel('Port').fill(String(smtp.port));
      await panel.getByLabel('User name').fill(SMTP_USER);
      await panel.getByLabel('Password', { exact: true }).fill(SMTP_PASS);
      await panel.getByLabel('Sender name').fill('Local 42 Election Committee');
      await panel.getByLabel('Sender address').fill('elections@union.test');
      await panel.getByLabel('Unsubscribe address').fill('unsubscribe@union.test');
      await panel.getByLabel(/Certificate authority/).fill(smtp.caPem);
      await page.getByTestId('email-save').click();
      await expect(page.getByText('Mail server saved.')).toBeVisible();
      await panel.getByRole('button', { name: 'Check connection' }).click();
      await expect(page.getByText(/signed in to the mail server/)).toBeVisible();
      await app.screenshot('email-01-settings');

      await page.getByTestId('nav-production').click();
      await page.getByTestId(`send-email-${w.requestId}`).click();
      await expect(page.getByTestId('email-job-status')).toHaveText('Done', { timeout: 60_000 });
      await expect(page.getByTestId('email-job-counts')).toContainText(/sent/);
      await app.screenshot('email-02-sent');
      expect(smtp.messages.length).toBeGreaterThan(0);
      expect(smtp.messages.every((m) => m.to.length === 1)).toBe(true);
      // Nothing on the screen names a member's address.
      expect(await page.content()).not.toMatch(/m\d+@example\.org|canary\.q7x9/);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 180_000);
});
