// Issue 16 §7 and §9 (layouts): every main screen of every role, in the demo vault, in a 1024x640 window, reached
// from the side menu with Tab and Enter only: visible focus on each menu entry, no serious or critical axe-core
// finding, no horizontal overflow. Then the shortcuts: "?" lists them, Escape closes, "G" then a letter opens a screen.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from '@playwright/test';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoLogin } from '../../electron/elections/demo.ts';
import { closeBrowser, startApp } from './harness.ts';
import { demoVault, signInAs } from './demo-world.ts';

afterAll(closeBrowser);

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORT = { width: 1024, height: 640 };

let world: { vaultDir: string; logins: DemoLogin[] };
beforeAll(async () => { world = await demoVault(); }, 120_000);

type Finding = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core over the whole page; only serious and critical findings. */
async function axeFindings(page: Page): Promise<Finding[]> {
  // Evaluated through the debugging protocol: the app's CSP (script-src 'self') refuses an inline <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; html: string }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResult> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`) }));
  });
}

/**
 * How far the page or the main area is wider than the window (0: the layout holds), and the controls that do not
 * fit: past the window's right edge (the fixed header does not widen the page), or a button whose label is cut.
 */
async function overflow(page: Page): Promise<{ page: number; main: number; cut: string[] }> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const cut: string[] = [];
    const header = document.querySelector('header')?.getBoundingClientRect();
    for (const el of document.querySelectorAll<HTMLElement>('header button, header input, nav button, main button')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const label = el.querySelector<HTMLElement>('.mantine-Button-label');
      const outOfHeader = header && el.closest('header') && (r.bottom > header.bottom + 1 || r.top < header.top - 1);
      if (r.right > window.innerWidth + 1 || outOfHeader || (label && label.scrollWidth > label.clientWidth + 1)) {
        cut.push(el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName);
      }
    }
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
      cut,
    };
  });
}

/** The focused element's test id and whether its focus is visible (an outline or a focus ring). */
async function focused(page: Page): Promise<{ testId: string | null; visible: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { testId: null, visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return { testId: el.getAttribute('data-testid'), visible: outline || (s.boxShadow !== 'none' && s.boxShadow !== '') };
  });
}

/** From the top of the page, Tab until `testId` has focus; returns how many presses it took. */
async function tabTo(page: Page, testId: string): Promise<number> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.testId === testId) {
      expect(f.visible, `${testId} shows that it has focus`).toBe(true);
      return presses;
    }
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** Lets the screen's reads arrive (loaders gone) before it is checked. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main .mantine-Loader-root')).toHaveCount(0, { timeout: 15_000 });
  await page.waitForTimeout(300);
}

describe('keyboard, accessibility and a 1024x640 window, for every role', () => {
  for (const login of ['chair', 'sam', 'huong', 'audra']) {
    it(`${login}: every screen by Tab and Enter, visible focus, no serious axe finding, no horizontal overflow`, async () => {
      const app = await startApp({ vaultDir: world.vaultDir, demo: true, viewport: VIEWPORT });
      const { page } = app;
      const problems: string[] = [];
      try {
        // The sign-in screen itself.
        await expect(page.getByTestId('login-name')).toBeVisible();
        for (const f of await axeFindings(page)) problems.push(`sign-in: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(' | ')}`);
        const who = await signInAs(page, world.logins, login);
        const screens = await page.locator('nav [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
        expect(screens.length).toBeGreaterThan(3);
        for (const nav of screens) {
          await tabTo(page, nav);
          await page.keyboard.press('Enter');
          await expect(page.getByTestId(nav)).toHaveAttribute('aria-current', 'page');
          await settled(page);
          const name = `${who.role}-${nav.slice(4)}`;
          for (const f of await axeFindings(page)) problems.push(`${name}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(' | ')}`);
          const o = await overflow(page);
          if (o.page > 0 || o.main > 0) problems.push(`${name}: wider than 1024 px by ${Math.max(o.page, o.main)} px`);
          if (o.cut.length) problems.push(`${name}: controls cut off: ${o.cut.join(', ')}`);
          await app.screenshot(`first-day-keyboard-${name}`);
          // Reports: every tab holds in the narrow window too.
          if (nav === 'nav-reports') {
            for (const tab of ['tab-equal', 'tab-audit', 'tab-retention']) {
              await page.getByTestId(tab).focus();
              await page.keyboard.press('Enter');
              await expect(page.getByTestId(tab)).toHaveAttribute('aria-selected', 'true');
              await settled(page);
              const o2 = await overflow(page);
              if (o2.page > 0 || o2.main > 0) problems.push(`${name} ${tab}: wider than 1024 px by ${Math.max(o2.page, o2.main)} px`);
              if (o2.cut.length) problems.push(`${name} ${tab}: controls cut off: ${o2.cut.join(', ')}`);
              for (const f of await axeFindings(page)) problems.push(`${name} ${tab}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(' | ')}`);
              await app.screenshot(`first-day-keyboard-${name}-${tab.slice(4)}`);
            }
          }
        }
        expect(problems, problems.join('\n')).toEqual([]);
      } finally {
        await app.close();
      }
    }, 300_000);
  }

  it('a candidate opens a request, views the proof and pages through it with the keyboard only; Escape closes; axe finds nothing serious in the window', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true, viewport: VIEWPORT });
    const { page } = app;
    try {
      await signInAs(page, world.logins, 'huong');
      await page.keyboard.press('g');
      await page.keyboard.press('r');
      await expect(page.getByTestId('nav-requests')).toHaveAttribute('aria-current', 'page');
      const row = page.locator('[data-testid^="request-row-"]', { hasText: 'Quoted' }).first();
      const open = await row.locator('[data-testid^="request-open-"]').getAttribute('data-testid');
      await tabTo(page, open!);
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('request-detail');
      await expect(dialog).toBeVisible();
      await tabTo(page, 'proof-view');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('proof-preview')).toHaveAttribute('data-page', '1');
      // The page buttons: Tab to page 2, Enter.
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.getAttribute('aria-label')) === 'Page 2 of 2 of the proof') break;
      }
      expect((await focused(page)).visible).toBe(true);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('proof-preview')).toHaveAttribute('data-page', '2');
      await page.waitForTimeout(300);
      const findings = await axeFindings(page);
      expect(findings, findings.map((f) => `${f.id}: ${f.targets.join(' | ')}`).join('\n')).toEqual([]);
      await app.screenshot('first-day-keyboard-candidate-proof-by-keyboard');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    } finally {
      await app.close();
    }
  }, 180_000);

  it('shortcuts: "?" lists them, Escape closes the list, G then a letter opens a screen and moves focus there; not while typing', async () => {
    const app = await startApp({ vaultDir: world.vaultDir, demo: true, viewport: VIEWPORT });
    const { page } = app;
    try {
      await signInAs(page, world.logins, 'chair');
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible();
      await expect(help).toContainText('Literature requests');
      await expect(help).toContainText('Reports');
      await page.waitForTimeout(400); // the modal's fade-in, for the screenshot
      await app.screenshot('first-day-keyboard-shortcuts-help');
      expect(await axeFindings(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(help).toBeHidden();

      for (const [key, nav, heading] of [['t', 'nav-reports', 'Reports'], ['p', 'nav-production', null], ['r', 'nav-requests', null], ['m', 'nav-members', null]] as const) {
        await page.keyboard.press('g');
        await page.keyboard.press(key);
        await expect(page.getByTestId(nav)).toHaveAttribute('aria-current', 'page');
        if (heading) await expect(page.getByRole('heading', { name: heading })).toBeVisible();
        // Focus moved to the screen: the next Tab lands inside the main area, not back in the header.
        await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
        // That may be a field (the election picker), where letters are typing: step out of it before the next one.
        await page.locator('main').focus();
      }
      // Typing a "g" and an "r" into a field is text, not a shortcut.
      const search = page.locator('main input[type="text"], main input:not([type])').first();
      await search.fill('');
      await search.press('g');
      await search.press('r');
      await expect(page.getByTestId('nav-members')).toHaveAttribute('aria-current', 'page');
      // The header button opens the same list, and Escape closes it.
      await page.getByTestId('shortcuts-button').focus();
      await page.keyboard.press('Enter');
      await expect(help).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(help).toBeHidden();
    } finally {
      await app.close();
    }
  }, 180_000);
});
