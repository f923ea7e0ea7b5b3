import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/core/backend.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { setUpVault, tempDir } from '../../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest, release, setStatus, producedJob, secondMember } from './fixtures.ts';

let chair: LitDeskApi; let backend: Backend;
beforeAll(async () => { ({ client: chair, backend } = await setUpVault()); });
afterAll(() => backend.lock('test'));

const out = tempDir('litdesk-billing-pdf-');
async function pdfText(documentId: number): Promise<{ text: string; info: string; bytes: Buffer }> {
  const { fileName, base64 } = await chair.call('billing.documentPdf', { documentId });
  const file = path.join(out, fileName);
  const bytes = Buffer.from(base64, 'base64');
  fs.writeFileSync(file, bytes);
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'), info: execFileSync('pdfinfo', [file]).toString('utf8'), bytes };
}

describe('billing documents as PDF', () => {
  it('print names exactly, the rate-card version, every quantity × rate, the union and the election; the same bytes every time', async () => {
    const db = backend.vault!.db;
    const e = addElection(db, 'Elección de oficiales 2026');
    const second = secondMember(db);
    const names = ['José Muñoz Peña', 'Nguyễn Thị Hương'];
    for (const name of names) {
      const c = addCandidate(db, e, name);
      const r = addQuotedRequest(db, e, c, 2500);
      const q = await chair.call('billing.issueQuoteInvoice', { requestId: r.id });
      const quote = await pdfText(q.documentId);
      expect(quote.text).toContain(name);
      expect(quote.text).toContain('Local 42');
      expect(quote.text).toContain('Elección de oficiales 2026');
      expect(quote.text).toContain('Rate card version: 1');
      expect(quote.text).toMatch(/2,500 × \$0\.05 \/ piece\s+\$125\.00/); // envelopes
      expect(quote.text).toMatch(/5,000 × \$0\.06 \/ side\s+\$300\.00/); // printing, 2 sides per piece
      expect(quote.info).toMatch(/Pages:\s+1/);
      expect(quote.info).toMatch(/Title:\s+Invoice for prepayment \(quote\) Q-00000\d/);
      const rec = await chair.call('billing.recordPayment', { candidateId: c, amountCents: r.quoteCents, receivedOn: '2026-03-02', method: { type: 'cashiersCheck', reference: 'CC-88' }, payer: { type: 'candidate', name, accountHolder: name } });
      const receipt = await pdfText(rec.documentId);
      expect(receipt.text).toContain(`Paid by: ${name} (the candidate)`);
      expect(receipt.text).toContain("Cashier's check CC-88");
      release(db, r.id, second); producedJob(db, r.id, 2498); setStatus(db, r.id, 'mailed');
      const fin = await chair.call('billing.reconcile', { requestId: r.id, actualPostageCents: 185_034 });
      const final = await pdfText(fin.documentId);
      expect(final.text).toContain(name);
      expect(final.text).toMatch(/2,498 × \$0\.04 \/ sheet\s+\$99\.92/);
      expect(final.text).toMatch(/Postage, actual \(mail house statement\)\s+1 × \$1,850\.34 \/ job\s+\$1,850\.34/);
      expect(final.text).toContain(`Total`);
      // Immutable: the same document gives the same bytes.
      expect((await pdfText(fin.documentId)).bytes.equals(final.bytes)).toBe(true);
    }
    execFileSync('qpdf', ['--check', path.join(out, 'F-000001.pdf')]);
  });
});
