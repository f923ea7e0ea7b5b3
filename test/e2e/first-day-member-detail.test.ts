import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { tempDir } from '../support/backend.ts';
import { csvLine } from '../support/members.ts';
import { closeBrowser, createVaultThroughUi, startApp } from './harness.ts';

// A staffer checking why a piece's barcode routes where it does opens the member: the list's two-digit delivery
// point is shown beside the ZIP+4 (it was stored and printed in the IMb, but shown nowhere). A member without one
// shows none, and a corrected address drops it (the list's delivery point belonged to the old address).

afterAll(closeBrowser);

const LIST = [
  ['Member ID', 'First Name', 'Last Name', 'Street', 'City', 'State', 'Zip', 'DPBC', 'Status'],
  ['9001', 'Hương', 'Nguyễn', '1234 Bolsa Ave', 'Westminster', 'CA', '92683-1234', '56', 'Active'],
  ['9002', 'Ana', 'Muñoz', '77 Harbor St', 'Boston', 'MA', '02127', '', 'Active'],
].map(csvLine).join('\r\n') + '\r\n';

describe('the member screen shows the delivery point', () => {
  it('beside the ZIP+4 when the list gave one, nowhere otherwise, and gone after an address correction', async () => {
    const app = await startApp();
    const { page } = app;
    const file = path.join(tempDir('litdesk-e2e-dp-'), 'list.csv');
    fs.writeFileSync(file, LIST);
    try {
      await createVaultThroughUi(page);
      await page.getByTestId('nav-members').click();
      await page.getByTestId('members-import').click();
      app.answerDialog(file);
      await page.getByTestId('import-pick').click();
      await page.getByTestId('import-check').click();
      await expect(page.getByTestId('report-valid')).toHaveText('2');
      for (let i = 0; i < 3; i++) await page.getByTestId('import-next').click(); // report -> diff -> standing -> confirm
      await page.getByTestId('import-confirm').click();
      await expect(page.getByTestId('import-done')).toBeVisible();
      await page.getByTestId('import-close').click();

      const list = page.getByTestId('member-list');
      await list.getByTestId('member-row-9001').click();
      const drawer = page.getByTestId('member-drawer');
      await expect(drawer).toContainText('Westminster, CA 92683-1234 · delivery point 56');
      await expect(page.getByTestId('member-delivery-point')).toHaveText('56');
      await app.screenshot('first-day-member-delivery-point');

      // The careless correction: a new street. The list's delivery point no longer applies and is not shown.
      await page.getByTestId('member-correct').click();
      await page.getByTestId('fix-address1').fill('9 New Harbor Way');
      await page.getByTestId('fix-reason').fill('moved, per phone call');
      await page.getByTestId('fix-save').click();
      await expect(drawer).toContainText('9 New Harbor Way');
      await expect(page.getByTestId('member-delivery-point')).toHaveCount(0);
      await expect(drawer).not.toContainText('delivery point');
      await page.keyboard.press('Escape');

      await list.getByTestId('member-row-9002').click();
      await expect(page.getByTestId('member-name')).toHaveText('Ana Muñoz');
      await expect(page.getByTestId('member-drawer')).toContainText('Boston, MA 02127');
      await expect(page.getByTestId('member-delivery-point')).toHaveCount(0);
    } finally {
      await app.close();
    }
  });
});
