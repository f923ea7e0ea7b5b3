import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { Page } from 'playwright-core';
import { afterAll, describe, it } from 'vitest';
import { allAuditEntries, listAudit, verifyChain } from '../../electron/audit/log.ts';
import { addDays, dayIn, workstationTimeZone } from '../../shared/domain/calendar.ts';
import { cleanLetterPdf } from '../../electron/requests/literature/hostile-fixtures.ts';
import { tempDir } from '../support/backend.ts';
import { seedMembers } from '../support/members.ts';
import { closeBrowser, createVaultThroughUi, E2E_CHAIR, startApp, handOverTo } from './harness.ts';

const CHAIR_PASS = E2E_CHAIR.passphrase;
const ONE_TIME = 'temporary phrase for the first monday';
const PASS: Record<string, string> = {
  rosa: CHAIR_PASS, sam: 'staff chooses pelican harbor lanterns', huong: 'huong picks river lotus morning bells', jose: 'jose keeps orange grove thunder',
};

afterAll(closeBrowser);

async function signIn(page: Page, login: string, firstTime: boolean): Promise<void> {
  const passphrase = firstTime ? ONE_TIME : PASS[login]!;
  if (login === 'huong' || login === 'jose') {
    // Candidates hold no key: the chair unlocks and hands the workstation over (issue 12).
    await handOverTo(page, { login: 'rosa', passphrase: CHAIR_PASS }, { login, passphrase });
  } else {
    await page.getByTestId('login-name').fill(login);
    await page.getByTestId('login-passphrase').fill(passphrase);
    await page.getByTestId('login-submit').click();
  }
  if (!firstTime) return;
  await page.getByTestId('current-passphrase').fill(ONE_TIME);
  await page.getByTestId('new-passphrase').fill(PASS[login]!);
  await page.getByTestId('confirm-passphrase').fill(PASS[login]!);
  await page.getByTestId('change-submit').click();
  await page.getByTestId('agreement-check').click();
  await page.getByTestId('agreement-accept').click();
}

describe('elections, requests and the 401(c) inspection, as the committee and candidates would use them', () => {
  it('sets up an election and rate card, registers candidates, takes a request to sign-off, notifies, and inspects', async () => {
    const app = await startApp();
    const { page } = app;
    const today = dayIn(workstationTimeZone(), new Date()); // the vault set up in the UI takes this workstation's zone
    try {
      // First run: the chair creates the vault.
      await createVaultThroughUi(page);
      // The membership list (imported by the members screens in real use).
      seedMembers(app.backend.vault!.db, 240);

      // The chair sets up the election: ballots mailed in 20 days, so the inspection window is open today.
      await page.getByTestId('nav-elections').click();
      await page.getByTestId('election-new').click();
      await page.getByTestId('election-name').fill('Officer election 2026');
      await page.getByTestId('election-offices').fill('President');
      await page.getByTestId('election-offices').press('Enter');
      await page.getByTestId('election-offices').fill('Trustee');
      await page.getByTestId('election-offices').press('Enter');
      await page.getByTestId('election-date').fill(addDays(today, 30));
      await page.getByTestId('election-ballot-date').fill(addDays(today, 20));
      await page.getByTestId('channel-marketing').check();
      await page.getByTestId('election-mailer-id').fill('123456');
      await app.screenshot('elections-01-election-form');
      await page.getByTestId('election-save').click();
      await expect(page.getByText('Officer election 2026')).toBeVisible();

      // ... and publishes the rate card.
      await page.getByTestId('rate-card-new').click();
      await page.getByTestId('rate-paperPerSheetCents').fill('0.03');
      await page.getByTestId('rate-printPerSideCents').fill('0.06');
      await page.getByTestId('rate-envelopeCents').fill('0.04');
      await page.getByTestId('rate-insertingCents').fill('0.02');
      await page.getByTestId('rate-handlingPerJobCents').fill('25');
      await page.getByTestId('rate-staffHourCents').fill('32');
      await page.getByTestId('rate-postage-firstClass').fill('0.73');
      await page.getByTestId('rate-postage-marketing').fill('0.36');
      // Staff time is billed like every other cost: a card that prices it at zero cannot be published (issue 13).
      await expect(page.getByTestId('rate-card-zero')).toContainText('staff time');
      await expect(page.getByTestId('rate-card-publish')).toBeDisabled();
      await page.getByTestId('rate-staffSetupMinutesPerJob').fill('30');
      await page.getByTestId('rate-staffMinutesPer1000').fill('12');
      await expect(page.getByTestId('rate-card-zero')).toHaveCount(0);
      await app.screenshot('elections-02-rate-card-form');
      await page.getByTestId('rate-card-publish').click();
      // Publishing asks first and says who hears of it (issue 16 §6): no candidate is registered yet.
      await expect(page.getByTestId('confirm-publish-who')).toContainText('No candidate is registered');
      await page.getByTestId('confirm-publish-confirm').click();
      await expect(page.getByTestId('rate-card-version')).toContainText('Version 1');
      await expect(page.getByTestId('rate-card-table')).toContainText('$0.73');
      await app.screenshot('elections-03-election');

      // A staff user (the Users screen is tested with the foundation; here the chair adds one directly).
      const added = await app.backend.dispatch('users.add', { login: 'sam', displayName: 'Sam Okafor', role: 'staff', candidateId: null, oneTimePassphrase: ONE_TIME });
      expect(added.ok).toBe(true);
      await page.getByTestId('lock-button').click();
      await signIn(page, 'sam', true);
      await expect(page.getByTestId('signed-in-as')).toContainText('Sam Okafor');

      // Staff register a candidate and a person seeking nomination.
      await page.getByTestId('nav-candidates').click();
      for (const [name, standing] of [['Nguyễn Thị Hương', 'Candidate'], ['José Muñoz Peña', 'Seeking nomination']] as const) {
        await page.getByTestId('candidate-register').click();
        await page.getByTestId('candidate-name').fill(name);
        await page.getByTestId('candidate-standing').click();
        await page.getByRole('option', { name: standing }).click();
        await page.getByTestId('candidate-save').click();
        await expect(page.getByTestId('candidates-table')).toContainText(name);
      }
      await app.screenshot('elections-04-candidates');
      await page.getByTestId('lock-button').click();

      // The chair gives both a login from the candidates screen.
      await signIn(page, 'rosa', false);
      await page.getByTestId('nav-candidates').click();
      const cands = await app.backend.dispatch('candidates.list', {});
      const [huong, jose] = (cands as { value: Array<{ id: number; fullName: string }> }).value.sort((a, b) => a.id - b.id);
      for (const [c, login] of [[huong!, 'huong'], [jose!, 'jose']] as const) {
        await page.getByTestId(`candidate-give-login-${c.id}`).click();
        await page.getByTestId('candidate-login-name').fill(login);
        await page.getByTestId('new-passphrase').fill(ONE_TIME);
        await page.getByTestId('candidate-login-save').click();
        await expect(page.getByTestId(`candidate-row-${c.id}`)).toContainText(login);
      }

      // Candidates are on record: the chair's change of the turnaround is a new version and asks for the reason
      // (issue 14 §2); the election shows its version history.
      await page.getByTestId('nav-elections').click();
      await page.getByTestId('election-edit').click();
      await page.getByTestId('election-turnaround').fill('7');
      await expect(page.getByTestId('election-version-needed')).toBeVisible();
      await expect(page.getByTestId('election-save')).toBeDisabled();
      await page.getByTestId('election-reason').fill('The mail house now needs two more days');
      await app.screenshot('elections-04b-new-version');
      await page.getByTestId('election-save').click();
      await expect(page.getByTestId('election-turnaround-value')).toContainText('7 business days');
      await expect(page.getByTestId('election-version-2')).toContainText('The mail house now needs two more days');
      await expect(page.getByTestId('election-version-2')).toContainText('Turnaround (business days): 5 → 7');
      await page.getByTestId('lock-button').click();

      // Candidate Hương signs in, submits literature, sees the quote and the proof, and signs off.
      await signIn(page, 'huong', true);
      await page.getByTestId('nav-requests').click();
      await expect(page.getByRole('heading', { name: 'My literature requests' })).toBeVisible();
      await page.getByTestId('request-new').click();
      const flyer = path.join(tempDir('litdesk-e2e-lit-'), 'huong-flyer.pdf');
      fs.writeFileSync(flyer, await cleanLetterPdf());
      app.answerDialog(flyer);
      await page.getByTestId('request-pick-file').click();
      await expect(page.getByTestId('request-file-name')).toHaveText('huong-flyer.pdf');
      await page.getByTestId('request-date').fill(addDays(today, 10));
      await app.screenshot('elections-05-submit');
      await page.getByTestId('request-submit').click();
      await expect(page.getByTestId('request-detail')).toBeVisible();
      await expect(page.getByTestId('quote-version')).toContainText('Rate card version 1');
      await expect(page.getByTestId('quote-table')).toContainText('Postage, First-Class Mail');
      await expect(page.getByTestId('proof-sign-off')).toBeDisabled();
      await page.getByTestId('proof-view').click();
      await expect(page.getByTestId('proof-panel')).toBeVisible();
      await expect(page.getByTestId('proof-preview').or(page.getByTestId('proof-diagram'))).toBeVisible();
      await app.screenshot('elections-06-quote-and-proof');
      await page.getByTestId('proof-save').click();
      await expect.poll(() => app.savedFiles.some((f) => f.endsWith('proof-request-1.pdf'))).toBe(true);
      await page.getByTestId('proof-sign-off').click();
      await expect(page.getByTestId('confirm-sign-off-happens')).toContainText('nobody can change it after your sign-off');
      await page.getByTestId('confirm-sign-off-confirm').click();
      await expect(page.getByTestId('request-detail').getByTestId('request-status')).toHaveText('Signed off by candidate');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('requests-table')).toContainText('Signed off by candidate');
      await page.getByTestId('lock-button').click();

      // José sees the rate-card notice and saves it as a PDF.
      await signIn(page, 'jose', true);
      await page.getByTestId('nav-notices').click();
      await expect(page.getByTestId('notice-rateCard')).toContainText('Rate card version 1 published');
      await expect(page.getByTestId('notice-rateCard').getByTestId('rate-card-table')).toContainText('$0.73');
      await page.getByTestId('notice-save-pdf').click();
      await expect.poll(() => app.savedFiles.some((f) => f.endsWith('rate-card-v1-notice.pdf'))).toBe(true);
      await app.screenshot('elections-07-notice');
      // José sees only his own requests: none.
      await page.getByTestId('nav-requests').click();
      await expect(page.getByTestId('empty-state')).toBeVisible();
      await page.getByTestId('lock-button').click();

      // Staff cannot open an inspection for anyone (issue 13): the screen says the candidate opens their own.
      await signIn(page, 'sam', false);
      await page.getByTestId('nav-inspection').click();
      await expect(page.getByTestId('inspection-window')).toContainText('Inspection is open');
      await expect(page.getByTestId('inspection-own-session')).toBeVisible();
      await expect(page.getByTestId(`inspection-start-${huong!.id}`)).toHaveCount(0);
      await page.getByTestId('lock-button').click();

      // Hương inspects in her own session: copy and selection do nothing; the own-list check works.
      await signIn(page, 'huong', false);
      await page.getByTestId('nav-inspection').click();
      await expect(page.getByTestId('inspection-window')).toContainText('Inspection is open');
      await expect(page.getByTestId(`inspection-row-${jose!.id}`)).toHaveCount(0);
      await page.getByTestId(`inspection-start-${huong!.id}`).click();
      await expect(page.getByTestId('inspection-table')).toBeVisible();
      await expect(page.getByTestId('inspection-table').locator('tbody tr')).toHaveCount(50);
      const cell = page.getByTestId('inspection-table').locator('tbody td').first();
      await cell.click();
      await page.keyboard.press('Control+A');
      expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
      // A drag across the table selects nothing either.
      const box = (await page.getByTestId('inspection-table').boundingBox())!;
      await page.mouse.move(box.x + 5, box.y + 40);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 5, box.y + 300, { steps: 5 });
      await page.mouse.up();
      expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
      // Even a script's select-all is undone at once.
      await page.evaluate(() => document.execCommand('selectAll'));
      await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
      const copyPrevented = await cell.evaluate((el) => {
        const ev = new ClipboardEvent('copy', { bubbles: true, cancelable: true });
        el.dispatchEvent(ev);
        return ev.defaultPrevented;
      });
      expect(copyPrevented).toBe(true);
      const menuPrevented = await cell.evaluate((el) => {
        const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
        el.dispatchEvent(ev);
        return ev.defaultPrevented;
      });
      expect(menuPrevented).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="inspection-table"]')!).userSelect)).toBe('none');

      const member = app.backend.vault!.db.prepare('SELECT member_id FROM members WHERE active=1 AND good_standing=1 LIMIT 1').get() as { member_id: string };
      await page.getByTestId('own-list-lines').fill(`${member.member_id}\nNobody Atall, 12345`);
      await page.getByTestId('own-list-check').click();
      await expect(page.getByTestId('own-list-result')).toContainText('1 of 2 entries match a member in good standing');
      await app.screenshot('elections-08-inspection');
      await page.getByTestId('inspection-end').click();
      await expect(page.getByTestId(`inspection-row-${huong!.id}`)).toContainText('Inspected on');
      await app.screenshot('elections-09-inspection-used');

      // Every step above is in an intact audit trail, inspection pages by row range only.
      const db = app.backend.vault!.db;
      expect(verifyChain(allAuditEntries(db)).ok).toBe(true);
      const actions = new Set(listAudit(db, { limit: 500 }).entries.map((e) => e.action));
      for (const a of ['elections.create', 'rateCard.publish', 'candidates.register', 'requests.receive', 'requests.quote', 'requests.signOff', 'inspection.start', 'inspection.page', 'inspection.checkOwnList', 'inspection.end']) {
        expect(actions.has(a), a).toBe(true);
      }
    } finally {
      await app.close();
    }
  });
});
