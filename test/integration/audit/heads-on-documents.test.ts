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
    const rec = await chair.call('billing.recordPayment', { candidateId: c, amountCents: r.quoteCents, receivedOn: '2026-03-02', method: { type: 'check', reference: '1001' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương' } });
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
});
