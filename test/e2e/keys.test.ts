import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { addCandidate, addElection, addQuotedRequest } from '../integration/billing/fixtures.ts';
import { closeBrowser, startApp } from './harness.ts';

// Issue 12, the story: the chair unlocks, hands the workstation over to a candidate; the candidate reviews their
// invoice and signs out; the workstation is locked (database closed, key forgotten) and the next person must unlock.
const CHAIR = { login: 'rosa', displayName: 'Rosa Delgado', passphrase: 'marching together since nineteen ten' };
const CAND = { login: 'huong', oneTime: 'temporary candidate phrase tuesday', final: 'candidate picks quiet river orchard' };

afterAll(closeBrowser);

describe('hand-over: only the committee unlocks, a candidate signs in on a handed-over workstation', () => {
  it('chair unlocks, hands over; the candidate reviews their invoice and signs out; the workstation is locked', async () => {
    const app = await startApp();
    const { page, backend } = app;
    try {
      const ok = <T,>(r: { ok: boolean; value?: unknown }) => { expect(r.ok).toBe(true); return r.value as T; };
      const info = ok<{ agreementPending: { version: number } }>(await backend.dispatch('vault.create', { unionName: 'Teamsters Local 2785', chair: CHAIR }));
      ok(await backend.dispatch('agreement.accept', { version: info.agreementPending.version }));
      const db = backend.vault!.db;
      const e = addElection(db, 'Officer Election 2026');
      const huong = addCandidate(db, e, 'Nguyễn Thị Hương');
      const job = addQuotedRequest(db, e, huong, 1200);
      ok(await backend.dispatch('users.add', { login: CAND.login, displayName: 'Nguyễn Thị Hương', role: 'candidate', candidateId: huong, oneTimePassphrase: CAND.oneTime }));
      ok(await backend.dispatch('billing.issueQuoteInvoice', { requestId: job.id }));
      ok(await backend.dispatch('session.lock', {}));
      await page.reload();

      // The candidate cannot unlock: the sign-in screen says who can, and refuses them like a wrong passphrase.
      await expect(page.getByTestId('committee-only-hint')).toBeVisible();
      await page.getByTestId('login-name').fill(CAND.login);
      await page.getByTestId('login-passphrase').fill(CAND.oneTime);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('error-alert')).toBeVisible();
      expect(backend.vault).toBeNull();

      // The chair unlocks and hands over.
      await page.getByTestId('login-name').fill(CHAIR.login);
      await page.getByTestId('login-passphrase').fill(CHAIR.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('handover-button').click();
      await expect(page.getByTestId('handover-notice')).toBeVisible();
      await app.screenshot('keys-01-handed-over');
      expect(backend.user).toBeNull();
      expect(backend.vault).not.toBeNull();

      // The candidate signs in with their own passphrase, chooses their own, accepts the agreement.
      await page.getByTestId('handover-login').fill(CAND.login);
      await page.getByTestId('handover-passphrase').fill(CAND.oneTime);
      await page.getByTestId('handover-submit').click();
      await page.getByTestId('current-passphrase').fill(CAND.oneTime);
      await page.getByTestId('new-passphrase').fill(CAND.final);
      await page.getByTestId('confirm-passphrase').fill(CAND.final);
      await page.getByTestId('change-submit').click();
      await page.getByTestId('agreement-check').click();
      await page.getByTestId('agreement-accept').click();
      await expect(page.getByTestId('signed-in-as')).toContainText('Nguyễn Thị Hương');
      // No hand-over for a candidate; their only way out is signing out.
      await expect(page.getByTestId('handover-button')).toHaveCount(0);
      await expect(page.getByTestId('lock-button')).toHaveText(/Sign out/);

      // Reviews their invoice.
      await page.getByTestId('nav-my-billing').click();
      await expect(page.getByTestId('my-name')).toContainText('Nguyễn Thị Hương');
      await expect(page.getByTestId('document-Q-000001')).toBeVisible();
      await app.screenshot('keys-02-candidate-invoice');

      // Signs out: the workstation is locked, not handed back.
      const conn = backend.vault!.db;
      await page.getByTestId('lock-button').click();
      await expect(page.getByTestId('login-submit')).toBeVisible();
      expect(backend.vault).toBeNull();
      expect(conn.open).toBe(false);
      expect(await backend.dispatch('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
      await app.screenshot('keys-03-locked-after-sign-out');
    } finally {
      await app.close();
    }
  });
});
