import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import { headCorner } from '../../../electron/billing/pdf.ts';
import { chainHeadSide } from '../../../electron/pdf/chain-head.ts';
import { reportHeadCorner } from '../../../electron/reports/pdf.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { setUpVault, tempDir } from '../../support/backend.ts';
import { qrMatches } from '../../support/qr.ts';
import { addCandidate, addElection, addQuotedRequest } from '../billing/fixtures.ts';
import { cleanLetterPdf } from '../../../electron/requests/literature/hostile-fixtures.ts';
import { electionVault, submit } from '../elections/helpers.ts';

// A document carries the audit chain head out of the vault: the short form as text, the full hash in a QR code
// drawn as vector squares. Read back the way a person would: pdftotext for the text, the rendered page for the code.
let chair: LitDeskApi; let backend: Backend;
beforeAll(async () => { ({ client: chair, backend } = await setUpVault({ kdf: { N: 2 ** 14, r: 8, p: 1 } })); });
afterAll(() => backend.lock('test'));
const out = tempDir('litdesk-heads-');

describe('chain head on issued documents', () => {
  it('a receipt prints the head it was issued at, and its QR code holds the full hash', async () => {
    const db = backend.vault!.db;
    const e = addElection(db, 'Officer election 2026');
    const c = addCandidate(db, e, 'Nguyễn Thị Hương');
    const r = addQuotedRequest(db, e, c, 1200);
    const before = (await chair.call('audit.list', { limit: 1 })).entries[0]!;
    const rec = await chair.call('billing.recordPayment', { candidateId: c, amountCents: r.quoteCents, receivedOn: '2026-03-02', method: { type: 'check', reference: '1001' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
    const { base64, fileName } = await chair.call('billing.documentPdf', { documentId: rec.documentId });
    const file = path.join(out, fileName);
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    expect(text).toContain(`Audit chain head #${before.seq} ${before.hash.slice(0, 16)}`);
    const head = { seq: before.seq, hash: before.hash };
    const qr = qrMatches(file, 792, headCorner(chainHeadSide(head)), head);
    expect(qr.matching).toBe(qr.modules);
    // The same reading against another head fails: the code really encodes this hash.
    const other = { seq: before.seq, hash: `${before.hash.slice(0, 63)}${before.hash.endsWith('0') ? '1' : '0'}` };
    const wrong = qrMatches(file, 792, headCorner(chainHeadSide(head)), other);
    expect(wrong.matching).toBeLessThan(wrong.modules - 20);
  });

  it('a report prints the head it was built from, text and QR code', async () => {
    const f = await chair.call('reports.export', { report: 'spend', electionId: 1, format: 'pdf' });
    const file = path.join(out, f.fileName);
    fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    expect(text).toContain(`Audit chain head #${f.chainHead.seq} ${f.chainHead.hash.slice(0, 16)}`);
    const qr = qrMatches(file, 612, reportHeadCorner(chainHeadSide(f.chainHead)), f.chainHead);
    expect(qr.matching).toBe(qr.modules);
  });

  it('a notice and a proof print the head recorded when they were issued; the proof stays the same bytes as the trail grows', async () => {
    const v = await electionVault();
    const db = v.chair.backend.vault!.db;
    const anchor = (kind: string, document: string) => db.prepare('SELECT seq, hash FROM audit_anchors WHERE kind = ? AND document = ?').get(kind, document) as { seq: number; hash: string };
    const notices = await v.candA.client.call('notices.list', {});
    const n = notices.find((x) => x.kind === 'rateCard')!;
    const pdf = await v.candA.client.call('notices.pdf', { noticeId: n.id });
    const nf = path.join(out, `notice-${n.id}.pdf`);
    fs.writeFileSync(nf, Buffer.from(pdf.base64, 'base64'));
    const head = anchor('notice', `notice ${n.id}`);
    expect(execFileSync('pdftotext', ['-layout', nf, '-']).toString('utf8')).toContain(`Audit chain head #${head.seq} ${head.hash.slice(0, 16)}`);

    const req = await submit(v.candA.client, v.candA.backend, v.a.id, await cleanLetterPdf());
    const p1 = await v.candA.client.call('requests.proof', { requestId: req.id });
    const pf = path.join(out, `proof-${req.id}.pdf`);
    fs.writeFileSync(pf, Buffer.from(p1.base64, 'base64'));
    const ph = anchor('proof', `request ${req.id}`);
    const info = execFileSync('pdfinfo', [pf]).toString('utf8');
    const total = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(total).toBe(p1.pages + 1); // the record sheet follows the pages that print
    const last = execFileSync('pdftotext', ['-f', String(total), '-l', String(total), pf, '-']).toString('utf8');
    expect(last).toContain(`Proof for request #${req.id}`);
    expect(last).toContain(`Audit chain head #${ph.seq} ${ph.hash.slice(0, 16)}`);
    await v.candA.client.call('notices.markRead', { noticeId: n.id }); // the trail moves on
    const p2 = await v.candA.client.call('requests.proof', { requestId: req.id });
    expect(p2.sha256).toBe(p1.sha256);
    await v.candA.client.call('requests.signOff', { requestId: req.id, proofSha256: p2.sha256 });
  });
});
