import { Alert, Button, Group, Modal, NumberInput, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { useFormat } from '../../app/format.ts';
import type { ReadBudgetRow } from '../../../../shared/api/commands/members.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Read-budget alerts, shown above the audit trail: who went past their daily budget, when, and how many records. */
export function ReadAlertsPanel() {
  const { t } = useTranslation('foundation');
  const f = useFormat();
  const alerts = useCommand('members.readAlerts', {});
  if (alerts.error) return <ErrorAlert error={alerts.error} />;
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertOctagon />} title={t('readAlerts.title', { count: alerts.data.length })} mb="md" data-testid="read-alerts">
      <Table fz="sm" data-testid="read-alerts-table">
        <Table.Thead><Table.Tr><Table.Th>{t('readAlerts.when')}</Table.Th><Table.Th>{t('readAlerts.who')}</Table.Th><Table.Th>{t('readAlerts.viewed')}</Table.Th><Table.Th>{t('readAlerts.budget')}</Table.Th><Table.Th>{t('readAlerts.refusals')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {alerts.data.map((a) => (
            <Table.Tr key={a.seq}>
              <Table.Td>{f.when(a.at)}</Table.Td>
              <Table.Td>{a.who}</Table.Td>
              <Table.Td>{t('readAlerts.viewedValue', { viewed: a.viewed, attempted: a.attempted })}</Table.Td>
              <Table.Td>{a.budget}</Table.Td>
              <Table.Td>{a.refusals}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

/** The chair's view of each committee member's daily read budget, with the form to change one (reason required). */
export function ReadBudgetsPanel() {
  const { t } = useTranslation('foundation');
  const rows = useCommand('members.readBudgets', {});
  const [editing, setEditing] = useState<ReadBudgetRow | null>(null);
  const [value, setValue] = useState<number>(300);
  const [reason, setReason] = useState('');
  const save = useAction('members.readBudget.set');
  return (
    <Stack mt="xl" gap="xs">
      <Title order={4}>{t('readBudgets.title')}</Title>
      <Text size="sm" c="dimmed">{t('readBudgets.description')}</Text>
      <ErrorAlert error={rows.error} />
      {rows.data && (
        <Table striped data-testid="read-budgets">
          <Table.Thead><Table.Tr><Table.Th>{t('users.login')}</Table.Th><Table.Th>{t('readBudgets.daily')}</Table.Th><Table.Th>{t('readBudgets.today')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.data.map((r) => (
              <Table.Tr key={r.userId}>
                <Table.Td>{r.login}</Table.Td>
                <Table.Td>{r.dailyRecords}</Table.Td>
                <Table.Td>{r.viewedToday}</Table.Td>
                <Table.Td><Button size="xs" variant="default" onClick={() => { setEditing(r); setValue(r.dailyRecords); setReason(''); }}>{t('readBudgets.change')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('readBudgets.changeFor', { login: editing?.login ?? '' })}>
        <Stack>
          <NumberInput label={t('readBudgets.daily')} min={0} max={1_000_000} value={value} onChange={(v) => setValue(Number(v) || 0)} />
          <Textarea label={t('readBudgets.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} minRows={2} />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button disabled={reason.trim().length < 3} loading={save.pending} onClick={async () => {
              if (!editing) return;
              const r = await save.run({ userId: editing.userId, dailyRecords: value, reason: reason.trim() });
              // Raising a budget waits for a second committee member's countersignature (issue 13 §1).
              if (r) notifications.show({ color: r.countersign ? 'yellow' : 'teal', message: t(r.countersign ? 'readBudgets.waiting' : 'readBudgets.saved') });
              if (r) { setEditing(null); rows.reload(); }
            }}>{t('readBudgets.save')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
