import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, LoginThrottle, MAX_DELAY_MS } from '../../../electron/core/throttle.ts';
import { CHAIR, makeBackend, setUpVault } from '../../support/backend.ts';

// Issue 12 §5: the insider at the workstation deletes the throttle's record, edits it, or moves the clock.
// The test clock moves the wall clock and the system's uptime separately, as a user changing the date would.
const KDF = { N: 2 ** 12, r: 8, p: 1 };

async function lockedVault() {
  const made = await setUpVault({ kdf: KDF });
  made.backend.lock('user');
  const t = { wall: Date.parse('2026-11-01T10:00:00Z'), uptime: 1_000_000, boot: 'boot-1' };
  const b = makeBackend({ vaultDir: made.dir, clock: () => new Date(t.wall), uptime: () => t.uptime, bootId: 'boot-1' });
  const fail = () => b.client.call('session.login', { login: CHAIR.login, passphrase: 'a wrong guess at the passphrase' });
  const right = () => b.client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
  return { ...made, b, t, fail, right, file: LoginThrottle.fileOf(made.dir) };
}

describe('login throttle that deleting a file or moving the clock does not reset', () => {
  it('a deleted record means the longest delay for everyone, with a message saying why', async () => {
    const v = await lockedVault();
    expect(fs.existsSync(v.file)).toBe(true);
    fs.rmSync(v.file);
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttleTampered', details: { retryAfterSeconds: MAX_DELAY_MS / 1000 } });
    // Deleting it again changes nothing: the penalty was written back at once.
    fs.rmSync(v.file, { force: true });
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttleTampered' });
    v.t.wall += MAX_DELAY_MS + 1000;
    v.t.uptime += MAX_DELAY_MS + 1000;
    expect((await v.right()).user.login).toBe(CHAIR.login);
    v.b.backend.lock('user');
  });

  it('an edited record (counts reset by hand) fails its MAC and counts as tampering', async () => {
    const v = await lockedVault();
    for (let i = 0; i < FREE_FAILURES + 2; i++) await v.fail().catch(() => undefined);
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttled' });
    const record = JSON.parse(fs.readFileSync(v.file, 'utf8')) as { entries: Record<string, { failures: number }> };
    record.entries[CHAIR.login]!.failures = 0;
    fs.writeFileSync(v.file, JSON.stringify(record));
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttleTampered', details: { retryAfterSeconds: 900 } });
  });

  it('moving the clock forward or back does not shorten a wait; a real wait (uptime) does', async () => {
    const v = await lockedVault();
    for (let i = 0; i < FREE_FAILURES; i++) await v.fail().catch(() => undefined);
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttled', details: { retryAfterSeconds: 5 } });
    v.t.wall += 3_600_000; // the date moved a day forward, the machine did not wait
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttled', details: { retryAfterSeconds: 5 } });
    v.t.wall -= 2 * 3_600_000; // and back before the failure
    await expect(v.right()).rejects.toMatchObject({ code: 'auth.throttled', details: { retryAfterSeconds: 5 } });
    v.t.wall += 3_600_000 + 6_000;
    v.t.uptime += 6_000; // six real seconds later
    expect((await v.right()).user.login).toBe(CHAIR.login);
  });

  it('throttles the change of passphrase and the hand-over sign-in too', async () => {
    const v = await lockedVault();
    await v.right();
    for (let i = 0; i < FREE_FAILURES; i++) {
      await expect(v.b.client.call('session.changePassphrase', { current: `wrong current passphrase ${i}`, next: 'copper kettle whistles at dawn' }))
        .rejects.toMatchObject({ code: 'auth.badCredentials' });
    }
    await expect(v.b.client.call('session.changePassphrase', { current: CHAIR.passphrase, next: 'copper kettle whistles at dawn' }))
      .rejects.toMatchObject({ code: 'auth.throttled' });
    await v.b.client.call('session.handOver', {});
    for (let i = 0; i < FREE_FAILURES; i++) {
      await expect(v.b.client.call('session.signIn', { login: 'someone', passphrase: `guess number ${i} for someone` })).rejects.toMatchObject({ code: 'auth.badCredentials' });
    }
    await expect(v.b.client.call('session.signIn', { login: 'someone', passphrase: 'guess number six' })).rejects.toMatchObject({ code: 'auth.throttled' });
    v.b.backend.lock('user');
  });
});
