// Child process for test/integration/billing/kill.test.ts: signs in to the vault named on the command line and
// records payments, reconciliations and corrections in a loop until it is killed (SIGKILL, at a random moment).
import { Backend } from '../../electron/core/backend.ts';
import { invokeBackend } from '../../electron/core/bridge.ts';
import { createClient, unwrapClient } from '../../shared/api/client.ts';

const [vaultDir, login, passphrase] = process.argv.slice(2);
const backend = new Backend({ vaultDir: vaultDir! });
const client = unwrapClient(createClient((channel, payload) => invokeBackend(backend, channel, payload, async () => null)));
await client.call('session.login', { login: login!, passphrase: passphrase! });
const db = backend.vault!.db;
const candidates = db.prepare('SELECT id FROM candidates ORDER BY id').pluck().all() as number[];
process.stdout.write('ready\n');
// Warmed up (modules loaded, signed in): wait for the parent's go, so the next trial's start-up overlaps this one.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
for (let i = 0; ; i++) {
  const c = candidates[i % candidates.length]!;
  await client.call('billing.recordPayment', { candidateId: c, amountCents: 100 + (i % 977), receivedOn: '2026-04-01',
    method: { type: 'check', reference: `K${process.pid}-${i}` }, payer: { type: 'candidate', name: 'Kill Test Payer', accountHolder: 'Kill Test Payer' } });
  const open = db.prepare(`SELECT r.id FROM requests r WHERE r.status = 'mailed' AND NOT EXISTS (SELECT 1 FROM billing_documents d
    WHERE d.request_id = r.id AND d.kind = 'finalInvoice') LIMIT 1`).pluck().get() as number | undefined;
  if (open !== undefined && i % 2 === 0) {
    // Pieces and sheets come from the production job (95 members); postage from the statement, at least 95 × 73¢.
    await client.call('billing.reconcile', { requestId: open, actualPostageCents: 95 * 73 + i });
  } else {
    const fin = db.prepare(`SELECT d.id FROM billing_documents d WHERE d.kind = 'finalInvoice'
      AND NOT EXISTS (SELECT 1 FROM billing_documents c WHERE c.ref_document_id = d.id) ORDER BY d.id DESC LIMIT 1`).pluck().get() as number | undefined;
    if (fin !== undefined) {
      await client.call('billing.creditNote', { documentId: fin, reason: 'statement corrected', corrected: { actualPostageCents: 95 * 73 + 1000 + i } });
    }
  }
}
