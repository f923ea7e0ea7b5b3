import { Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** The committee's seed addresses (decoys it controls): each job carries a few, at recorded positions. */
export function SeedsPanel() {
  const { t } = useTranslation('merge');
  const seeds = useCommand('merge.seeds.list', {});
  const add = useAction('merge.seeds.add');
  const remove = useAction('merge.seeds.remove');
  const empty = { label: '', line1: '', line2: '', city: '', state: '', zip: '' };
  const [v, setV] = useState(empty);
  const field = (k: keyof typeof empty) => ({ value: v[k], onChange: (e: { currentTarget: { value: string } }) => { const value = e.currentTarget.value; setV((o) => ({ ...o, [k]: value })); } });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>{t('seeds.title')}</Text>
        <Text size="sm" c="dimmed">{t('seeds.hint')}</Text>
        <ErrorAlert error={seeds.error} />
        {(seeds.data ?? []).length === 0 ? <Text size="sm" c="dimmed">{t('seeds.none')}</Text> : (
          <Table fz="sm" data-testid="seed-table">
            <Table.Tbody>
              {(seeds.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.lines.join(' · ')}</Table.Td>
                  <Table.Td w={100}>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={async () => { await remove.run({ seedId: s.id }); seeds.reload(); }}>
                      {t('seeds.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={async (e) => {
          e.preventDefault();
          const { line2, ...rest } = v;
          const r = await add.run({ ...rest, ...(line2 ? { line2 } : {}) }, { success: t('seeds.added') });
          if (r) { setV(empty); seeds.reload(); }
        }}>
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput size="xs" label={t('seeds.label')} required data-testid="seed-label" {...field('label')} />
            <TextInput size="xs" label={t('seeds.line1')} required data-testid="seed-line1" {...field('line1')} />
            <TextInput size="xs" label={t('seeds.line2')} {...field('line2')} />
            <TextInput size="xs" label={t('seeds.city')} required data-testid="seed-city" {...field('city')} />
            <TextInput size="xs" w={70} label={t('seeds.state')} required data-testid="seed-state" {...field('state')} />
            <TextInput size="xs" w={110} label={t('seeds.zip')} required data-testid="seed-zip" {...field('zip')} />
            <Button size="xs" type="submit" loading={add.pending} data-testid="seed-add">{t('seeds.add')}</Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}
