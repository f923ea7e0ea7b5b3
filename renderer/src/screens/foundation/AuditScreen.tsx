import { Alert, Button, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { AuditVerdict } from '../../../../shared/api/commands/foundation.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ReadAlertsPanel } from './ReadBudgets.tsx';

const PAGE = 100;

export function AuditScreen() {
  const { t } = useTranslation('foundation');
  const f = useFormat();
  const [filter, setFilter] = useState('');
  const [before, setBefore] = useState<number | undefined>(undefined);
  const list = useCommand('audit.list', { limit: PAGE, ...(filter ? { action: filter } : {}), ...(before ? { beforeSeq: before } : {}) });
  const verify = useAction('audit.verify');
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')}
        actions={<Button leftSection={<IconShieldCheck size={16} />} loading={verify.pending} data-testid="audit-verify"
          onClick={async () => { const v = await verify.run({}); if (v) { setVerdict(v); list.reload(); } }}>{t('audit.verify')}</Button>} />
      <ReadAlertsPanel />
      {verdict && (verdict.ok
        ? <Alert color="teal" icon={<IconShieldCheck />} mb="md" data-testid="audit-verdict-ok">{t('audit.ok', { entries: verdict.entries })}<br /><Code>{verdict.head}</Code></Alert>
        : <Alert color="red" icon={<IconShieldX />} mb="md" data-testid="audit-verdict-broken">{t('audit.broken', { seq: verdict.firstBroken?.seq, reason: t(`audit.reason.${verdict.firstBroken?.reason}`) })}</Alert>)}
      <Group mb="sm">
        <TextInput placeholder={t('audit.filter')} value={filter} onChange={(e) => { setFilter(e.currentTarget.value); setBefore(undefined); }} w={280} />
        {list.data && <Text size="sm" c="dimmed">{t('audit.total', { total: list.data.total })}</Text>}
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && list.data.entries.length === 0 && <EmptyState title={t('audit.empty')} />}
      {list.data && list.data.entries.length > 0 && (
        <Table striped data-testid="audit-table" fz="sm">
          <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>{t('audit.when')}</Table.Th><Table.Th>{t('audit.who')}</Table.Th><Table.Th>{t('audit.what')}</Table.Th><Table.Th>{t('audit.details')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data.entries.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.when(e.at)}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td><Code>{e.action}</Code>{e.target ? ` · ${e.target}` : ''}</Table.Td>
                <Table.Td><Text size="xs" c="dimmed" lineClamp={2} style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{JSON.stringify(e.details)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.data && list.data.entries.length === PAGE && (
        <Group justify="center" mt="md"><Button variant="default" onClick={() => setBefore(list.data!.entries.at(-1)!.seq)}>{t('audit.older')}</Button></Group>
      )}
    </>
  );
}
