import { Select, Tabs, Text } from '@mantine/core';
import { IconArchive, IconChartBar, IconScale, IconShieldCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { useCommand } from '../../app/client.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { EqualPanel } from './EqualPanel.tsx';
import { RetentionPanel } from './RetentionPanel.tsx';
import { SpendPanel } from './SpendPanel.tsx';

export function ReportsScreen() {
  const { t } = useTranslation('reports');
  const fmt = useFormat();
  const elections = useCommand('reports.elections', {});
  const [electionId, setElectionId] = useState<number | null>(null);
  const [tab, setTab] = useState<string | null>('spend');
  useEffect(() => {
    if (electionId === null && elections.data?.[0]) setElectionId(elections.data[0].id);
  }, [elections.data, electionId]);
  const picker = elections.data && elections.data.length > 0 && (
    <Select w={320} aria-label={t('election')} data-testid="reports-election" value={electionId === null ? null : String(electionId)}
      onChange={(v) => setElectionId(v === null ? null : Number(v))} allowDeselect={false}
      data={elections.data.map((e) => ({ value: String(e.id), label: `${e.name} (${fmt.date(e.electionDate)})${e.closed ? ` · ${t('closedTag')}` : ''}` }))} />
  );
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={picker} />
      <ErrorAlert error={elections.error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="spend" leftSection={<IconChartBar size={16} />} data-testid="tab-spend">{t('tabs.spend')}</Tabs.Tab>
          <Tabs.Tab value="equal" leftSection={<IconScale size={16} />} data-testid="tab-equal">{t('tabs.equal')}</Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconShieldCheck size={16} />} data-testid="tab-audit">{t('tabs.audit')}</Tabs.Tab>
          <Tabs.Tab value="retention" leftSection={<IconArchive size={16} />} data-testid="tab-retention">{t('tabs.retention')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="audit"><AuditPanel /></Tabs.Panel>
        {electionId === null ? (tab !== 'audit' && (elections.data ? <EmptyState title={t('noElections')} /> : <Text c="dimmed">…</Text>)) : (
          <>
            <Tabs.Panel value="spend"><SpendPanel electionId={electionId} /></Tabs.Panel>
            <Tabs.Panel value="equal"><EqualPanel electionId={electionId} /></Tabs.Panel>
            <Tabs.Panel value="retention"><RetentionPanel electionId={electionId} /></Tabs.Panel>
          </>
        )}
      </Tabs>
    </>
  );
}
