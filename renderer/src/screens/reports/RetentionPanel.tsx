import { Alert, Button, Card, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconLock, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

export function RetentionPanel({ electionId }: { electionId: number }) {
  const { t } = useTranslation('reports');
  const session = useSession();
  const status = useCommand('retention.status', { electionId });
  const close = useAction('retention.close');
  const [confirmName, setConfirmName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const s = status.data;
  // Poll while the re-key runs after the commit.
  useEffect(() => {
    if (s?.rekey !== 'pending') return;
    const timer = setInterval(status.reload, 1000);
    return () => clearInterval(timer);
  }, [s?.rekey, status.reload]);
  if (status.error) return <ErrorAlert error={status.error} />;
  if (!s) return null;
  const isChair = session.session.user.role === 'chair';
  return (
    <Stack maw={720}>
      <Text size="sm">{t('retention.rule', { date: s.electionDate, until: s.keepUntil })}</Text>
      {s.closed && <Alert color="gray" icon={<IconLock size={18} />} data-testid="retention-closed">
        {t('retention.closed', { at: s.closed.at, by: s.closed.by })} {s.closed.membersPurged ? t('retention.membersGone') : t('retention.membersKept')}
      </Alert>}
      {s.rekey === 'pending' && <Alert color="blue">{t('retention.rekeyPending')}</Alert>}
      {s.rekey === 'done' && <Alert color="teal" data-testid="retention-rekeyed">{t('retention.rekeyDone')}</Alert>}
      {s.rekey === 'owed' && <Alert color="orange" data-testid="retention-rekey-owed">{t('retention.rekeyOwed')}</Alert>}
      {s.rekey === 'failed' && <Alert color="red">{t('retention.rekeyFailed')}</Alert>}
      {!s.closed && !s.canClose && <Alert color="yellow" data-testid="retention-too-early">{t('retention.tooEarly', { until: s.keepUntil })}</Alert>}
      {!s.closed && s.otherOpenElections.length > 0 && <Text size="sm" c="dimmed">{t('retention.othersOpen', { names: s.otherOpenElections.join(', ') })}</Text>}
      {isChair && !s.closed && s.canClose && (
        <Card withBorder>
          <form onSubmit={async (e) => {
            e.preventDefault();
            const r = await close.run({ electionId, confirmName, passphrase }, { success: t('retention.done') });
            if (r) { setPassphrase(''); status.reload(); }
          }}>
            <Stack>
              <Text size="sm">{t('retention.what')}</Text>
              <Alert color="orange" variant="light">{t('retention.othersNeedReset')}</Alert>
              <TextInput label={t('retention.confirmName', { name: s.electionName })} value={confirmName} onChange={(e) => setConfirmName(e.currentTarget.value)} data-testid="retention-confirm" />
              <PasswordInput label={t('retention.passphrase')} description={t('retention.passphraseHint')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-testid="retention-passphrase" />
              <ErrorAlert error={close.error} />
              <Button type="submit" color="red" leftSection={<IconTrash size={16} />} loading={close.pending} disabled={!confirmName || !passphrase} data-testid="retention-close">{t('retention.close')}</Button>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
