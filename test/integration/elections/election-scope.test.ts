import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import type { Audience } from '../../../shared/domain/audience.ts';
import { answer, CARD, ELECTION, electionVault, grantedFile, NONE, submit } from './helpers.ts';

// Issue 11 §5, as a candidate of one election fishing in another election run by the same committee (a union runs
// its officer and trustee elections side by side): candidate A, of the officer election, names the trustee election
// and the records of its candidate C in every command a candidate may call. Each answer must be exactly the answer
// for an id that does not exist, the lists A sees must not move when the other election and its records appear, and
// nothing of C's changes. One rule decides it: shared/domain/candidate-scope.ts (electionInScope, electionFilter,
// candidateFilter, inScope).

describe('a candidate login reaches only its own election', () => {
  it('answers another election and its candidate\'s records exactly like ids that do not exist', async () => {
    const v = await electionVault();
    const A = v.candA.client;
    // What A sees before the other election exists.
    const lists = () => Promise.all([
      A.call('elections.list', {}), A.call('elections.list', { includeInactive: true }), A.call('candidates.list', {}),
      A.call('requests.list', {}), A.call('notices.list', {}),
    ]);
    const seenBefore = await lists();
    expect(seenBefore[0].map((e) => e.id)).toEqual([v.election.id]);

    // The trustee election, with a rate card, an offered audience, candidate C, C's request, payment, invoice, notice
    // and offer: all made by the committee, as they would be on a real day.
    const trustee = await v.chair.client.call('elections.save', { election: { ...ELECTION, name: 'Trustee election 2026', offices: ['Trustee'] } });
    await v.chair.client.call('rateCard.publish', { electionId: trustee.id, card: CARD });
    const db = v.chair.backend.vault!.db;
    const local = (db.prepare('SELECT local FROM members WHERE active=1 AND good_standing=1 GROUP BY local ORDER BY count(*) DESC LIMIT 1').get() as { local: string }).local;
    const segment: Audience = { kind: 'segment', combine: 'and', filters: [{ field: 'local', values: [local] }] };
    const audC = await v.chair.client.call('audiences.save', { electionId: trustee.id, name: 'Trustee locals', audience: segment });
    const c = await v.chair.client.call('candidates.register', { electionId: trustee.id, fullName: 'Carla Ortiz', office: 'Trustee', standing: 'candidate' });
    const reqC = await submit(v.staff.client, v.staff.backend, c.id, await cleanLetterPdf());
    await v.chair.client.call('billing.recordPayment', { candidateId: c.id, amountCents: reqC.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'check', reference: 'C-1' }, payer: { type: 'candidate', name: 'Carla Ortiz', accountHolder: 'Carla Ortiz' } });
    const docC = (await v.chair.client.call('billing.candidate', { candidateId: c.id })).documents[0]!.id;
    await v.chair.client.call('extraAccess.grant', { candidateId: c.id, kind: 'extraInspection', description: 'A second look' });
    const noticesC = await v.chair.client.call('notices.list', { candidateId: c.id });
    const noticeC = noticesC.find((n) => n.kind === 'rateCard')!.id;
    const offerC = noticesC.find((n) => n.kind === 'extraAccess')!.extraAccess!.offerId;
    expect(await v.chair.client.call('audiences.list', { electionId: trustee.id })).toHaveLength(2); // the committee sees it all

    // A's lists did not move: the other election and its records are not there, not even as a count.
    expect(await lists()).toEqual(seenBefore);

    const lit = grantedFile(v.candA.backend, await cleanLetterPdf());
    const own = v.a.id;
    // Each command with the other election's (or its candidate's) id, and with an id that does not exist.
    const probes: Record<string, [(x: number) => Promise<unknown>, number]> = {
      'elections.versions': [(x) => A.call('elections.versions', { electionId: x }), trustee.id],
      'rateCard.versions': [(x) => A.call('rateCard.versions', { electionId: x }), trustee.id],
      'inspection.status': [(x) => A.call('inspection.status', { electionId: x }), trustee.id],
      'audiences.list': [(x) => A.call('audiences.list', { electionId: x }), trustee.id],
      'candidates.list': [(x) => A.call('candidates.list', { electionId: x }), trustee.id],
      'requests.list (election)': [(x) => A.call('requests.list', { electionId: x }), trustee.id],
      'notices.list (election)': [(x) => A.call('notices.list', { electionId: x }), trustee.id],
      'quotes.estimate (audience)': [(x) => A.call('quotes.estimate', { candidateId: own, audienceId: x, channel: 'firstClass', pages: 1 }), audC.id!],
      'requests.submit (audience)': [(x) => A.call('requests.submit', { candidateId: own, audienceId: x, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: lit }), audC.id!],
      'requests.list (candidate)': [(x) => A.call('requests.list', { candidateId: x }), c.id],
      'notices.list (candidate)': [(x) => A.call('notices.list', { candidateId: x }), c.id],
      'quotes.estimate': [(x) => A.call('quotes.estimate', { candidateId: x, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 1 }), c.id],
      'requests.submit': [(x) => A.call('requests.submit', { candidateId: x, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: lit }), c.id],
      'requests.requote': [(x) => A.call('requests.requote', { requestId: x }), reqC.id],
      'requests.proof': [(x) => A.call('requests.proof', { requestId: x }), reqC.id],
      'requests.signOff': [(x) => A.call('requests.signOff', { requestId: x, proofSha256: '0'.repeat(64) }), reqC.id],
      'requests.withdraw': [(x) => A.call('requests.withdraw', { requestId: x }), reqC.id],
      'email.compose': [(x) => A.call('email.compose', { requestId: x, subject: 'Vote', body: 'Vote for me' }), reqC.id],
      'email.message': [(x) => A.call('email.message', { requestId: x }), reqC.id],
      'email.proof': [(x) => A.call('email.proof', { requestId: x }), reqC.id],
      'billing.candidate': [(x) => A.call('billing.candidate', { candidateId: x }), c.id],
      'billing.releaseCheck': [(x) => A.call('billing.releaseCheck', { requestId: x }), reqC.id],
      'billing.documentPdf': [(x) => A.call('billing.documentPdf', { documentId: x }), docC],
      'billing.dispute': [(x) => A.call('billing.dispute', { documentId: x, lineIndex: 0, note: 'Why?' }), docC],
      'notices.markRead': [(x) => A.call('notices.markRead', { noticeId: x }), noticeC],
      'notices.pdf': [(x) => A.call('notices.pdf', { noticeId: x }), noticeC],
      'extraAccess.respond': [(x) => A.call('extraAccess.respond', { offerId: x, accept: true }), offerC],
    };

    const snapshot = () => db.prepare(`SELECT (SELECT group_concat(status || coalesce(quoted_at, '') || coalesce(withdrawn_at, '')) FROM requests) AS r,
      (SELECT count(*) FROM requests) AS nr, (SELECT count(*) FROM billing_disputes) AS d,
      (SELECT group_concat(coalesce(read_at, '')) FROM rate_card_notices) AS n, (SELECT group_concat(response) FROM extra_access_offers) AS o`).get();
    const before = snapshot();
    const differ: string[] = [];
    const refusedBy: Record<string, string> = {};
    for (const [name, [probe, theirs]] of Object.entries(probes)) {
      const [foreign, missing] = [await answer(probe(theirs)), await answer(probe(NONE))];
      if (JSON.stringify(foreign) !== JSON.stringify(missing)) differ.push(`${name}: ${JSON.stringify(foreign)} vs ${JSON.stringify(missing)}`);
      refusedBy[name] = foreign.ok ? JSON.stringify(foreign.value) : foreign.code;
    }
    expect(differ).toEqual([]);
    expect(snapshot()).toEqual(before); // nothing of C's changed, and A's probes stored nothing
    // The election-level reads are refused as "no such election", the lists hold nothing of the other election.
    expect(refusedBy).toMatchObject({
      'elections.versions': 'elections.notFound', 'rateCard.versions': 'elections.notFound', 'inspection.status': 'elections.notFound',
      'audiences.list': 'elections.notFound', 'requests.list (election)': '[]', 'notices.list (election)': '[]',
      'quotes.estimate (audience)': 'audiences.notFound', 'requests.submit (audience)': 'audiences.notFound',
    });
    expect(JSON.parse(refusedBy['candidates.list']!)).toEqual([expect.objectContaining({ id: own })]);

    // The rule scopes candidate logins only: the committee and the auditor's reach is unchanged.
    expect((await v.staff.client.call('elections.list', {})).map((e) => e.id)).toEqual([v.election.id, trustee.id]);
    expect(await v.staff.client.call('elections.versions', { electionId: trustee.id })).toHaveLength(1);
    expect((await v.staff.client.call('candidates.list', { electionId: trustee.id })).map((x) => x.id)).toEqual([c.id]);
    expect((await v.staff.client.call('inspection.status', { electionId: trustee.id })).candidates.map((x) => x.candidateId)).toEqual([c.id]);
  });
});
