import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { electionVault, grantedFile, submit } from './helpers.ts';

describe('candidates see and act only for themselves', () => {
  it('candidate A cannot see, proof, sign off, withdraw or submit for candidate B', async () => {
    const v = await electionVault();
    const rb = await submit(v.candB.client, v.candB.backend, v.b.id, await cleanLetterPdf());
    const ra = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    expect((await v.candA.client.call('requests.list', {})).map((r) => r.id)).toEqual([ra.id]);
    expect((await v.candA.client.call('requests.list', { candidateId: v.b.id })).map((r) => r.id)).toEqual([ra.id]);
    expect((await v.staff.client.call('requests.list', {})).map((r) => r.id)).toEqual([rb.id, ra.id]);
    for (const call of [
      () => v.candA.client.call('requests.proof', { requestId: rb.id }),
      () => v.candA.client.call('requests.withdraw', { requestId: rb.id }),
      () => v.candA.client.call('requests.requote', { requestId: rb.id }),
      () => v.candA.client.call('requests.signOff', { requestId: rb.id, proofSha256: 'a'.repeat(64) }),
    ]) await expect(call()).rejects.toMatchObject({ code: 'requests.notFound' });
    await expect(v.candA.client.call('requests.submit', {
      candidateId: v.b.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01',
      literaturePath: grantedFile(v.candA.backend, await cleanLetterPdf()),
    })).rejects.toMatchObject({ code: 'candidates.notYours' });
    await expect(v.candA.client.call('quotes.estimate', { candidateId: v.b.id, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 2 }))
      .rejects.toMatchObject({ code: 'candidates.notYours' });
    expect((await v.candA.client.call('candidates.list', {})).map((c) => c.id)).toEqual([v.a.id]);
    expect((await v.candA.client.call('notices.list', { candidateId: v.b.id })).every((n) => n.candidateId === v.a.id)).toBe(true);
  });

  it('roles: only the chair sets up elections and authorises; staff register; auditors read', async () => {
    const v = await electionVault();
    const { addUserAndLogin } = await import('../../support/backend.ts');
    const auditor = await addUserAndLogin(v.chair.client, v.dir, { login: 'audrey', role: 'auditor' });
    await expect(v.staff.client.call('rateCard.publish', { electionId: v.election.id, card: (await v.chair.client.call("rateCard.versions", { electionId: v.election.id }))[0]!.card })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(v.candA.client.call('candidates.register', { electionId: v.election.id, fullName: 'X Y', office: 'President', standing: 'candidate' })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(auditor.client.call('inspection.start', { candidateId: v.a.id })).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect((await auditor.client.call('elections.list', {})).map((e) => e.id)).toEqual([v.election.id]);
    expect((await auditor.client.call('notices.list', {})).length).toBe(2);
    expect((await auditor.client.call('rateCard.versions', { electionId: v.election.id })).length).toBe(1);
  });
});
