import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { closeBrowser, startApp } from './harness.ts';
import { demoVault, signInAs, signOut } from './demo-world.ts';

// Issue 16 §6 in Chromium: staff see "may be released" and must be able to tell the chair. Staff record José's
// payment, then tell the chair his signed-off request is ready; the chair, signing in, sees the notice on Literature
// requests and marks it seen. What a careless staffer would try: tell the chair about a job that is not paid (no
// button; the core refuses it), or tell twice (refused while the chair has not seen the first).

afterAll(closeBrowser);

describe('staff tell the chair a job is ready', () => {
  it('staff send the notice, the chair sees it and marks it seen', async () => {
    const world = await demoVault();
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    const staff = world.logins.find((l) => l.role === 'staff')!;
    const chair = world.logins.find((l) => l.role === 'chair')!;
    try {
      await signInAs(page, world.logins, staff.login);
      // José's signed-off request waits for his prepayment: no way to tell the chair yet.
      await page.getByTestId('nav-requests').click();
      const jose = page.locator('[data-testid^="request-row-"]', { hasText: 'José Muñoz Peña' }).filter({ hasText: 'Signed off' }).first();
      const rowId = (await jose.getAttribute('data-testid'))!.replace('request-row-', '');
      await page.getByTestId(`request-open-${rowId}`).click();
      await expect(page.getByTestId('request-detail')).toContainText('Amount due before release');
      await expect(page.getByTestId('request-tell-chair')).toHaveCount(0);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('request-detail')).toBeHidden();

      // Staff record his payment on Billing, for him by name.
      await page.getByTestId('nav-billing').click();
      const select = page.getByTestId('billing-candidate');
      await select.click();
      await page.getByRole('option', { name: /^José Muñoz Peña/ }).click();
      const due = (await page.getByTestId('balance-due').innerText()).replace(/[$,]/g, '');
      await page.getByTestId('record-payment').click();
      await expect(page.getByRole('dialog')).toContainText('Record a payment for José Muñoz Peña');
      await page.getByTestId('payment-amount').fill(due);
      await page.getByTestId('payment-reference').fill('7001');
      await page.getByTestId('payer-name').fill('José Muñoz Peña');
      await page.getByTestId('account-holder').fill('Jose Munoz Pena');
      await page.getByTestId('payment-save').click();
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(page.getByTestId('balance-due')).toHaveText('$0.00');

      // Now paid in full: staff tell the chair.
      await page.getByTestId('nav-requests').click();
      await page.getByTestId(`request-open-${rowId}`).click();
      await page.getByTestId('request-tell-chair').click();
      await expect(page.getByText('The chair is told.')).toBeVisible();
      await app.screenshot('first-day-ready-01-staff-told');
      // Told once: a second notice is refused while the chair has not seen the first.
      await page.getByTestId('request-tell-chair').click();
      await expect(page.getByText('The chair has already been told and has not seen it yet.')).toBeVisible();
      await page.keyboard.press('Escape');
      await signOut(page);

      // The chair signs in and finds the notice where requests are decided.
      await signInAs(page, world.logins, chair.login);
      await page.getByTestId('nav-requests').click();
      const notice = page.getByTestId(`ready-notice-${rowId}`);
      await expect(notice).toContainText(`Request #${rowId} of José Muñoz Peña is signed off and paid in full: ready for you to authorise.`);
      await expect(notice).toContainText('Sam Okafor');
      await app.screenshot('first-day-ready-02-chair-sees-notice');
      await page.getByTestId(`ready-seen-${rowId}`).click();
      await expect(notice).toHaveCount(0);
      // Seen, not deleted: the chair can act on it, and nobody else's notice was touched.
      await page.getByTestId(`request-open-${rowId}`).click();
      await expect(page.getByTestId('request-authorise')).toBeVisible();
      await app.screenshot('first-day-ready-03-chair-authorises');
    } finally {
      await app.close();
    }
  });
});
