import { Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ActualsCorrection } from '../../../../shared/api/commands/reports.ts';

/** Every countersigned correction of actual costs, with both names (issue 13 §5); shown in both reports. */
export function CorrectionsTable({ corrections }: { corrections: ActualsCorrection[] }) {
  const { t } = useTranslation('reports');
  return (
    <>
      <Title order={5} mt="md" mb="xs">{t('corrections.title', { count: corrections.length })}</Title>
      {corrections.length === 0 ? <Text size="sm" c="dimmed" data-testid="corrections-none">{t('corrections.none')}</Text> : (
        <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
        <Table striped withTableBorder fz="sm" data-testid="corrections-table">
          <Table.Thead><Table.Tr>
            {['request', 'candidate', 'pieces', 'sheets', 'proposedBy', 'countersignedBy', 'reason'].map((k) => <Table.Th key={k}>{t(`corrections.${k}`)}</Table.Th>)}
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {corrections.map((c) => (
              <Table.Tr key={c.approvalId}>
                <Table.Td>#{c.requestId}</Table.Td>
                <Table.Td>{c.candidateName}</Table.Td>
                <Table.Td>{c.expected.pieces} → {c.corrected.pieces}</Table.Td>
                <Table.Td>{c.expected.sheets} → {c.corrected.sheets}</Table.Td>
                <Table.Td>{c.proposedBy}<Text size="xs" c="dimmed">{c.proposedAt.slice(0, 16).replace('T', ' ')}</Text></Table.Td>
                <Table.Td>{c.countersignedBy}<Text size="xs" c="dimmed">{c.countersignedAt.slice(0, 16).replace('T', ' ')}</Text></Table.Td>
                <Table.Td>{c.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
