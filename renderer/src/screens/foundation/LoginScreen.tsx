import { Alert, Button, Code, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconClockPause } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { DEMO_LOGINS } from '../../../../shared/domain/demo-logins.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RestorePanel } from './BackupPanel.tsx';
import { CenteredCard } from './CenteredCard.tsx';

export function LoginScreen({ demo, lockedAfterIdleMinutes = null, onDone }: { demo: boolean; lockedAfterIdleMinutes?: number | null; onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation('foundation');
  const { t: tc } = useTranslation();
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
      {lockedAfterIdleMinutes !== null && (
        <Alert color="blue" icon={<IconClockPause size={18} />} data-testid="idle-lock-reason">{t('login.idleLocked', { count: lockedAfterIdleMinutes })}</Alert>
      )}
      {demo && (
        <Alert color="orange" data-testid="demo-login-hint">
          <Text size="sm">{t('login.demoHint')}</Text>
          {/* The logins come from the same constant the demo seeding uses, so the hint cannot name one that does not exist. */}
          <Text size="sm" fw={600} mt={4}>{t('login.demoLogins')}</Text>
          {(Object.keys(DEMO_LOGINS) as Array<keyof typeof DEMO_LOGINS>).map((role) => (
            <Group key={role} gap={6}>
              <Text size="sm">{tc(`roles.${role}`)}:</Text>
              {DEMO_LOGINS[role].map((l) => <Code key={l} data-testid={`demo-login-${role}`}>{l}</Code>)}
            </Group>
          ))}
        </Alert>
      )}
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
