import { expect } from '@playwright/test';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { Backend } from '../../electron/core/backend.ts';
import { seedDemo } from '../../electron/elections/demo.ts';
import { tempDir } from '../support/backend.ts';
import { closeBrowser, startApp } from './harness.ts';

// Issue 16 §5 (UI part): the candidate chosen on the Billing screen stays chosen when the screen is opened again,
// and the payment form names the candidate in its title, so a payment cannot land on another candidate unnoticed.

afterAll(closeBrowser);

describe('billing remembers the candidate', () => {
  it('keeps the chosen candidate across screens and names them on the payment form', async () => {
    const backend = new Backend({ vaultDir: path.join(tempDir('litdesk-e2e-demo-'), 'vault'), demo: true });
    const logins = await seedDemo(backend);
    backend.lock('seeded');
    const chair = logins.find((l) => l.role === 'chair')!;
    const app = await startApp({ backend });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(chair.login);
      await page.getByTestId('login-passphrase').fill(chair.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-billing').click();
      const select = page.getByTestId('billing-candidate');
      const first = await select.inputValue();
      await select.click();
      const options = page.getByRole('option');
      const second = (await options.allInnerTexts()).find((o) => o.trim() !== first.trim())!.trim();
      await page.getByRole('option', { name: second, exact: true }).click();
      await expect(select).toHaveValue(second);

      await page.getByTestId('nav-members').click();
      await page.getByTestId('nav-billing').click();
      await expect(page.getByTestId('billing-candidate')).toHaveValue(second);

      await page.getByTestId('record-payment').click();
      const name = second.split(' — ')[0]!.split(' (')[0]!;
      await expect(page.getByRole('dialog')).toContainText(`Record a payment for ${name}`);
      await page.waitForTimeout(500); // the modal's opening transition
      await app.screenshot('first-day-07-payment-names-candidate');
    } finally {
      await app.close();
    }
  });
});
