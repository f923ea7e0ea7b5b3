import { Button, Card, Checkbox, Code, Group, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailHouseKeyCheck } from '../../../../shared/api/commands/merge.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const spaced = (f: string) => f.replace(/\s/g, '').replace(/(.{4})(?!$)/g, '$1 ');

/**
 * Mail houses and their OpenPGP keys. The chair pastes a key, LitDesk shows its fingerprint, the chair compares it
 * with the one the mail house gave by another channel and confirms; only then is the mail house added.
 */
export function MailHousesPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation('merge');
  const { session } = useSession();
  const chair = session.user.role === 'chair';
  const houses = useCommand('mailHouses.list', {});
  const checkKey = useAction('mailHouses.checkKey');
  const add = useAction('mailHouses.add');
  const remove = useAction('mailHouses.remove');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [checked, setChecked] = useState<MailHouseKeyCheck | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const reload = () => { houses.reload(); onChanged?.(); };

  return (
    <Card withBorder data-testid="mail-houses">
      <Stack gap="sm">
        <Text fw={600}>{t('mailHouses.title')}</Text>
        <Text size="sm" c="dimmed">{t('mailHouses.hint')}</Text>
        <ErrorAlert error={houses.error} />
        {(houses.data ?? []).length === 0 ? <Text size="sm" c="dimmed">{t('mailHouses.none')}</Text> : (
          <Table fz="sm" data-testid="mail-house-table">
            <Table.Tbody>
              {(houses.data ?? []).map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td><Code>{spaced(m.fingerprint)}</Code></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{m.keyDescription}</Text></Table.Td>
                  {chair && (
                    <Table.Td w={100}>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={async () => { if (await remove.run({ mailHouseId: m.id })) reload(); }}>
                        {t('mailHouses.remove')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {chair && (
          <Stack gap="xs">
            <TextInput size="xs" label={t('mailHouses.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="mail-house-name" />
            <Textarea size="xs" label={t('mailHouses.key')} autosize minRows={3} maxRows={8} value={key} data-testid="mail-house-key"
              onChange={(e) => { setKey(e.currentTarget.value); setChecked(null); setConfirmed(false); }} styles={{ input: { fontFamily: 'monospace' } }} />
            <Group>
              <Button size="xs" variant="default" disabled={key.trim().length < 100} loading={checkKey.pending} data-testid="mail-house-check"
                onClick={async () => { setChecked((await checkKey.run({ publicKey: key })) ?? null); }}>{t('mailHouses.check')}</Button>
            </Group>
            <ErrorAlert error={checkKey.error ?? add.error} />
            {checked && (
              <Stack gap={4} data-testid="mail-house-checked">
                <Text size="sm">{t('mailHouses.fingerprint')}: <Code fz="md" data-testid="mail-house-fingerprint">{checked.fingerprint}</Code></Text>
                <Text size="sm">{t('mailHouses.userIds')}: {checked.userIds.join(', ')}</Text>
                <Text size="sm">{t('mailHouses.algorithm')}: {checked.algorithm} · {t('mailHouses.expires')}: {checked.expiresAt?.slice(0, 10) ?? t('mailHouses.never')}</Text>
                <Checkbox label={t('mailHouses.confirm')} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} data-testid="mail-house-confirm" />
                <Group>
                  <Button size="xs" disabled={!confirmed || name.trim() === ''} loading={add.pending} data-testid="mail-house-add"
                    onClick={async () => {
                      const r = await add.run({ name: name.trim(), publicKey: key, fingerprint: checked.fingerprint }, { success: t('mailHouses.added') });
                      if (r) { setName(''); setKey(''); setChecked(null); setConfirmed(false); reload(); }
                    }}>{t('mailHouses.add')}</Button>
                </Group>
              </Stack>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
