import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { CHAIR, tempDir } from '../support/backend.ts';
import { decryptBatch, MAIL_HOUSE_NAME } from '../support/mail-house.ts';
import { buildMergeWorld } from '../integration/merge/world.ts';
import { closeBrowser, startApp } from './harness.ts';

afterAll(closeBrowser);

describe('production, as staff use it', () => {
  it('produces a job, watches progress, cancels, resumes and opens the manifest', async () => {
    // Big enough that the job is still running when Cancel is clicked, even on an idle machine (about 300 batches).
    const w = await buildMergeWorld({ members: 30_000, seeds: 1, printBatchSize: 100 });
    const app = await startApp({ vaultDir: w.dir });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(CHAIR.login);
      await page.getByTestId('login-passphrase').fill(CHAIR.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-production').click();
      await expect(page.getByTestId(`production-row-${w.requestId}`)).toContainText('Nguyễn Thị Hương');

      // A seed address added through the form (Enter submits).
      await page.getByTestId('seed-label').fill('Committee Box');
      await page.getByTestId('seed-line1').fill('PO Box 4242');
      await page.getByTestId('seed-city').fill('Boston');
      await page.getByTestId('seed-state').fill('MA');
      await page.getByTestId('seed-zip').fill('02108');
      await page.getByTestId('seed-zip').press('Enter');
      await expect(page.getByTestId('seed-table')).toContainText('PO BOX 4242');

      // Calibration sheet through the save dialog.
      await page.getByTestId('calibration').click();
      await expect.poll(() => app.savedFiles.length).toBe(1);
      expect(fs.readFileSync(app.savedFiles[0]!).subarray(0, 5).toString()).toBe('%PDF-');

      const out = path.join(tempDir('litdesk-e2e-out-'), 'mail-house');
      app.answerDialog(out);
      await page.getByTestId(`produce-${w.requestId}`).click();
      await expect(page.getByTestId('job-status')).toHaveText('Running');
      // Batches break on ZIP3 boundaries (at most 100 pieces, at least 50 but the last), so the count is the plan's.
      const pieces = w.members + 2;
      await expect(page.getByTestId('job-counts')).toContainText(/Batches [1-9][\d,]* of [\d,]+/);
      const total = Number((await page.getByTestId('job-counts').innerText()).match(/Batches [\d,]+ of ([\d,]+)/)![1]!.replace(/,/g, ''));
      expect(total).toBeGreaterThanOrEqual(Math.ceil(pieces / 100));
      expect(total).toBeLessThanOrEqual(2 * Math.ceil(pieces / 100));
      await page.getByTestId('job-cancel').click();
      await expect(page.getByTestId('job-status')).toHaveText('Cancelled');
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
      const kept = fs.readdirSync(out).filter((f) => f.includes('-batch-')).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(total);
      // The table lists the batches recorded in the vault. A batch renamed into place in the very moment of the
      // cancel may not be recorded yet; resume writes it again, byte-identical, so at most one file is ahead.
      const batchRows = page.getByTestId('batch-table').locator('tbody tr');
      await expect.poll(() => batchRows.count()).toBeGreaterThanOrEqual(kept - 1);
      const rows = await batchRows.count();
      expect(rows).toBeLessThanOrEqual(kept);
      await app.screenshot('merge-02-cancelled');

      await page.getByTestId('job-resume').click();
      await expect(page.getByTestId('job-eta')).toContainText(/Time left/);
      await app.screenshot('merge-01-running');
      await expect(page.getByTestId('job-status')).toHaveText('Done', { timeout: 90_000 });
      await expect(page.getByTestId('manifest-summary')).toContainText(`${pieces.toLocaleString('en-US')} pieces`);
      await expect(page.getByTestId('batch-table').locator('tbody tr')).toHaveCount(total);
      await page.getByTestId('job-show-folder').click();
      const files = fs.readdirSync(out);
      expect(files.filter((f) => f.includes('-batch-'))).toHaveLength(total);
      // Delivered encrypted to the world's mail house (chosen for staff as the only one): its key opens a batch.
      await expect(page.getByTestId('mail-house-table')).toContainText(MAIL_HOUSE_NAME);
      const first = path.join(out, files.filter((f) => f.includes('-batch-')).sort()[0]!);
      expect(fs.readFileSync(first).subarray(0, 4).toString('latin1')).not.toBe('%PDF');
      expect((await decryptBatch(first)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(files.some((f) => f.endsWith('manifest.pdf'))).toBe(true);
      expect(files.some((f) => f.endsWith('manifest.csv'))).toBe(true);
      await expect(page.getByTestId(`production-row-${w.requestId}`)).toContainText('Produced');
      await app.screenshot('merge-03-done');

      // Handed to the mail house: the last step of the turnaround.
      await page.getByTestId(`mark-mailed-${w.requestId}`).click();
      await page.getByTestId('mailed-house').fill('Bay Mailing Co');
      await page.getByTestId('mailed-house').press('Enter');
      await expect(page.getByTestId(`production-row-${w.requestId}`)).toContainText('Mailed');
    } finally {
      await app.close();
    }
  }, 120_000);
});
