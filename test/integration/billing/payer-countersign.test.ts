import { beforeAll, describe, expect, it } from 'vitest';
import { addUserAndLogin } from '../../support/backend.ts';
import { electionVault } from '../elections/helpers.ts';

// Who may not pay, kept by four eyes where it loosens (issue 13 §1/§6, the insider round's admitted limit): the chair
// alone used to switch "SEIU Local 503" off, or rename the union, and then record the union's money as clear. Tried as
// that chair would — through the router the app uses, then straight at the database with the vault key — each attempt
// changes nothing until a second committee member countersigns.

type V = Awaited<ReturnType<typeof electionVault>>;
const check = (reference: string) => ({ type: 'check' as const, reference });
const fromUnion = (v: V, name: string, reference: string) => ({
  candidateId: v.a.id, amountCents: 25_000, receivedOn: '2026-05-20', method: check(reference),
  payer: { type: 'campaignCommittee' as const, name, accountHolder: name },
});
const UNION_TRIGGER = /four eyes: the union's legal name changes only with a second committee member's countersignature/;
const NAME_TRIGGER = /four eyes: a name that may not pay is switched off only with a second committee member's countersignature/;

describe('four eyes on who may not pay', () => {
  let v: V;
  let seiu: number;
  beforeAll(async () => {
    v = await electionVault();
    const rows = await v.chair.client.call('payers.add', { kind: 'legalName', name: 'SEIU Local 503', variants: [] });
    seiu = rows[0]!.id;
  });
  const db = () => v.chair.backend.vault!.db;
  const count = (table: string): number => db().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const activeOf = (id: number): number => db().prepare('SELECT active FROM payer_names WHERE id = ?').pluck().get(id) as number;

  it('the chair alone switches off "SEIU Local 503": nothing changes, its money is still refused, until staff countersign', async () => {
    // A forged call without a reason: refused, nothing written.
    const approvals = count('approvals');
    await expect(v.chair.client.call('payers.setActive', { id: seiu, active: false }))
      .rejects.toMatchObject({ code: 'billing.switchOffReason', details: { name: 'SEIU Local 503' } });
    expect(count('approvals')).toBe(approvals);
    expect(activeOf(seiu)).toBe(1);

    // With a reason it is only a proposal: the name stays checked.
    const asked = await v.chair.client.call('payers.setActive', { id: seiu, active: false, reason: 'Recorded by mistake.' });
    expect(asked).toMatchObject({ id: seiu, active: true, countersign: { kind: 'payerNameOff', status: 'pending', subject: `payerName:${seiu}`, summary: { name: 'SEIU Local 503' } } });
    expect(activeOf(seiu)).toBe(1);
    // ... so the union's money is still refused, and nothing is recorded.
    const payments = count('billing_payments');
    await expect(v.chair.client.call('billing.recordPayment', fromUnion(v, 'SEIU Local 503', '503-1'))).rejects.toMatchObject({ code: 'billing.payerUnion' });
    expect(count('billing_payments')).toBe(payments);
    // The proposer cannot countersign their own proposal.
    await expect(v.chair.client.call('countersign.decide', { countersignId: asked.countersign!.id, agree: true }))
      .rejects.toMatchObject({ code: 'approvals.sameMember' });
    expect(activeOf(seiu)).toBe(1);
    // Straight at the database with the key: refused by the trigger.
    expect(() => db().prepare('UPDATE payer_names SET active = 0 WHERE id = ?').run(seiu)).toThrow(NAME_TRIGGER);
    expect(activeOf(seiu)).toBe(1);

    // Staff countersign: now, and only now, it is off, with both names on the audit trail.
    const decided = await v.staff.client.call('countersign.decide', { countersignId: asked.countersign!.id, agree: true, note: 'Checked: not our local.' });
    expect(decided).toMatchObject({ status: 'approved', result: { list: 'payerName', id: seiu, active: false } });
    expect(activeOf(seiu)).toBe(0);
    const entry = (await v.chair.client.call('audit.list', { action: 'payers.setActive', limit: 1 })).entries[0]!;
    expect(entry).toMatchObject({ details: { active: false, approvalId: asked.countersign!.id, name: 'SEIU Local 503' } });
    // No longer refused outright: still union-like, so it would wait for a second member's review.
    await expect(v.staff.client.call('billing.recordPayment', fromUnion(v, 'SEIU Local 503', '503-2'))).rejects.toMatchObject({ code: 'billing.payerNeedsReview' });

    // Switching back on only tightens: immediate. The used countersignature cannot switch it off a second time.
    await expect(v.chair.client.call('payers.setActive', { id: seiu, active: true })).resolves.toMatchObject({ active: true, countersign: null });
    expect(() => db().prepare('UPDATE payer_names SET active = 0 WHERE id = ?').run(seiu)).toThrow(NAME_TRIGGER);
    await expect(v.chair.client.call('billing.recordPayment', fromUnion(v, 'SEIU Local 503', '503-3'))).rejects.toMatchObject({ code: 'billing.payerUnion' });
  });

  it('the union is renamed only by four eyes, whichever way the chair writes it, and its former name stays protected', async () => {
    const before = (await v.chair.client.call('session.me', {})).unionName;
    expect(before).toBe('Local 42');
    const union = () => db().prepare("SELECT value FROM settings WHERE key = 'union_name'").pluck().get() as string;
    // Settings cannot do it any more; the database refuses every way of writing it.
    await expect(v.chair.client.call('settings.update', { unionName: 'Local 42 Campaign Fund' })).rejects.toMatchObject({ code: 'settings.unionNameCountersign' });
    await expect(v.chair.client.call('settings.update', { unionName: before, idleMinutes: 11 })).resolves.toMatchObject({ unionName: before, idleMinutes: 11 });
    for (const write of [
      "UPDATE settings SET value = 'Friends Fund' WHERE key = 'union_name'",
      "INSERT INTO settings (key, value) VALUES ('union_name', 'Friends Fund') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      "INSERT OR REPLACE INTO settings (key, value) VALUES ('union_name', 'Friends Fund')",
      "DELETE FROM settings WHERE key = 'union_name'",
      "UPDATE settings SET key = 'union_name_old' WHERE key = 'union_name'",
    ]) expect(() => db().exec(write), write).toThrow(UNION_TRIGGER);
    expect(union()).toBe(before);

    const asked = await v.chair.client.call('payers.proposeUnionName', { unionName: 'Friends Fund', reason: 'Our charter changed.' });
    expect(asked).toMatchObject({ kind: 'unionName', status: 'pending', summary: { before: 'Local 42', after: 'Friends Fund' } });
    await expect(v.chair.client.call('payers.proposeUnionName', { unionName: 'Other Name', reason: 'Second try.' })).rejects.toMatchObject({ code: 'approvals.alreadyPending' });
    expect(union()).toBe(before);
    await expect(v.chair.client.call('billing.recordPayment', fromUnion(v, 'Local 42', '42-1'))).rejects.toMatchObject({ code: 'billing.payerUnion' });
    await expect(v.chair.client.call('countersign.decide', { countersignId: asked.id, agree: true })).rejects.toMatchObject({ code: 'approvals.sameMember' });
    // A pending proposal is no licence for the database either.
    expect(() => db().exec("UPDATE settings SET value = 'Friends Fund' WHERE key = 'union_name'")).toThrow(UNION_TRIGGER);

    await v.staff.client.call('countersign.decide', { countersignId: asked.id, agree: true });
    expect(union()).toBe('Friends Fund');
    // The new name and the former one are both refused.
    await expect(v.chair.client.call('billing.recordPayment', fromUnion(v, 'Friends Fund', '42-2'))).rejects.toMatchObject({ code: 'billing.payerUnion' });
    await expect(v.chair.client.call('billing.recordPayment', fromUnion(v, 'Local 42', '42-3'))).rejects.toMatchObject({ code: 'billing.payerUnion' });
    expect((await v.chair.client.call('payers.names', {})).find((n) => n.name === 'Local 42')).toMatchObject({ kind: 'legalName', active: true });
    const entry = (await v.chair.client.call('audit.list', { action: 'settings.unionName', limit: 1 })).entries[0]!;
    expect(entry).toMatchObject({ details: { before: 'Local 42', after: 'Friends Fund', approvalId: asked.id } });
  });

  it('the first release\'s blocked payers follow the same rule', async () => {
    const block = await v.chair.client.call('billing.blockPayer', { kind: 'employer', name: 'Acme Hospital' });
    await expect(v.chair.client.call('billing.setPayerBlock', { id: block.id, active: false })).rejects.toMatchObject({ code: 'billing.switchOffReason' });
    const asked = await v.chair.client.call('billing.setPayerBlock', { id: block.id, active: false, reason: 'Sold to a new owner.' });
    expect(asked).toMatchObject({ active: true, countersign: { kind: 'payerNameOff', subject: `blockedPayer:${block.id}` } });
    expect(() => db().prepare('UPDATE billing_blocked_payers SET active = 0 WHERE id = ?').run(block.id)).toThrow(NAME_TRIGGER);
    await v.staff.client.call('countersign.decide', { countersignId: asked.countersign!.id, agree: true });
    expect((await v.chair.client.call('billing.blockedPayers', {})).find((b) => b.id === block.id)).toMatchObject({ active: false });
  });

  it('a candidate, an auditor or staff cannot propose; a candidate or auditor cannot countersign', async () => {
    const auditor = (await addUserAndLogin(v.chair.client, v.dir, { login: 'audra', role: 'auditor' })).client;
    const pending = await v.chair.client.call('payers.setActive', { id: seiu, active: false, reason: 'Again, to test who may decide.' });
    for (const [who, client] of [['candidate', v.candA.client], ['auditor', auditor], ['staff', v.staff.client]] as const) {
      await expect(client.call('payers.setActive', { id: seiu, active: false, reason: 'I say so.' }), who).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(client.call('payers.proposeUnionName', { unionName: 'Anything Else', reason: 'I say so.' }), who).rejects.toMatchObject({ code: 'auth.forbidden' });
      await expect(client.call('billing.setPayerBlock', { id: 1, active: false, reason: 'I say so.' }), who).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    for (const [who, client] of [['candidate', v.candA.client], ['auditor', auditor]] as const) {
      await expect(client.call('countersign.decide', { countersignId: pending.countersign!.id, agree: true }), who).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    // The database will not take a candidate's or auditor's proposal either.
    const candidateUser = db().prepare("SELECT id FROM users WHERE role = 'candidate' LIMIT 1").pluck().get() as number;
    expect(() => db().prepare(`INSERT INTO approvals (kind, subject, summary, payload, reason, requested_by, requested_at)
      VALUES ('unionName', 'setting:union_name', '{}', '{"unionName":"X"}', 'r', ?, '2026-05-20T10:00:00Z')`).run(candidateUser)).toThrow(/only a committee member asks/);
    expect(activeOf(seiu)).toBe(1);
  });
});
