import { Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo, VaultStatus } from '../../../shared/api/commands/foundation.ts';
import { AgreementScreen } from '../screens/foundation/AgreementScreen.tsx';
import { ChangePassphraseScreen } from '../screens/foundation/ChangePassphraseScreen.tsx';
import { HandOverScreen } from '../screens/foundation/HandOverScreen.tsx';
import { LoginScreen } from '../screens/foundation/LoginScreen.tsx';
import { SetupScreen } from '../screens/foundation/SetupScreen.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useClient, useOnLocked } from './client.tsx';
import { SessionContext } from './session.tsx';
import { Shell } from './Shell.tsx';
import { noteChoiceBeforeSignIn, setLanguage, takeChoiceBeforeSignIn, type Language } from '../i18n/index.ts';
import i18n from 'i18next';

/** The gatekeeper: no vault -> setup; locked -> sign in; then passphrase change and agreement before anything else. */
export function App() {
  const client = useClient();
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The screen each login was on when the vault locked: signing in again returns there (issue 16 §9). Kept in this
  // window's memory only, per login, so another person signing in starts on their own first screen.
  const lastScreen = useRef(new Map<string, string>());

  const refresh = useCallback(async () => {
    try {
      const s = await client.call('vault.status', {});
      setStatus(s);
      setSession(s.state === 'unlocked' ? await client.call('session.me', {}) : null);
    } catch (err) {
      setError(err);
    }
  }, [client]);

  useEffect(() => { void refresh(); }, [refresh]);
  // Signed in: the screens take the account's language, unless one was just picked on the sign-in screen (then that
  // becomes the account's). The documents LitDesk issues to this user follow the same setting.
  const userId = session?.user.id;
  useEffect(() => {
    if (!session) return;
    const chosen = takeChoiceBeforeSignIn();
    if (chosen && chosen !== session.language) void client.call('session.setLanguage', { language: chosen }).then(setSession, () => undefined);
    else if (!chosen && session.language !== i18n.language) setLanguage(session.language);
    // Once per signed-in user, not on every session update.
  }, [userId]);
  const onLocked = useCallback(() => { setSession(null); void refresh(); }, [refresh]);
  useOnLocked(onLocked);

  const lock = useCallback((reason: 'user' | 'idle' = 'user') => {
    void client.call('session.lock', { reason }).finally(onLocked);
  }, [client, onLocked]);
  const handOver = useCallback(() => {
    void client.call('session.handOver', {}).finally(onLocked);
  }, [client, onLocked]);

  if (error) return <Center h="100vh"><ErrorAlert error={error} /></Center>;
  if (!status) return <Center h="100vh"><Loader /></Center>;
  // The chair who sets up the vault keeps the language the setup screens were in.
  if (status.state === 'none') return <SetupScreen dir={status.dir} onDone={(s) => { noteChoiceBeforeSignIn(i18n.language as Language); setSession(s); void refresh(); }} />;
  if (!session && status.state === 'handover') {
    return <HandOverScreen handedOverBy={status.handedOverBy ?? ''} onDone={setSession} onLock={() => lock()} />;
  }
  if (!session) return <LoginScreen demo={status.demo} lockedAfterIdleMinutes={status.lockedAfterIdleMinutes ?? null} onDone={setSession} />;
  if (session.mustChangePassphrase) return <ChangePassphraseScreen session={session} onDone={setSession} onLock={() => lock()} />;
  if (session.agreementPending) return <AgreementScreen session={session} onDone={setSession} onLock={() => lock()} />;
  const login = session.user.login;
  return (
    <SessionContext.Provider value={{ session, setSession, lock, handOver }}>
      <Shell initialScreen={lastScreen.current.get(login)} onScreen={(id) => lastScreen.current.set(login, id)} />
    </SessionContext.Provider>
  );
}
