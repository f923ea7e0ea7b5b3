import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { tempDir } from '../support/backend.ts';
import { csvLine } from '../support/members.ts';
import { closeBrowser, createVaultThroughUi, startApp, type App } from './harness.ts';

// A careless export that doubled rows: the check shows the first 20 member IDs side by side. It must also say how
// many there are in all, that only the first 20 are listed, and what to do, or the staffer picks rows for 20 IDs
// and believes the file is sorted out.

afterAll(closeBrowser);

const HEADER = ['Member ID', 'First Name', 'Last Name', 'Street', 'City', 'State', 'Zip', 'Status'];
function doubled(groups: number): string {
  const body: string[][] = [];
  for (let i = 0; i < groups; i++) {
    const id = String(6001 + i);
    body.push([id, 'Ana', 'Muñoz', `${i + 1} Old Mill Rd`, 'Boston', 'MA', '02127', 'Active']);
    body.push([id, 'Ana', 'Muñoz', `${i + 1} New Harbor Way`, 'Boston', 'MA', '02127', 'Active']);
  }
  body.push(['6999', 'Chris', 'Okafor', '5 Elm St', 'Boston', 'MA', '02127', 'Active']);
  return [HEADER, ...body].map(csvLine).join('\r\n') + '\r\n';
}

async function check(app: App, groups: number): Promise<void> {
  const p = path.join(tempDir('litdesk-e2e-dups-'), `doubled-${groups}.csv`);
  fs.writeFileSync(p, doubled(groups));
  app.answerDialog(p);
  await app.page.getByTestId('import-pick').click();
  await app.page.getByTestId('import-check').click();
}

describe('duplicate member IDs past the ones shown', () => {
  it('says how many in all, that only the first 20 are listed, and to fix the file', async () => {
    const app = await startApp();
    const { page } = app;
    try {
      await createVaultThroughUi(page);
      await page.getByTestId('nav-members').click();
      await page.getByTestId('members-import').click();

      await check(app, 23);
      const box = page.getByTestId('duplicates');
      await expect(box.locator('[data-testid^="duplicate-"]').filter({ hasText: 'Member ID' })).toHaveCount(20);
      await expect(page.getByTestId('duplicates-total')).toHaveText('Member IDs on more than one row: 23.');
      const note = page.getByTestId('duplicates-not-listed');
      await expect(note).toContainText('Listed below: the first 20 member IDs of 23. Not listed: 3 member IDs, whose rows you cannot choose on this screen.');
      await expect(note).toContainText('Fix the file: keep one row for each member ID');
      await expect(page.getByTestId('duplicate-6021')).toHaveCount(0);
      await page.waitForTimeout(300);
      await app.screenshot('first-day-duplicates-not-listed');

      // Exactly 20: every one is listed, and nothing claims otherwise.
      await page.getByRole('button', { name: 'Back to columns' }).click();
      await page.getByRole('button', { name: 'Choose another file' }).click();
      await check(app, 20);
      await expect(page.getByTestId('duplicates-total')).toHaveText('Member IDs on more than one row: 20.');
      await expect(page.getByTestId('duplicate-6020')).toBeVisible();
      await expect(page.getByTestId('duplicates-not-listed')).toHaveCount(0);
    } finally {
      await app.close();
    }
  });
});
