import { Alert, Badge, Button, Group, Pagination, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconFileSearch, IconListCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectionSession, OwnListResult } from '../../../../shared/api/commands/elections.ts';
import { useAction, useClient, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ProtectedView } from './ProtectedView.tsx';

export function InspectionSessionView({ session, onEnded }: { session: InspectionSession; onEnded: () => void }) {
  const { t } = useTranslation('elections');
  const client = useClient();
  const [page, setPage] = useState(1);
  // Each page read is a write (audited); useCommand re-runs it when the page changes.
  const data = useCommand('inspection.page', { sessionId: session.id, page });
  const check = useAction('inspection.checkOwnList');
  const end = useAction('inspection.end');
  const [lines, setLines] = useState('');
  const [result, setResult] = useState<OwnListResult | null>(null);
  const [left, setLeft] = useState(() => Date.parse(session.expiresAt) - Date.now());
  const tick = useInterval(() => setLeft(Date.parse(session.expiresAt) - Date.now()), 1000);
  useEffect(() => { tick.start(); return tick.stop; }, [tick]);
  const minutes = Math.max(0, Math.floor(left / 60000));
  const seconds = Math.max(0, Math.floor((left % 60000) / 1000));
  const pages = data.data ? Math.max(1, Math.ceil(data.data.total / data.data.pageSize)) : 1;

  return (
    <ProtectedView>
      <Stack gap="sm" data-testid="inspection-session">
        <Group justify="space-between">
          <Title order={3}>{t('inspection.sessionTitle', { name: session.candidateName })}</Title>
          <Group>
            <Badge size="lg" color={left > 5 * 60000 ? 'blue' : 'red'} data-testid="inspection-timer">{t('inspection.timeLeft', { minutes, seconds: String(seconds).padStart(2, '0') })}</Badge>
            <Button color="red" loading={end.pending} data-testid="inspection-end" onClick={async () => { if (await end.run({ sessionId: session.id })) onEnded(); }}>{t('inspection.end')}</Button>
          </Group>
        </Group>
        <Alert variant="light" color="gray">{t('inspection.rules')}</Alert>
        <ErrorAlert error={data.error} />
        {data.data && (
          <>
            <Text size="sm" c="dimmed">{t('inspection.total', { total: data.data.total })}</Text>
            <Table striped fz="sm" data-testid="inspection-table">
              <Table.Thead><Table.Tr><Table.Th>{t('inspection.name')}</Table.Th><Table.Th>{t('inspection.address')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {data.data.rows.map((r, i) => (
                  <Table.Tr key={i}><Table.Td>{r.name}</Table.Td><Table.Td>{r.lines.join(', ')}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Pagination total={pages} value={page} onChange={setPage} data-testid="inspection-pages" />
          </>
        )}
        <Title order={4} mt="md">{t('inspection.ownListTitle')}</Title>
        <Text size="sm" c="dimmed">{t('inspection.ownListHint')}</Text>
        <Textarea minRows={4} autosize value={lines} onChange={(e) => setLines(e.currentTarget.value)} data-testid="own-list-lines"
          styles={{ input: { userSelect: 'text' } }} />
        <Group>
          <Button leftSection={<IconListCheck size={16} />} loading={check.pending} disabled={!lines.trim()} data-testid="own-list-check"
            onClick={async () => { const r = await check.run({ sessionId: session.id, lines: lines.split(/\r?\n/) }); if (r) setResult(r); }}>{t('inspection.check')}</Button>
          <Button variant="light" leftSection={<IconFileSearch size={16} />} data-testid="own-list-file" onClick={async () => {
            const p = await client.shell({ op: 'pickFile', purpose: 'ownList' });
            if (!p) return;
            const r = await check.run({ sessionId: session.id, filePath: p });
            if (r) setResult(r);
          }}>{t('inspection.checkFile')}</Button>
        </Group>
        {result && (
          <Stack gap={4} data-testid="own-list-result">
            <Text fw={600}>{t('inspection.matched', { matched: result.matched, total: result.total })}</Text>
            <Table fz="sm">
              <Table.Tbody>
                {result.entries.map((e) => (
                  <Table.Tr key={e.line}><Table.Td>{e.text}</Table.Td>
                    <Table.Td>{e.match ? <Badge color="teal">{t('inspection.match')}</Badge> : <Badge color="gray">{t('inspection.noMatch')}</Badge>}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </ProtectedView>
  );
}
