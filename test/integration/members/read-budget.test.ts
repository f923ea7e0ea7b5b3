// Issue 13 §3, as the insider tries it: a staff member (then the chair) pages members.list and opens members.get
// records until the day's budget runs out. The 301st record is refused, nothing of it is returned, and the auditor's
// alert list shows who, when and how many, before anything else. The chair raises a budget only with a reason.
import { describe, expect, it } from 'vitest';
import { seedMembers } from '../../support/members.ts';
import { addUserAndLogin } from '../../support/backend.ts';
import { membersVault } from './helpers.ts';

const DAY1 = new Date('2026-04-02T09:00:00Z');

async function world() {
  let now = DAY1;
  const chair = await membersVault();
  // The committee works in California: its day runs from 07:00 (summer) to 07:00 UTC.
  await chair.client.call('settings.update', { timeZone: 'America/Los_Angeles' });
  seedMembers(chair.backend.vault!.db, 420, { seed: 5 });
  const clock = () => now;
  // Every backend reads the same clock, so "the committee's day" can be moved forward for all of them at once.
  (chair.backend.options as { clock?: () => Date }).clock = clock;
  const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'staff1', role: 'staff' });
  const auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'auditor1', role: 'auditor' });
  for (const b of [staff.backend, auditor.backend]) (b.options as { clock?: () => Date }).clock = clock;
  return { chair, staff, auditor, setNow: (d: Date) => { now = d; } };
}

/** Pages the list as a scraping script would, then opens detail views, until the core says no. */
async function scrape(client: Awaited<ReturnType<typeof membersVault>>['client']) {
  let seen = 0;
  let refusal: unknown = null;
  for (let offset = 0; offset < 400 && !refusal; offset += 100) {
    try {
      seen += (await client.call('members.list', { offset, limit: 100 })).rows.length;
    } catch (e) { refusal = e; }
  }
  return { seen, refusal };
}

describe('daily read budget', () => {
  it('refuses staff past 300 records, alerts the auditor first, and resets on the committee\'s next day', async () => {
    const { staff, auditor, setNow } = await world();
    const { seen, refusal } = await scrape(staff.client);
    expect(seen).toBe(300);
    expect(refusal).toMatchObject({ code: 'members.readBudgetExceeded', details: { budget: 300, viewed: 300 } });
    // Detail views draw on the same budget: one more record is one too many.
    await expect(staff.client.call('members.get', { id: 5 })).rejects.toMatchObject({ code: 'members.readBudgetExceeded' });
    await expect(staff.client.call('members.list', { offset: 350, limit: 1 })).rejects.toMatchObject({ code: 'members.readBudgetExceeded' });

    // The auditor's screen opens on the alerts: one per user and day, naming who, when and how many.
    const alerts = await auditor.client.call('members.readAlerts', {});
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ who: 'staff1 (staff)', budget: 300, viewed: 300, attempted: 100, refusals: 3, day: '2026-04-02' });
    expect(alerts[0]!.at).toBe(DAY1.toISOString());
    // The refusals themselves are on the audit trail too, although each refused command rolled back.
    const refused = await auditor.client.call('audit.list', { action: 'members.readRefused', limit: 10 });
    expect(refused.entries).toHaveLength(3);
    const budgets = await auditor.client.call('members.readBudgets', {});
    expect(budgets.find((b) => b.login === 'staff1')).toMatchObject({ dailyRecords: 300, viewedToday: 300 });

    // 10 pm in California is still the same committee day although UTC has moved on; 1 am the next day is not.
    setNow(new Date('2026-04-03T05:00:00Z'));
    await expect(staff.client.call('members.get', { id: 5 })).rejects.toMatchObject({ code: 'members.readBudgetExceeded' });
    setNow(new Date('2026-04-03T08:00:00Z'));
    expect((await staff.client.call('members.get', { id: 5 })).id).toBe(5);
  }, 60_000);

  it('holds for the chair too; only the chair changes a budget, with a reason on the audit trail', async () => {
    const { chair, staff, auditor } = await world();
    for (let i = 1; i <= 300; i++) await chair.client.call('members.get', { id: i });
    await expect(chair.client.call('members.list', { offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'members.readBudgetExceeded' });
    expect((await auditor.client.call('members.readAlerts', {}))[0]).toMatchObject({ who: 'chair (chair)', viewed: 300, attempted: 1 });

    await expect(staff.client.call('members.readBudget.set', { userId: 1, dailyRecords: 100_000, reason: 'I need it' }))
      .rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(chair.client.call('members.readBudget.set', { userId: 1, dailyRecords: 500, reason: '' }))
      .rejects.toMatchObject({ code: 'api.invalidInput' });
    const staffId = (await auditor.client.call('members.readBudgets', {})).find((b) => b.login === 'staff1')!.userId;
    // Raising a budget is four-eyes work (issue 13 §1): the chair's request waits, and the chair cannot countersign it.
    const row = await chair.client.call('members.readBudget.set', { userId: staffId, dailyRecords: 450, reason: 'Address clean-up before the mailing' });
    expect(row).toMatchObject({ login: 'staff1', dailyRecords: 300, viewedToday: 0, countersign: { kind: 'readBudget', status: 'pending' } });
    await expect(chair.client.call('countersign.decide', { countersignId: row.countersign!.id, agree: true }))
      .rejects.toMatchObject({ code: 'approvals.sameMember' });
    await expect(chair.client.call('members.readBudget.set', { userId: 1, dailyRecords: 100_000, reason: 'My own, quietly' }))
      .resolves.toMatchObject({ dailyRecords: 300, countersign: { status: 'pending' } });
    await expect(chair.client.call('members.get', { id: 301 })).rejects.toMatchObject({ code: 'members.readBudgetExceeded' });
    const pending = await auditor.client.call('countersign.list', {});
    expect(pending.map((a) => a.summary)).toEqual(expect.arrayContaining([
      expect.objectContaining({ login: 'staff1', previous: 300, dailyRecords: 450 }), expect.objectContaining({ login: 'chair', dailyRecords: 100_000 })]));
    expect((await scrape(staff.client)).seen).toBe(300);
    // A second committee member countersigns: the budget rises, with the reason and both names on the trail.
    await staff.client.call('countersign.decide', { countersignId: row.countersign!.id, agree: true, note: 'Agreed for the clean-up' });
    const entry = (await auditor.client.call('audit.list', { action: 'members.readBudget.set', limit: 5 })).entries[0]!;
    expect(entry.details).toMatchObject({ previous: 300, dailyRecords: 450, reason: 'Address clean-up before the mailing', approvalId: row.countersign!.id });
    expect((await auditor.client.call('countersign.list', { status: 'all' })).find((a) => a.id === row.countersign!.id))
      .toMatchObject({ status: 'approved', requestedBy: { name: expect.any(String) }, decidedBy: { name: expect.any(String) } });
    expect((await scrape(staff.client)).seen).toBe(400 - 300);
    // Lowering needs nobody's approval: it takes effect at once.
    await expect(chair.client.call('members.readBudget.set', { userId: staffId, dailyRecords: 200, reason: 'Clean-up finished' }))
      .resolves.toMatchObject({ dailyRecords: 200, countersign: null });
  }, 60_000);
});
