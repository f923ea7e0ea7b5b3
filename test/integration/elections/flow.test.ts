import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLetterPdf, javascriptPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { tempDir } from '../../support/backend.ts';
import { electionVault, submit } from './helpers.ts';

describe('a request from submission to release', () => {
  it('queues, quotes, proofs, signs off, authorises and refuses release until paid', async () => {
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    expect(req.status).toBe('quoted');
    expect(req.queuePosition).toBe(1);
    expect(req.quote!.rateCardVersion).toBe(1);
    expect(req.quote!.pieces).toBeGreaterThan(100);
    const total = req.quote!.lines.reduce((s, l) => s + l.amountCents, 0);
    expect(req.quote!.totalCents).toBe(total);

    const proof = await v.candA.client.call('requests.proof', { requestId: req.id });
    const dir = tempDir('litdesk-proof-');
    const file = path.join(dir, 'proof.pdf');
    fs.writeFileSync(file, Buffer.from(proof.base64, 'base64'));
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('NGUYỄN THỊ HƯƠNG');
    expect(text).toContain('Vote for Maria Lopez, page 1');
    // The specimen sits inside the window, with 1/8 in clear space (pdftotext -bbox: top-left origin).
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .filter((m) => ['SPECIMEN', 'SAMPLE', 'ANYTOWN'].includes(m[5]!));
    expect(words).toHaveLength(3);
    for (const m of words) {
      const [x0, y0, x1, y1] = [1, 2, 3, 4].map((i) => Number(m[i]));
      expect(x0).toBeGreaterThanOrEqual(63 + 9 - 0.5);
      expect(x1).toBeLessThanOrEqual(63 + 324 - 9);
      expect(y0).toBeGreaterThanOrEqual(792 - 564 - 81 + 9 - 3); // glyph boxes include ascent
      expect(y1).toBeLessThanOrEqual(792 - 564 - 9 + 3);
    }
    // Every page that prints is previewed (issue 16 §9), not only page 1.
    expect(proof.previewPages).toHaveLength(proof.pages);
    for (const png of proof.previewPages) expect(png.startsWith('iVBOR')).toBe(true);

    // Staff may not sign off for the candidate; a wrong proof hash is refused; the candidate's sign-off works.
    await expect(v.staff.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'requests.proofChanged' });
    const signed = await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: proof.sha256 });
    expect(signed.status).toBe('signedOff');
    await expect(v.candA.client.call('requests.authorise', { requestId: req.id })).rejects.toMatchObject({ code: 'auth.forbidden' });
    const auth = await v.chair.client.call('requests.authorise', { requestId: req.id });
    expect(auth.status).toBe('authorised');
    // Billing's gate: nothing counts as paid yet, so release names the shortfall.
    await expect(v.chair.client.call('requests.release', { requestId: req.id })).rejects.toMatchObject({
      code: 'requests.unpaid', details: { shortfallCents: req.quote!.totalCents },
    });
    const audit = await v.chair.client.call('audit.list', { limit: 200 });
    const actions = audit.entries.map((e) => e.action);
    for (const a of ['requests.receive', 'requests.quote', 'requests.signOff', 'requests.authorise', 'rateCard.publish', 'candidates.register']) {
      expect(actions).toContain(a);
    }
    expect((await v.chair.client.call('audit.verify', {})).ok).toBe(true);
  });

  it('keeps the order received and lists it that way; active content is removed before storing', async () => {
    const v = await electionVault();
    const t = Date.parse('2026-05-20T15:00:00Z');
    v.setNow(new Date(t));
    const first = await submit(v.candB.client, v.candB.backend, v.b.id, await javascriptPdf());
    v.setNow(new Date(t + 60_000));
    const second = await submit(v.staff.client, v.staff.backend, v.a.id, await cleanLetterPdf());
    expect(first.literature.removed.length).toBeGreaterThan(0);
    const stored = v.chair.backend.vault!.db.prepare('SELECT bytes FROM literature WHERE id=(SELECT literature_id FROM requests WHERE id=?)').get(first.id) as { bytes: Buffer };
    expect(stored.bytes.toString('latin1')).not.toMatch(/\/JavaScript|\/JS\b|\/OpenAction/);
    const list = await v.staff.client.call('requests.list', {});
    expect(list.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(list.map((r) => r.queuePosition)).toEqual([1, 2]);
  });

  it('merge helpers read the request and the print settings', async () => {
    const { requestForProduction, electionPrintSettings } = await import('../../../electron/elections/production.ts');
    const v = await electionVault();
    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const p = requestForProduction(v.chair.backend.vault!.db, req.id);
    expect(p.literature.pages).toBe(2);
    expect(p.audience).toEqual({ kind: 'allGoodStanding' });
    expect(electionPrintSettings(v.chair.backend.vault!.db, v.election.id)).toMatchObject({ windowXPt: 63, windowYPt: 564, windowWPt: 324, windowHPt: 81, batchSize: 5000 });
  });
});
