// Issue 13 §4, as the mail house and the careless staffer would meet it: the chair adds a mail house by its OpenPGP
// key (checked with Debian's gpg, fingerprint confirmed), a job is delivered encrypted to it, the delivered batch
// opens with `gpg --decrypt` and the mail house's key only, and no clear PDF is left on disk — not in the output
// folder, not in the job's temp folder, not beside the vault.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/backend.ts';
import { sha256 } from '../../support/mail-house.ts';
import { buildMergeWorld, openCopy, outputFolder, sha256File, type MergeWorld } from './world.ts';

const CHILD = new URL('../../support/merge-child.ts', import.meta.url).pathname;
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

/** A gpg home of its own with one key; `usage` 'default' = sign + encrypt subkey, 'sign' = a signing-only key. */
function gpgHome(uid: string, usage: 'default' | 'sign' = 'default') {
  const home = tempDir('litdesk-gnupg-');
  fs.chmodSync(home, 0o700);
  const env = { GNUPGHOME: home };
  const args = usage === 'sign' ? ['ed25519', 'sign', 'never'] : ['future-default', 'default', 'never'];
  run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', uid, ...args], env);
  const publicKey = run('gpg', ['--armor', '--export', uid], env);
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(run('gpg', ['--with-colons', '--fingerprint', uid], env))![1]!;
  return { home, env, publicKey, fpr };
}

let world: MergeWorld;
let harbor: ReturnType<typeof gpgHome>;
let stranger: ReturnType<typeof gpgHome>;
beforeAll(async () => {
  world = await buildMergeWorld({ members: 120, seeds: 1 });
  harbor = gpgHome('Harbor Print <ops@harbor-print.example>');
  stranger = gpgHome('Someone Else <else@example.org>');
}, 120_000);
// The gpg agents these homes started end with them.
afterAll(() => { for (const h of [harbor, stranger]) spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, ...h.env } }); });

describe('mail houses', () => {
  it('shows the key\'s fingerprint to confirm, and refuses a wrong fingerprint, a private, a signing-only or an expired key', async () => {
    const { client, backend } = await openCopy(world);
    const check = await client.call('mailHouses.checkKey', { publicKey: harbor.publicKey });
    expect(check.fingerprint.replace(/ /g, '')).toBe(harbor.fpr);
    expect(check.userIds).toEqual(['Harbor Print <ops@harbor-print.example>']);
    await expect(client.call('mailHouses.add', { name: 'Harbor Print', publicKey: harbor.publicKey, fingerprint: stranger.fpr }))
      .rejects.toMatchObject({ code: 'mailHouses.fingerprintMismatch' });

    const secret = run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--armor', '--export-secret-keys'], harbor.env);
    await expect(client.call('mailHouses.checkKey', { publicKey: secret })).rejects.toMatchObject({ code: 'mailHouses.privateKey' });
    const signer = gpgHome('Sign Only <sign@example.org>', 'sign');
    await expect(client.call('mailHouses.checkKey', { publicKey: signer.publicKey })).rejects.toMatchObject({ code: 'mailHouses.cannotEncrypt' });
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, ...signer.env } });
    const old = await openpgp.generateKey({
      userIDs: [{ name: 'Expired Print' }], date: new Date(Date.now() - 10 * 86_400_000), keyExpirationTime: 86_400, format: 'armored',
    });
    await expect(client.call('mailHouses.checkKey', { publicKey: old.publicKey })).rejects.toMatchObject({ code: 'mailHouses.keyExpired' });
    await expect(client.call('mailHouses.checkKey', { publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n' + 'A'.repeat(200) + '\n-----END PGP PUBLIC KEY BLOCK-----' }))
      .rejects.toMatchObject({ code: 'mailHouses.badKey' });

    const added = await client.call('mailHouses.add', { name: 'Harbor Print', publicKey: harbor.publicKey, fingerprint: check.fingerprint });
    expect(added).toMatchObject({ name: 'Harbor Print', fingerprint: harbor.fpr, active: true });
    const removed = await client.call('mailHouses.remove', { mailHouseId: added.id });
    expect(removed.active).toBe(false);
    await expect(client.call('merge.start', { requestId: world.requestId, folder: outputFolder(backend), mailHouseId: added.id }))
      .rejects.toMatchObject({ code: 'mailHouses.notFound' });
  }, 60_000);
});

describe('a delivered job', () => {
  it('opens with the mail house\'s key only, is a clean PDF inside, and leaves no clear PDF on disk', async () => {
    const { client, backend, dir } = await openCopy(world);
    const check = await client.call('mailHouses.checkKey', { publicKey: harbor.publicKey });
    const house = await client.call('mailHouses.add', { name: 'Harbor Print', publicKey: harbor.publicKey, fingerprint: check.fingerprint });
    backend.lock('hand the vault to the production process');

    // The job runs in its own process with a temp folder of its own, so "no clear PDF in temp" is about this job alone.
    const base = tempDir('litdesk-delivery-');
    const folder = path.join(base, 'out');
    const tmp = path.join(base, 'tmp');
    fs.mkdirSync(folder);
    fs.mkdirSync(tmp);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CHILD, dir, String(world.requestId), folder, '40', String(house.id)], {
        stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}: ${err.slice(0, 500)}`))));
    });

    const after = await openCopy(world, { copyFrom: dir });
    const [job] = await after.client.call('merge.jobs', { requestId: world.requestId });
    expect(job!.status).toBe('done');
    expect(job!.mailHouse).toMatchObject({ id: house.id, name: 'Harbor Print', fingerprint: harbor.fpr });
    const batchFiles = fs.readdirSync(folder).filter((f) => f.includes('-batch-')).sort();
    expect(batchFiles).toEqual(job!.batches.map((b) => b.fileName));
    expect(batchFiles.every((f) => f.endsWith('.pdf.gpg'))).toBe(true);

    // No clear PDF anywhere the job wrote: the only PDF in the output folder is the counts-only manifest.
    const clearPdfs: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (fs.readFileSync(f).includes('%PDF')) clearPdfs.push(path.relative(base, f));
      }
    };
    walk(base);
    walk(dir);
    expect(clearPdfs).toEqual([`out/${job!.manifest!.pdf}`]);

    // The mail house decrypts with Debian's gpg; the PDF inside is the one the vault recorded, and clean.
    const clearDir = tempDir('litdesk-harbor-');
    for (const b of job!.batches) {
      const file = path.join(folder, b.fileName);
      expect(sha256File(file)).toBe(b.sha256);
      const out = path.join(clearDir, b.fileName.replace(/\.gpg$/, ''));
      run('gpg', ['--batch', '--quiet', '--decrypt', '--output', out, file], harbor.env);
      expect(sha256(fs.readFileSync(out))).toBe(b.pdfSha256);
      expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [out]))?.[1])).toBe(b.pages);
      expect(run('qpdf', ['--check', out])).toMatch(/No syntax or stream encoding errors/);
      expect(run('pdftotext', [out, '-'])).toMatch(/ [A-Z]{2} \d{5}/);
    }

    // Anyone else's key — or none — opens nothing.
    const first = path.join(folder, batchFiles[0]!);
    const wrong = spawnSync('gpg', ['--batch', '--decrypt', '--output', path.join(clearDir, 'stolen.pdf'), first], { env: { ...process.env, ...stranger.env }, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/No secret key|decryption failed/i);
    expect(fs.existsSync(path.join(clearDir, 'stolen.pdf'))).toBe(false);
    expect(fs.readFileSync(first).subarray(0, 4).toString('latin1')).not.toBe('%PDF');
    after.backend.lock('test');
  }, 120_000);
});
