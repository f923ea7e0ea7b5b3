import { Badge, Button, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { Balance, BillingRequest, DocLine, DocumentRow } from '../../../../shared/api/commands/billing.ts';
import { useClient, useErrorText } from '../../app/client.tsx';
import { notifications } from '@mantine/notifications';
import { money } from './money.ts';

/**
 * The candidate's money in the one vocabulary (shared/domain/money-words.ts), words from the document catalogue so a
 * screen and an invoice say the same: "Held for you" to the candidate, "Held for the candidate" to the committee.
 */
export function BalanceCards({ balance, mine = false }: { balance: Balance; mine?: boolean }) {
  const { t, i18n } = useTranslation('documents');
  const m = (c: number) => money(c, i18n.language);
  const cards: Array<[string, number, string]> = [
    ['paid', balance.paidCents, 'balance-paid'], ['refunded', balance.refundedCents, 'balance-refunded'],
    ['invoiced', balance.chargedCents, 'balance-invoiced'], [mine ? 'heldForYou' : 'heldForCandidate', balance.fundsCents, 'balance-held'],
    ['amountDue', balance.amountDueCents, 'balance-due'],
    ...(mine ? [] : [['canBeRefunded', balance.refundableCents, 'balance-refundable'] as [string, number, string]]),
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: cards.length }} mb="md">
      {cards.map(([k, v, id]) => (
        <Card key={k} withBorder padding="sm">
          <Text size="xs" c="dimmed">{t(`money.${k}`)}</Text>
          <Text fw={700} data-testid={id}>{m(v)}</Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function lineLabel(t: (k: string) => string, l: DocLine): string {
  if (l.item.startsWith('other:')) return l.item.slice(6);
  return t(`items.${l.item.replace('.', '_')}`);
}

/** Whether the job may be released: the same prepayment gate the core and the database apply. */
export function ReleaseIndicator({ r }: { r: BillingRequest }) {
  const { t, i18n } = useTranslation('billing');
  if (r.shortfallCents === null) return <Text size="sm" c="dimmed">—</Text>;
  if (['released', 'produced', 'mailed'].includes(r.status)) return <Badge color="green" variant="light" data-testid={`release-check-${r.id}`}>{t(`status.${r.status}`)}</Badge>;
  if (r.shortfallCents === 0 && (r.awaitingReviewShortCents ?? 0) > 0) {
    return <Badge color="yellow" data-testid={`release-check-${r.id}`}>{t('release.awaitingReview')}</Badge>;
  }
  return r.shortfallCents === 0
    ? <Badge color="teal" data-testid={`release-check-${r.id}`}>{t('release.covered')}</Badge>
    : <Badge color="orange" data-testid={`release-check-${r.id}`}>{t('release.short', { amount: money(r.shortfallCents, i18n.language) })}</Badge>;
}

export function RequestsTable({ requests, actions }: { requests: BillingRequest[]; actions?: (r: BillingRequest) => React.ReactNode }) {
  const { t, i18n } = useTranslation('billing');
  return (
    <Table striped withTableBorder data-testid="billing-requests">
      <Table.Thead><Table.Tr>
        <Table.Th>{t('requests.id')}</Table.Th><Table.Th>{t('requests.status')}</Table.Th><Table.Th>{t('requests.version')}</Table.Th>
        <Table.Th ta="right">{t('requests.quote')}</Table.Th><Table.Th>{t('requests.release')}</Table.Th>{actions && <Table.Th />}
      </Table.Tr></Table.Thead>
      <Table.Tbody>
        {requests.map((r) => (
          <Table.Tr key={r.id} data-testid={`billing-request-${r.id}`}>
            <Table.Td>#{r.id}</Table.Td>
            <Table.Td>{t(`status.${r.status}`)}</Table.Td>
            <Table.Td>{r.rateCardVersion ?? '—'}</Table.Td>
            <Table.Td ta="right">{r.quoteCents === null ? '—' : money(r.quoteCents, i18n.language)}</Table.Td>
            <Table.Td><ReleaseIndicator r={r} /></Table.Td>
            {actions && <Table.Td><Group gap="xs" justify="flex-end">{actions(r)}</Group></Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DocumentsTable({ documents, actions }: { documents: DocumentRow[]; actions?: (d: DocumentRow) => React.ReactNode }) {
  const { t, i18n } = useTranslation('billing');
  const f = useFormat();
  const client = useClient();
  const errorText = useErrorText();
  const download = async (d: DocumentRow) => {
    try {
      const pdf = await client.call('billing.documentPdf', { documentId: d.id });
      const saved = await client.shell({ op: 'saveFile', suggestedName: pdf.fileName, base64: pdf.base64, mime: 'application/pdf' });
      if (saved) notifications.show({ color: 'teal', message: t('documents.saved', { label: d.label }) });
    } catch (e) {
      notifications.show({ color: 'red', title: errorText(e), message: '' });
    }
  };
  return (
    <Table striped withTableBorder data-testid="billing-documents">
      <Table.Thead><Table.Tr>
        <Table.Th>{t('documents.number')}</Table.Th><Table.Th>{t('documents.kind')}</Table.Th><Table.Th>{t('documents.issued')}</Table.Th>
        <Table.Th ta="right">{t('documents.total')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
      <Table.Tbody>
        {documents.map((d) => (
          <Table.Tr key={d.id} data-testid={`document-${d.label}`}>
            <Table.Td>{d.label}</Table.Td>
            <Table.Td>{t(`kinds.${d.kind}`)}{d.creditedBy !== null && <Badge ml="xs" color="gray" variant="light">{t('documents.corrected')}</Badge>}</Table.Td>
            <Table.Td>{f.date(d.issuedAt)}</Table.Td>
            <Table.Td ta="right">{money(d.totalCents, i18n.language)}</Table.Td>
            <Table.Td><Group gap="xs" justify="flex-end">
              <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} onClick={() => download(d)} data-testid={`download-${d.label}`}>{t('documents.download')}</Button>
              {actions?.(d)}
            </Group></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
