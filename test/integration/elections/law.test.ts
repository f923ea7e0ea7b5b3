import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/api/contract.ts';
import { electionsCommands } from '../../../shared/api/commands/elections.ts';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { CARD, electionVault, submit } from './helpers.ts';

// 29 CFR 452 as tests: the rules a court would check, run against the real core on a real vault.

/** Every key and enum value reachable in a zod schema's JSON form, to scan for a content-decision field. */
function schemaWords(schema: unknown): string {
  return JSON.stringify((schema as { toJSONSchema?: () => unknown }).toJSONSchema?.() ?? {});
}

describe('no censorship (452.70)', () => {
  it('no command, input field or status approves or rejects content', () => {
    const forbidden = /approv|reject|censor|content ?review|moderat|accept(ed)?Content/i;
    for (const [name, spec] of Object.entries(contract)) {
      expect(name).not.toMatch(forbidden);
      const words = schemaWords((spec as { input: unknown }).input);
      expect(words, name).not.toMatch(forbidden);
    }
    // The request commands exist (so the scan is looking at the right place) and none carries a verdict.
    expect(Object.keys(electionsCommands)).toEqual(expect.arrayContaining(['requests.submit', 'requests.signOff', 'requests.authorise', 'requests.release']));
    expect(schemaWords(electionsCommands['requests.authorise'].input)).not.toMatch(/reason|verdict|decision/i);
  });

  it('the stored request has no column for a content decision', async () => {
    const v = await electionVault();
    const cols = (v.chair.backend.vault!.db.prepare("SELECT name FROM pragma_table_info('requests')").all() as { name: string }[]).map((c) => c.name);
    expect(cols.join(' ')).not.toMatch(/approv|reject|content|verdict|decision/i);
    expect(cols).toEqual(expect.arrayContaining(['id', 'election_id', 'candidate_id', 'status', 'received_at', 'quote_cents', 'quote_lines', 'rate_card_version']));
  });
});

describe('equal terms (452.67)', () => {
  it('the same audience gives the same quote for every candidate', async () => {
    const v = await electionVault();
    const lit = await cleanLetterPdf();
    const ra = await submit(v.candA.client, v.candA.backend, v.a.id, lit);
    const rb = await submit(v.candB.client, v.candB.backend, v.b.id, lit);
    expect(ra.quote).toEqual(rb.quote);
    const segment = { kind: 'segment' as const, combine: 'or' as const, filters: [{ field: 'shift' as const, values: ['Night'] }] };
    // A candidate names an audience the election offers (issue 16 §5); staff describing the same one get the same quote.
    const saved = await v.chair.client.call('audiences.save', { electionId: v.election.id, name: 'Night shift', audience: segment, reason: 'Offered to every candidate alike.' });
    const ea = await v.candA.client.call('quotes.estimate', { candidateId: v.a.id, audienceId: saved.id!, channel: 'marketing', pages: 3 });
    const eb = await v.staff.client.call('quotes.estimate', { candidateId: v.b.id, audience: segment, channel: 'marketing', pages: 3 });
    expect(ea).toEqual(eb);
    expect(ea.pieces).toBeLessThan(ra.quote!.pieces);
    // Itemised and complete: every line of the rate card is billed; staff time and handling included.
    expect(ra.quote!.lines.map((l) => l.item)).toEqual(['paper', 'printing', 'envelope', 'inserting', 'postage.firstClass', 'handling', 'staffTime', 'other:Seed pieces']);
    const pieces = ra.quote!.pieces;
    const staffMinutes = CARD.staffSetupMinutesPerJob + Math.ceil((pieces * CARD.staffMinutesPer1000) / 1000);
    expect(ra.quote!.totalCents).toBe(pieces * (CARD.paperPerSheetCents + 2 * CARD.printPerSideCents + CARD.envelopeCents + CARD.insertingCents + 73)
      + CARD.handlingPerJobCents + Math.round((staffMinutes * CARD.staffHourCents) / 60) + 150);
  });

  it('a rate-card change is dated and notifies every candidate; the quote names its version', async () => {
    const v = await electionVault();
    const before = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    expect(before.quote!.rateCardVersion).toBe(1);
    // A third candidate without a login, seeking nomination: notified all the same.
    const c = await v.staff.client.call('candidates.register', { electionId: v.election.id, fullName: 'Trần Văn Đức', office: 'Secretary-Treasurer', standing: 'seekingNomination' });
    v.setNow(new Date('2026-05-21T09:00:00Z'));
    const out = await v.chair.client.call('rateCard.publish', { electionId: v.election.id, card: { ...CARD, postageCents: { firstClass: 78, marketing: 36 } } });
    expect(out).toEqual({ version: 2, noticesCreated: 3, requoted: 1 });
    for (const [api, id] of [[v.candA.client, v.a.id], [v.candB.client, v.b.id]] as const) {
      const notices = await api.call('notices.list', {});
      expect(notices.filter((n) => n.kind === 'rateCard').map((n) => n.rateCardVersion).sort()).toEqual([1, 2]);
      expect(notices.every((n) => n.candidateId === id)).toBe(true);
    }
    const all = await v.chair.client.call('notices.list', { electionId: v.election.id });
    expect(all.filter((n) => n.rateCardVersion === 2).map((n) => n.candidateId).sort()).toEqual([v.a.id, v.b.id, c.id].sort());
    const versions = await v.candB.client.call('rateCard.versions', { electionId: v.election.id });
    expect(versions.map((x) => [x.version, x.publishedAt])).toEqual([[2, '2026-05-21T09:00:00.000Z'], [1, '2026-05-20T15:00:00.000Z']]);
    // The open (not signed off) quote was requoted under version 2 with the publication, like every open quote (issue 14 §4).
    expect((await v.candA.client.call('requests.list', {}))[0]!.quote!.rateCardVersion).toBe(2);
    const again = await v.candA.client.call('requests.requote', { requestId: before.id });
    expect(again.quote!.rateCardVersion).toBe(2);
    // Published versions are immutable.
    expect(() => v.chair.backend.vault!.db.prepare('UPDATE rate_cards SET card=? WHERE version=1').run('{}')).toThrow(/immutable/);
  });

  it('the notice prints as a PDF with the candidate name exactly', async () => {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { tempDir } = await import('../../support/backend.ts');
    const v = await electionVault();
    const [n] = await v.candA.client.call('notices.list', {});
    const pdf = await v.candA.client.call('notices.pdf', { noticeId: n!.id });
    const file = path.join(tempDir('litdesk-notice-'), pdf.fileName);
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Nguyễn Thị Hương');
    expect(text).toContain('Notice of rate card, version 1');
    expect(text).toMatch(/Postage, First-Class Mail, per piece\s+\$0\.73/);
    // Another candidate's notice is not theirs to read.
    const [other] = await v.candB.client.call('notices.list', {});
    await expect(v.candA.client.call('notices.pdf', { noticeId: other!.id })).rejects.toMatchObject({ code: 'notices.notFound' });
  });
});

describe('records are kept (452.106)', () => {
  it('election records cannot be deleted and a request never moves backwards', async () => {
    const v = await electionVault();
    const r = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const db = v.chair.backend.vault!.db;
    for (const t of ['elections', 'candidates', 'requests', 'literature', 'rate_cards', 'rate_card_notices']) {
      expect(() => db.prepare(`DELETE FROM ${t}`).run(), t).toThrow();
    }
    expect(() => db.prepare("UPDATE requests SET status='received' WHERE id=?").run(r.id)).toThrow(/forward/);
    expect(() => db.prepare("UPDATE requests SET received_at='2020-01-01' WHERE id=?").run(r.id)).toThrow(/fixed/);
  });
});
