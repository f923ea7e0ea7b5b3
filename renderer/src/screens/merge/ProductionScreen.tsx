import { Badge, Button, Card, Select, Stack, Table, Text } from '@mantine/core';
import { IconFileCertificate, IconMail, IconPrinter } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductionRow } from '../../../../shared/api/commands/merge.ts';
import { useAction, useClient, useCommand } from '../../app/client.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmailJobPanel } from '../email/EmailJobPanel.tsx';
import { JobPanel } from './JobPanel.tsx';
import { MailHousesPanel } from './MailHousesPanel.tsx';
import { MailedButton } from './MailedButton.tsx';
import { SeedsPanel } from './SeedsPanel.tsx';

/** Production: released requests become print-ready batch files in a folder staff pick; counts only on screen. */
export function ProductionScreen() {
  const { t, i18n } = useTranslation('merge');
  const client = useClient();
  const queue = useCommand('merge.productionQueue', {});
  const [selected, setSelected] = useState<number | null>(null);
  const row = (queue.data ?? []).find((r) => r.requestId === selected) ?? null;
  const isEmail = row?.channel === 'email';
  const jobs = useCommand('merge.jobs', { requestId: selected ?? 1 }, { enabled: selected !== null && !isEmail });
  const emailJobs = useCommand('email.jobs', { requestId: selected ?? 1 }, { enabled: selected !== null && isEmail });
  const sendEmail = useAction('email.start');
  const start = useAction('merge.start');
  const houses = useCommand('mailHouses.list', {});
  const [mailHouseId, setMailHouseId] = useState<number | null>(null);
  const deliverTo = mailHouseId ?? (houses.data?.length === 1 ? houses.data[0]!.id : null);
  const calibration = useAction('merge.calibration');
  const { reload: reloadQueue } = queue;
  const { reload: reloadJobs } = jobs;
  const { reload: reloadEmailJobs } = emailJobs;
  const reloadAll = useCallback(() => { reloadQueue(); reloadJobs(); reloadEmailJobs(); }, [reloadQueue, reloadJobs, reloadEmailJobs]);

  const send = async (r: ProductionRow) => {
    setSelected(r.requestId);
    const made = await sendEmail.run({ requestId: r.requestId });
    if (made) reloadAll();
  };

  const produce = async (r: ProductionRow) => {
    setSelected(r.requestId);
    if (deliverTo === null) return;
    const folder = await client.shell({ op: 'pickFolder', purpose: 'output' });
    if (!folder) return;
    const made = await start.run({ requestId: r.requestId, folder, mailHouseId: deliverTo });
    if (made) reloadAll();
  };

  const saveCalibration = async (electionId: number) => {
    const sheet = await calibration.run({ electionId });
    if (sheet?.base64) await client.shell({ op: 'saveFile', suggestedName: sheet.fileName, base64: sheet.base64, mime: 'application/pdf' });
  };

  const electionId = row?.electionId ?? queue.data?.[0]?.electionId ?? null;
  return (
    <Stack>
      <PageHeader title={t('title')} description={t('description')} actions={electionId !== null && (
        <Button variant="default" leftSection={<IconPrinter size={16} />} loading={calibration.pending} data-testid="calibration"
          onClick={() => void saveCalibration(electionId)}>{t('calibration')}</Button>
      )} />
      <ErrorAlert error={queue.error ?? start.error} />
      <Select label={t('mailHouses.deliverTo')} description={t('mailHouses.deliverToHint')} w={420} data-testid="deliver-to"
        placeholder={t('mailHouses.chooseFirst')} value={deliverTo === null ? null : String(deliverTo)}
        data={(houses.data ?? []).map((m) => ({ value: String(m.id), label: `${m.name} · ${m.fingerprint.slice(-16).replace(/(.{4})(?!$)/g, '$1 ')}` }))}
        onChange={(v) => setMailHouseId(v === null ? null : Number(v))} />
      {queue.data && queue.data.length === 0 && <EmptyState title={t('empty.title')} hint={t('empty.hint')} />}
      {queue.data && queue.data.length > 0 && (
        <Card withBorder p={0}>
          <Table highlightOnHover data-testid="production-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('queue.request')}</Table.Th><Table.Th>{t('queue.election')}</Table.Th><Table.Th>{t('queue.candidate')}</Table.Th>
                <Table.Th>{t('queue.pieces')}</Table.Th><Table.Th>{t('queue.status')}</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.data.map((r) => {
                const open = r.latestJob && (r.latestJob.status === 'running' || r.latestJob.status === 'cancelled');
                return (
                  <Table.Tr key={r.requestId} bg={r.requestId === selected ? 'var(--mantine-color-blue-light)' : undefined}
                    style={{ cursor: 'pointer' }} onClick={() => setSelected(r.requestId)} data-testid={`production-row-${r.requestId}`}
                    tabIndex={0} aria-selected={r.requestId === selected}
                    onKeyDown={(e) => { if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); setSelected(r.requestId); } }}>
                    <Table.Td>#{r.requestId}</Table.Td><Table.Td>{r.electionName}</Table.Td><Table.Td>{r.candidateName}</Table.Td>
                    <Table.Td>{r.audienceCount?.toLocaleString(i18n.language) ?? '—'}</Table.Td>
                    <Table.Td><Badge variant="light" color={r.status === 'released' ? 'blue' : 'teal'}>{t(`requestStatus.${r.status}`, { defaultValue: r.status })}</Badge></Table.Td>
                    <Table.Td>
                      {r.status === 'released' && r.channel === 'email' && !r.emailJob && (
                        <Button size="xs" leftSection={<IconMail size={14} />} loading={sendEmail.pending} data-testid={`send-email-${r.requestId}`}
                          onClick={(e) => { e.stopPropagation(); void send(r); }}>{t('email.send')}</Button>
                      )}
                      {r.status === 'released' && r.channel !== 'email' && !open && (
                        <Button size="xs" leftSection={<IconFileCertificate size={14} />} loading={start.pending} data-testid={`produce-${r.requestId}`} disabled={deliverTo === null}
                          onClick={(e) => { e.stopPropagation(); void produce(r); }}>{t('produce')}</Button>
                      )}
                      {r.status === 'produced' && <MailedButton requestId={r.requestId} onDone={reloadAll} />}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {selected !== null && (
        <Stack gap="sm" data-testid="jobs">
          <Text fw={600}>{t('jobs.title', { id: selected })}</Text>
          <ErrorAlert error={isEmail ? (emailJobs.error ?? sendEmail.error) : jobs.error} />
          {!isEmail && jobs.data && jobs.data.length === 0 && <Text size="sm" c="dimmed">{t('jobs.none')}</Text>}
          {!isEmail && (jobs.data ?? []).map((j) => <JobPanel key={j.id} job={j} onChanged={reloadAll} />)}
          {isEmail && emailJobs.data && emailJobs.data.length === 0 && <Text size="sm" c="dimmed">{t('jobs.none')}</Text>}
          {isEmail && (emailJobs.data ?? []).map((j) => <EmailJobPanel key={j.id} job={j} onChanged={reloadAll} />)}
        </Stack>
      )}
      <MailHousesPanel onChanged={houses.reload} />
      <SeedsPanel />
    </Stack>
  );
}
