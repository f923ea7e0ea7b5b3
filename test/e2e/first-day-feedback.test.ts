// Issue 16 §8-9 as a user meets them, in the demo vault (`npm run demo`): the sign-in hint names logins that exist,
// the idle lock says why and returns to the same screen, the auditor reads the union-funds rule in words (SQL behind
// "Show query"), the charts have legends and tooltips, and the proof preview shows every page.
import { expect } from '@playwright/test';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoLogin } from '../../electron/elections/demo.ts';
import { closeBrowser, startApp } from './harness.ts';
import { demoVault, signInAs, signOut } from './demo-world.ts';

afterAll(closeBrowser);

let world: { vaultDir: string; logins: DemoLogin[] };
beforeAll(async () => { world = await demoVault(); }, 120_000);

describe('feedback a committee gets on its first day', () => {
  it('the demo sign-in hint names, for every role, logins that exist and sign in with the terminal passphrases', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await expect(page.getByTestId('demo-login-hint')).toBeVisible();
      await app.screenshot('first-day-feedback-01-demo-hint');
      const named: Array<{ role: string; login: string }> = [];
      for (const role of ['chair', 'staff', 'candidate', 'auditor']) {
        const logins = await page.getByTestId(`demo-login-${role}`).allTextContents();
        expect(logins.length, `the hint names a ${role} login`).toBeGreaterThan(0);
        for (const login of logins) named.push({ role, login });
      }
      // Every login the hint names signs in, with the role the hint says.
      for (const { role, login } of named) {
        const who = world.logins.find((l) => l.login === login);
        expect(who, `"${login}" is a login the demo created`).toBeDefined();
        expect(who!.role).toBe(role);
        await signInAs(page, world.logins, login);
        await expect(page.getByTestId('signed-in-as')).toContainText(({ chair: 'Committee chair', staff: 'Committee staff', candidate: 'Candidate', auditor: 'Auditor' } as Record<string, string>)[role]!);
        await signOut(page);
      }
    } finally {
      await app.close();
    }
  }, 180_000);

  it('the idle lock says why, and signing in again returns to the same screen', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await signInAs(page, world.logins, 'chair');
      await page.getByTestId('nav-reports').click();
      await expect(page.getByTestId('nav-reports')).toHaveAttribute('aria-current', 'page');
      // The window's own idle timer: ten minutes without a key or a mouse move (a fake clock moves them on).
      await page.clock.install();
      await page.mouse.move(300, 300);
      await page.clock.fastForward('10:05');
      await expect(page.getByTestId('idle-lock-reason')).toHaveText('Locked after 10 minutes without use. Sign in again to continue where you were.');
      await app.screenshot('first-day-feedback-02-idle-lock');
      await signInAs(page, world.logins, 'chair');
      await expect(page.getByTestId('nav-reports')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
      await app.screenshot('first-day-feedback-03-back-on-reports');

      // The core's own idle lock (the window asleep, say): the next command finds the vault locked, and the sign-in
      // screen says why too. A manual lock says nothing of the kind.
      await page.getByTestId('nav-production').click();
      await page.clock.fastForward('00:01');
      expect(app.backend.checkIdle(Date.now() + 11 * 60_000)).toBe(true);
      await page.getByTestId('nav-requests').click();
      await expect(page.getByTestId('idle-lock-reason')).toContainText('Locked after 10 minutes without use');
      await signInAs(page, world.logins, 'chair');
      await expect(page.getByTestId('nav-requests')).toHaveAttribute('aria-current', 'page');
      await signOut(page);
      await expect(page.getByTestId('idle-lock-reason')).toHaveCount(0);
      // Somebody else signing in starts on their own first screen, not on the chair's.
      await signInAs(page, world.logins, 'sam');
      await expect(page.getByTestId('nav-requests')).not.toHaveAttribute('aria-current', 'page');
    } finally {
      await app.close();
    }
  }, 180_000);

  it('the auditor reads the union-funds rule in words, the SQL behind "Show query", and charts with legends and tooltips', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await signInAs(page, world.logins, 'audra');
      await page.getByTestId('nav-reports').click();
      const union = page.getByTestId('union-funds');
      await expect(union).toContainText('$0.00');
      await expect(page.getByTestId('union-funds-rule')).toContainText('union money never pays for a campaign');
      await expect(page.getByTestId('union-funds-query')).toBeHidden();
      await expect(union).not.toContainText('SELECT');
      // Legends name every series: the three money columns, and the candidates in the pieces chart.
      const spendLegend = page.getByTestId('chart-spend').locator('.recharts-legend-wrapper');
      for (const name of ['Quote total', 'Invoiced', 'Paid']) await expect(spendLegend).toContainText(name);
      await expect(page.getByTestId('chart-pieces').locator('.recharts-legend-wrapper')).toContainText('Nguyễn Thị Hương');
      await app.screenshot('first-day-feedback-04-union-rule-and-legends');
      // Tooltips: pointing at a bar shows its candidate and amount.
      const bar = page.getByTestId('chart-spend').locator('.recharts-bar-rectangle').first();
      await bar.hover();
      const tip = page.getByTestId('chart-spend').locator('.recharts-tooltip-wrapper');
      await expect(tip).toBeVisible();
      await expect(tip).toContainText(/Nguyễn Thị Hương|José Muñoz Peña/);
      await expect(tip).toContainText(/Quote total\$[\d,]+\.\d\d/);
      await app.screenshot('first-day-feedback-05-chart-tooltip');
      // The SQL, for the auditor who runs it with the sqlcipher tool, one click (or Enter) away.
      await page.getByTestId('union-funds-show-query').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('union-funds-query')).toBeVisible();
      await expect(page.getByTestId('union-funds-query')).toContainText('SELECT count(*) AS lines');
      await expect(page.getByTestId('union-funds-show-query')).toHaveAttribute('aria-expanded', 'true');
      await app.screenshot('first-day-feedback-06-show-query');
    } finally {
      await app.close();
    }
  }, 180_000);

  it('the proof preview shows every page that prints, page by page', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true });
    const { page } = app;
    try {
      await signInAs(page, world.logins, 'huong');
      await page.getByTestId('nav-requests').click();
      // The demo's quoted request for Hương (submitted by staff): the two-page flyer.
      const row = page.locator('[data-testid^="request-row-"]', { hasText: 'Quoted' }).first();
      await row.locator('[data-testid^="request-open-"]').click();
      await page.getByTestId('proof-view').click();
      const preview = page.getByTestId('proof-preview');
      await expect(preview).toHaveAttribute('data-page', '1');
      await expect(preview).toHaveAttribute('alt', 'Page 1 of 2 of the proof');
      const first = await preview.getAttribute('src');
      await app.screenshot('first-day-feedback-07-proof-page-1');
      await page.getByTestId('proof-pages').getByRole('button', { name: 'Page 2 of 2 of the proof' }).click();
      await expect(preview).toHaveAttribute('data-page', '2');
      const second = await preview.getAttribute('src');
      expect(second).not.toBe(first);
      expect(second!.startsWith('data:image/png;base64,')).toBe(true);
      await preview.scrollIntoViewIfNeeded();
      await app.screenshot('first-day-feedback-08-proof-page-2');
    } finally {
      await app.close();
    }
  }, 180_000);
});
