import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { afterAll, describe, expect as vexpect, it } from 'vitest';
import { tempDir } from '../support/backend.ts';
import { membersCsv, syntheticMembers } from '../support/members.ts';
import { NOW } from '../integration/elections/helpers.ts';
import { buildMergeWorld, outputFolder } from '../integration/merge/world.ts';
import { closeBrowser, startApp } from './harness.ts';

// Issue 16 §10 in the browser: a production job prints the list as it was when it started, so while a job is
// unfinished (here cancelled, still resumable) the staffer's import is refused at the check, in words that name the
// job and say what to do; once the job has been resumed and finished, the same file checks.

afterAll(closeBrowser);

describe('the list waits for an unfinished production job', () => {
  it('an import is refused while a job is unfinished, and goes ahead once it is done', async () => {
    const w = await buildMergeWorld({ members: 150, seeds: 1 });
    const app = await startApp({ vaultDir: w.dir, clock: () => NOW });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(w.staff.login);
      await page.getByTestId('login-passphrase').fill(w.staff.passphrase);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('nav-members')).toBeVisible();

      // The job starts and is cancelled at once: unfinished, resumable (its remaining batches must read the same list).
      const started = await app.backend.dispatch('merge.start', { requestId: w.requestId, folder: outputFolder(app.backend), mailHouseId: w.mailHouseId, batchSize: 10 });
      if (!started.ok) throw new Error(`merge.start: ${started.error.code}`);
      const { jobId } = started.value as { jobId: number };
      await app.backend.dispatch('merge.cancel', { jobId });
      const status = async () => { const r = await app.backend.dispatch('merge.progress', { jobId }); return r.ok ? (r.value as { status: string }).status : r.error.code; };
      vexpect(await status()).not.toBe('done');

      const file = path.join(tempDir('litdesk-e2e-frozen-'), 'new-list.csv');
      fs.writeFileSync(file, membersCsv([...syntheticMembers(40, { seed: 21 })]));
      await page.getByTestId('nav-members').click();
      await page.getByTestId('members-import').click();
      app.answerDialog(file);
      await page.getByTestId('import-pick').click();
      await page.getByTestId('import-check').click();
      const refusal = page.getByTestId('import-wizard').getByTestId('error-alert');
      await expect(refusal).toContainText(`Production job ${jobId} is not finished. Finish it (Resume on the Production screen) before changing the list`);
      await expect(refusal).toBeInViewport({ ratio: 1 }); // not above the fold of a long step, where the staffer would never see it
      await expect(page.getByTestId('report-valid')).toHaveCount(0);
      await app.screenshot('first-day-10-import-waits-for-job');

      // Resumed and finished: the same file checks.
      await app.backend.dispatch('merge.resume', { jobId });
      for (let i = 0; i < 600 && (await status()) !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
      vexpect(await status()).toBe('done');
      await page.getByTestId('import-check').click();
      await expect(page.getByTestId('report-valid')).toHaveText('40');
    } finally {
      await app.close();
    }
  });
});
