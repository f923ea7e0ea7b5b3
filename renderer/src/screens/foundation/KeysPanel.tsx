import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Who holds the vault key (chair): committee members, a pending upgrade, accounts that need a passphrase, and
 * "Re-key now" (e.g. after a lost laptop). */
export function KeysPanel() {
  const { t } = useTranslation('foundation');
  const status = useCommand('vault.keyStatus', {});
  const rekey = useAction('vault.rekey');
  const s = status.data;
  return (
    <Paper withBorder p="md" mt="lg" data-testid="keys-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>{t('keys.title')}</Title>
          <Button variant="light" leftSection={<IconKey size={16} />} loading={rekey.pending} data-testid="rekey-now"
            onClick={async () => { if (await rekey.run({})) status.reload(); }}>{t('keys.rekeyNow')}</Button>
        </Group>
        <ErrorAlert error={status.error ?? rekey.error} />
        {s && <Text size="sm" data-testid="keys-members">{t('keys.members', { logins: s.members.join(', '), generation: s.generation })}</Text>}
        {s && s.legacyMembers.length > 0 && <Alert color="orange" data-testid="keys-legacy">{t('keys.legacy', { logins: s.legacyMembers.join(', ') })}</Alert>}
        {s && s.rekeyDue && s.legacyMembers.length === 0 && <Alert color="orange">{t('keys.rekeyDue')}</Alert>}
        {s && s.needPassphrase.length > 0 && <Alert color="orange" data-testid="keys-need-passphrase">{t('keys.needPassphrase', { logins: s.needPassphrase.join(', ') })}</Alert>}
        <Text size="xs" c="dimmed">{t('keys.hint')}</Text>
      </Stack>
    </Paper>
  );
}
