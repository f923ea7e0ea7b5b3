import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { AppError, type ErrorCode } from '../../shared/api/errors.ts';
import { makeBackend, signInOn } from '../support/backend.ts';
import { closeBrowser, startApp } from './harness.ts';
import { demoVault, signInAs } from './demo-world.ts';

// Two candidates of one election dispute their invoices on the same evening. Staff answer from the Billing screen:
// the answer window names the candidate in its title and the invoice, its line and the request on its first line,
// so an answer meant for one candidate is not sent, unnoticed, to the other.

afterAll(closeBrowser);

type Login = { login: string; passphrase: string };
async function as(vaultDir: string, who: Login, chair: Login) {
  const made = makeBackend({ vaultDir, demo: true });
  const r = await signInOn(made.backend, who, chair);
  if (!r.ok) throw new AppError(r.error.code as ErrorCode, r.error.message, r.error.details);
  return made;
}

describe('answering a dispute names whose it is', () => {
  it('title names the candidate; first line the invoice, line and request; the answer lands on that dispute', async () => {
    const world = await demoVault();
    const chair = world.logins.find((l) => l.role === 'chair')!;
    const staffLogin = world.logins.find((l) => l.role === 'staff')!;
    const [huongLogin, joseLogin] = world.logins.filter((l) => l.role === 'candidate');

    // José's signed-off request gets its quote invoice; each candidate disputes their own invoice.
    const staff = await as(world.vaultDir, staffLogin, chair);
    const cands = await staff.client.call('billing.candidates', {});
    const joseId = cands.find((c) => c.name === 'José Muñoz Peña')!.id;
    const joseRequest = (await staff.client.call('billing.candidate', { candidateId: joseId })).requests.find((r) => r.status === 'signedOff')!;
    await staff.client.call('billing.issueQuoteInvoice', { requestId: joseRequest.id });
    staff.backend.lock('test');
    const invoiceOf = async (who: Login, note: string) => {
      const c = await as(world.vaultDir, who, chair);
      const view = await c.client.call('billing.candidate', {});
      const doc = view.documents.find((d) => d.kind === 'quoteInvoice' && d.requestId !== null)!;
      const { disputeId } = await c.client.call('billing.dispute', { documentId: doc.id, lineIndex: 0, note });
      c.backend.lock('test');
      return { doc, disputeId };
    };
    const huong = await invoiceOf(huongLogin!, 'Why is postage 78 cents a piece?');
    const jose = await invoiceOf(joseLogin!, 'I was told the handling fee was waived.');
    expect(huong.doc.label).not.toBe(jose.doc.label);

    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await signInAs(page, world.logins, staffLogin.login);
      await page.getByTestId('nav-billing').click();
      const select = page.getByTestId('billing-candidate');
      const pick = async (name: string) => {
        await select.click();
        await page.getByRole('option', { name: new RegExp(`^${name} — `) }).click();
      };

      await pick('Nguyễn Thị Hương');
      await page.getByTestId(`answer-${huong.disputeId}`).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.locator('.mantine-Modal-title')).toHaveText('Answer the dispute from Nguyễn Thị Hương');
      await expect(page.getByTestId('dispute-answer-about')).toHaveText(`On ${huong.doc.label}, line 1 · request #${huong.doc.requestId}`);
      await expect(page.getByTestId('dispute-answer-note')).toHaveText('Why is postage 78 cents a piece?');
      await page.waitForTimeout(300);
      await app.screenshot('first-day-dispute-answer-names-candidate');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      await pick('José Muñoz Peña');
      await page.getByTestId(`answer-${jose.disputeId}`).click();
      await expect(dialog.locator('.mantine-Modal-title')).toHaveText('Answer the dispute from José Muñoz Peña');
      await expect(page.getByTestId('dispute-answer-about')).toHaveText(`On ${jose.doc.label}, line 1 · request #${joseRequest.id}`);
      await expect(dialog).not.toContainText('Nguyễn');
      await page.getByTestId('dispute-answer').fill('The fee applies to every job; see the rate card.');
      await page.getByTestId('dispute-answer-save').click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId(`dispute-${jose.disputeId}`)).toContainText('The fee applies to every job');

      const db = app.backend.vault!.db;
      const answers = db.prepare('SELECT id, answer FROM billing_disputes ORDER BY id').all();
      expect(answers).toEqual([{ id: huong.disputeId, answer: null }, { id: jose.disputeId, answer: 'The fee applies to every job; see the rate card.' }]);
    } finally {
      await app.close();
    }
  });
});
