import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { closeBrowser, startApp } from './harness.ts';

const CHAIR_PASS = 'marching together since nineteen ten';
const STAFF_ONE_TIME = 'temporary staff phrase for monday';
const STAFF_PASS = 'staff chooses pelican harbor lanterns';

afterAll(closeBrowser);

describe('foundation, as a new committee would use it', () => {
  it('sets up a vault, accepts the agreement, adds staff, locks, unlocks, switches language and verifies the audit trail', async () => {
    const app = await startApp();
    const { page } = app;
    try {
      // First run: setup.
      await page.getByTestId('union-name').fill('Teamsters Local 2785');
      await page.getByTestId('chair-name').fill('Rosa Delgado');
      await page.getByTestId('chair-login').fill('rosa');
      await page.getByTestId('new-passphrase').fill('short');
      await expect(page.getByTestId('passphrase-verdict')).toContainText('Too short');
      await expect(page.getByTestId('create-vault')).toBeDisabled();
      await page.getByTestId('new-passphrase').fill(CHAIR_PASS);
      await page.getByTestId('confirm-passphrase').fill(CHAIR_PASS);
      await app.screenshot('01-setup');
      await page.getByTestId('create-vault').click();

      // Confidentiality agreement before anything else.
      await expect(page.getByTestId('agreement-text')).toContainText('membership list is confidential');
      await expect(page.getByTestId('agreement-accept')).toBeDisabled();
      await app.screenshot('02-agreement');
      await page.getByTestId('agreement-check').click();
      await page.getByTestId('agreement-accept').click();
      await expect(page.getByTestId('signed-in-as')).toContainText('Rosa Delgado');

      // Add a staff user.
      await page.getByTestId('nav-users').click();
      await page.getByTestId('add-user').click();
      await page.getByTestId('user-name').fill('Sam Okafor');
      await page.getByTestId('user-login').fill('sam');
      await page.getByTestId('new-passphrase').fill(STAFF_ONE_TIME);
      await page.getByTestId('user-save').click();
      await expect(page.getByTestId('user-row-sam')).toContainText('Must choose a passphrase');
      await app.screenshot('03-users');

      // Lock, then a wrong passphrase, then the staff user's first sign-in.
      await page.getByTestId('lock-button').click();
      await page.getByTestId('login-name').fill('sam');
      await page.getByTestId('login-passphrase').fill('not the right passphrase at all');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('error-alert')).toContainText('do not match');
      await app.screenshot('04-wrong-passphrase');
      await page.getByTestId('login-passphrase').fill(STAFF_ONE_TIME);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-passphrase').fill(STAFF_ONE_TIME);
      await page.getByTestId('new-passphrase').fill(STAFF_PASS);
      await page.getByTestId('confirm-passphrase').fill(STAFF_PASS);
      await page.getByTestId('change-submit').click();
      await page.getByTestId('agreement-check').click();
      await page.getByTestId('agreement-accept').click();
      await expect(page.getByTestId('signed-in-as')).toContainText('Sam Okafor');
      await expect(page.getByTestId('nav-users')).toHaveCount(0);
      await expect(page.getByTestId('nav-audit')).toHaveCount(0);

      // Back to the chair, in Vietnamese, to verify the audit trail.
      await page.getByTestId('lock-button').click();
      await page.getByTestId('language-switch').click();
      await page.getByRole('option', { name: 'Tiếng Việt' }).click();
      await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
      await page.getByTestId('login-name').fill('rosa');
      await page.getByTestId('login-passphrase').fill(CHAIR_PASS);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-audit').click();
      await expect(page.getByRole('heading', { name: 'Nhật ký kiểm toán' })).toBeVisible();
      await page.getByTestId('audit-verify').click();
      await expect(page.getByTestId('audit-verdict-ok')).toContainText('còn nguyên vẹn');
      await expect(page.getByTestId('audit-table')).toContainText('users.add');
      // The language picked on the sign-in screen became the chair's own (documents addressed to her follow it);
      // the staff member's stays English.
      const languages = app.backend.vault!.db.prepare('SELECT login, language FROM users ORDER BY id').all();
      expect(languages).toEqual([{ login: 'rosa', language: 'vi' }, expect.objectContaining({ language: 'en' })]);
      await app.screenshot('05-audit-vi');

      const verdict = await app.backend.dispatch('audit.verify', {});
      expect(verdict).toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      await app.close();
    }
  });
});
