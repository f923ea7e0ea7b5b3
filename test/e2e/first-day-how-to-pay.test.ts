import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { closeBrowser, startApp } from './harness.ts';
import { demoVault, signInAs, signOut } from './demo-world.ts';

// Issue 16 §4 in Chromium: one money vocabulary on the candidate's screen, and how and to whom to pay. Staff first see
// that no instructions exist (invoices would say "Ask the election committee how to pay"); naming the union's general
// fund as payee is refused in plain words; the committee's own instructions then show on the candidate's screen with
// the amount due and the union-money rule, in the candidate's language — once a second committee member (the chair)
// has countersigned them: until then staff see "waiting for a second committee member" and invoices still say "ask".

afterAll(closeBrowser);

describe('how and to whom to pay', () => {
  it('staff record the instructions (the union refused as payee); the candidate reads them with the amount due', async () => {
    const world = await demoVault();
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await signInAs(page, world.logins, world.logins.find((l) => l.role === 'staff')!.login);
      await page.getByTestId('nav-billing').click();
      await expect(page.getByTestId('how-to-pay-missing')).toContainText('Ask the election committee how to pay');
      await expect(page.getByTestId('how-to-pay-ask')).toHaveText('Ask the election committee how to pay.');
      await expect(page.getByTestId('balance-due')).toBeVisible();
      await page.getByTestId('payment-instructions').click();
      await expect(page.getByTestId('pay-why-not')).toBeVisible();
      await page.getByTestId('pay-payee').fill('DEMO — Local 42 (synthetic data) General Fund');
      await page.getByTestId('pay-mail').fill('Election Committee\nPO Box 4242\nPortland, OR 97201');
      await page.getByTestId('pay-save').click();
      await expect(page.getByRole('dialog')).toContainText('never to the union or one of its accounts');
      await page.waitForTimeout(300);
      await app.screenshot('first-day-how-to-pay-01-union-refused');
      await page.getByTestId('pay-payee').fill('Local 42 Election Committee');
      await page.getByTestId('pay-reason').fill('The committee\'s post office box.');
      await page.getByTestId('pay-save').click();
      await expect(page.getByRole('dialog')).toBeHidden();
      // Four eyes: staff alone only ask. Nothing is in force (invoices still say to ask) until a second member countersigns.
      const pending = page.getByTestId('how-to-pay-pending');
      await expect(pending).toContainText('Waiting for a second committee member');
      await expect(pending).toContainText('Sam Okafor');
      await expect(page.getByTestId('how-to-pay-pending-payee')).toHaveText('Pay to: Local 42 Election Committee');
      await expect(page.getByTestId('how-to-pay-missing')).toBeVisible();
      await expect(page.getByTestId('how-to-pay-ask')).toBeVisible();
      await app.screenshot('first-day-how-to-pay-02-staff-waiting');
      // The member who asked can only withdraw, never countersign.
      await page.getByTestId('nav-countersign').click();
      const request = page.getByTestId('countersign-pending').locator('[data-testid^="countersign-"]').filter({ hasText: 'New payment instructions' });
      await expect(request.locator('[data-testid^="countersign-agree-"]')).toHaveCount(0);
      await expect(request.locator('[data-testid^="countersign-withdraw-"]')).toHaveCount(1);
      await signOut(page);

      // The chair reads the request in plain words and countersigns it: now, and only now, it is in force.
      await signInAs(page, world.logins, world.logins.find((l) => l.role === 'chair')!.login);
      await page.getByTestId('nav-countersign').click();
      const asked = page.getByTestId('countersign-pending').locator('[data-testid^="countersign-"]').filter({ hasText: 'New payment instructions' });
      await expect(asked.getByTestId('countersign-pay-before')).toContainText('none');
      await expect(asked.getByTestId('countersign-pay-after')).toContainText('Pay to: Local 42 Election Committee');
      await expect(asked.getByTestId('countersign-pay-after')).toContainText('PO Box 4242');
      await app.screenshot('first-day-how-to-pay-02b-chair-countersigns');
      await asked.locator('[data-testid^="countersign-agree-"]').click();
      await expect(page.getByTestId('countersign-decided')).toContainText('New payment instructions');
      await page.getByTestId('nav-billing').click();
      await expect(page.getByTestId('how-to-pay-missing')).toBeHidden();
      await expect(page.getByTestId('how-to-pay-pending')).toBeHidden();
      await expect(page.getByTestId('how-to-pay-payee')).toHaveText('Pay to: Local 42 Election Committee');
      await app.screenshot('first-day-how-to-pay-02-staff-view');
      await signOut(page);

      const huong = world.logins.find((l) => l.role === 'candidate')!;
      await signInAs(page, world.logins, huong.login);
      await page.getByTestId('nav-my-billing').click();
      const card = page.getByTestId('how-to-pay');
      await expect(card).toContainText('How to pay');
      await expect(card).toContainText('Pay to: Local 42 Election Committee');
      await expect(page.getByTestId('how-to-pay-mail')).toContainText('PO Box 4242');
      await expect(page.getByTestId('how-to-pay-reference')).toContainText('Write this reference on your payment:');
      await expect(page.getByTestId('how-to-pay-union')).toContainText('cannot pay for any campaign');
      // One figure, one word: the card and the balance say the same amount due.
      const due = await page.getByTestId('balance-due').innerText();
      await expect(page.getByTestId('how-to-pay-amount')).toHaveText(`Amount due: ${due}`);
      await expect(page.locator('body')).not.toContainText(/Balance due|Short by|Funds held/i);
      await app.screenshot('first-day-how-to-pay-03-candidate');
      // The same in Vietnamese, the words of the invoice.
      await page.getByTestId('language-switch').click();
      await page.getByRole('option', { name: 'Tiếng Việt' }).click();
      await expect(card).toContainText('Cách thanh toán');
      await expect(card).toContainText('Trả cho: Local 42 Election Committee');
      await expect(page.getByTestId('how-to-pay-amount')).toContainText('Số tiền phải trả:');
      await expect(page.locator('body')).not.toContainText(/Số dư|Còn thiếu/);
      // Dates in the reader's language too: the payment's day as the documents print it, never an ISO date.
      await expect(page.locator('main')).toContainText(/thg 11, 2026/);
      await expect(page.locator('main')).not.toContainText(/\d{4}-\d{2}-\d{2}/);
      await app.screenshot('first-day-how-to-pay-04-candidate-vi');
    } finally {
      await app.close();
    }
  });
});
