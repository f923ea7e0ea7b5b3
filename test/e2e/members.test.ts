import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { Page } from 'playwright-core';
import { afterAll, describe, it } from 'vitest';
import { countAudience } from '../../electron/members/audience.ts';
import { tempDir } from '../support/backend.ts';
import { membersCsv, syntheticMembers, type SyntheticMember } from '../support/members.ts';
import { closeBrowser, createVaultThroughUi, startApp } from './harness.ts';


afterAll(closeBrowser);

/** A union-office list whose street column has a header LitDesk cannot guess, plus two broken rows. */
function officeList(): string {
  const huong: SyntheticMember = {
    ...[...syntheticMembers(1, { seed: 4 })][0]!, memberId: '700001', firstName: 'Thị Hương', lastName: 'Nguyễn',
    address1: '1234 Bolsa Avenue', address2: 'Apt 5', city: 'Westminster', state: 'CA', zip: '92683', local: 'Local 42', status: 'Active',
  };
  const members = [huong, ...syntheticMembers(150, { seed: 12 })];
  members[4] = { ...members[4]!, zip: '9021' }; // spreadsheet row 6: bad ZIP
  members[9] = { ...members[9]!, memberId: '' }; // spreadsheet row 11: no member ID
  return membersCsv(members).replace('Address 1', 'Street Line');
}

async function choose(page: Page, testid: string, option: string): Promise<void> {
  // A MultiSelect's input sits under its pill box: click through it.
  await page.getByTestId(testid).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

describe('members, as committee staff would use them', () => {
  it('imports with a mapping fix, reads the report, confirms, builds a segment, searches a Vietnamese name; nothing to export', async () => {
    const app = await startApp();
    const { page } = app;
    const file = path.join(tempDir('litdesk-e2e-list-'), 'members-2026.csv');
    fs.writeFileSync(file, officeList());
    try {
      await createVaultThroughUi(page);

      await page.getByTestId('nav-members').click();
      await expect(page.getByTestId('empty-state')).toBeVisible();
      await page.getByTestId('members-import').click();
      app.answerDialog(file);
      await page.getByTestId('import-pick').click();

      // The street column was not recognised: the check cannot start until staff map it.
      await expect(page.getByTestId('dropped-columns')).toContainText('Date of Birth');
      await expect(page.getByTestId('dropped-columns')).toContainText('Street Line');
      await expect(page.getByTestId('import-check')).toBeDisabled();
      await app.screenshot('members-01-mapping');
      await choose(page, 'map-address1', 'Street Line');
      await choose(page, 'map-segments', 'Classification');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('dropped-columns')).not.toContainText('Street Line');
      await page.getByTestId('import-check').click();

      // The validation report names each bad row with a plain reason; importing needs "skip these rows".
      await expect(page.getByTestId('problem-table')).toContainText('The ZIP code is not a valid ZIP or ZIP+4.');
      await expect(page.getByTestId('problem-table')).toContainText('The member ID is missing.');
      await expect(page.getByTestId('problem-table').locator('tbody tr')).toHaveCount(2);
      await expect(page.getByTestId('report-valid')).toHaveText('149');
      await expect(page.getByTestId('import-next')).toBeDisabled();
      await app.screenshot('members-02-report');
      await page.getByTestId('skip-invalid').click();
      await page.getByTestId('import-next').click();
      await expect(page.getByTestId('diff-added')).toHaveText('149');
      await page.getByTestId('import-next').click();
      await expect(page.getByTestId('standing-table')).toContainText('Suspended');
      await app.screenshot('members-03-standing');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-confirm').click();
      await expect(page.getByTestId('import-done')).toContainText('149 new');
      await page.getByTestId('import-close').click();

      // The list: virtualised, no selection, no copy, no export or print anywhere in the member views.
      await expect(page.getByTestId('members-summary')).toContainText('On the list: 149');
      const list = page.getByTestId('member-list');
      await expect(list.getByTestId('member-row-700001')).toBeVisible();
      const rendered = await list.locator('[data-testid^="member-row-"]').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(149);
      expect(await list.evaluate((el) => getComputedStyle(el).userSelect)).toBe('none');
      const copied = await list.evaluate((el) => {
        const ev = new ClipboardEvent('copy', { bubbles: true, cancelable: true });
        el.querySelector('[data-testid^="member-row-"]')!.dispatchEvent(ev);
        return ev.defaultPrevented;
      });
      expect(copied).toBe(true);
      await app.screenshot('members-04-list');

      // Search a Vietnamese name without its accents; open the member (an audited read).
      await page.getByTestId('member-search').fill('nguyen huong');
      await expect(page.getByTestId('search-results')).toContainText('Thị Hương Nguyễn');
      await page.getByTestId('search-results').getByTestId('member-row-700001').click();
      await expect(page.getByTestId('member-print-lines')).toContainText('1234 BOLSA AVE APT 5');
      await expect(page.getByTestId('member-print-lines')).toContainText('WESTMINSTER CA 92683');
      await app.screenshot('members-05-member');
      for (const view of [page.getByTestId('member-drawer'), page.locator('main')]) {
        await expect(view.getByRole('button', { name: /export|print|copy|download|csv|save as/i })).toHaveCount(0);
        await expect(view.getByRole('link', { name: /export|print|copy|download|csv/i })).toHaveCount(0);
      }
      await page.keyboard.press('Escape');

      // A segment and its live count.
      await page.getByTestId('nav-segments').click();
      await choose(page, 'segment-field-0', 'Local');
      await page.getByTestId('segment-values-0').click({ force: true });
      await page.getByRole('option', { name: /^Local 42 \(/ }).click();
      await page.keyboard.press('Escape');
      const db = app.backend.vault!.db;
      const expected = countAudience(db, { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: ['Local 42'] }] });
      expect(expected).toBeGreaterThan(0);
      await expect(page.getByTestId('segment-count')).toHaveText(expected.toLocaleString('en-US'));
      await page.getByTestId('segment-add').click();
      await choose(page, 'segment-field-1', 'ZIP3 range');
      await page.getByTestId('segment-from-1').fill('900');
      await page.getByTestId('segment-to-1').fill('961');
      const both = countAudience(db, { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: ['Local 42'] }, { field: 'zip3', from: '900', to: '961' }] });
      await expect(page.getByTestId('segment-count')).toHaveText(both.toLocaleString('en-US'));
      await app.screenshot('members-06-segment');

      const actions = (db.prepare("SELECT action FROM audit_log WHERE action LIKE 'members.%'").all() as Array<{ action: string }>).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['members.importCommit', 'members.list', 'members.search', 'members.get']));
      expect(JSON.stringify(db.prepare('SELECT details FROM audit_log').all())).not.toMatch(/Hương|huong|Bolsa/i);
    } finally {
      await app.close();
    }
  }, 120_000);
});
