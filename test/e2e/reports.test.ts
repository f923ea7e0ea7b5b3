import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect } from '@playwright/test';
import { afterAll, describe, it } from 'vitest';
import { reportWorld } from '../integration/reports/world.ts';
import { CHAIR } from '../support/backend.ts';
import { closeBrowser, handOverTo, startApp } from './harness.ts';

afterAll(closeBrowser);

const SCRIPT = new URL('../../scripts/verify-audit-export.mjs', import.meta.url).pathname;
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('reports, as the election auditor uses them', () => {
  it('signs in as auditor, sees the charts, exports both reports, verifies the trail, and reaches no member view', async () => {
    const w = await reportWorld();
    w.auditor.backend.lock('the auditor signs in through the app instead');
    const app = await startApp({ vaultDir: w.chair.backend.vaultDir });
    const { page } = app;
    try {
      // The auditor holds no key: the chair unlocks and hands the workstation over (issue 12).
      await handOverTo(page, CHAIR, { login: 'audra', passphrase: w.auditor.passphrase });
      await expect(page.getByTestId('nav-reports')).toBeVisible();
      // No member view in the navigation: only reports and the audit trail.
      await expect(page.locator('[data-testid^="nav-member"]')).toHaveCount(0);
      await expect(page.locator('[data-testid="nav-inspection"]')).toHaveCount(0);
      await page.getByTestId('nav-reports').click();

      // Spend: the computed union-funds line and both charts.
      await expect(page.getByTestId('union-funds')).toContainText('$0.00');
      await expect(page.getByTestId('chart-spend').locator('.recharts-bar-rectangle').first()).toBeVisible();
      await expect(page.getByTestId('chart-pieces').locator('.recharts-bar-rectangle').first()).toBeVisible();
      await expect(page.getByTestId('spend-table')).toContainText('Nguyễn Thị Hương');
      await app.screenshot('reports-01-spend');
      await page.getByTestId('spend-export-csv').click();
      await expect(page.getByTestId('export-info')).toContainText('.csv');
      await page.getByTestId('spend-export-pdf').click();
      await expect(page.getByTestId('export-info')).toContainText('.pdf');
      await expect.poll(() => app.savedFiles.length).toBe(2);
      const pdf = app.savedFiles[1]!;
      await expect(page.getByTestId('export-sha256')).toHaveText(sha(pdf));
      await app.screenshot('reports-02-spend-exported');

      // Equal treatment.
      await page.getByTestId('tab-equal').click();
      await expect(page.getByTestId('equal-unexplained')).toContainText('0 unexplained');
      await expect(page.getByTestId('equal-notices')).toContainText('José Muñoz Peña');
      await page.getByTestId('equal-export-csv').click();
      await expect.poll(() => app.savedFiles.length).toBe(3);
      await page.getByTestId('equal-export-pdf').click();
      await expect.poll(() => app.savedFiles.length).toBe(4);
      await app.screenshot('reports-03-equal');

      // Audit trail: verify inside, export, and check outside with the documented script.
      await page.getByTestId('tab-audit').click();
      await page.getByTestId('reports-audit-verify').click();
      await expect(page.getByTestId('reports-audit-ok')).toBeVisible();
      await page.getByTestId('audit-export-jsonl').click();
      await expect.poll(() => app.savedFiles.length).toBe(5);
      const trail = app.savedFiles[4]!;
      const out = spawnSync(process.execPath, [SCRIPT, trail], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/^OK: \d+ entries/);
      await app.screenshot('reports-04-audit');

      // Retention: the auditor sees the rule and the date, and cannot close.
      await page.getByTestId('tab-retention').click();
      await expect(page.getByTestId('retention-too-early')).toContainText('2027-06-30');
      await expect(page.getByTestId('retention-close')).toHaveCount(0);
      await app.screenshot('reports-05-retention');

      // A member command sent straight from the page is refused by the core.
      const refused = await page.evaluate(() => window.litdesk.call('members.search', { query: 'Nguyen' }));
      expect(refused).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
      const exports = (await w.chair.client.call('audit.list', { action: 'reports.export', limit: 10 })).entries;
      expect(exports.filter((e) => e.actor.startsWith('audra'))).toHaveLength(5);
    } finally {
      await app.close();
      w.chair.backend.lock('test');
    }
  }, 120_000);
});
