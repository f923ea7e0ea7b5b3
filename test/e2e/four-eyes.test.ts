import fs from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { CHAIR, tempDir } from '../support/backend.ts';
import { decryptBatch, decryptBatchWith } from '../support/mail-house.ts';
import { buildMergeWorld } from '../integration/merge/world.ts';
import { closeBrowser, startApp } from './harness.ts';

afterAll(closeBrowser);

// Issue 13 §1 and §4 in the real renderer: the chair, who authorised the job and recorded its payment, tries to
// release it alone and is told why not, in plain words; a staff member releases it; production delivers batches that
// only the mail house's key opens.
describe('four eyes, as the committee meets it', () => {
  it('the chair alone cannot release a paid job; staff can; the batch opens only with the mail house\'s key', async () => {
    const w = await buildMergeWorld({ members: 150, seeds: 1, release: false });
    const app = await startApp({ vaultDir: w.dir });
    const { page } = app;
    const signIn = async (who: { login: string; passphrase: string }) => {
      await page.getByTestId('login-name').fill(who.login);
      await page.getByTestId('login-passphrase').fill(who.passphrase);
      await page.getByTestId('login-submit').click();
    };
    const openRequest = async () => {
      await page.getByTestId('nav-requests').click();
      await page.getByTestId(`request-open-${w.requestId}`).click();
      await expect(page.getByTestId('request-detail')).toBeVisible();
    };
    try {
      await signIn(CHAIR);
      await openRequest();
      await expect(page.getByTestId('request-detail').getByTestId('request-status')).toHaveText('Release authorised');
      await page.getByTestId('request-release').click();
      // The confirmation says what happens and to whom (issue 16 §6); the core then says no.
      await page.getByTestId('confirm-release-confirm').click();
      await expect(page.getByTestId('request-detail').getByTestId('error-alert'))
        .toHaveText('A second committee member must release this job: the member who authorised it cannot also release it.');
      await expect(page.getByTestId('request-detail').getByTestId('request-status')).toHaveText('Release authorised');
      await app.screenshot('four-eyes-01-chair-alone-refused');
      await page.keyboard.press('Escape');
      await page.getByTestId('lock-button').click();

      await signIn(w.staff);
      await openRequest();
      await page.getByTestId('request-release').click();
      await page.getByTestId('confirm-release-confirm').click();
      await expect(page.getByTestId('request-detail').getByTestId('request-status')).toHaveText('Released to production');
      await expect(page.getByTestId('request-detail').getByTestId('error-alert')).toHaveCount(0);
      await app.screenshot('four-eyes-02-staff-released');
      await page.keyboard.press('Escape');

      const out = path.join(tempDir('litdesk-e2e-out-'), 'mail-house');
      app.answerDialog(out);
      await page.getByTestId('nav-production').click();
      await page.getByTestId(`produce-${w.requestId}`).click();
      await expect(page.getByTestId('job-status')).toHaveText('Done', { timeout: 90_000 });
      const batches = fs.readdirSync(out).filter((f) => f.includes('-batch-')).sort();
      expect(batches.length).toBeGreaterThan(0);
      const first = path.join(out, batches[0]!);
      expect(fs.readFileSync(first).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
      expect((await decryptBatch(first)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Anyone else's key, however made, opens nothing.
      const stranger = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Someone Else', email: 'x@example.org' }], format: 'armored' });
      await expect(decryptBatchWith(first, stranger.privateKey)).rejects.toThrow();
    } finally {
      await app.close();
    }
  }, 180_000);
});
