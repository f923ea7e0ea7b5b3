// Unlocking again while a session is open: the new unlock replaces the session only when its passphrase is right.
// (The sweep once saw an internal "database table is locked" here; this pins the behaviour down.)
import { describe, expect, it } from 'vitest';
import { CHAIR, setUpVault } from '../../support/backend.ts';

describe('unlocking while a session is open', () => {
  it('the chair unlocks again over their own session; a wrong passphrase leaves the open session as it was', async () => {
    const { backend } = await setUpVault();
    // The chair unlocks again over their own session: same user, no internal error.
    expect(await backend.dispatch('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase })).toMatchObject({ ok: true, value: { user: { login: 'chair' } } });
    // A wrong passphrase over an open session: refused, and the chair is still signed in.
    expect(await backend.dispatch('session.login', { login: CHAIR.login, passphrase: 'not the chair passphrase at all' }))
      .toMatchObject({ ok: false, error: { code: 'auth.badCredentials' } });
    expect(await backend.dispatch('session.me', {})).toMatchObject({ ok: true, value: { user: { login: 'chair' } } });
    // A write still works on the session (the earlier defect left the table locked).
    expect(await backend.dispatch('settings.update', { idleMinutes: 15 })).toMatchObject({ ok: true });
  });
});
