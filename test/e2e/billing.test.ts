import { execFileSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { makeBackend } from '../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest, producedJob, setStatus } from '../integration/billing/fixtures.ts';
import { closeBrowser, handOverTo, startApp, type App } from './harness.ts';

const CHAIR = { login: 'rosa', displayName: 'Rosa Delgado', passphrase: 'marching together since nineteen ten' };
const STAFF = { login: 'sam', oneTime: 'temporary staff phrase for monday', final: 'staff chooses pelican harbor lanterns' };
const CAND = { login: 'huong', oneTime: 'temporary candidate phrase tuesday', final: 'candidate picks quiet river orchard' };

afterAll(closeBrowser);

async function signIn(app: App, login: string, oneTime: string, final: string): Promise<void> {
  const { page } = app;
  if (login === CAND.login) {
    // A candidate holds no key: the chair unlocks and hands the workstation over (issue 12).
    await handOverTo(page, CHAIR, { login, passphrase: oneTime });
  } else {
    await page.getByTestId('login-name').fill(login);
    await page.getByTestId('login-passphrase').fill(oneTime);
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('current-passphrase').fill(oneTime);
  await page.getByTestId('new-passphrase').fill(final);
  await page.getByTestId('confirm-passphrase').fill(final);
  await page.getByTestId('change-submit').click();
  await page.getByTestId('agreement-check').click();
  await page.getByTestId('agreement-accept').click();
}

const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

describe('billing, as staff and a candidate would use it', () => {
  it('deposit one cent short blocks release, paying the cent allows it, actuals give a final invoice and a refund; the candidate sees only their own', async () => {
    const app = await startApp();
    const { page, backend } = app;
    try {
      const ok = <T,>(r: { ok: boolean; value?: unknown }) => { expect(r.ok).toBe(true); return r.value as T; };
      const info = ok<{ agreementPending: { version: number } }>(await backend.dispatch('vault.create', { unionName: 'Teamsters Local 2785', chair: CHAIR }));
      ok(await backend.dispatch('agreement.accept', { version: info.agreementPending.version }));
      const db = backend.vault!.db;
      const e = addElection(db, 'Officer Election 2026');
      const huong = addCandidate(db, e, 'Nguyễn Thị Hương');
      const jose = addCandidate(db, e, 'José Muñoz Peña');
      const staff = ok<{ id: number }>(await backend.dispatch('users.add', { login: STAFF.login, displayName: 'Sam Okafor', role: 'staff', candidateId: null, oneTimePassphrase: STAFF.oneTime }));
      // Four eyes (issue 13): staff authorised these jobs and records the payments, so the chair is the one who releases.
      const job = addQuotedRequest(db, e, huong, 1200, { authorisedBy: staff.id });
      addQuotedRequest(db, e, jose, 800, { authorisedBy: staff.id });
      ok(await backend.dispatch('users.add', { login: CAND.login, displayName: 'Nguyễn Thị Hương', role: 'candidate', candidateId: huong, oneTimePassphrase: CAND.oneTime }));
      // The other candidate paid too: their receipt must never show to Hương.
      ok(await backend.dispatch('billing.recordPayment', { candidateId: jose, amountCents: 5000, receivedOn: '2026-04-01', method: { type: 'check', reference: '311' }, payer: { type: 'candidate', name: 'José Muñoz Peña', accountHolder: 'José Muñoz Peña' } }));
      ok(await backend.dispatch('session.lock', {}));
      // The chair releases through the API from a second session on the same vault (the elections screens own the button).
      const chair = makeBackend({ vaultDir: app.vaultDir });
      await chair.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });

      await page.reload();
      await signIn(app, STAFF.login, STAFF.oneTime, STAFF.final);
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('billing-candidate').click();
      await page.getByRole('option', { name: /Nguyễn Thị Hương/ }).click();

      // A deposit one cent short of the quote.
      await page.getByTestId('record-payment').click();
      await page.getByTestId('payment-amount').fill(cents(job.quoteCents - 1));
      await page.getByTestId('payment-reference').fill('1042');
      await page.getByTestId('payer-name').fill('Nguyễn Thị Hương');
      await page.getByTestId('account-holder').fill('NGUYEN THI HUONG');
      // The candidate herself (however the bank wrote her name): recorded at once.
      await page.getByTestId('payment-save').click();
      await expect(page.getByTestId(`release-check-${job.id}`)).toContainText('Amount due before release: $0.01');
      await app.screenshot('billing-01-short-by-one-cent');
      const refused = await chair.backend.dispatch('requests.release', { requestId: job.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'requests.unpaid', details: { shortfallCents: 1 } } });

      // A union payer is refused with the reason.
      await page.getByTestId('record-payment').click();
      await page.getByTestId('payment-amount').fill('0.01');
      await page.getByTestId('payment-reference').fill('77');
      await page.getByTestId('payer-name').fill('Teamsters Local 2785');
      await page.getByTestId('account-holder').fill('Teamsters Local 2785');
      await page.getByTestId('payment-save').click();
      await expect(page.getByRole('dialog').getByTestId('error-alert')).toContainText('401(g)');
      await app.screenshot('billing-02-union-payer-refused');
      await page.getByTestId('payer-type').click();
      await page.getByRole('option', { name: 'Individual supporter' }).click();
      await page.getByTestId('payer-name').fill('Trần Văn Đức');
      await page.getByTestId('account-holder').fill('Trần Văn Đức');
      // Neither the candidate nor a supporter who paid before: the form asks first (issue 16 §4).
      await page.getByTestId('payment-save').click();
      await expect(page.getByTestId('payer-confirm')).toContainText('is neither Nguyễn Thị Hương nor a supporter who has paid before');
      await expect(page.getByTestId('release-check-' + job.id)).toContainText('Amount due before release: $0.01');
      await app.screenshot('billing-02b-unknown-payer-confirm');
      await page.getByTestId('payment-save').click();
      await expect(page.getByTestId(`release-check-${job.id}`)).toContainText('Paid in full');
      expect(await chair.backend.dispatch('requests.release', { requestId: job.id })).toMatchObject({ ok: true });

      // The mail house statement (the merge domain will mark jobs produced and mailed).
      // The production job mailed 1,180 pieces; the final invoice takes its counts from it (issue 13 §5).
      const cdb = chair.backend.vault!.db;
      producedJob(cdb, job.id, 1180); setStatus(cdb, job.id, 'mailed');
      await page.getByTestId('nav-billing').click();
      await page.reload();
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('billing-candidate').click();
      await page.getByRole('option', { name: /Nguyễn Thị Hương/ }).click();
      await page.getByTestId(`enter-actuals-${job.id}`).click();
      await expect(page.getByRole('dialog')).toContainText(`Actual costs for Nguyễn Thị Hương, request #${job.id}`); // every money form names the candidate
      await page.getByTestId('actual-postage').fill('861.40');
      await page.getByTestId('actuals-save').click();
      await expect(page.getByTestId('document-F-000001')).toBeVisible();

      // The mail house statement had one sheet too many: correct the final invoice with a credit note.
      await page.getByTestId('credit-F-000001').click();
      await expect(page.getByRole('dialog')).toContainText('for Nguyễn Thị Hương with a credit note');
      await page.getByTestId('credit-reason').fill('Mail house statement corrected: 1,189 sheets');
      await page.getByTestId('credit-postage').fill('861.40');
      await page.getByTestId('credit-sheets').fill('1189');
      await page.getByTestId('credit-save').click();
      // A count other than the production job's waits for a second committee member: the chair countersigns it.
      await expect(page.getByTestId('document-C-000001')).toHaveCount(0);
      const pending = await chair.client.call('countersign.list', {});
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ kind: 'actualsCorrection', requestedBy: { name: 'Sam Okafor' } });
      await chair.client.call('countersign.decide', { countersignId: pending[0]!.id, agree: true });
      await page.getByTestId('nav-billing').click();
      await page.reload();
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('billing-candidate').click();
      await page.getByRole('option', { name: /Nguyễn Thị Hương/ }).click();
      await expect(page.getByTestId('document-C-000001')).toBeVisible();
      await expect(page.getByTestId('document-F-000002')).toBeVisible();
      await expect(page.getByTestId('credit-F-000001')).toHaveCount(0);
      const refundable = Number((await page.getByTestId('balance-refundable').innerText()).replace(/[$,]/g, ''));
      expect(refundable).toBeGreaterThan(0);
      await page.getByTestId('record-refund').click();
      await page.getByTestId('refund-amount').fill(refundable.toFixed(2));
      await page.getByTestId('payment-reference').fill('5001');
      await page.getByTestId('refund-save').click();
      await expect(page.getByTestId('document-P-000001')).toBeVisible();
      await expect(page.getByTestId('balance-refundable')).toHaveText('$0.00');
      await expect(page.getByTestId('balance-held')).toHaveText('$0.00');
      await app.screenshot('billing-03-final-invoice-and-refund');

      // Staff downloads the final invoice: the real PDF, names exact.
      await page.getByTestId('download-F-000001').click();
      await expect.poll(() => app.savedFiles.length).toBe(1);
      const text = execFileSync('pdftotext', ['-layout', app.savedFiles[0]!, '-']).toString('utf8');
      expect(text).toContain('Nguyễn Thị Hương');
      expect(text).toContain('Teamsters Local 2785');
      expect(text).toContain('Officer Election 2026');

      // The candidate signs in and sees exactly their own documents.
      await page.getByTestId('lock-button').click();
      await signIn(app, CAND.login, CAND.oneTime, CAND.final);
      await expect(page.getByTestId('nav-billing')).toHaveCount(0);
      await page.getByTestId('nav-my-billing').click();
      await expect(page.getByTestId('my-name')).toContainText('Nguyễn Thị Hương');
      const rows = page.getByTestId('billing-documents').locator('tbody tr');
      await expect(rows).toHaveCount(6); // two receipts, the final invoice, its credit note and replacement, the refund voucher
      await expect(page.getByTestId('document-F-000001')).toBeVisible();
      await expect(page.getByTestId('billing-documents')).not.toContainText('R-000001'); // José's receipt
      await expect(page.getByTestId('billing-requests').locator('tbody tr')).toHaveCount(1);
      await expect(page.locator('body')).not.toContainText('José');
      await page.getByTestId('dispute-F-000001').click();
      await page.getByTestId('dispute-note').fill('Why was staff time billed for 45 minutes?');
      await page.getByTestId('dispute-send').click();
      await expect(page.getByTestId('my-dispute-1')).toContainText('waiting for an answer');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await app.screenshot('billing-04-candidate-own-view');
      await page.getByTestId('download-F-000001').click();
      await expect.poll(() => app.savedFiles.length).toBe(2);
      chair.backend.lock('test');
    } finally {
      await app.close();
    }
  });
});
