import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { tempDir } from '../support/backend.ts';
import { seedMembers } from '../support/members.ts';
import { ELECTION } from '../integration/elections/helpers.ts';
import { E2E_CHAIR, closeBrowser, createVaultThroughUi, startApp } from './harness.ts';

// Issue 16 §4 in the browser: the chair makes a backup from Settings and sees what it holds (counts only); later,
// from the sign-in screen, restores it into a new folder and is signed in to the restored vault.

afterAll(closeBrowser);

describe('backup and restore, as the chair', () => {
  it('backs up from Settings, restores from the sign-in screen into a new folder', async () => {
    const app = await startApp();
    const { page } = app;
    try {
      await createVaultThroughUi(page);
      seedMembers(app.backend.vault!.db, 12, { seed: 9 });
      // An election closes in ten days and nothing was ever backed up: the committee is told on every screen.
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const saved = await app.backend.dispatch('elections.save', { election: { ...ELECTION, electionDate: day(10), ballotMailingDate: day(3) } });
      expect(saved.ok, JSON.stringify(saved)).toBe(true);
      await page.reload();
      await expect(page.getByTestId('backup-reminder')).toContainText(`“${ELECTION.name}” closes on`);
      await expect(page.getByTestId('backup-reminder')).toContainText('there is no backup yet');
      await app.screenshot('first-day-05a-backup-reminder');
      await page.getByTestId('nav-settings').click();
      await expect(page.getByTestId('backup-last')).toContainText('No backup yet');
      const parent = tempDir('litdesk-e2e-backups-');
      app.answerDialog(parent);
      await page.getByTestId('backup-now').click();
      await expect(page.getByTestId('backup-summary')).toContainText('12 members on the list');
      await expect(page.getByTestId('backup-summary')).toContainText('its audit trail is unbroken');
      await expect(page.getByTestId('backup-last')).toContainText('Last backup:');
      await expect(page.getByTestId('backup-reminder')).toHaveCount(0); // a backup this week: no reminder
      await page.getByTestId('backup-panel').scrollIntoViewIfNeeded();
      await app.screenshot('first-day-05-backup');
      const [name] = fs.readdirSync(parent);
      expect(name).toMatch(/^LitDesk-backup-/);
      expect(fs.statSync(path.join(parent, name!)).mode & 0o777).toBe(0o700);

      await page.getByTestId('lock-button').click();
      await page.getByTestId('restore-open').click();
      await expect(page.getByTestId('restore-why')).toBeVisible();
      app.answerDialog(path.join(parent, name!));
      await page.getByTestId('restore-from').click();
      const target = path.join(tempDir('litdesk-e2e-restored-'), 'vault');
      app.answerDialog(target);
      await page.getByTestId('restore-to').click();
      await page.getByTestId('restore-login').fill(E2E_CHAIR.login);
      await page.getByTestId('restore-passphrase').fill(E2E_CHAIR.passphrase);
      await page.getByTestId('restore-run').click();
      await expect(page.getByTestId('backup-summary')).toContainText('12 members on the list');
      await app.screenshot('first-day-06-restored');
      await page.getByTestId('restore-continue').click();
      await expect(page.getByTestId('signed-in-as')).toContainText(E2E_CHAIR.name);
      expect(app.backend.vaultDir).toBe(target);
    } finally {
      await app.close();
    }
  });
});
