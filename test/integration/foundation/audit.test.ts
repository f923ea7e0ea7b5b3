import { describe, expect, it } from 'vitest';
import { setUpVault } from '../../support/backend.ts';
import { allAuditEntries, verifyAudit, verifyChain } from '../../../electron/audit/log.ts';
import type { DB } from '../../../electron/vault/database.ts';

async function vaultWithEntries() {
  const made = await setUpVault();
  for (let i = 0; i < 8; i++) await made.client.call('settings.update', { idleMinutes: 10 + i });
  const db = made.backend.vault!.db;
  // The append-only triggers stop every code path; an attacker with the key and raw SQL drops them first.
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return { ...made, db };
}

const count = (db: DB) => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('audit trail', () => {
  it('is append-only for every code path', async () => {
    const { backend } = await setUpVault();
    const db = backend.vault!.db;
    expect(() => db.prepare("UPDATE audit_log SET action='x' WHERE seq=1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq=1').run()).toThrow(/append-only/);
  });

  it('verifies an untouched chain and records the verification itself', async () => {
    const { client, db } = await vaultWithEntries();
    const before = count(db);
    const verdict = await client.call('audit.verify', {});
    expect(verdict).toMatchObject({ ok: true, entries: before, firstBroken: null });
    expect(count(db)).toBe(before + 1);
    expect(verifyAudit(db).ok).toBe(true);
  });

  it('locates an edited entry', async () => {
    const { client, db } = await vaultWithEntries();
    db.prepare(`UPDATE audit_log SET details='{"idleMinutes":99}' WHERE seq=5`).run();
    expect(await client.call('audit.verify', {})).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: 'hash' } });
  });

  it('locates an edited entry whose hash was recomputed (the next link breaks)', async () => {
    const { db } = await vaultWithEntries();
    const entries = [...allAuditEntries(db)];
    const forged = { ...entries[3]!, action: 'forged' };
    const { entryHash } = await import('../../../electron/audit/log.ts');
    const { hash: _h, ...rest } = forged;
    db.prepare('UPDATE audit_log SET action=?, hash=? WHERE seq=?').run('forged', entryHash(rest), forged.seq);
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: 'link' } });
  });

  it('locates a deleted entry', async () => {
    const { db } = await vaultWithEntries();
    db.prepare('DELETE FROM audit_log WHERE seq=4').run();
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'gap' } });
  });

  it('locates reordered entries', async () => {
    const { db } = await vaultWithEntries();
    const entries = [...allAuditEntries(db)];
    const swapped = [...entries];
    [swapped[5], swapped[6]] = [swapped[6]!, swapped[5]!];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, firstBroken: { seq: 7, reason: 'order' } });
    // Swapping two entries' contents in place (keeping seq numbers) breaks the hash at the first one.
    const a = entries[5]!;
    const b = entries[6]!;
    const upd = db.prepare('UPDATE audit_log SET at=?, actor_id=?, actor=?, action=?, target=?, details=?, prev_hash=?, hash=? WHERE seq=?');
    upd.run(b.at, b.actorId, b.actor, b.action, b.target, JSON.stringify(b.details), b.prevHash, b.hash, a.seq);
    upd.run(a.at, a.actorId, a.actor, a.action, a.target, JSON.stringify(a.details), a.prevHash, a.hash, b.seq);
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBroken: { seq: a.seq } });
  });

  it('writes the audit entry in the same transaction as the change: a failed change leaves neither', async () => {
    const { client, backend } = await setUpVault();
    const db = backend.vault!.db;
    const before = count(db);
    await expect(client.call('users.add', { login: 'x1', displayName: 'X', role: 'candidate', candidateId: 999, oneTimePassphrase: 'long enough unique phrase 8812' }))
      .rejects.toMatchObject({ code: 'users.noSuchCandidate' });
    expect(count(db)).toBe(before);
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE login='x1'").get()).toEqual({ n: 0 });
  });

  it('refuses unknown commands and invalid payloads, audits them, and changes nothing else', async () => {
    const { backend } = await setUpVault();
    const db = backend.vault!.db;
    const users = db.prepare('SELECT * FROM users').all();
    expect(await backend.dispatch('members.exportAll', {})).toMatchObject({ ok: false, error: { code: 'api.unknownCommand' } });
    expect(await backend.dispatch('users.add', { login: 'a', role: 'root', __proto__: { admin: true } })).toMatchObject({ ok: false, error: { code: 'api.invalidInput' } });
    expect(await backend.dispatch('settings.update', { idleMinutes: 10, extra: 1 })).toMatchObject({ ok: false, error: { code: 'api.invalidInput' } });
    expect(db.prepare('SELECT * FROM users').all()).toEqual(users);
    const refused = db.prepare("SELECT details FROM audit_log WHERE action='api.refused'").all() as { details: string }[];
    expect(refused.map((r) => JSON.parse(r.details).reason)).toEqual(['unknownCommand', 'invalidInput', 'invalidInput']);
  });
});
