import { ActionIcon, Badge, Button, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPlugConnected, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailServerView } from '../../../../shared/api/commands/email.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * Settings → Email (issue 17), for the chair: the union's own submission server (the password is written, never
 * shown again) and the committee's seed addresses. Unsubscribes and bounces have their own screen (SuppressionsScreen). Sending happens in the
 * core; this screen never sees a member's address.
 */
export function EmailSettingsPanel() {
  const { t } = useTranslation('merge');
  const server = useCommand('email.server.get', {});
  const save = useAction('email.server.save');
  const check = useAction('email.server.check');
  const [form, setForm] = useState<EmailServerView | null>(null);
  const [password, setPassword] = useState('');
  const [ca, setCa] = useState('');
  useEffect(() => { if (server.data) setForm(server.data); }, [server.data]);
  if (!form) return <ErrorAlert error={server.error} />;
  const set = <K extends keyof EmailServerView>(k: K, v: EmailServerView[K]) => setForm({ ...form, [k]: v });
  const missing = [
    !form.host.trim() && t('email.server.host'), !form.username.trim() && t('email.server.username'),
    !form.configured && !password && t('email.server.password'), !form.fromAddress.trim() && t('email.server.fromAddress'),
    !form.fromName.trim() && t('email.server.fromName'), !form.unsubscribeAddress.trim() && t('email.server.unsubscribeAddress'),
  ].filter(Boolean) as string[];
  const submit = async () => {
    const saved = await save.run({
      host: form.host.trim(), port: form.port, security: form.security, username: form.username.trim(), ...(password ? { password } : {}),
      fromAddress: form.fromAddress.trim(), fromName: form.fromName.trim(), unsubscribeAddress: form.unsubscribeAddress.trim(),
      ...(ca.trim() ? { caPem: ca.trim() } : {}), perMinute: form.perMinute,
    }, { success: t('email.server.saved') });
    if (saved) { setPassword(''); setCa(''); server.reload(); }
  };
  return (
    <Stack gap="sm" data-testid="email-settings">
      <Title order={4}>{t('email.server.title')}</Title>
      <Text size="sm" c="dimmed">{t('email.server.hint')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('email.server.host')} value={form.host} onChange={(e) => set('host', e.currentTarget.value)} data-testid="email-host" />
            <Select label={t('email.server.security')} value={form.security} allowDeselect={false}
              data={[{ value: 'starttls', label: t('email.server.starttls') }, { value: 'tls', label: t('email.server.tls') }]}
              onChange={(v) => { if (v === 'starttls' || v === 'tls') setForm({ ...form, security: v, port: v === 'tls' ? 465 : 587 }); }} />
            <NumberInput label={t('email.server.port')} min={1} max={65535} value={form.port} onChange={(v) => set('port', Number(v) || 587)} />
            <TextInput label={t('email.server.username')} value={form.username} onChange={(e) => set('username', e.currentTarget.value)} />
            <PasswordInput label={t('email.server.password')} description={form.configured ? t('email.server.passwordKept') : undefined}
              value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
            <NumberInput label={t('email.server.perMinute')} description={t('email.server.perMinuteHint')} min={1} max={10_000} value={form.perMinute}
              onChange={(v) => set('perMinute', Number(v) || 60)} />
            <TextInput label={t('email.server.fromName')} value={form.fromName} onChange={(e) => set('fromName', e.currentTarget.value)} />
            <TextInput label={t('email.server.fromAddress')} value={form.fromAddress} onChange={(e) => set('fromAddress', e.currentTarget.value)} />
            <TextInput label={t('email.server.unsubscribeAddress')} description={t('email.server.unsubscribeHint')} value={form.unsubscribeAddress}
              onChange={(e) => set('unsubscribeAddress', e.currentTarget.value)} />
          </SimpleGrid>
          <Textarea label={t('email.server.ca')} description={form.hasPrivateCa ? t('email.server.caKept') : t('email.server.caHint')} autosize minRows={2} maxRows={6}
            value={ca} onChange={(e) => setCa(e.currentTarget.value)} placeholder="-----BEGIN CERTIFICATE-----" />
          {missing.length > 0 && <Text size="sm" c="orange" data-testid="email-missing">{t('email.server.missing', { fields: missing.join(', ') })}</Text>}
          <ErrorAlert error={save.error ?? check.error} />
          <Group>
            <Button type="submit" disabled={missing.length > 0} loading={save.pending} data-testid="email-save">{t('email.server.save')}</Button>
            <Button variant="default" leftSection={<IconPlugConnected size={16} />} disabled={!form.configured} loading={check.pending}
              onClick={() => void check.run({}, { success: t('email.server.checked') })}>{t('email.server.check')}</Button>
          </Group>
        </Stack>
      </form>
      <EmailSeeds />
    </Stack>
  );
}

function EmailSeeds() {
  const { t } = useTranslation('merge');
  const seeds = useCommand('email.seeds.list', {});
  const add = useAction('email.seeds.add');
  const remove = useAction('email.seeds.remove');
  const [label, setLabel] = useState('');
  const [address, setAddress] = useState('');
  return (
    <Stack gap="xs">
      <Title order={5}>{t('email.seeds.title')}</Title>
      <Text size="sm" c="dimmed">{t('email.seeds.hint')}</Text>
      <Table withTableBorder fz="sm">
        <Table.Tbody>
          {(seeds.data ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.label}</Table.Td><Table.Td>{s.address}</Table.Td>
              <Table.Td>{s.active ? <Badge color="teal" variant="light">{t('email.seeds.active')}</Badge> : <Badge color="gray" variant="light">{t('email.seeds.removed')}</Badge>}</Table.Td>
              <Table.Td>{s.active && <ActionIcon variant="subtle" color="red" aria-label={t('email.seeds.remove')}
                onClick={async () => { if (await remove.run({ seedId: s.id })) seeds.reload(); }}><IconTrash size={16} /></ActionIcon>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={async (e) => { e.preventDefault(); if (await add.run({ label, address })) { setLabel(''); setAddress(''); seeds.reload(); } }}>
        <Group align="flex-end">
          <TextInput label={t('email.seeds.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <TextInput label={t('email.seeds.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
          <Button type="submit" variant="light" disabled={!label.trim() || !address.trim()} loading={add.pending}>{t('email.seeds.add')}</Button>
        </Group>
      </form>
      <ErrorAlert error={add.error ?? remove.error ?? seeds.error} />
    </Stack>
  );
}
