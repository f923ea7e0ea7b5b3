import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSlotFile, unseal, unwrapMemberKey, type KeySlotFileV2 } from '../../../electron/vault/keyslots.ts';
import { vaultFiles } from '../../../electron/vault/vault.ts';
import { addUserAndLogin, CHAIR, makeBackend, setUpVault, signIn } from '../../support/backend.ts';
import { sampleInputs } from '../../support/sample-inputs.ts';
import { copyFolder, filesOf, readIndependently, scryptRaw } from './helpers.ts';

// Issue 12, from the insider's side: a candidate or auditor with their own passphrase and a copy of every file in
// the vault folder; a removed or reset committee member with a copy of the old key file and their old passphrase.
// Every attempt goes to the real vault file through an independent SQLCipher build (@journeyapps/sqlcipher).
type Made = Awaited<ReturnType<typeof addUserAndLogin>>;
let chair: Awaited<ReturnType<typeof setUpVault>>;
let staff: Made;
let staff2: Made;
let auditor: Made;
let candidate: Made;
const oneTime = (login: string) => `temporary ${login} passphrase 7781`;

const keyFile = (dir: string): KeySlotFileV2 => {
  const f = readSlotFile(vaultFiles(dir).slots);
  if (f.version !== 2) throw new Error('expected a format-2 key file');
  return f;
};

/** Everything this passphrase can get out of this key file: the database keys it unseals (none, for outsiders). */
async function keysFrom(file: KeySlotFileV2, passphrase: string): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  for (const slot of file.slots) {
    const priv = await unwrapMemberKey(file.vaultId, slot, passphrase);
    const key = priv ? unseal(file.vaultId, file.generation, slot, priv) : null;
    if (key) keys.push(key);
  }
  return keys;
}

beforeAll(async () => {
  chair = await setUpVault({ kdf: { N: 2 ** 12, r: 8, p: 1 } });
  const candidateId = await sampleInputs.makeCandidate!(chair.client);
  staff = await addUserAndLogin(chair.client, chair.dir, { login: 'sam', role: 'staff' });
  // A second staff member needs a countersignature now (issue 13 §1): the chair proposes, Sam countersigns and sets
  // the one-time passphrase, Lee signs in and chooses their own.
  const proposal = await chair.client.call('users.propose', { login: 'lee', displayName: 'lee', role: 'staff', reason: 'A second staff member for the key tests.' });
  const oneTime = 'granite pelican sorts amber letters';
  await staff.client.call('countersign.decide', { countersignId: proposal.id, agree: true, oneTimePassphrase: oneTime });
  const lee = await signIn(chair.dir, { login: 'lee', passphrase: oneTime });
  const leePass = 'lee chooses a long own passphrase 2026';
  const leeInfo = await lee.client.call('session.changePassphrase', { current: oneTime, next: leePass });
  if (leeInfo.agreementPending) await lee.client.call('agreement.accept', { version: leeInfo.agreementPending.version });
  staff2 = { ...lee, passphrase: leePass };
  auditor = await addUserAndLogin(chair.client, chair.dir, { login: 'ada', role: 'auditor' });
  candidate = await addUserAndLogin(chair.client, chair.dir, { login: 'huong', role: 'candidate', candidateId });
}, 180_000);

describe('only the committee holds the vault key', () => {
  it('gives candidates and auditors no key material: their passphrase plus a copy of every file opens nothing', async () => {
    const usb = copyFolder(chair.dir);
    const file = keyFile(usb);
    const dbKey = Buffer.from(chair.backend.vault!.keyHex(), 'hex');
    expect(file.slots.map((s) => s.login).sort()).toEqual(['chair', 'lee', 'sam']);
    expect(file.legacy).toEqual([]);
    // The database key is in no file, in any encoding.
    for (const f of filesOf(usb)) {
      const bytes = fs.readFileSync(f);
      for (const needle of [dbKey, Buffer.from(dbKey.toString('hex')), Buffer.from(dbKey.toString('base64'))]) {
        expect(bytes.includes(needle), `${path.basename(f)} holds the database key`).toBe(false);
      }
    }
    for (const [who, made] of [['huong', candidate], ['ada', auditor]] as const) {
      for (const passphrase of [made.passphrase, oneTime(who)]) {
        // Every slot in the key file, tried with this passphrase: nothing unwraps.
        expect(await keysFrom(file, passphrase)).toEqual([]);
        // Every key the passphrase derives with every salt in the file, and the passphrase itself: the file stays shut.
        const attempts: Array<Buffer | string> = [passphrase];
        for (const s of file.slots) attempts.push(scryptRaw(passphrase, Buffer.from(s.privateKey.kdf.salt, 'base64'), s.privateKey.kdf));
        for (const key of attempts) {
          const r = await readIndependently(vaultFiles(usb).db, key);
          expect(r.rows, `${who}'s attempt opened the vault`).toBeUndefined();
          expect(r.error).toMatch(/not a database|encrypted/i);
        }
        // Through the router on the copy: a candidate or auditor cannot unlock at all.
        const home = makeBackend({ vaultDir: usb });
        await expect(home.client.call('session.login', { login: who, passphrase })).rejects.toMatchObject({ code: 'auth.badCredentials' });
        expect(home.backend.vault).toBeNull();
      }
    }
    // The check itself can succeed: the committee's passphrases do unseal the key that opens the copy.
    const [chairKey] = await keysFrom(file, CHAIR.passphrase);
    expect(chairKey?.equals(dbKey)).toBe(true);
    expect((await readIndependently(vaultFiles(usb).db, chairKey!)).rows).toContainEqual({ login: 'huong' });
  }, 120_000);

  it('hand-over: the member\'s session is suspended, the candidate signs in, signing out locks the workstation', async () => {
    const ws = await signIn(chair.dir, CHAIR);
    const picked = path.join(path.dirname(chair.dir), 'flyer.pdf');
    fs.writeFileSync(picked, '%PDF-1.4 test');
    ws.backend.grants.grantFile(picked, 'literature');
    // Bound to its purpose: a file picked as literature cannot be read as a member list.
    expect(() => ws.backend.grants.requireFile(picked, 'memberList')).toThrow(/Choose the file/);
    expect(ws.backend.grants.requireFile(picked, 'literature')).toBe(path.resolve(picked));

    await ws.client.call('session.handOver', {});
    expect(await ws.client.call('vault.status', {})).toMatchObject({ state: 'handover', handedOverBy: CHAIR.displayName });
    // The chair's session is suspended: no command runs as the chair, and the chair's grants are gone.
    await expect(ws.client.call('users.list', {})).rejects.toMatchObject({ code: 'auth.locked' });
    expect(() => ws.backend.grants.requireFile(picked, 'literature')).toThrow(/Choose the file/);
    // A committee login cannot use the hand-over sign-in; a wrong passphrase is refused.
    await expect(ws.client.call('session.signIn', { login: 'sam', passphrase: staff.passphrase })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    await expect(ws.client.call('session.signIn', { login: 'huong', passphrase: 'not huong passphrase at all' })).rejects.toMatchObject({ code: 'auth.badCredentials' });

    const info = await ws.client.call('session.signIn', { login: 'huong', passphrase: candidate.passphrase });
    expect(info.user).toMatchObject({ login: 'huong', role: 'candidate' });
    // Role limits stay: the candidate gets a candidate's answers only.
    await expect(ws.client.call('users.list', {})).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(ws.client.call('session.handOver', {})).rejects.toMatchObject({ code: 'auth.forbidden' });
    const db = ws.backend.vault!.db;
    await ws.client.call('session.lock', { reason: 'user' });
    expect(ws.backend.vault).toBeNull();
    expect(db.open).toBe(false);
    expect(await ws.client.call('vault.status', {})).toMatchObject({ state: 'locked' });
    const trail = await chair.client.call('audit.list', { limit: 20 });
    expect(trail.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['session.handOver', 'session.signIn']));
  }, 60_000);

  it('removing a committee member re-keys: their old key file and passphrase open nothing, the others still unlock', async () => {
    const before = keyFile(chair.dir);
    const [leeOldKey] = await keysFrom(before, staff2.passphrase);
    expect(leeOldKey).toBeDefined();
    // One app per vault folder in real use: the other test sessions on this folder close first (a re-key needs the
    // file to itself; with another connection open it is recorded as owed instead, see below).
    for (const m of [staff2, staff, auditor, candidate]) m.backend.lock('user');
    const lee = (await chair.client.call('users.list', {})).find((u) => u.login === 'lee')!;
    await chair.client.call('users.remove', { userId: lee.id });
    const after = keyFile(chair.dir);
    expect(after.generation).toBe(before.generation + 1);
    expect(after.slots.map((s) => s.login).sort()).toEqual(['chair', 'sam']);
    expect(fs.existsSync(vaultFiles(chair.dir).pending)).toBe(false);
    // The old key file plus the old passphrase: the key it unseals no longer opens today's file.
    expect((await readIndependently(vaultFiles(chair.dir).db, leeOldKey!)).error).toMatch(/not a database|encrypted/i);
    const fresh = makeBackend({ vaultDir: chair.dir });
    await expect(fresh.client.call('session.login', { login: 'lee', passphrase: staff2.passphrase })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    // Sealed to the remaining members without their passphrases: sam unlocks with his own.
    const sam = await signIn(chair.dir, { login: 'sam', passphrase: staff.passphrase });
    expect(sam.backend.user?.login).toBe('sam');
    sam.backend.lock('user');
    const trail = await chair.client.call('audit.list', { limit: 10 });
    expect(trail.entries.map((e) => e.action)).toContain('vault.rekeyed');
  }, 60_000);

  it('the chair resetting a committee member\'s passphrase re-keys: the old slot and passphrase open nothing', async () => {
    const before = keyFile(chair.dir);
    const [samOldKey] = await keysFrom(before, staff.passphrase);
    expect(samOldKey).toBeDefined();
    const sam = (await chair.client.call('users.list', {})).find((u) => u.login === 'sam')!;
    const fresh = 'a fresh one-time phrase for sam 5521';
    await chair.client.call('users.resetPassphrase', { userId: sam.id, oneTimePassphrase: fresh });
    expect(keyFile(chair.dir).generation).toBe(before.generation + 1);
    expect((await readIndependently(vaultFiles(chair.dir).db, samOldKey!)).error).toMatch(/not a database|encrypted/i);
    await expect(makeBackend({ vaultDir: chair.dir }).client.call('session.login', { login: 'sam', passphrase: staff.passphrase }))
      .rejects.toMatchObject({ code: 'auth.badCredentials' });
    const again = await signIn(chair.dir, { login: 'sam', passphrase: fresh });
    expect((await again.client.call('session.me', {})).mustChangePassphrase).toBe(true);
    again.backend.lock('user');
  }, 60_000);

  it('whoever finds the chair\'s workstation unlocked cannot reset the chair\'s passphrase and take the identity over', async () => {
    const me = (await chair.client.call('users.list', {})).find((u) => u.login === 'chair')!;
    const g = keyFile(chair.dir).generation;
    await expect(chair.client.call('users.resetPassphrase', { userId: me.id, oneTimePassphrase: 'passerby picks a new chair phrase 8842' }))
      .rejects.toMatchObject({ code: 'users.cannotResetSelf' });
    expect(keyFile(chair.dir).generation).toBe(g);
    expect((await chair.client.call('session.me', {})).mustChangePassphrase).toBe(false);
  }, 60_000);

  it('"Re-key now" (chair only) seals a new key to every member; a candidate\'s reset needs no re-key', async () => {
    const g = keyFile(chair.dir).generation;
    const oldKey = Buffer.from(chair.backend.vault!.keyHex(), 'hex');
    expect(await chair.client.call('vault.rekey', {})).toEqual({ generation: g + 1 });
    expect((await readIndependently(vaultFiles(chair.dir).db, oldKey)).error).toMatch(/not a database|encrypted/i);
    const status = await chair.client.call('vault.keyStatus', {});
    expect(status).toMatchObject({ generation: g + 1, legacyMembers: [], rekeyDue: false, needPassphrase: [] });
    expect(status.members.sort()).toEqual(['chair', 'sam']);
    const huong = (await chair.client.call('users.list', {})).find((u) => u.login === 'huong')!;
    await chair.client.call('users.resetPassphrase', { userId: huong.id, oneTimePassphrase: 'huong gets a new one-time phrase 6610' });
    expect(keyFile(chair.dir).generation).toBe(g + 1);
  }, 60_000);

  it('files are 0600 in a 0700 folder: vault, WAL, SHM, key file, throttle record, backup', async () => {
    if (process.platform === 'win32') return;
    const dir = chair.dir;
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    const files = filesOf(dir);
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['vault.db', 'vault.db-wal', 'vault.db-shm', 'keyslots.json', 'throttle.json']));
    for (const f of files) expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600]);
    const backup = path.join(path.dirname(dir), 'backup');
    chair.backend.vault!.backupTo(backup);
    expect(mode(backup)).toBe(0o700);
    for (const f of filesOf(backup)) expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600]);
  });
});

