import { Button, Group, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRow } from '../../../../shared/api/commands/billing.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useFormat } from '../../app/format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { money } from './money.ts';
import { HowToPay } from './HowToPay.tsx';
import { BalanceCards, DocumentsTable, lineLabel, RequestsTable } from './parts.tsx';

/** A candidate's own money: requests, quotes, documents, payments, balance; a line can be disputed with a note. */
export function MyBillingScreen() {
  const { t, i18n } = useTranslation('billing');
  const f = useFormat();
  const view = useCommand('billing.candidate', {});
  const [disputing, setDisputing] = useState<DocumentRow | null>(null);
  const v = view.data;
  return (
    <>
      <PageHeader title={t('mine.title')} description={t('mine.description')} />
      <ErrorAlert error={view.error} />
      {v && (
        <Stack gap="md">
          <Text fw={600} data-testid="my-name">{v.candidate.name} — {v.candidate.electionName}</Text>
          <BalanceCards balance={v.balance} mine />
          <HowToPay view={v} />
          <Title order={4}>{t('requests.title')}</Title>
          {v.requests.length === 0 ? <Text c="dimmed">{t('requests.none')}</Text> : <RequestsTable requests={v.requests} />}
          <Title order={4}>{t('documents.title')}</Title>
          {v.documents.length === 0 ? <Text c="dimmed">{t('documents.none')}</Text> : (
            <DocumentsTable documents={v.documents} actions={(d) =>
              <Button size="xs" variant="subtle" color="orange" onClick={() => setDisputing(d)} data-testid={`dispute-${d.label}`}>{t('disputes.open')}</Button>} />
          )}
          <Title order={4}>{t('payments.title')}</Title>
          {v.payments.length === 0 ? <Text c="dimmed">{t('payments.none')}</Text> : (
            <Table withTableBorder data-testid="my-payments"><Table.Tbody>
              {v.payments.map((p) => <Table.Tr key={p.id}><Table.Td>{f.date(p.receivedOn)}</Table.Td><Table.Td>{t(`methods.${p.method}`)} {p.reference}</Table.Td><Table.Td ta="right">{money(p.amountCents, i18n.language)}</Table.Td></Table.Tr>)}
              {v.refunds.map((r) => <Table.Tr key={`r${r.id}`}><Table.Td>{f.date(r.paidOn)}</Table.Td><Table.Td>{t('payments.refund')}</Table.Td><Table.Td ta="right">−{money(r.amountCents, i18n.language)}</Table.Td></Table.Tr>)}
            </Table.Tbody></Table>
          )}
          <Title order={4}>{t('disputes.title')}</Title>
          {v.disputes.length === 0 ? <Text c="dimmed">{t('disputes.none')}</Text> : v.disputes.map((d) => (
            <Text key={d.id} size="sm" data-testid={`my-dispute-${d.id}`}>{d.documentLabel}, {t('disputes.line', { n: d.lineIndex + 1 })}: {d.note} — {d.answer ?? t('disputes.waiting')}</Text>
          ))}
          <DisputeModal doc={disputing} onClose={() => setDisputing(null)} onDone={() => { setDisputing(null); view.reload(); }} />
        </Stack>
      )}
    </>
  );
}

function DisputeModal({ doc, onClose, onDone }: { doc: DocumentRow | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const dispute = useAction('billing.dispute');
  const [line, setLine] = useState('0');
  const [note, setNote] = useState('');
  const lines = doc && doc.lines.length > 0 ? doc.lines.map((l, i) => ({ value: String(i), label: `${lineLabel(t, l)}` })) : [{ value: '0', label: t('disputes.whole') }];
  return (
    <Modal opened={doc !== null} onClose={onClose} title={t('disputes.openTitle', { label: doc?.label ?? '' })}>
      <form onSubmit={async (e) => { e.preventDefault(); if (doc && note.trim() && await dispute.run({ documentId: doc.id, lineIndex: Number(line), note }, { quiet: true, success: t('disputes.sent') })) { setNote(''); onDone(); } }}>
        <Stack gap="sm">
          <Select label={t('disputes.lineLabel')} data={lines} value={line} onChange={(x) => x && setLine(x)} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="dispute-line" />
          <Textarea label={t('disputes.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autoFocus data-testid="dispute-note" />
          <ErrorAlert error={dispute.error} />
          <Group justify="flex-end"><Button type="submit" disabled={!note.trim()} loading={dispute.pending} data-testid="dispute-send">{t('disputes.send')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
