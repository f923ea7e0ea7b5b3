import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import type { Backend } from '../../../electron/core/backend.ts';
import { addUserAndLogin, setUpVault } from '../../support/backend.ts';
import { csvTrailer, saved, sha256 } from './helpers.ts';

// The documented outside check (docs/audit-verify.md) run exactly as an auditor would: `node script file.jsonl`.
const SCRIPT = new URL('../../../scripts/verify-audit-export.mjs', import.meta.url).pathname;
const verify = (file: string) => {
  const r = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
};

let chair: { client: LitDeskApi; backend: Backend; dir: string };
let auditor: LitDeskApi;
beforeAll(async () => {
  chair = await setUpVault({ kdf: { N: 2 ** 14, r: 8, p: 1 } });
  auditor = (await addUserAndLogin(chair.client, chair.dir, { login: 'audra', role: 'auditor' })).client;
  await chair.client.call('payers.add', { kind: 'commonName', name: 'Local 42, "United" — Đoàn kết', variants: [] });
  await chair.client.call('payers.add', { kind: 'commonName', name: '=cmd|calc Local 42', variants: [] });
}, 30_000);
afterAll(() => chair.backend.lock('test'));

describe('audit export', () => {
  it('exports JSON lines that the documented script verifies, with the head LitDesk reports', async () => {
    const f = await auditor.call('reports.export', { report: 'audit', format: 'jsonl' });
    const { file, bytes } = saved(f);
    expect(sha256(bytes)).toBe(f.sha256);
    const lines = bytes.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(f.chainHead.seq);
    expect(JSON.parse(lines.at(-1)!).hash).toBe(f.chainHead.hash);
    const r = verify(file);
    expect(r).toEqual({ code: 0, out: `OK: ${f.chainHead.seq} entries, chain head ${f.chainHead.hash}` });
    // The export is itself audited, so the next export holds it and still verifies.
    const next = await auditor.call('reports.export', { report: 'audit', format: 'jsonl' });
    const again = saved(next);
    const exportEntry = JSON.parse(again.bytes.toString('utf8').trim().split('\n')[f.auditSeq - 1]!);
    expect(exportEntry).toMatchObject({ seq: f.auditSeq, action: 'reports.export', details: { sha256: f.sha256, format: 'jsonl', verified: true } });
    expect(verify(again.file).code).toBe(0);
  });

  it('names the first broken entry of a tampered file: edited, removed, reordered', async () => {
    const f = saved(await auditor.call('reports.export', { report: 'audit', format: 'jsonl' }));
    const lines = f.bytes.toString('utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(6);
    const write = (ls: string[]) => { const p = `${f.file}.tampered`; fs.writeFileSync(p, `${ls.join('\n')}\n`); return p; };

    const edited = [...lines];
    const e4 = JSON.parse(edited[3]!);
    e4.actor = 'someone else';
    edited[3] = JSON.stringify(e4);
    expect(verify(write(edited))).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at line 4: entry seq 4 was changed/) });

    const removed = lines.filter((_, i) => i !== 2);
    expect(verify(write(removed))).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at line 3: entry seq 4 where seq 3 was due/) });

    const swapped = [...lines];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(verify(write(swapped))).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at line 5: entry seq 6 where seq 5 was due/) });

    // Rewriting details and recomputing that entry's own hash still breaks the link to the next one.
    const rehashed = [...lines];
    const e2 = JSON.parse(rehashed[1]!);
    e2.details = { forged: true };
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../../shared/domain/canonical-json.ts');
    e2.hash = createHash('sha256').update(canonicalJson([e2.seq, e2.at, e2.actorId, e2.actor, e2.action, e2.target, e2.details, e2.prevHash])).digest('hex');
    rehashed[1] = JSON.stringify(e2);
    expect(verify(write(rehashed))).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at line 3: entry seq 3: prevHash/) });
  });

  it('a trail tampered inside the vault exports as it is, and both checks name the same entry', async () => {
    const db = chair.backend.vault!.db;
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'").all() as Array<{ name: string }>;
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    db.prepare("UPDATE audit_log SET details = '{\"unionName\":\"Local 99\"}' WHERE seq = 2").run();
    const f = await auditor.call('reports.export', { report: 'audit', format: 'jsonl' });
    const inside = await auditor.call('audit.verify', {});
    expect(inside.firstBroken?.seq).toBe(2);
    const r = verify(saved(f).file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^BROKEN at line 2: entry seq 2 /);
    const entry = (await auditor.call('audit.list', { action: 'reports.export', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ verified: false, firstBroken: { seq: 2, reason: 'hash' } });
  });

  it('exports a CSV with every entry and its hash, spreadsheet-safe, with a self-checking trailer', async () => {
    const f = await auditor.call('reports.export', { report: 'audit', format: 'csv' });
    const { bytes } = saved(f);
    const t = csvTrailer(bytes);
    expect(t.stated).toBe(t.actual);
    const lines = t.body.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,actor,action,target,details,prevHash,hash');
    expect(lines.filter((l) => /^\d+,/.test(l))).toHaveLength(f.chainHead.seq);
    expect(t.body).toContain(f.chainHead.hash);
  });

  it('is for the chair and the auditor only', async () => {
    const staff = await addUserAndLogin(chair.client, chair.dir, { login: 'sam', role: 'staff' });
    await expect(staff.client.call('reports.export', { report: 'audit', format: 'jsonl' })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(staff.client.call('reports.spend', { electionId: 1 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    staff.backend.lock('test');
  });
});
