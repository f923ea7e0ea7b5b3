import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { contract as COMMANDS } from '../../../shared/api/contract.ts';
import { answer, ELECTION, electionVault, grantedFile, NONE, submit } from './helpers.ts';

// Issue 14 §7, as a candidate fishing for another candidate's records: every command a candidate may call answers
// exactly the same (code, message, details) for another candidate's request, invoice, proof, notice, offer, session or
// election as for an id that does not exist. Nothing tells them the record is there.

describe('one "Not found." for records outside a candidate\'s scope', () => {
  it('answers another candidate\'s records exactly like records that do not exist, for every candidate command', async () => {
    const v = await electionVault(); // 2026-05-20: the inspection window of the 2026-06-10 mail ballot is open
    const B = v.candB;
    const reqB = await submit(B.client, B.backend, v.b.id, await cleanLetterPdf());
    await v.chair.client.call('billing.recordPayment', { candidateId: v.b.id, amountCents: reqB.quote!.totalCents, receivedOn: '2026-05-20',
      method: { type: 'check', reference: 'B-1' }, payer: { type: 'candidate', name: 'José Muñoz Peña', accountHolder: 'José Muñoz Peña' } });
    const docB = (await v.chair.client.call('billing.candidate', { candidateId: v.b.id })).documents[0]!.id;
    await v.chair.client.call('extraAccess.grant', { candidateId: v.b.id, kind: 'extraInspection', description: 'A second look' });
    const offerB = (await B.client.call('notices.list', {})).find((n) => n.kind === 'extraAccess')!.extraAccess!.offerId;
    const noticeB = (await B.client.call('notices.list', {})).find((n) => n.kind === 'rateCard')!.id;
    const sessionB = (await B.client.call('inspection.start', {})).id;
    const other = await v.chair.client.call('elections.save', { election: { ...ELECTION, name: 'Trustee election' } });
    // A has records of their own, so "nothing of yours" is not what makes the answers equal.
    await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());

    const A = v.candA.client;
    const lit = grantedFile(v.candA.backend, await cleanLetterPdf());
    // Each command with the other candidate's id, and with an id that does not exist.
    const probes: Record<string, (x: number) => Promise<unknown>> = {
      'elections.versions': (x) => A.call('elections.versions', { electionId: x }),
      'rateCard.versions': (x) => A.call('rateCard.versions', { electionId: x }),
      'inspection.status': (x) => A.call('inspection.status', { electionId: x }),
      'candidates.list': (x) => A.call('candidates.list', { electionId: x }),
      'requests.list': (x) => A.call('requests.list', { candidateId: x }),
      'notices.list': (x) => A.call('notices.list', { candidateId: x }),
      'quotes.estimate': (x) => A.call('quotes.estimate', { candidateId: x, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', pages: 1 }),
      'requests.submit': (x) => A.call('requests.submit', { candidateId: x, audience: { kind: 'allGoodStanding' }, channel: 'firstClass', requestedMailingDate: '2026-06-01', literaturePath: lit }),
      'requests.requote': (x) => A.call('requests.requote', { requestId: x }),
      'requests.proof': (x) => A.call('requests.proof', { requestId: x }),
      'requests.signOff': (x) => A.call('requests.signOff', { requestId: x, proofSha256: '0'.repeat(64) }),
      'requests.withdraw': (x) => A.call('requests.withdraw', { requestId: x }),
      'email.compose': (x) => A.call('email.compose', { requestId: x, subject: 'Vote', body: 'Vote for me' }),
      'email.message': (x) => A.call('email.message', { requestId: x }),
      'email.proof': (x) => A.call('email.proof', { requestId: x }),
      'billing.candidate': (x) => A.call('billing.candidate', { candidateId: x }),
      'billing.releaseCheck': (x) => A.call('billing.releaseCheck', { requestId: x }),
      'billing.documentPdf': (x) => A.call('billing.documentPdf', { documentId: x }),
      'billing.dispute': (x) => A.call('billing.dispute', { documentId: x, lineIndex: 0, note: 'Why?' }),
      'notices.markRead': (x) => A.call('notices.markRead', { noticeId: x }),
      'notices.pdf': (x) => A.call('notices.pdf', { noticeId: x }),
      'extraAccess.respond': (x) => A.call('extraAccess.respond', { offerId: x, accept: true }),
      'inspection.page': (x) => A.call('inspection.page', { sessionId: x, page: 1 }),
      'inspection.checkOwnList': (x) => A.call('inspection.checkOwnList', { sessionId: x, lines: ['1001'] }),
      'inspection.end': (x) => A.call('inspection.end', { sessionId: x }),
    };
    const theirs: Record<string, number> = {
      'elections.versions': other.id, 'rateCard.versions': other.id, 'inspection.status': other.id, 'candidates.list': other.id,
      'requests.list': v.b.id, 'notices.list': v.b.id, 'quotes.estimate': v.b.id, 'requests.submit': v.b.id,
      'requests.requote': reqB.id, 'requests.proof': reqB.id, 'requests.signOff': reqB.id, 'requests.withdraw': reqB.id,
      'email.compose': reqB.id, 'email.message': reqB.id, 'email.proof': reqB.id, 'billing.candidate': v.b.id, 'billing.releaseCheck': reqB.id,
      'billing.documentPdf': docB, 'billing.dispute': docB, 'notices.markRead': noticeB, 'notices.pdf': noticeB,
      'extraAccess.respond': offerB, 'inspection.page': sessionB, 'inspection.checkOwnList': sessionB, 'inspection.end': sessionB,
    };
    // Every command a candidate may call that takes an id is probed; the rest take no id of anyone else's.
    // (inspection.start takes a grant id, but every grant is offered to every candidate: no grant is another's alone.)
    const noForeignId = ['elections.list', 'members.count', 'members.summary', 'members.segmentValues', 'inspection.start'];
    const candidateCommands = Object.entries(COMMANDS).filter(([, c]) => (c.roles as readonly string[]).includes('candidate')).map(([n]) => n)
      .filter((n) => /^(elections|rateCard|candidates|quotes|requests|notices|extraAccess|inspection|billing|email)\./.test(n));
    expect(candidateCommands.filter((n) => !(n in probes) && !noForeignId.includes(n))).toEqual([]);

    const db = v.chair.backend.vault!.db;
    const snapshot = () => db.prepare(`SELECT (SELECT group_concat(status || coalesce(quoted_at, '') || coalesce(withdrawn_at, '')) FROM requests) AS r,
      (SELECT count(*) FROM billing_disputes) AS d, (SELECT group_concat(coalesce(read_at, '')) FROM rate_card_notices) AS n,
      (SELECT group_concat(response) FROM extra_access_offers) AS o, (SELECT group_concat(coalesce(ended_at, '')) FROM inspections) AS i`).get();
    const before = snapshot();
    const differ: string[] = [];
    for (const [name, probe] of Object.entries(probes)) {
      const [foreign, missing] = [await answer(probe(theirs[name]!)), await answer(probe(NONE))];
      if (JSON.stringify(foreign) !== JSON.stringify(missing)) differ.push(`${name}: ${JSON.stringify(foreign)} vs ${JSON.stringify(missing)}`);
      if (!foreign.ok && /notFound$/i.test(foreign.code)) expect(foreign.message, name).toBe('Not found.');
    }
    expect(differ).toEqual([]);
    expect(snapshot()).toEqual(before); // and nothing of B's changed
  });
});
