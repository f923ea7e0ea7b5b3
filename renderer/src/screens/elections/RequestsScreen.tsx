import { Button, Table, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { RequestView } from '../../../../shared/api/commands/elections.ts';
import { useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RequestDetail, StatusBadge } from './RequestDetail.tsx';
import { ReadyNotices } from './ReadyNotices.tsx';
import { ElectionPicker, money, useElectionChoice } from './shared.tsx';
import { SubmitRequestModal } from './SubmitRequestModal.tsx';

export function RequestsScreen() {
  const { t, i18n } = useTranslation('elections');
  const f = useFormat();
  const { session } = useSession();
  const role = session.user.role;
  const choice = useElectionChoice();
  const e = choice.election;
  const list = useCommand('requests.list', { electionId: e?.id ?? 0 }, { enabled: e !== null });
  const [submitting, setSubmitting] = useState(false);
  const [open, setOpen] = useState<RequestView | null>(null);
  const canSubmit = role !== 'auditor' && e !== null && e.rateCard !== null;
  return (
    <>
      <PageHeader title={role === 'candidate' ? t('requests.myTitle') : t('requests.title')} description={t('requests.description')}
        actions={canSubmit && <Button leftSection={<IconSend size={16} />} onClick={() => setSubmitting(true)} data-testid="request-new">{t('requests.new')}</Button>} />
      {role === 'chair' && <ReadyNotices />}
      <ElectionPicker choice={choice} />
      {e && !e.rateCard && <Text c="orange" mb="md">{t('requests.noRateCard')}</Text>}
      <ErrorAlert error={list.error ?? choice.list.error} />
      {list.data && list.data.length === 0 && <EmptyState title={t('requests.empty')} />}
      {list.data && list.data.length > 0 && (
        <Table striped highlightOnHover data-testid="requests-table">
          <Table.Thead><Table.Tr>
            <Table.Th>{t('requests.position')}</Table.Th><Table.Th>{t('requests.received')}</Table.Th><Table.Th>{t('requests.candidate')}</Table.Th>
            <Table.Th>{t('requests.statusCol')}</Table.Th><Table.Th ta="right">{t('quote.total')}</Table.Th><Table.Th />
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data.map((r) => (
              <Table.Tr key={r.id} data-testid={`request-row-${r.id}`}>
                <Table.Td>{r.queuePosition}</Table.Td>
                <Table.Td>{f.when(r.receivedAt)}</Table.Td>
                <Table.Td>{r.candidateName}</Table.Td>
                <Table.Td><StatusBadge status={r.status} /></Table.Td>
                <Table.Td ta="right">{r.quote ? money(r.quote.totalCents, i18n.language) : '—'}</Table.Td>
                <Table.Td><Button size="xs" variant="light" onClick={() => setOpen(r)} data-testid={`request-open-${r.id}`}>{t('requests.open')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {submitting && e && <SubmitRequestModal election={e} onClose={() => setSubmitting(false)} onDone={(r) => { setSubmitting(false); list.reload(); setOpen(r); }} />}
      {open && <RequestDetail request={open} onClose={() => setOpen(null)} onChanged={(r) => { setOpen(r); list.reload(); }} />}
    </>
  );
}
