import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS } from '../../../electron/audit/log.ts';
import { openEncrypted, type DB } from '../../../electron/vault/database.ts';
import { readSlotFile, unseal, unwrapMemberKey, type KeySlotFileV2 } from '../../../electron/vault/keyslots.ts';
import { vaultFiles } from '../../../electron/vault/vault.ts';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { addUserAndLogin, CHAIR, makeBackend, setUpVault, tempDir, signInOn } from '../../support/backend.ts';
import { addCandidate, addElection, addQuotedRequest } from '../billing/fixtures.ts';

// Issue 14 §1, as the insider would do it: a committee member who holds the vault key opens the real vault file
// directly (not through LitDesk), drops the append-only triggers, deletes an entry and re-hashes every entry after
// it, so the chain is valid on its own. What catches them are heads that left the vault earlier: the ones recorded
// for issued documents, the auditor's witness file on their own media, and the paper itself.

const SCRIPT = new URL('../../../scripts/verify-audit-export.mjs', import.meta.url).pathname;
const verifyScript = (...args: string[]) => {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
};
const FAST = { N: 2 ** 12, r: 8, p: 1 };
const out = tempDir('litdesk-insider-');
const stick = tempDir('litdesk-auditor-stick-'); // the auditor's USB stick

type World = { dir: string; chair: LitDeskApi; auditor: LitDeskApi; auditorPass: string; close: () => void };

/** An election with two candidates' payments (so there is something to hide), and the auditor's first witness check. */
async function world(): Promise<World & { receiptHead: string; receiptFile: string; hiddenSeq: number }> {
  const made = await setUpVault({ kdf: FAST });
  const auditor = await addUserAndLogin(made.client, made.dir, { login: 'audra', role: 'auditor' });
  const db = made.backend.vault!.db;
  const e = addElection(db, 'Officer election 2026');
  const a = addCandidate(db, e, 'Nguyễn Thị Hương');
  const b = addCandidate(db, e, 'José Muñoz Peña');
  const ra = addQuotedRequest(db, e, a, 1000);
  const rb = addQuotedRequest(db, e, b, 1000);
  // The payment the insider will want gone (say it came from a union account and was waved through).
  await made.client.call('billing.recordPayment', { candidateId: b, amountCents: rb.quoteCents, receivedOn: '2026-03-01', method: { type: 'check', reference: '77' }, payer: { type: 'campaignCommittee', name: 'Friends of José', accountHolder: 'Friends of José' } });
  const hiddenSeq = (await made.client.call('audit.list', { action: 'billing.payment', limit: 1 })).entries[0]!.seq;
  // Later, Hương pays and keeps her receipt: its head is after the payment the insider will remove.
  const rec = await made.client.call('billing.recordPayment', { candidateId: a, amountCents: ra.quoteCents, receivedOn: '2026-03-02', method: { type: 'check', reference: '1001' }, payer: { type: 'candidate', name: 'Nguyễn Thị Hương', accountHolder: 'Nguyễn Thị Hương' } });
  const pdf = await made.client.call('billing.documentPdf', { documentId: rec.documentId });
  const receiptFile = path.join(out, `${made.dir.split(path.sep).at(-2)}-${pdf.fileName}`);
  fs.writeFileSync(receiptFile, Buffer.from(pdf.base64, 'base64'));
  const printed = /Audit chain head #(\d+) ([0-9a-f]{16})/.exec(execFileSync('pdftotext', [receiptFile, '-']).toString('utf8'))!;
  expect(Number(printed[1])).toBeGreaterThanOrEqual(hiddenSeq); // the receipt's head covers the payment to hide
  for (let i = 0; i < 3; i++) await made.client.call('settings.update', { idleMinutes: 10 + i });
  return {
    dir: made.dir, chair: made.client, auditor: auditor.client, auditorPass: auditor.passphrase,
    receiptHead: `${printed[1]}:${printed[2]}`, receiptFile, hiddenSeq,
    close: () => { made.backend.lock('test'); auditor.backend.lock('test'); },
  };
}

/** The insider's own connection to the vault file, with the key their passphrase unwraps. */
async function insiderOpens(dir: string): Promise<DB> {
  const slots = readSlotFile(vaultFiles(dir).slots) as KeySlotFileV2;
  const slot = slots.slots.find((s) => s.login === CHAIR.login)!;
  const key = unseal(slots.vaultId, slots.generation, slot, (await unwrapMemberKey(slots.vaultId, slot, CHAIR.passphrase))!);
  return openEncrypted(vaultFiles(dir).db, key!);
}

function dropTriggers(db: DB, tables: string[]): void {
  for (const t of db.prepare(`SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name IN (${tables.map(() => '?').join(',')})`).all(...tables) as Array<{ name: string }>) {
    db.exec(`DROP TRIGGER "${t.name}"`);
  }
}

type Row = { seq: number; at: string; actor_id: number | null; actor: string; action: string; target: string | null; details: string };

/** Deletes entry `seq` and rebuilds a fully consistent chain after it. Returns old seq -> new hash. */
function deleteAndRehash(db: DB, seq: number): Map<number, { seq: number; hash: string }> {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
  db.exec('DELETE FROM audit_log');
  const moved = new Map<number, { seq: number; hash: string }>();
  let prev = GENESIS;
  let n = 0;
  const insert = db.prepare('INSERT INTO audit_log (seq, at, actor_id, actor, action, target, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)');
  for (const r of rows) {
    if (r.seq === seq) continue;
    n++;
    const base = { seq: n, at: r.at, actorId: r.actor_id, actor: r.actor, action: r.action, target: r.target, details: JSON.parse(r.details) as unknown, prevHash: prev };
    const hash = entryHash(base);
    insert.run(n, r.at, r.actor_id, r.actor, r.action, r.target, r.details, prev, hash);
    moved.set(r.seq, { seq: n, hash });
    prev = hash;
  }
  return moved;
}

async function signIn(dir: string, login: string, passphrase: string) {
  const b = makeBackend({ vaultDir: dir });
  const r = await signInOn(b.backend, { login, passphrase });
  if (!r.ok) throw new Error(`could not sign ${login} in: ${r.error.code}`);
  return b;
}

async function exportTrail(client: LitDeskApi, name: string): Promise<string> {
  const f = await client.call('reports.export', { report: 'audit', format: 'jsonl' });
  const file = path.join(out, `${Date.now()}-${name}.jsonl`);
  fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
  return file;
}

const opened: Array<() => void> = [];
afterAll(() => { for (const c of opened) c(); });

describe('an insider with the key rewrites the audit trail', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => { w = await world(); opened.push(w.close); }, 60_000);

  it('is caught by the heads recorded for issued documents when only the chain is rewritten', async () => {
    const before = await w.auditor.call('audit.verify', {});
    expect(before).toMatchObject({ ok: true, firstBroken: null });
    expect(before.anchors).toBeGreaterThanOrEqual(2);
    const older = await exportTrail(w.auditor, 'before');
    w.close();

    const db = await insiderOpens(w.dir);
    dropTriggers(db, ['audit_log']);
    db.transaction(() => deleteAndRehash(db, w.hiddenSeq))();
    db.close();

    const auditor = await signIn(w.dir, 'audra', w.auditorPass);
    opened.push(() => auditor.backend.lock('test'));
    const v = await auditor.client.call('audit.verify', {});
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ reason: 'rewritten', source: 'issued', document: expect.stringMatching(/^(receipt R-|quoteInvoice|report|auditExport)/) });
    // Outside LitDesk: the receipt Hương holds, and the auditor's earlier export, both name the rewrite.
    const now = await exportTrail(auditor.client, 'after');
    expect(verifyScript(now).code).toBe(0); // the forged chain is valid on its own...
    expect(verifyScript('--expect-head', w.receiptHead, now)).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: /) });
    expect(verifyScript(older, now)).toMatchObject({ code: 1, out: expect.stringMatching(new RegExp(`^REWRITTEN: OLD's entry #${w.hiddenSeq} billing.payment`)) });
  });
});

describe('an insider with the key rewrites the trail and the recorded heads too', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => { w = await world(); opened.push(w.close); }, 60_000);

  it('is caught by the auditor\'s witness file and by the paper already issued', async () => {
    // The auditor keeps a witness on their stick: checked, then extended with the issued heads and the head now.
    const first = await w.auditor.call('audit.verify', { witnessFolder: stick }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'path.notGranted' }); // only a folder picked in the dialog
    const picked = makeBackend({ vaultDir: w.dir, shell: async () => stick });
    opened.push(() => picked.backend.lock('test'));
    await signInOn(picked.backend, { login: 'audra', passphrase: w.auditorPass }); // on a handed-over workstation
    const folder = await picked.client.shell({ op: 'pickFolder', purpose: 'witness' });
    picked.backend.grants.grantFolder(folder!, 'witness'); // what the shell does when the auditor picks the folder
    const checked = await picked.client.call('audit.verify', { witnessFolder: folder! });
    expect(checked).toMatchObject({ ok: true, witness: { heads: 0 } });
    expect(checked.witness!.appended).toBeGreaterThanOrEqual(3);
    const witnessPath = checked.witness!.file;
    const witnessText = fs.readFileSync(witnessPath, 'utf8');
    // Heads only: no names, no amounts, no member data.
    for (const s of ['Nguyễn', 'Hương', 'José', 'Friends', 'Local 42']) expect(witnessText).not.toContain(s);
    expect(witnessText.trim().split('\n').every((l) => Object.keys(JSON.parse(l) as object).sort().join() === 'at,hash,seq,source')).toBe(true);
    picked.backend.lock('test');
    w.close();

    // The thorough insider: the chain and every recorded head made to agree.
    const db = await insiderOpens(w.dir);
    dropTriggers(db, ['audit_log', 'audit_anchors']);
    db.transaction(() => {
      const moved = deleteAndRehash(db, w.hiddenSeq);
      for (const a of db.prepare('SELECT id, seq FROM audit_anchors').all() as Array<{ id: number; seq: number }>) {
        // A head at the deleted entry itself becomes the entry before it: every recorded head agrees with the forgery.
        const m = moved.get(a.seq) ?? moved.get(a.seq - 1);
        if (m) db.prepare('UPDATE audit_anchors SET seq = ?, hash = ? WHERE id = ?').run(m.seq, m.hash, a.id);
      }
    })();
    db.close();

    const auditor = await signIn(w.dir, 'audra', w.auditorPass);
    opened.push(() => auditor.backend.lock('test'));
    // Inside the vault alone, everything now agrees: nothing in the file can tell (DESIGN §3: the head is anchored
    // outside the vault, because someone with the key can rewrite everything inside it).
    expect(await auditor.client.call('audit.verify', {})).toMatchObject({ ok: true });
    auditor.backend.grants.grantFolder(stick, 'witness');
    const caught = await auditor.client.call('audit.verify', { witnessFolder: stick });
    expect(caught).toMatchObject({ ok: false, firstBroken: { reason: 'rewritten', source: 'witness' }, witness: { appended: 0 } });
    expect(fs.readFileSync(witnessPath, 'utf8')).toBe(witnessText); // a failing check adds nothing to the witness
    const now = await exportTrail(auditor.client, 'thorough');
    expect(verifyScript('--witness', witnessPath, now)).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: witness line \d+/) });
    expect(verifyScript('--expect-head', w.receiptHead, now)).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: /) });
  });
});

describe('an insider cuts the last entries off the trail', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => { w = await world(); opened.push(w.close); }, 60_000);

  it('is caught as truncated by the recorded heads and by the witness', async () => {
    const folder = tempDir('litdesk-auditor-stick-');
    const auditor0 = await signIn(w.dir, 'audra', w.auditorPass);
    auditor0.backend.grants.grantFolder(folder, 'witness');
    const checked = await auditor0.client.call('audit.verify', { witnessFolder: folder });
    expect(checked.ok).toBe(true);
    const older = await exportTrail(auditor0.client, 'before-cut');
    auditor0.backend.lock('test');
    w.close();

    const db = await insiderOpens(w.dir);
    dropTriggers(db, ['audit_log', 'audit_anchors']);
    const last = (db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number }).n;
    // Everything from just before the witnessed head on goes; the next sign-in adds three entries (the chair's unlock,
    // the hand-over, the auditor's sign-in: issue 12), still short of it.
    const cutFrom = checked.entries - 3;
    db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(cutFrom);
    db.prepare('DELETE FROM audit_anchors WHERE seq >= ?').run(cutFrom); // and the heads that would show it
    db.close();
    expect(last).toBeGreaterThan(cutFrom);

    const auditor = await signIn(w.dir, 'audra', w.auditorPass);
    opened.push(() => auditor.backend.lock('test'));
    auditor.backend.grants.grantFolder(folder, 'witness');
    const v = await auditor.client.call('audit.verify', { witnessFolder: folder });
    expect(v).toMatchObject({ ok: false, firstBroken: { reason: 'truncated', source: 'witness' } });
    const now = await exportTrail(auditor.client, 'after-cut');
    expect(verifyScript(older, now)).toMatchObject({ code: 1, out: expect.stringMatching(/^REWRITTEN: |^TRUNCATED: /) });
    expect(verifyScript('--witness', checked.witness!.file, now)).toMatchObject({ code: 1, out: expect.stringMatching(/^(TRUNCATED|REWRITTEN): witness line \d+ \(check by audra\)/) }); // new entries since the cut sit where the cut ones were
    // Hương's receipt is older than the cut: it still holds, as it should (it vouches only for what came before it).
    expect(verifyScript('--expect-head', w.receiptHead, now).code).toBe(0);
  });
});
