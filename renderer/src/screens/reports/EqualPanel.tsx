import { Badge, Button, Group, Table, Text, Title } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ExportInfo } from './ExportInfo.tsx';
import { CorrectionsTable } from './CorrectionsTable.tsx';
import { formatMoney } from './format.ts';
import { useExport } from './useExport.tsx';

const HIGHLIGHT = { backgroundColor: 'var(--mantine-color-yellow-1)' };

export function EqualPanel({ electionId }: { electionId: number }) {
  const { t, i18n } = useTranslation('reports');
  const f = useFormat();
  const report = useCommand('reports.equalTreatment', { electionId });
  const exp = useExport();
  const when = f.when;
  if (report.error) return <ErrorAlert error={report.error} />;
  const r = report.data;
  if (!r) return null;
  const unexplained = r.differences.filter((d) => d.reason === null).length;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Badge size="lg" color={unexplained ? 'red' : 'teal'} data-testid="equal-unexplained">{t('equal.unexplained', { count: unexplained })}</Badge>
        <Group>
          <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} loading={exp.pending} data-testid="equal-export-csv"
            onClick={() => exp.run({ report: 'equalTreatment', electionId, format: 'csv' })}>{t('export.csv')}</Button>
          <Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={exp.pending} data-testid="equal-export-pdf"
            onClick={() => exp.run({ report: 'equalTreatment', electionId, format: 'pdf' })}>{t('export.pdf')}</Button>
        </Group>
      </Group>
      <Title order={4} mt="md" mb="xs">{t('equal.differences')}</Title>
      {r.differences.length === 0 ? <Text c="dimmed" size="sm">{t('equal.noDifferences')}</Text> : (
        <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
        <Table withTableBorder fz="sm" data-testid="equal-differences">
          <Table.Thead><Table.Tr><Table.Th>{t('equal.topic')}</Table.Th><Table.Th>{t('equal.subject')}</Table.Th><Table.Th>{t('equal.detail')}</Table.Th><Table.Th>{t('equal.reason')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {r.differences.map((d, i) => (
              <Table.Tr key={i} style={d.reason === null ? HIGHLIGHT : undefined} data-unexplained={d.reason === null ? 'true' : undefined}>
                <Table.Td>{t(`equal.topics.${d.topic}`)}</Table.Td><Table.Td>{d.subject}</Table.Td><Table.Td>{d.detail}</Table.Td>
                <Table.Td>{d.reason ?? <Text span fw={700} c="red.8" size="sm">{t('equal.noReason')}</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </Table.ScrollContainer>
      )}
      <Title order={4} mt="lg" mb="xs">{t('equal.rateCards')}</Title>
      <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
      <Table withTableBorder fz="sm" data-testid="equal-notices">
        <Table.Thead><Table.Tr><Table.Th>{t('equal.version')}</Table.Th><Table.Th>{t('equal.published')}</Table.Th><Table.Th>{t('equal.candidate')}</Table.Th><Table.Th>{t('equal.noticeSent')}</Table.Th><Table.Th>{t('equal.noticeRead')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.rateCards.flatMap((v) => v.notices.map((n) => (
            <Table.Tr key={`${v.version}-${n.candidateId}`} style={n.createdAt ? undefined : HIGHLIGHT}>
              <Table.Td>v{v.version}</Table.Td><Table.Td>{when(v.publishedAt)}</Table.Td><Table.Td>{n.candidateName}</Table.Td>
              <Table.Td>{n.createdAt ? when(n.createdAt) : t('equal.none')}</Table.Td><Table.Td>{when(n.readAt)}</Table.Td>
            </Table.Tr>
          )))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      <Title order={4} mt="lg" mb="xs">{t('equal.requests')}</Title>
      <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
      <Table withTableBorder striped fz="xs" data-testid="equal-requests">
        <Table.Thead><Table.Tr>
          {['request', 'candidate', 'card', 'quote', 'audience', 'channel', 'received', 'quoted', 'signedOff', 'paid', 'released'].map((k) => <Table.Th key={k}>{t(`equal.col.${k}`)}</Table.Th>)}
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.requests.map((q) => (
            <Table.Tr key={q.requestId}>
              <Table.Td>#{q.requestId}</Table.Td><Table.Td>{q.candidateName}</Table.Td>
              <Table.Td title={q.rates.map((x) => `${x.item} ${x.rateCents}¢/${x.unit}`).join('; ')}>{q.rateCardVersion === null ? '' : `v${q.rateCardVersion}`}</Table.Td>
              <Table.Td>{q.quoteCents === null ? '' : formatMoney(q.quoteCents, i18n.language)}</Table.Td>
              <Table.Td>{q.audience}</Table.Td><Table.Td>{q.channel}</Table.Td>
              {(['received', 'quoted', 'signedOff', 'paid', 'released'] as const).map((s) => <Table.Td key={s}>{when(q.timeline[s])}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      {r.notRecorded.length > 0 && <Text size="xs" c="dimmed" mt="xs">{t('equal.notRecorded', { steps: r.notRecorded.join(', ') })}</Text>}
      <Title order={4} mt="lg" mb="xs">{t('equal.access')}</Title>
      <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
      <Table withTableBorder fz="sm" data-testid="equal-access">
        <Table.Thead><Table.Tr><Table.Th>{t('equal.what')}</Table.Th><Table.Th>{t('equal.candidate')}</Table.Th><Table.Th>{t('equal.when')}</Table.Th><Table.Th>{t('equal.response')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.inspections.map((i, k) => (
            <Table.Tr key={`i${k}`}><Table.Td>{t('equal.inspection')}{i.underGrant ? ` (#${i.underGrant})` : ''}</Table.Td><Table.Td>{i.candidateName}</Table.Td><Table.Td>{when(i.startedAt)}</Table.Td><Table.Td /></Table.Tr>
          ))}
          {r.extraAccess.flatMap((g) => g.offers.map((o) => (
            <Table.Tr key={`g${g.grantId}-${o.candidateId}`} style={o.response === 'notOffered' ? HIGHLIGHT : undefined}>
              <Table.Td>{t('equal.grant', { id: g.grantId, to: g.grantedTo, description: g.description })}</Table.Td>
              <Table.Td>{o.candidateName}</Table.Td><Table.Td>{when(o.offeredAt)}</Table.Td><Table.Td>{t(`equal.responses.${o.response}`)}</Table.Td>
            </Table.Tr>
          )))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      <CorrectionsTable corrections={r.corrections} />
      <ExportInfo file={exp.last} />
    </>
  );
}
