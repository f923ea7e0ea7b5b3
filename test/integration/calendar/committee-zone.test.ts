import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { addUserAndLogin, setUpVault, tempDir } from '../../support/backend.ts';
import { CARD, ELECTION } from '../elections/helpers.ts';

// Issue 14 §5: at 8 pm in Los Angeles it is still today in Los Angeles. Each zone's committee works at 23:30 and at
// 00:30 local time (the clock is injected); payments, documents, windows and file names follow the committee's day.
const ZONES: Array<{ tz: string; label: string; offsetHours: number; dst: boolean }> = [
  { tz: 'America/Los_Angeles', label: 'Los Angeles', offsetHours: -8, dst: true },
  { tz: 'Pacific/Honolulu', label: 'Honolulu', offsetHours: -10, dst: false },
  { tz: 'America/New_York', label: 'New York', offsetHours: -5, dst: true },
];
/** The instant of a local wall-clock time in spring 2026, offsets written by hand: daylight time from 8 March. */
const localIn = (z: { offsetHours: number; dst: boolean }) => (day: string, hhmm: string): Date =>
  new Date(Date.parse(`${day}T${hhmm}:00Z`) - (z.offsetHours + (z.dst && day >= '2026-03-08' ? 1 : 0)) * 3_600_000);

const out = tempDir('litdesk-zone-');
const opened: Backend[] = [];
afterAll(() => { for (const b of opened) b.lock('test'); });

async function committee(tz: string) {
  let now = new Date('2026-02-20T18:00:00Z');
  const made = await setUpVault({ clock: () => now, kdf: { N: 2 ** 12, r: 8, p: 1 } });
  opened.push(made.backend);
  await made.client.call('settings.update', { timeZone: tz });
  // Election on 1 April 2026, not by mail: the 401(c) window is 2 March to 31 March inclusive.
  const e = await made.client.call('elections.save', { election: { ...ELECTION, electionDate: '2026-04-01', mailBallot: false, ballotMailingDate: null } });
  await made.client.call('rateCard.publish', { electionId: e.id, card: CARD });
  const c = await made.client.call('candidates.register', { electionId: e.id, fullName: 'Nguyễn Thị Hương', office: 'President', standing: 'candidate' });
  return { ...made, electionId: e.id, candidateId: c.id, setNow: (d: Date) => { now = d; } };
}

const pay = (client: LitDeskApi, candidateId: number, receivedOn: string, reference: string) =>
  client.call('billing.recordPayment', { candidateId, amountCents: 1000, receivedOn, method: { type: 'check', reference }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });

async function issuedLine(client: LitDeskApi, documentId: number): Promise<string> {
  const f = await client.call('billing.documentPdf', { documentId });
  const file = path.join(out, `${Date.now()}-${f.fileName}`);
  fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
  // Printed as a reader writes it ("Issued: March 2, 2026"); read back to the calendar day it names.
  const printed = /Issued: (\w+ \d+, \d{4})/.exec(execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'))![1]!;
  const at = new Date(`${printed} 12:00 UTC`);
  return at.toISOString().slice(0, 10);
}

describe("the committee's time zone", () => {
  for (const zone of ZONES) {
    const { tz, label } = zone;
    const local = localIn(zone);
    it(`${label}: payments, documents, the 401(c) window and file names follow the local day at 23:30 and 00:30`, async () => {
      const w = await committee(tz);
      // 23:30 on 2 March, local: UTC is already on the 3rd.
      w.setNow(local('2026-03-02', '23:30'));
      expect(w.backend.now().toISOString().slice(0, 10)).toBe('2026-03-03');
      await expect(pay(w.client, w.candidateId, '2026-03-03', 'C-1')).rejects.toMatchObject({ code: 'billing.dateInFuture', details: { today: '2026-03-02' } });
      const late = await pay(w.client, w.candidateId, '2026-03-02', 'C-2');
      expect(await issuedLine(w.client, late.documentId)).toBe('2026-03-02');
      const f = await w.client.call('reports.export', { report: 'spend', electionId: w.electionId, format: 'csv' });
      expect(f.fileName).toMatch(/-2026-03-02\.csv$/);
      // 00:30 on 3 March, local: the 3rd has begun here too.
      w.setNow(local('2026-03-03', '00:30'));
      const early = await pay(w.client, w.candidateId, '2026-03-03', 'C-3');
      expect(await issuedLine(w.client, early.documentId)).toBe('2026-03-03');
      await expect(pay(w.client, w.candidateId, '2026-03-10', 'C-4')).rejects.toMatchObject({ code: 'billing.dateInFuture' });

      // The window opens at local midnight on 2 March and closes at local midnight on 1 April.
      const window = async (day: string, hhmm: string) => {
        w.setNow(local(day, hhmm));
        return (await w.client.call('inspection.status', { electionId: w.electionId })).window;
      };
      expect(await window('2026-03-01', '23:30')).toMatchObject({ open: false, today: '2026-03-01', opens: '2026-03-02' });
      expect(await window('2026-03-02', '00:30')).toMatchObject({ open: true, today: '2026-03-02' });
      expect(await window('2026-03-31', '23:30')).toMatchObject({ open: true, today: '2026-03-31', closesBefore: '2026-04-01' });
      expect(await window('2026-04-01', '00:30')).toMatchObject({ open: false, today: '2026-04-01' });
    });
  }

  it('is set at setup (the workstation zone by default), shown in the session, changed only by the chair, and audited', async () => {
    const made = await setUpVault({ kdf: { N: 2 ** 12, r: 8, p: 1 } });
    opened.push(made.backend);
    const me = await made.client.call('session.me', {});
    expect(me.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    await expect(made.client.call('settings.update', { timeZone: 'Mars/Olympus_Mons' })).rejects.toMatchObject({ code: 'settings.badTimeZone' });
    expect((await made.client.call('session.me', {})).timeZone).toBe(me.timeZone);
    await made.client.call('settings.update', { timeZone: 'Pacific/Honolulu' });
    const entry = (await made.client.call('audit.list', { action: 'settings.update', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ timeZone: { before: me.timeZone, after: 'Pacific/Honolulu' } });
    const staff = await addUserAndLogin(made.client, made.dir, { login: 'sam', role: 'staff' });
    opened.push(staff.backend);
    expect((await staff.client.call('session.me', {})).timeZone).toBe('Pacific/Honolulu');
    await expect(staff.client.call('settings.update', { timeZone: 'UTC' })).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
