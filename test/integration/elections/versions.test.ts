import { describe, expect, it } from 'vitest';
import { CHAIR } from '../../support/backend.ts';
import { ELECTION, electionVault } from './helpers.ts';

// Issue 14 §2, as the chair who would quietly change the terms once candidates rely on them: dates, rules, channels
// (email too), audience options and the turnaround change only through a new version with a reason, a notice to every
// candidate and the values before and after in the audit trail; no purge while any version is under a year old.
const count = (w: Awaited<ReturnType<typeof electionVault>>, sql: string): number =>
  (w.chair.backend.vault!.db.prepare(sql).get() as { n: number }).n;

describe('versioned elections', () => {
  it('refuses every change of terms without a reason and writes nothing', async () => {
    const w = await electionVault();
    const changes = {
      electionDate: { ...ELECTION, electionDate: '2025-06-30', ballotMailingDate: '2025-06-10' },
      channels: { ...ELECTION, channels: ['firstClass', 'marketing', 'email'] as const },
      audienceKinds: { ...ELECTION, audienceKinds: ['allGoodStanding'] as const },
      rules: { ...ELECTION, rules: { ...ELECTION.rules, maxPages: 1 } },
      turnaround: { ...ELECTION, turnaroundBusinessDays: 20 },
      blankReason: { ...ELECTION, channels: ['firstClass'] as const },
    };
    const before = { versions: count(w, 'SELECT count(*) AS n FROM election_versions'), notices: count(w, 'SELECT count(*) AS n FROM election_version_notices'),
      audit: count(w, "SELECT count(*) AS n FROM audit_log WHERE action = 'elections.update'") };
    for (const [what, election] of Object.entries(changes)) {
      const reason = what === 'blankReason' ? { reason: '   ' } : {};
      await expect(w.chair.client.call('elections.save', { electionId: w.election.id, election: { ...election, channels: [...election.channels], audienceKinds: [...election.audienceKinds] }, ...reason } as never),
        what).rejects.toMatchObject({ code: what === 'blankReason' ? 'api.invalidInput' : 'elections.versionReasonRequired' });
    }
    expect((await w.chair.client.call('elections.list', {}))[0]).toMatchObject({ electionDate: '2026-06-30', channels: ['firstClass', 'marketing'], version: 1, turnaroundBusinessDays: 5 });
    expect({ versions: count(w, 'SELECT count(*) AS n FROM election_versions'), notices: count(w, 'SELECT count(*) AS n FROM election_version_notices'),
      audit: count(w, "SELECT count(*) AS n FROM audit_log WHERE action = 'elections.update'") }).toEqual(before);
    // The name is not a term: it changes freely (and is audited).
    await w.chair.client.call('elections.save', { electionId: w.election.id, election: { ...ELECTION, name: 'Officer election 2026 (Local 42)' } });
    expect((await w.chair.client.call('elections.list', {}))[0]).toMatchObject({ version: 1 });
  });

  it('with a reason: a new version, a notice to every candidate with before and after, values in the audit', async () => {
    const w = await electionVault();
    w.setNow(new Date('2026-05-21T16:00:00Z'));
    const saved = await w.chair.client.call('elections.save', { electionId: w.election.id, reason: 'The union now offers email to every candidate',
      election: { ...ELECTION, channels: ['firstClass', 'marketing', 'email'], turnaroundBusinessDays: 3 } });
    expect(saved).toMatchObject({ version: 2, turnaroundBusinessDays: 3 });

    const versions = await w.candB.client.call('elections.versions', { electionId: w.election.id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ reason: 'The union now offers email to every candidate', noticesSent: 2, createdBy: CHAIR.displayName,
      changes: [{ field: 'channels', before: ['firstClass', 'marketing'], after: ['firstClass', 'marketing', 'email'] },
        { field: 'turnaroundBusinessDays', before: 5, after: 3 }] });

    for (const c of [w.candA, w.candB]) {
      const notices = (await c.client.call('notices.list', {})).filter((n) => n.kind === 'electionVersion');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.electionVersion).toMatchObject({ version: 2, reason: 'The union now offers email to every candidate',
        changes: [{ field: 'channels', after: ['firstClass', 'marketing', 'email'] }, { field: 'turnaroundBusinessDays', before: 5, after: 3 }] });
      await c.client.call('notices.markRead', { noticeId: notices[0]!.id });
      expect((await c.client.call('notices.list', {})).find((n) => n.id === notices[0]!.id)!.readAt).not.toBeNull();
    }
    // Each notice carries the chain head as it stood when issued.
    expect(count(w, "SELECT count(*) AS n FROM audit_anchors WHERE document LIKE 'election version notice %'")).toBe(2);

    const entry = (await w.chair.client.call('audit.list', { action: 'elections.update', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ version: 2, noticesCreated: 2, reason: 'The union now offers email to every candidate',
      values: { channels: { before: ['firstClass', 'marketing'], after: ['firstClass', 'marketing', 'email'] }, turnaroundBusinessDays: { before: 5, after: 3 } } });
  });

  it('no purge while any version is less than a year old, whatever the election date says', async () => {
    const w = await electionVault();
    // A year and a month after the election of 2026-06-30 the records could go ...
    w.setNow(new Date('2027-07-20T16:00:00Z'));
    expect(await w.chair.client.call('retention.status', { electionId: w.election.id })).toMatchObject({ canClose: true });
    // ... but the chair changes a rule (not a date) with a reason: that version is new, so nothing goes for a year.
    await w.chair.client.call('elections.save', { electionId: w.election.id, reason: 'Late correction of the page rule', election: { ...ELECTION, rules: { ...ELECTION.rules, maxPages: 2 } } });
    w.setNow(new Date('2027-08-01T16:00:00Z'));
    expect(await w.chair.client.call('retention.status', { electionId: w.election.id })).toMatchObject({ canClose: false, keepUntil: '2028-07-20' });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: ELECTION.name }))
      .rejects.toMatchObject({ code: 'retention.tooEarly', details: { keepUntil: '2028-07-20' } });
    expect(count(w, 'SELECT count(*) AS n FROM members')).toBeGreaterThan(0);
  });

  it('a candidate reads the versions of their own election only: another election answers as one that does not exist', async () => {
    const w = await electionVault();
    const other = await w.chair.client.call('elections.save', { election: { ...ELECTION, name: 'Trustee election' } });
    const own = w.candA.client.call('elections.versions', { electionId: other.id });
    const none = w.candA.client.call('elections.versions', { electionId: 999 });
    const [a, b] = await Promise.allSettled([own, none]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    const pick = (r: PromiseSettledResult<unknown>) => { const e = (r as PromiseRejectedResult).reason as { code: string; message: string }; return { code: e.code, message: e.message }; };
    expect(pick(a)).toEqual(pick(b));
  });
});
