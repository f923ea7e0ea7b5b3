import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncrypted } from '../../../electron/vault/database.ts';
import { rekeySettled } from '../../../electron/reports/retention.ts';
import { verifyAudit } from '../../../electron/audit/log.ts';
import { CHAIR, makeBackend } from '../../support/backend.ts';
import { decryptedPages, rawFiles } from './sqlcipher-pages.ts';
import { CANARY_TOKENS, LIT_MARKER, reportWorld, seedCanary } from './world.ts';

/** The canary's name as the search index holds it (folded, lower-case words). */
const SEARCH_WORDS = ['quillfeather', 'zebulon'];

type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
let dbFile: string;
beforeAll(async () => {
  w = await reportWorld({ extraMembers: seedCanary });
  dbFile = path.join(w.chair.backend.vault!.dir, 'vault.db');
}, 60_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

const found = (hay: Buffer, needles: string[]) => needles.filter((n) => hay.includes(Buffer.from(n, 'utf8')));

describe('records retention (29 CFR 452.106)', () => {
  it('refuses to close before one year after the election date, and for anyone but the chair', async () => {
    const name = w.election.name;
    w.setNow(new Date('2027-06-29T23:00:00Z'));
    const s = await w.auditor.client.call('retention.status', { electionId: w.election.id });
    expect(s).toMatchObject({ electionDate: '2026-06-30', keepUntil: '2027-06-30', canClose: false, closed: null, rekey: 'none' });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: name }))
      .rejects.toMatchObject({ code: 'retention.tooEarly', details: { keepUntil: '2027-06-30' } });
    await expect(w.auditor.client.call('retention.close', { electionId: w.election.id, passphrase: 'x', confirmName: name }))
      .rejects.toMatchObject({ code: 'auth.forbidden' });
    w.setNow(new Date('2027-07-01T10:00:00Z'));
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: 'not the passphrase', confirmName: name }))
      .rejects.toMatchObject({ code: 'auth.badCredentials' });
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: 'Wrong name' }))
      .rejects.toMatchObject({ code: 'retention.confirmName' });
    expect((w.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBeGreaterThan(0);
    expect(w.db.prepare('SELECT count(*) AS n FROM election_closures').get()).toEqual({ n: 0 });
  });

  it('after closing, member names and literature are gone from the file and the WAL; money records and the audit trail stay', async () => {
    const db = w.db;
    const spendBefore = await w.auditor.client.call('reports.spend', { electionId: w.election.id });
    const oldKey = w.chair.backend.vault!.keyHex();
    // Control: the decryption below does find the canary and the literature text while they are in the vault.
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(found(decryptedPages(dbFile, oldKey), [...CANARY_TOKENS, ...SEARCH_WORDS, LIT_MARKER])).toEqual(expect.arrayContaining(['Quillfeather', 'zebulon', LIT_MARKER]));
    w.auditor.backend.lock('other sessions closed before a re-key');

    const res = await w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: w.election.name });
    expect(res).toMatchObject({ literaturePurged: 4, membersPurged: 41, membersKept: false, rekey: 'pending' });
    expect(res.memberRowsPurged).toBeGreaterThan(41);
    await rekeySettled(w.chair.backend);
    const status = await w.chair.client.call('retention.status', { electionId: w.election.id });
    expect(status).toMatchObject({ canClose: false, rekey: 'done', closed: { by: 'chair', membersPurged: true } });

    const newKey = w.chair.backend.vault!.keyHex();
    expect(newKey).not.toBe(oldKey);
    const plain = decryptedPages(dbFile, newKey);
    expect(plain.includes(Buffer.from('CREATE TABLE'))).toBe(true);
    expect(found(plain, [...CANARY_TOKENS, ...SEARCH_WORDS, LIT_MARKER])).toEqual([]);
    expect(found(rawFiles(dbFile), [...CANARY_TOKENS, LIT_MARKER])).toEqual([]);
    expect(() => openEncrypted(dbFile, Buffer.from(oldKey, 'hex'), { readonly: true })).toThrow();

    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM literature WHERE length(bytes) = 0 AND length(sha256) = 64").get()).toEqual({ n: 4 });
    const spendAfter = await w.chair.client.call('reports.spend', { electionId: w.election.id });
    expect(spendAfter.rows).toEqual(spendBefore.rows);
    expect(verifyAudit(db).ok).toBe(true);
    const entry = (await w.chair.client.call('audit.list', { action: 'retention.close', limit: 1 })).entries[0]!;
    expect(entry.details).toMatchObject({ literaturePurged: 4, membersPurged: 41, membersKept: false });
    // The protective triggers are back.
    expect(() => db.prepare("UPDATE literature SET file_name = 'x'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM elections').run()).toThrow(/kept/);
    await expect(w.chair.client.call('retention.close', { electionId: w.election.id, passphrase: CHAIR.passphrase, confirmName: w.election.name }))
      .rejects.toMatchObject({ code: 'retention.alreadyClosed' });

    // The chair opens the re-keyed vault with the same passphrase; other users need a new one-time passphrase.
    w.chair.backend.lock('test');
    const again = makeBackend({ vaultDir: w.chair.backend.vaultDir });
    await again.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
    const other = makeBackend({ vaultDir: w.chair.backend.vaultDir });
    await expect(other.client.call('session.login', { login: 'audra', passphrase: w.auditor.passphrase })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    again.backend.lock('test');
  });
});
