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
      // The world's request was paid months before today's clock: past the published turnaround (issue 14 §4), a
      // release needs the technical reason it waited.
      await page.getByTestId('request-late-reason').fill('Test world: paid in May, released today.');
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

      // Issue 13 §6 in the payment form: a payer close to the union's name needs a note, then a second member's review.
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('record-payment').click();
      await page.getByTestId('payment-amount').fill('5.00');
      await page.getByTestId('payment-reference').fill('4242');
      await page.getByTestId('payer-name').fill('Friends of Local 42 members');
      await page.getByTestId('account-holder').fill('Friends of Local 42 Members PAC');
      await page.getByTestId('payment-save').click();
      await expect(page.getByTestId('payer-review')).toContainText('close to “Local 42”');
      await expect(page.getByTestId('payment-save')).toBeDisabled();
      await page.getByTestId('payer-review-note').fill('The members\' own committee; personal cheques pooled.');
      await app.screenshot('four-eyes-03-payer-near-match');
      await page.getByTestId('payment-save').click();
      const review = page.getByTestId('billing-payments').locator('[data-testid^="payer-review-"]');
      await expect(review).toHaveText('Payer close to “Local 42”: awaiting review');
      await page.getByTestId('lock-button').click();

      // The chair reviews it (staff recorded it, so staff could not).
      await signIn(CHAIR);
      await page.getByTestId('nav-countersign').click();
      const agree = page.locator('[data-testid^="countersign-agree-"]');
      await expect(agree).toHaveCount(1);
      await agree.click();
      await page.getByTestId('nav-billing').click();
      await expect(review).toHaveText('Payer reviewed');

      // The chair's setup: a members' employer, with the suggested variants to confirm one by one.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('payer-name-kind').click();
      await page.getByRole('option', { name: 'Members\' employer' }).click();
      await page.getByTestId('payer-name-input').fill('Acme Hospital, Inc.');
      await page.getByTestId('payer-name-add').click();
      await expect(page.getByTestId('payer-name-suggestions')).toContainText('Acme Hosp. Inc.');
      await page.getByTestId('payer-name-suggestions').getByLabel('Acme Hosp. Inc.').check();
      await page.getByTestId('payer-name-add').click();
      await expect(page.getByTestId('payer-names-list')).toContainText('Acme Hospital, Inc.');
      await expect(page.getByTestId('payer-names-list')).toContainText('Acme Hosp. Inc. · variant of Acme Hospital, Inc.');
      await app.screenshot('four-eyes-04-who-may-not-pay');

      // Switching a name off waits for a second committee member: the chair gives a reason; the name stays checked.
      const acme = page.getByTestId('payer-names-list').locator('tr').filter({ hasText: 'Acme Hospital, Inc.' }).filter({ hasNotText: 'variant of' });
      await acme.getByRole('switch').click({ force: true });
      await page.getByTestId('protected-off-reason').fill('Recorded under the wrong employer.');
      await app.screenshot('four-eyes-05-switch-off-asks');
      await page.getByTestId('protected-off-ask').click();
      await expect(acme.getByRole('switch')).toBeChecked();
      await expect(page.getByTestId('union-name-current')).toContainText('Local 42');
      await page.getByTestId('lock-button').click();
      await signIn(w.staff);
      await page.getByTestId('nav-countersign').click();
      const off = page.getByTestId('countersign-pending').locator('[data-testid^="countersign-"]').filter({ hasText: 'Name that may not pay, switched off' });
      await expect(off).toContainText('Recorded under the wrong employer.');
      await off.locator('[data-testid^="countersign-agree-"]').click();
      await expect(page.getByTestId('countersign-decided')).toContainText('Name that may not pay, switched off');
      await page.getByTestId('lock-button').click();
      await signIn(CHAIR);
      await page.getByTestId('nav-settings').click();
      await expect(acme.getByRole('switch')).not.toBeChecked();
      await app.screenshot('four-eyes-06-switched-off-countersigned');

      // A new legal name for the union is a proposal too: it waits, and its proposer can only withdraw it.
      await page.getByTestId('union-name-propose').click();
      await page.getByTestId('union-name-new').fill('Local 42 United');
      await page.getByTestId('union-name-reason').fill('The locals merged on 1 May.');
      await page.getByTestId('union-name-ask').click();
      await expect(page.getByTestId('union-name-current')).toContainText('Local 42');
      await expect(page.getByTestId('union-name-current')).not.toContainText('United');
      await page.getByTestId('nav-countersign').click();
      const renamed = page.getByTestId('countersign-pending').locator('[data-testid^="countersign-"]').filter({ hasText: 'New legal name of the union' });
      await expect(renamed).toContainText('The locals merged on 1 May.');
      await expect(renamed.locator('[data-testid^="countersign-agree-"]')).toHaveCount(0);
      await expect(renamed.locator('[data-testid^="countersign-withdraw-"]')).toHaveCount(1);
      await app.screenshot('four-eyes-07-union-name-waits');
    } finally {
      await app.close();
    }
  }, 180_000);
});
