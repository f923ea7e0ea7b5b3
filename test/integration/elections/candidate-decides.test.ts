import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { tempDir } from '../../support/backend.ts';
import { electionVault, submit } from './helpers.ts';

// Issue 14 §3, tried as the staffer who would decide for a candidate: withdraw their paid request, decline their
// offer. Only the candidate decides; a committee member may only record the candidate's own signed letter, which is
// kept, and the candidate is told who recorded it.
const files = tempDir('litdesk-letters-');

describe('only the candidate decides for the candidate', () => {
  it('staff and the chair cannot withdraw a request or answer an offer; another candidate gets the same answer as for nothing', async () => {
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    for (const who of [v.staff, v.chair]) {
      await expect(who.client.call('requests.withdraw', { requestId: req.id })).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    await v.chair.client.call('extraAccess.grant', { candidateId: v.b.id, kind: 'extraInspection', description: 'Second look' });
    const offer = (await v.candA.client.call('notices.list', {})).find((n) => n.kind === 'extraAccess')!.extraAccess!;
    for (const who of [v.staff, v.chair]) {
      await expect(who.client.call('extraAccess.respond', { offerId: offer.offerId, accept: false })).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    // José tries Hương's request and offer: the same answer as for ids that do not exist.
    const other = await v.candB.client.call('requests.withdraw', { requestId: req.id }).catch((e: unknown) => e);
    const none = await v.candB.client.call('requests.withdraw', { requestId: 999_999 }).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'requests.notFound' });
    expect(JSON.stringify(other)).toBe(JSON.stringify(none));
    const otherOffer = await v.candB.client.call('extraAccess.respond', { offerId: offer.offerId, accept: true }).catch((e: unknown) => e);
    const noOffer = await v.candB.client.call('extraAccess.respond', { offerId: 999_999, accept: true }).catch((e: unknown) => e);
    expect(JSON.stringify(otherOffer)).toBe(JSON.stringify(noOffer));
    expect((await v.candA.client.call('requests.list', {}))[0]!.status).toBe('quoted');
    // Hương herself withdraws.
    expect((await v.candA.client.call('requests.withdraw', { requestId: req.id })).status).toBe('withdrawn');
  });

  it('staff record the candidate\'s signed letter: kept, applied as the candidate\'s, and the candidate is notified', async () => {
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const letterFile = path.join(files, 'huong-letter.pdf');
    fs.writeFileSync(letterFile, await cleanLetterPdf());
    const notPdf = path.join(files, 'note.txt');
    fs.writeFileSync(notPdf, 'please withdraw, signed Huong');
    const instruction = { kind: 'withdrawRequest' as const, requestId: req.id };
    const record = (o: Partial<{ candidateId: number; dated: string; letterPath: string; instruction: typeof instruction }>) =>
      v.staff.client.call('candidates.recordInstruction', { candidateId: v.a.id, dated: '2026-05-19', letterPath: letterFile, instruction, ...o });

    // No letter picked in the dialog, a letter that is not a PDF, a letter dated tomorrow, another candidate's request.
    await expect(record({})).rejects.toMatchObject({ code: 'path.notGranted' });
    v.staff.backend.grants.grantFile(letterFile, 'letter');
    v.staff.backend.grants.grantFile(notPdf, 'letter');
    await expect(record({ letterPath: notPdf })).rejects.toMatchObject({ code: 'instructions.letterNotPdf' });
    await expect(record({ dated: '2026-05-21' })).rejects.toMatchObject({ code: 'instructions.datedInFuture' });
    const wrong = await record({ candidateId: v.b.id }).catch((e: unknown) => e);
    const nothing = await record({ candidateId: v.b.id, instruction: { kind: 'withdrawRequest', requestId: 999_999 } }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'requests.notFound', message: 'Not found.' });
    expect(JSON.stringify(wrong)).toBe(JSON.stringify(nothing));
    expect((await v.candA.client.call('requests.list', {}))[0]!.status).toBe('quoted');

    const r = await record({});
    expect((await v.candA.client.call('requests.list', {}))[0]!.status).toBe('withdrawn');
    const db = v.chair.backend.vault!.db;
    const row = db.prepare('SELECT letter, kind, recorded_by FROM candidate_instructions WHERE id = ?').get(r.instructionId) as { letter: Buffer; kind: string; recorded_by: number };
    expect(Buffer.compare(row.letter, fs.readFileSync(letterFile))).toBe(0);
    const notice = (await v.candA.client.call('notices.list', {})).find((n) => n.kind === 'instruction')!;
    expect(notice.instruction).toMatchObject({ kind: 'withdrawRequest', requestId: req.id, dated: '2026-05-19', recordedBy: 'sam' });
    expect(notice.readAt).toBeNull();
    await v.candA.client.call('notices.markRead', { noticeId: notice.id });
    // José sees nothing of it.
    expect((await v.candB.client.call('notices.list', {})).some((n) => n.kind === 'instruction')).toBe(false);
    const entry = (await v.chair.client.call('audit.list', { action: 'candidates.instruction', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ kind: 'withdrawRequest', requestId: req.id, askedBy: 'candidate, in writing', letterSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The letter is kept: no code path removes or rewrites it.
    expect(() => db.prepare('DELETE FROM candidate_instructions').run()).toThrow(/kept/);
    expect(() => db.prepare("UPDATE candidate_instructions SET letter = X'00'").run()).toThrow(/never changed/);
  });
});
