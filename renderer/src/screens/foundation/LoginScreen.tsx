import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RestorePanel } from './BackupPanel.tsx';
import { CenteredCard } from './CenteredCard.tsx';

export function LoginScreen({ demo, onDone }: { demo: boolean; onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation('foundation');
  const login = useAction('session.login');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = await login.run({ login: name.trim(), passphrase }, { quiet: true });
    setPassphrase('');
    if (s) onDone(s);
  };
  return (
    <CenteredCard title={t('login.title')} subtitle={t('login.subtitle')}>
      {demo && <Alert color="orange" data-testid="demo-login-hint">{t('login.demoHint')}</Alert>}
      <Alert color="gray" data-testid="committee-only-hint">{t('login.committeeOnly')}</Alert>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('login.login')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus data-testid="login-name" autoComplete="username" />
          <PasswordInput label={t('login.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-testid="login-passphrase" autoComplete="current-password" />
          <ErrorAlert error={login.error} />
          <Button type="submit" loading={login.pending} disabled={!name.trim() || !passphrase} data-testid="login-submit">{t('login.submit')}</Button>
        </Stack>
      </form>
      <RestorePanel onDone={onDone} />
    </CenteredCard>
  );
}
