import { Alert, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CenteredCard } from './CenteredCard.tsx';

/**
 * Issue 12: a committee member unlocked and handed the workstation over. A candidate or auditor signs in here with
 * their own passphrase (checked inside the vault; they hold no key). Signing out afterwards locks the workstation.
 */
export function HandOverScreen({ handedOverBy, onDone, onLock }: { handedOverBy: string; onDone: (s: SessionInfo) => void; onLock: () => void }) {
  const { t } = useTranslation('foundation');
  const signIn = useAction('session.signIn');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = await signIn.run({ login: name.trim(), passphrase }, { quiet: true });
    setPassphrase('');
    if (s) onDone(s);
  };
  return (
    <CenteredCard title={t('handover.title')} subtitle={t('handover.subtitle', { name: handedOverBy })}>
      <Alert color="blue" data-testid="handover-notice">{t('handover.notice')}</Alert>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('login.login')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus data-testid="handover-login" autoComplete="username" />
          <PasswordInput label={t('login.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-testid="handover-passphrase" autoComplete="current-password" />
          <ErrorAlert error={signIn.error} />
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={onLock} data-testid="handover-lock">{t('handover.lock')}</Button>
            <Button type="submit" loading={signIn.pending} disabled={!name.trim() || !passphrase} data-testid="handover-submit">{t('handover.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </CenteredCard>
  );
}
