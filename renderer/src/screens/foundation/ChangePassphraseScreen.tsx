import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PassphraseField, passphraseOk } from '../../components/PassphraseField.tsx';
import { CenteredCard } from './CenteredCard.tsx';

export function ChangePassphraseScreen({ session, onDone, onLock }: { session: SessionInfo; onDone: (s: SessionInfo) => void; onLock: () => void }) {
  const { t } = useTranslation('foundation');
  const change = useAction('session.changePassphrase');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const context = [session.user.login, session.user.displayName];
  const ready = current && passphraseOk(next, context, [session.unionName]) && next === confirm;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = await change.run({ current, next }, { quiet: true });
    if (s) onDone(s);
  };
  return (
    <CenteredCard title={t('change.title')} subtitle={t('change.subtitle')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <PasswordInput label={t('change.current')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoFocus data-testid="current-passphrase" />
          <PassphraseField label={t('change.next')} value={next} onChange={setNext} context={context} surroundings={[session.unionName]} />
          <TextInput type="password" label={t('setup.confirm')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)}
            error={confirm && confirm !== next ? t('setup.mismatch') : undefined} data-testid="confirm-passphrase" />
          <ErrorAlert error={change.error} />
          <Group justify="space-between">
            <Button variant="subtle" onClick={onLock}>{t('common:lock')}</Button>
            <Button type="submit" disabled={!ready} loading={change.pending} data-testid="change-submit">{t('change.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </CenteredCard>
  );
}
