import { expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { Backend } from '../../electron/core/backend.ts';
import { seedDemo } from '../../electron/elections/demo.ts';
import { cleanLetterPdf } from '../../electron/requests/literature/hostile-fixtures.ts';
import { addDays } from '../../shared/domain/calendar.ts';
import { committeeDay } from '../../electron/users/calendar.ts';
import { tempDir } from '../support/backend.ts';
import { closeBrowser, handOverTo, startApp } from './harness.ts';

// Issue 16 §5: staff save a named audience on the Audiences screen with its live count; a candidate then picks it
// from the list the election offers (no free text) and the request names it.

afterAll(closeBrowser);

describe('saved audiences', () => {
  it('staff save "Local 42 members"; a candidate chooses it for a request', async () => {
    const backend = new Backend({ vaultDir: path.join(tempDir('litdesk-e2e-aud-'), 'vault'), demo: true });
    const logins = await seedDemo(backend);
    backend.lock('seeded');
    const [chair, staff, huong] = ['chair', 'sam', 'huong'].map((n) => logins.find((l) => l.login === n)!);
    const app = await startApp({ backend });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(staff!.login);
      await page.getByTestId('login-passphrase').fill(staff!.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-segments').click();
      await expect(page.getByTestId('offered-all')).toContainText('All members in good standing');
      // Nothing built yet: the Save button says why it waits.
      await expect(page.getByTestId('audience-why-not')).toContainText('Build the audience below first');
      await page.getByTestId('segment-values-0').click();
      await page.getByRole('option', { name: /^Local 42 \(/ }).click();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('audience-why-not')).toContainText('Give the audience a name');
      await page.getByTestId('audience-name').fill('Local 42 members');
      // Candidates are on record: a new audience changes what the election offers, so it needs a reason (issue 14 §2).
      await expect(page.getByTestId('audience-why-not')).toContainText('give the reason for the new version');
      await page.getByTestId('audience-reason').fill('Two candidates asked to write to Local 42; offered to every candidate alike.');
      await page.getByTestId('audience-save').click();
      const n = (backend.vault!.db.prepare("SELECT count(*) AS n FROM members WHERE active=1 AND good_standing=1 AND local='Local 42'").get() as { n: number }).n;
      const row = page.getByTestId('offered-table').getByRole('row', { name: /Local 42 members/ });
      await expect(row).toContainText(n.toLocaleString('en-US'));
      await expect(row).toContainText('Sam Okafor');
      await app.screenshot('first-day-audiences-01-saved');
      await page.getByTestId('lock-button').click();

      // Hương picks it from the offered list: there is no field to type an audience into.
      await handOverTo(page, chair!, huong!);
      await page.getByTestId('nav-requests').click();
      await page.getByTestId('request-new').click();
      await page.getByTestId('request-audience').click();
      await expect(page.getByRole('option', { name: /^All members in good standing — / })).toBeVisible();
      await page.getByRole('option', { name: `Local 42 members — ${n.toLocaleString('en-US')} members` }).click();
      await expect(page.getByTestId('request-why-not')).toContainText('Choose the literature PDF');
      const flyer = path.join(tempDir('litdesk-e2e-lit-'), 'local42.pdf');
      fs.writeFileSync(flyer, await cleanLetterPdf());
      app.answerDialog(flyer);
      await page.getByTestId('request-pick-file').click();
      const today = committeeDay(backend.vault!.db, backend.now());
      await page.getByTestId('request-date').fill(addDays(today, 5));
      await expect(page.getByTestId('request-why-not')).toHaveCount(0);
      await page.waitForTimeout(300);
      await app.screenshot('first-day-audiences-02-candidate-chooses');
      await page.getByTestId('request-submit').click();
      await expect(page.getByTestId('request-audience-name')).toHaveText('Audience: Local 42 members');
      await expect(page.getByTestId('quote-table')).toContainText(`${n.toLocaleString('en-US')} pieces`);
      await app.screenshot('first-day-audiences-03-request');
      // The candidate was told of the new option, with the reason, as a new version of the election.
      await page.keyboard.press('Escape');
      await page.getByTestId('nav-notices').click();
      const version = page.getByTestId('notice-election-version');
      await expect(version).toContainText('Two candidates asked to write to Local 42');
      await expect(version).toContainText('Audiences offered by name: — → Local 42 members');
      await app.screenshot('first-day-audiences-04-version-notice');
    } finally {
      await app.close();
    }
  });
});
