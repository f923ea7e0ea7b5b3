import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconBuildingBank, IconCash, IconReceiptRefund } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisputeRow, DocumentRow } from '../../../../shared/api/commands/billing.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useFormat } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BlockedPayersPanel, CreditNoteModal } from './corrections.tsx';
import { PayerNamesPanel } from './PayerNames.tsx';
import { ActualsModal, PaymentModal, RefundModal } from './forms.tsx';
import { money } from './money.ts';
import { HowToPay, PaymentInstructionsMissing, PaymentInstructionsModal, PaymentInstructionsPending } from './HowToPay.tsx';
import { BalanceCards, DocumentsTable, RequestsTable } from './parts.tsx';

/** Staff, chair and auditor: one candidate's money at a time. Auditors read; only staff and chair record. */
export function BillingScreen() {
  const { t, i18n } = useTranslation('billing');
  const f = useFormat();
  const { session } = useSession();
  const canWrite = session.user.role === 'chair' || session.user.role === 'staff';
  const list = useCommand('billing.candidates', {});
  // The candidate chosen last stays chosen when the screen is opened again (a payment must never land on whichever
  // candidate happens to be first); only the id is kept, for this window's session.
  const [candidateId, setCandidateIdState] = useState<number | null>(() => rememberedCandidate());
  const setCandidateId = (id: number) => { setCandidateIdState(id); try { sessionStorage.setItem(REMEMBER_KEY, String(id)); } catch { /* storage off */ } };
  useEffect(() => {
    if (!list.data?.length) return;
    if (candidateId === null || !list.data.some((c) => c.id === candidateId)) setCandidateIdState(list.data[0]!.id);
  }, [candidateId, list.data]);
  const view = useCommand('billing.candidate', { candidateId: candidateId ?? 1 }, { enabled: candidateId !== null });
  const [paying, setPaying] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [actualsFor, setActualsFor] = useState<number | null>(null);
  const [answering, setAnswering] = useState<DisputeRow | null>(null);
  const [crediting, setCrediting] = useState<DocumentRow | null>(null);
  const [instructing, setInstructing] = useState(false);
  const quote = useAction('billing.issueQuoteInvoice');
  const reload = () => { view.reload(); list.reload(); };
  const v = view.data;

  return (
    <>
      <PageHeader title={t('title')} description={t('description')}
        actions={canWrite && v ? <>
          <Button leftSection={<IconCash size={16} />} onClick={() => setPaying(true)} data-testid="record-payment">{t('payment.title')}</Button>
          <Button variant="light" leftSection={<IconReceiptRefund size={16} />} onClick={() => setRefunding(true)} data-testid="record-refund"
            disabled={v.balance.refundableCents === 0}>{t('refund.title')}</Button>
          <Button variant="default" leftSection={<IconBuildingBank size={16} />} onClick={() => setInstructing(true)} data-testid="payment-instructions">{t('howToPay.button')}</Button>
        </> : undefined} />
      <ErrorAlert error={list.error ?? view.error} />
      {list.data && list.data.length === 0 && <EmptyState title={t('empty')} />}
      {list.data && list.data.length > 0 && (
        <Select label={t('candidate')} w={420} mb="md" data-testid="billing-candidate" allowDeselect={false} comboboxProps={{ withinPortal: true }}
          data={list.data.map((c) => ({ value: String(c.id), label: `${c.name} — ${c.electionName}${c.amountDueCents ? ` (${t('documents:money.amountDue')}: ${money(c.amountDueCents, i18n.language)})` : ''}` }))}
          value={candidateId === null ? null : String(candidateId)} onChange={(x) => x && setCandidateId(Number(x))} />
      )}
      {v && (
        <Stack gap="md">
          <BalanceCards balance={v.balance} />
          {canWrite && v.howToPay === null && <PaymentInstructionsMissing />}
          <HowToPay view={v} />
          <PaymentInstructionsPending view={v} />
          <Title order={4}>{t('requests.title')}</Title>
          {v.requests.length === 0 ? <Text c="dimmed">{t('requests.none')}</Text> : (
            <RequestsTable requests={v.requests} actions={canWrite ? (r) => <>
              {r.quoteCents !== null && r.quoteInvoiceId === null && ['quoted', 'signedOff', 'authorised'].includes(r.status) &&
                <Button size="xs" variant="default" loading={quote.pending} data-testid={`quote-invoice-${r.id}`}
                  onClick={async () => { if (await quote.run({ requestId: r.id }, { success: t('documents.issued_ok') })) reload(); }}>{t('requests.quoteInvoice')}</Button>}
              {['released', 'produced', 'mailed'].includes(r.status) && r.finalInvoiceId === null &&
                <Button size="xs" data-testid={`enter-actuals-${r.id}`} onClick={() => setActualsFor(r.id)}>{t('actuals.enter')}</Button>}
            </> : undefined} />
          )}
          <Title order={4}>{t('documents.title')}</Title>
          {v.documents.length === 0 ? <Text c="dimmed">{t('documents.none')}</Text> : <DocumentsTable documents={v.documents}
            actions={canWrite ? (d) => d.kind !== 'creditNote' && d.kind !== 'refund' && d.creditedBy === null
              ? <Button size="xs" variant="subtle" color="orange" onClick={() => setCrediting(d)} data-testid={`credit-${d.label}`}>{t('credit.button')}</Button> : null : undefined} />}
          <Title order={4}>{t('payments.title')}</Title>
          {v.payments.length === 0 ? <Text c="dimmed">{t('payments.none')}</Text> : (
            <Table withTableBorder data-testid="billing-payments">
              <Table.Tbody>
                {v.payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{f.date(p.receivedOn)}</Table.Td><Table.Td>{t(`methods.${p.method}`)} {p.reference}</Table.Td>
                    <Table.Td>{p.payerName} ({t(`payers.${p.payerType}`)})
                      {p.accountHolder && <Text size="xs" c="dimmed">{t('payments.holder', { name: p.accountHolder })}</Text>}
                      {p.payerReview !== 'none' && <Badge size="xs" variant="light" color={p.payerReview === 'approved' ? 'teal' : p.payerReview === 'pending' ? 'yellow' : 'red'}
                        data-testid={`payer-review-${p.id}`}>{t(`payments.review_${p.payerReview}`, { match: p.payerMatch ?? '' })}</Badge>}
                    </Table.Td><Table.Td ta="right">{money(p.amountCents, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
                {v.refunds.map((r) => (
                  <Table.Tr key={`r${r.id}`}>
                    <Table.Td>{f.date(r.paidOn)}</Table.Td><Table.Td>{t(`methods.${r.method}`)} {r.reference}</Table.Td>
                    <Table.Td>{t('payments.refund')}</Table.Td><Table.Td ta="right">−{money(r.amountCents, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={4}>{t('disputes.title')}</Title>
          {v.disputes.length === 0 ? <Text c="dimmed">{t('disputes.none')}</Text> : v.disputes.map((d) => (
            <Group key={d.id} justify="space-between" data-testid={`dispute-${d.id}`}>
              <Text size="sm">{d.documentLabel}, {t('disputes.line', { n: d.lineIndex + 1 })}: {d.note}{d.answer ? ` — ${d.answer}` : ''}</Text>
              {d.status === 'open' && canWrite && <Button size="xs" onClick={() => setAnswering(d)} data-testid={`answer-${d.id}`}>{t('disputes.answer')}</Button>}
            </Group>
          ))}
          <PaymentModal candidateId={v.candidate.id} candidateName={v.candidate.name} opened={paying} onClose={() => setPaying(false)} onDone={() => { setPaying(false); reload(); }} />
          <RefundModal candidateId={v.candidate.id} candidateName={v.candidate.name} max={v.balance.refundableCents} opened={refunding} onClose={() => setRefunding(false)} onDone={() => { setRefunding(false); reload(); }} />
          <ActualsModal requestId={actualsFor} candidateName={v.candidate.name} onClose={() => setActualsFor(null)} onDone={() => { setActualsFor(null); reload(); }} />
          <CreditNoteModal document={crediting} candidateName={v.candidate.name} onClose={() => setCrediting(null)} onDone={() => { setCrediting(null); reload(); }} />
          <PaymentInstructionsModal view={v} opened={instructing} onClose={() => setInstructing(false)} onDone={() => { setInstructing(false); reload(); }} />
          <AnswerModal dispute={answering} candidateName={v.candidate.name} document={v.documents.find((d) => d.id === answering?.documentId) ?? null} onClose={() => setAnswering(null)} onDone={() => { setAnswering(null); reload(); }} />
        </Stack>
      )}
      {canWrite && <Stack mt="xl"><PayerNamesPanel /><BlockedPayersPanel /></Stack>}
    </>
  );
}

/**
 * Staff answer one candidate's dispute. The title names the candidate and the first line the document, its line and
 * the request it bills, so an answer is not sent to the wrong candidate or about the wrong invoice.
 */
function AnswerModal({ dispute, candidateName, document, onClose, onDone }: {
  dispute: DisputeRow | null; candidateName: string; document: DocumentRow | null; onClose: () => void; onDone: () => void;
}) {
  const { t } = useTranslation('billing');
  const answer = useAction('billing.answerDispute');
  const [text, setText] = useState('');
  return (
    <Modal opened={dispute !== null} onClose={onClose} title={t('disputes.answerTitle', { name: candidateName })}>
      <form onSubmit={async (e) => { e.preventDefault(); if (dispute && text.trim() && await answer.run({ disputeId: dispute.id, answer: text }, { quiet: true })) { setText(''); onDone(); } }}>
        <Stack gap="sm">
          {dispute && (
            <Text size="sm" fw={600} data-testid="dispute-answer-about">
              {t('disputes.about', { document: dispute.documentLabel, line: t('disputes.line', { n: dispute.lineIndex + 1 }) })}
              {document?.requestId ? ` · ${t('disputes.forRequest', { id: document.requestId })}` : ''}
            </Text>
          )}
          <Text size="sm" c="dimmed">{t('disputes.theirNote', { name: candidateName })}</Text>
          <Text size="sm" data-testid="dispute-answer-note">{dispute?.note}</Text>
          <Textarea value={text} onChange={(e) => setText(e.currentTarget.value)} autoFocus data-testid="dispute-answer" />
          <ErrorAlert error={answer.error} />
          <Group justify="flex-end"><Button type="submit" disabled={!text.trim()} loading={answer.pending} data-testid="dispute-answer-save">{t('disputes.send')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

const REMEMBER_KEY = 'litdesk.billing.candidateId';
function rememberedCandidate(): number | null {
  try {
    const v = Number(sessionStorage.getItem(REMEMBER_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}
