import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { CHAIR } from '../support/backend.ts';
import { SMTP_PASS, SMTP_USER, startSmtp } from '../support/smtp.ts';
import { buildEmailWorld, CANARY } from '../integration/email/world.ts';
import { closeBrowser, handOverTo, startApp } from './harness.ts';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/backend.ts';
import { cleanLetterPdf } from '../../electron/requests/literature/hostile-fixtures.ts';
import { NOW } from '../integration/elections/helpers.ts';

afterAll(closeBrowser);

// Issue 17 in the real renderer: the chair sets up the union's mail server (a real SMTP server on 127.0.0.1), checks
// the connection, and sends a released email request from Production; the screen shows counts, never an address.
describe('email distribution, as the chair uses it', () => {
  it('sets up the mail server, checks it, sends, and shows the counts', async () => {
    const w = await buildEmailWorld({ members: 60, seeds: 1 });
    const smtp = await startSmtp();
    const app = await startApp({ vaultDir: w.dir });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill(CHAIR.login);
      await page.getByTestId('login-passphrase').fill(CHAIR.passphrase);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-settings').click();
      const panel = page.getByTestId('email-settings');
      await expect(page.getByTestId('email-missing')).toBeVisible();
      await expect(page.getByTestId('email-save')).toBeDisabled();
      await page.getByTestId('email-host').fill('127.0.0.1');
      await panel.getByLabel('Port').fill(String(smtp.port));
      await panel.getByLabel('User name').fill(SMTP_USER);
      await panel.getByLabel('Password', { exact: true }).fill(SMTP_PASS);
      await panel.getByLabel('Sender name').fill('Local 42 Election Committee');
      await panel.getByLabel('Sender address').fill('elections@union.test');
      await panel.getByLabel('Unsubscribe address').fill('unsubscribe@union.test');
      await panel.getByLabel(/Certificate authority/).fill(smtp.caPem);
      await page.getByTestId('email-save').click();
      await expect(page.getByText('Mail server saved.')).toBeVisible();
      await panel.getByRole('button', { name: 'Check connection' }).click();
      await expect(page.getByText(/signed in to the mail server/)).toBeVisible();
      await app.screenshot('email-01-settings');

      await page.getByTestId('nav-production').click();
      await page.getByTestId(`send-email-${w.requestId}`).click();
      await expect(page.getByTestId('email-job-status')).toHaveText('Done', { timeout: 60_000 });
      await expect(page.getByTestId('email-job-counts')).toContainText(/sent/);
      await app.screenshot('email-02-sent');
      expect(smtp.messages.length).toBeGreaterThan(0);
      expect(smtp.messages.every((m) => m.to.length === 1)).toBe(true);
      // Nothing on the screen names a member's address.
      expect(await page.content()).not.toMatch(/m\d+@example\.org|canary\.q7x9/);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 180_000);
});

// Issue 17 item 5 on screen: a staff member records what arrived at the unsubscribe address, once by the address in
// the member's email and once by member ID, and sees counts only; the address never stays on the screen, and no
// screen can list the recorded addresses.
describe('unsubscribes and bounces, as staff record them', () => {
  it('records by address and by member ID, shows counts only, and keeps no address on screen', async () => {
    const w = await buildEmailWorld({ members: 30, seeds: 0 });
    const app = await startApp({ vaultDir: w.dir });
    const { page } = app;
    try {
      await page.getByTestId('login-name').fill('sam');
      await page.getByTestId('login-passphrase').fill('sam chooses a long own passphrase 2026');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-email-suppressions').click();
      await expect(page.getByTestId('suppression-counts')).toHaveText('0 unsubscribed, 0 bounced');

      // The canary member wrote to the unsubscribe address: recorded by the address, in capitals as typed.
      await page.getByTestId('suppress-value').fill(CANARY.toUpperCase());
      await page.getByTestId('suppress-record').click();
      await expect(page.getByTestId('suppression-counts')).toHaveText('1 unsubscribed, 0 bounced');
      await expect(page.getByTestId('suppress-result')).toHaveText('Recorded.');
      await expect(page.getByTestId('suppress-value')).toHaveValue('');
      // The same again changes nothing and says so.
      await page.getByTestId('suppress-value').fill(CANARY);
      await page.getByTestId('suppress-record').click();
      await expect(page.getByTestId('suppress-result')).toHaveText('Already recorded: nothing changed.');
      await expect(page.getByTestId('suppression-counts')).toHaveText('1 unsubscribed, 0 bounced');

      // A returned message names a member: recorded by member ID as a bounce.
      const memberId2 = app.backend.vault!.db.prepare("SELECT member_id FROM members WHERE email <> '' AND id <> ? ORDER BY id LIMIT 1").pluck().get(w.canaryRow) as string;
      await page.getByTestId('suppress-by').getByText('By member ID').click();
      await page.getByTestId('suppress-reason').click();
      await page.getByRole('option', { name: 'Address bounced' }).click();
      await page.getByTestId('suppress-value').fill(memberId2);
      await page.getByTestId('suppress-record').click();
      await expect(page.getByTestId('suppression-counts')).toHaveText('1 unsubscribed, 1 bounced');
      // An unknown member ID: a plain message, nothing recorded.
      await page.getByTestId('suppress-value').fill('NO-SUCH-ID-0000');
      await page.getByTestId('suppress-record').click();
      await expect(page.getByTestId('suppressions').getByText('No such member.')).toBeVisible();
      await expect(page.getByTestId('suppression-counts')).toHaveText('1 unsubscribed, 1 bounced');
      await app.screenshot('email-03-suppressions');

      // Counts only, in the file too: the canary's row is suppressed for every later job, and its address is nowhere on screen.
      const db = app.backend.vault!.db;
      expect(db.prepare('SELECT reason, member_row FROM email_suppressions ORDER BY id').all()).toEqual([
        { reason: 'unsubscribe', member_row: w.canaryRow },
        { reason: 'hardBounce', member_row: db.prepare('SELECT id FROM members WHERE member_id = ?').pluck().get(memberId2) },
      ]);
      expect((await page.content()).toLowerCase()).not.toContain(CANARY.toLowerCase());
      expect(await page.content()).not.toMatch(/m\d+@example\.org/);
    } finally {
      await app.close();
    }
  }, 180_000);
});

// Issue 17 items 1-2 on screen: the candidate submits an email request as the simple HTML rendering, reads the proof
// (the message as sent, her markup shown as text), and signs off; the vault records the hash of that message.
describe('an email request, as the candidate signs it off', () => {
  it('chooses the HTML rendering, sees the message as sent, and signs off its hash', async () => {
    const w = await buildEmailWorld({ members: 20, seeds: 0 });
    // The world's election runs on its own calendar (May 2026).
    const app = await startApp({ vaultDir: w.dir, clock: () => NOW });
    const { page } = app;
    try {
      await handOverTo(page, CHAIR, { login: 'huong', passphrase: 'huong chooses a long own passphrase 2026' });
      await page.getByTestId('nav-requests').click();
      await page.getByTestId('request-new').click();
      await page.getByTestId('request-channel').click();
      await page.getByRole('option', { name: 'Email' }).click();
      await page.getByTestId('request-email-subject').fill('Vote Hương');
      await page.getByTestId('request-email-body').fill('Dear member,\n\n<img src="https://track.example/p.gif"> A fair contract.');
      await page.getByText('Plain text and a simple HTML version of the same text').click();
      const flyer = path.join(tempDir('litdesk-e2e-lit-'), 'huong-email.pdf');
      fs.writeFileSync(flyer, await cleanLetterPdf());
      app.answerDialog(flyer);
      await page.getByTestId('request-pick-file').click();
      await page.getByTestId('request-date').fill('2026-06-02');
      await page.getByTestId('request-submit').click();
      await expect(page.getByTestId('request-detail')).toBeVisible();
      await page.getByTestId('proof-view').click();
      const proof = page.getByTestId('email-proof');
      await expect(proof).toContainText('Plain text and a simple HTML version');
      await expect(page.getByTestId('email-proof-subject')).toHaveText('Vote Hương');
      await expect(proof).toContainText('<img src="https://track.example/p.gif"> A fair contract.');
      await expect(proof).toContainText('Paid for by Nguyễn Thị Hương');
      await expect(proof.locator('img')).toHaveCount(0);
      await app.screenshot('email-04-candidate-proof');
      await page.getByTestId('proof-sign-off').click();
      await page.getByTestId('confirm-sign-off-confirm').click();
      await expect(page.getByTestId('request-detail').getByTestId('request-status')).toHaveText('Signed off by candidate');
      const db = app.backend.vault!.db;
      const r = db.prepare("SELECT r.id, r.proof_sha256 AS sha, m.format FROM requests r JOIN email_messages m ON m.request_id = r.id WHERE r.id <> ? ORDER BY r.id DESC LIMIT 1").get(w.requestId) as { id: number; sha: string; format: string };
      expect(r.format).toBe('html');
      const { proofView } = await import('../../electron/email/proof.ts');
      expect(r.sha).toBe(proofView(db, r.id).sha256);
    } finally {
      await app.close();
    }
  }, 180_000);
});
