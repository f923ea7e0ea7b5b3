import { BarChart } from '@mantine/charts';
import { Alert, Box, Button, Code, Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconAlertOctagon, IconCircleCheck, IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpendReport } from '../../../../shared/api/commands/reports.ts';
import { useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ExportInfo } from './ExportInfo.tsx';
import { CorrectionsTable } from './CorrectionsTable.tsx';
import { formatMoney } from './format.ts';
import { useExport } from './useExport.tsx';

function perWeek(r: SpendReport): { data: Array<Record<string, string | number>>; series: Array<{ name: string; color: string }> } {
  const colors = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6', 'indigo.6'];
  const names = new Map(r.rows.map((x) => [x.candidateId, x.candidateName]));
  const weeks = new Map<string, Record<string, string | number>>();
  for (const w of r.piecesPerWeek) {
    const row = weeks.get(w.week) ?? { week: w.week };
    row[names.get(w.candidateId) ?? `#${w.candidateId}`] = w.pieces;
    weeks.set(w.week, row);
  }
  const used = [...new Set(r.piecesPerWeek.map((w) => names.get(w.candidateId) ?? `#${w.candidateId}`))];
  return { data: [...weeks.values()], series: used.map((name, i) => ({ name, color: colors[i % colors.length]! })) };
}

export function SpendPanel({ electionId }: { electionId: number }) {
  const { t, i18n } = useTranslation('reports');
  const report = useCommand('reports.spend', { electionId });
  const exp = useExport();
  const [showQuery, setShowQuery] = useState(false);
  const m = (c: number) => formatMoney(c, i18n.language);
  if (report.error) return <ErrorAlert error={report.error} />;
  const r = report.data;
  if (!r) return null;
  const union = r.unionFunds;
  const spend = r.rows.map((x) => ({ candidate: x.candidateName, [t('spend.quoted')]: x.quotedCents / 100, [t('spend.invoiced')]: x.invoicedCents / 100, [t('spend.paid')]: x.paidCents / 100 }));
  const weekly = perWeek(r);
  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} loading={exp.pending} data-testid="spend-export-csv"
          onClick={() => exp.run({ report: 'spend', electionId, format: 'csv' })}>{t('export.csv')}</Button>
        <Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={exp.pending} data-testid="spend-export-pdf"
          onClick={() => exp.run({ report: 'spend', electionId, format: 'pdf' })}>{t('export.pdf')}</Button>
      </Group>
      <Alert color={union.chargedCents === 0 ? 'teal' : 'red'} variant={union.chargedCents === 0 ? 'light' : 'filled'} mb="md" data-testid="union-funds"
        icon={union.chargedCents === 0 ? <IconCircleCheck size={18} /> : <IconAlertOctagon size={18} />}
        title={t('spend.unionLine', { amount: m(union.chargedCents) })}>
        {union.chargedCents !== 0 && <Text size="sm" mb={4}>{t('spend.unionBad', { lines: union.lines, postings: union.postingIds.join(', ') })}</Text>}
        {/* The rule in words for the auditor; the SQL stays one click away, to run with the sqlcipher tool (issue 16 §8). */}
        <Text size="sm" data-testid="union-funds-rule">{t('spend.unionRule')}</Text>
        <Button variant="subtle" size="compact-xs" mt={4} px={0} onClick={() => setShowQuery((v) => !v)} aria-expanded={showQuery}
          aria-controls="union-funds-query" data-testid="union-funds-show-query">{t(showQuery ? 'spend.hideQuery' : 'spend.showQuery')}</Button>
        <Box id="union-funds-query">
          {showQuery && (
            <>
              <Text size="xs" mt={4}>{t('spend.unionHow')}</Text>
              <Code block mt={4} fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="union-funds-query">{union.query}</Code>
            </>
          )}
        </Box>
      </Alert>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mb="md">
        <Paper withBorder p="md" data-testid="chart-spend">
          <Title order={5} mb="sm">{t('spend.chartSpend')}</Title>
          <BarChart h={260} data={spend} dataKey="candidate" withLegend withTooltip legendProps={{ verticalAlign: 'bottom' }} valueFormatter={(v) => formatMoney(Math.round(v * 100), i18n.language)}
            series={[{ name: t('spend.quoted'), color: 'gray.5' }, { name: t('spend.invoiced'), color: 'blue.6' }, { name: t('spend.paid'), color: 'teal.6' }]} />
        </Paper>
        <Paper withBorder p="md" data-testid="chart-pieces">
          <Title order={5} mb="sm">{t('spend.chartPieces')}</Title>
          {weekly.data.length === 0 ? <Text c="dimmed" size="sm">{t('spend.noPieces')}</Text>
            : <BarChart h={260} data={weekly.data} dataKey="week" type="stacked" series={weekly.series} withLegend withTooltip legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={(v) => v.toLocaleString(i18n.language)} />}
        </Paper>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={0} type="native" tabIndex={0}>
      <Table striped withTableBorder data-testid="spend-table" fz="sm">
        <Table.Thead><Table.Tr>
          {['candidate', 'requests', 'pieces', 'pages', 'quoted', 'invoiced', 'paid', 'refunded', 'held', 'amountDue'].map((k) => <Table.Th key={k}>{t(`spend.${k}`)}</Table.Th>)}
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {[...r.rows.map((x) => ({ key: String(x.candidateId), name: x.candidateName, v: x })), { key: 'total', name: t('spend.total'), v: r.totals }].map(({ key, name, v }) => (
            <Table.Tr key={key} fw={key === 'total' ? 700 : undefined}>
              <Table.Td>{name}</Table.Td>
              <Table.Td>{v.requests}</Table.Td>
              <Table.Td>{v.pieces.toLocaleString(i18n.language)}</Table.Td>
              <Table.Td>{v.pages.toLocaleString(i18n.language)}</Table.Td>
              <Table.Td>{m(v.quotedCents)}</Table.Td>
              <Table.Td>{m(v.invoicedCents)}</Table.Td>
              <Table.Td>{m(v.paidCents)}</Table.Td>
              <Table.Td>{m(v.refundedCents)}</Table.Td>
              <Table.Td>{m(v.heldCents)}</Table.Td>
              <Table.Td>{m(v.amountDueCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="xs">{t('spend.definitions')}</Text>
      <CorrectionsTable corrections={r.corrections} />
      <ExportInfo file={exp.last} />
    </>
  );
}
