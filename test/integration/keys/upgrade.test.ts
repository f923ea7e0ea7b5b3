import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSlotV1, readSlotFile, type KeySlotFileV1, type KeySlotFileV2 } from '../../../electron/vault/keyslots.ts';
import { vaultFiles } from '../../../electron/vault/vault.ts';
import { makeBackend, signInOn, tempDir } from '../../support/backend.ts';
import { readIndependently } from './helpers.ts';

// Issue 12 §4 on the first release's own vault (test/fixtures/vaults/r2-first-release, written by commit 6fadbd6):
// the first committee unlock upgrades the key file; candidates' and auditors' keys are gone, their accounts stay and
// wait for a one-time passphrase from the chair; once every committee member has their key pair, the vault re-keys,
// so the old key file a candidate may have copied opens nothing.
const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/vaults/r2-first-release');
type Fixture = { madeOn: string; logins: { login: string; passphrase: string; role: string }[] };

function copyFixture(): { dir: string; meta: Fixture; pass: (login: string) => string } {
  const dir = path.join(tempDir('litdesk-keys-upgrade-'), 'vault');
  fs.mkdirSync(dir, { mode: 0o700 });
  for (const f of fs.readdirSync(FIXTURE)) if (f !== 'fixture.json') fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  const meta = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fixture.json'), 'utf8')) as Fixture;
  return { dir, meta, pass: (login) => meta.logins.find((l) => l.login === login)!.passphrase };
}

describe('a first-release vault upgrades on the first committee unlock', () => {
  it('drops candidate and auditor keys, keeps their accounts, and re-keys once every committee member has a key pair', async () => {
    const { dir, meta, pass } = copyFixture();
    const clock = () => new Date(`${meta.madeOn}T18:00:00Z`);
    // The hole the issue describes: in the first release a candidate's own slot opens the whole vault.
    const v1 = readSlotFile(vaultFiles(dir).slots) as KeySlotFileV1;
    expect(v1.version).toBe(1);
    const oldSlots = fs.readFileSync(vaultFiles(dir).slots);
    const huongSlot = v1.slots.find((s) => s.login === 'huong')!;
    const oldKey = (await openSlotV1(v1.vaultId, huongSlot, pass('huong')))!;
    expect((await readIndependently(vaultFiles(dir).db, oldKey)).rows).toContainEqual({ login: 'huong' });
    // Before the upgrade a candidate still cannot unlock with today's code.
    await expect(makeBackend({ vaultDir: dir, clock }).client.call('session.login', { login: 'huong', passphrase: pass('huong') }))
      .rejects.toMatchObject({ code: 'auth.badCredentials' });
    expect(readSlotFile(vaultFiles(dir).slots).version).toBe(1);

    // The chair's first unlock upgrades the file in one rename.
    const chair = makeBackend({ vaultDir: dir, clock });
    await chair.client.call('session.login', { login: 'chair', passphrase: pass('chair') });
    const v2 = readSlotFile(vaultFiles(dir).slots) as KeySlotFileV2;
    expect(v2).toMatchObject({ version: 2, vaultId: v1.vaultId });
    expect(v2.slots.map((s) => s.login)).toEqual(['chair']);
    expect(v2.legacy.map((s) => s.login)).toEqual(['sam']);
    const status = await chair.client.call('vault.keyStatus', {});
    expect(status).toMatchObject({ members: ['chair'], legacyMembers: ['sam'], rekeyDue: true });
    expect(status.needPassphrase.sort()).toEqual(['ada', 'huong', 'jose']);
    const users = await chair.client.call('users.list', {});
    expect(users.map((u) => u.login)).toEqual(expect.arrayContaining(['huong', 'jose', 'ada']));
    const trail = await chair.client.call('audit.list', { limit: 5 });
    expect(trail.entries.map((e) => e.action)).toContain('vault.upgraded');

    // A candidate has no way in until the chair gives them a one-time passphrase.
    const ws = makeBackend({ vaultDir: dir, clock });
    chair.backend.lock('user');
    await ws.client.call('session.login', { login: 'chair', passphrase: pass('chair') });
    await ws.client.call('session.handOver', {});
    await expect(ws.client.call('session.signIn', { login: 'huong', passphrase: pass('huong') })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    ws.backend.lock('user');

    // Sam's first unlock converts his format-1 slot; no format-1 slot is left, so the vault re-keys.
    const sam = makeBackend({ vaultDir: dir, clock });
    await sam.client.call('session.login', { login: 'sam', passphrase: pass('sam') });
    const after = readSlotFile(vaultFiles(dir).slots) as KeySlotFileV2;
    expect(after.slots.map((s) => s.login).sort()).toEqual(['chair', 'sam']);
    expect(after).toMatchObject({ legacy: [], generation: v2.generation + 1 });
    expect(after.rekeyWhenConverted).toBeUndefined();
    sam.backend.lock('user');
    // The copy of the old key file and the candidate's passphrase: the key they give opens nothing now.
    expect((await readIndependently(vaultFiles(dir).db, oldKey)).error).toMatch(/not a database|encrypted/i);
    const usb = path.join(tempDir('litdesk-usb-old-slots-'), 'keyslots.json');
    fs.writeFileSync(usb, oldSlots);
    const again = (await openSlotV1(v1.vaultId, (readSlotFile(usb) as KeySlotFileV1).slots.find((s) => s.login === 'huong')!, pass('huong')))!;
    expect((await readIndependently(vaultFiles(dir).db, again)).error).toMatch(/not a database|encrypted/i);

    // The chair gives Hương a one-time passphrase; she signs in on a handed-over workstation.
    const c2 = makeBackend({ vaultDir: dir, clock });
    await c2.client.call('session.login', { login: 'chair', passphrase: pass('chair') });
    const huong = (await c2.client.call('users.list', {})).find((u) => u.login === 'huong')!;
    await c2.client.call('users.resetPassphrase', { userId: huong.id, oneTimePassphrase: 'huong gets a fresh one-time phrase 3318' });
    expect((await c2.client.call('vault.keyStatus', {})).needPassphrase.sort()).toEqual(['ada', 'jose']);
    c2.backend.lock('user');
    const desk = makeBackend({ vaultDir: dir, clock });
    const signed = await signInOn(desk.backend, { login: 'huong', passphrase: 'huong gets a fresh one-time phrase 3318' }, { login: 'chair', passphrase: pass('chair') });
    expect(signed.ok).toBe(true);
    expect(desk.backend.user).toMatchObject({ login: 'huong', role: 'candidate' });
    desk.backend.lock('user');
  }, 120_000);
});
