import { Alert, Button, Card, Group, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateBilling } from '../../../../shared/api/commands/billing.ts';
import { useAction } from '../../app/client.tsx';
import { useFormat } from '../../app/format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WhyNot } from '../../components/WhyNot.tsx';
import { money } from './money.ts';

/**
 * "How to pay" (issue 16 §4), the same words as the invoice prints (documents:pay.*): to whom, where to send a check
 * or a transfer, the reference to write (the invoice numbers standing), the amount due, and that union money cannot
 * pay. Without instructions it says to ask the committee; the committee sees why and sets them.
 */
export function HowToPay({ view }: { view: CandidateBilling }) {
  const { t, i18n } = useTranslation('documents');
  const b = useTranslation('billing').t;
  const h = view.howToPay;
  const standing = view.documents.filter((d) => (d.kind === 'quoteInvoice' || d.kind === 'finalInvoice') && d.creditedBy === null).map((d) => d.label);
  const open = view.requests.filter((r) => r.quoteCents !== null && r.status !== 'withdrawn').map((r) => `${r.id}`);
  const reference = standing.length > 0 ? standing.join(', ') : b('howToPay.referenceNone', { name: view.candidate.name, ids: open.join(', #') || '—' });
  return (
    <Card withBorder padding="md" data-testid="how-to-pay">
      <Title order={4} mb="xs">{t('pay.title')}</Title>
      <Stack gap={4}>
        {h === null ? <Text data-testid="how-to-pay-ask">{t('pay.ask')}</Text> : <>
          <Text data-testid="how-to-pay-payee">{t('pay.payee', { payee: h.payee })}</Text>
          {h.mailTo && <Text data-testid="how-to-pay-mail" style={{ whiteSpace: 'pre-line' }}>{t('pay.mail', { address: h.mailTo })}</Text>}
          {h.bankTransfer && <Text data-testid="how-to-pay-bank" style={{ whiteSpace: 'pre-line' }}>{t('pay.bank', { details: h.bankTransfer })}</Text>}
          <Text data-testid="how-to-pay-reference">{t('pay.reference', { reference })}</Text>
        </>}
        <Text fw={700} data-testid="how-to-pay-amount">{t('pay.amount', { amount: money(view.balance.amountDueCents, i18n.language) })}</Text>
        <Text size="sm" data-testid="how-to-pay-union">{t('pay.noUnionMoney')}</Text>
      </Stack>
    </Card>
  );
}

/**
 * The committee asks for new payment instructions for one election; the core refuses the union as payee, and they
 * take effect only when a second committee member countersigns them (four eyes: no one person says whom to pay).
 */
export function PaymentInstructionsModal({ view, opened, onClose, onDone }: { view: CandidateBilling; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const save = useAction('billing.setPaymentInstructions');
  const [payee, setPayee] = useState('');
  const [mailTo, setMailTo] = useState('');
  const [bank, setBank] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (!opened) return;
    setPayee(view.howToPay?.payee ?? '');
    setMailTo(view.howToPay?.mailTo ?? '');
    setBank(view.howToPay?.bankTransfer ?? '');
    setReason('');
  }, [opened, view.howToPay]);
  const reasons = [
    ...(payee.trim().length < 2 ? [t('howToPay.payeeNeeded')] : []),
    ...(!mailTo.trim() && !bank.trim() ? [t('errors.billing.payHowMissing')] : []),
  ];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reasons.length > 0) return;
    const r = await save.run({ electionId: view.candidate.electionId, payee, mailTo: mailTo.trim() || null, bankTransfer: bank.trim() || null,
      ...(reason.trim() ? { reason: reason.trim() } : {}) }, { quiet: true, success: t('howToPay.asked') });
    if (r) onDone();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('howToPay.title', { election: view.candidate.electionName })} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('howToPay.payee')} description={t('howToPay.payeeHint')} value={payee} onChange={(e) => setPayee(e.currentTarget.value)}
            data-autofocus data-testid="pay-payee" />
          <Textarea label={t('howToPay.mailTo')} value={mailTo} onChange={(e) => setMailTo(e.currentTarget.value)} autosize minRows={2} data-testid="pay-mail" />
          <Textarea label={t('howToPay.bankTransfer')} value={bank} onChange={(e) => setBank(e.currentTarget.value)} autosize minRows={2} data-testid="pay-bank" />
          <Textarea label={t('howToPay.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} data-testid="pay-reason" />
          <Text size="sm" c="dimmed">{t('howToPay.hint')} {t('howToPay.fourEyes')}</Text>
          <ErrorAlert error={save.error} />
          <WhyNot reasons={reasons} testid="pay-why-not" />
          <Group justify="flex-end"><Button type="submit" disabled={reasons.length > 0} loading={save.pending} data-testid="pay-save">{t('howToPay.save')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Staff: the instructions are missing, so say what invoices will print and how to fix it. */
export function PaymentInstructionsMissing() {
  const { t } = useTranslation('billing');
  return <Alert color="orange" variant="light" data-testid="how-to-pay-missing"><Text size="sm" c="#9c3a0a">{t('howToPay.missing')}</Text></Alert>;
}

/** Committee and auditor: new instructions wait for a second committee member; says who asked, and what is in force meanwhile. */
export function PaymentInstructionsPending({ view }: { view: CandidateBilling }) {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const d = useTranslation('documents').t;
  const p = view.howToPayPending;
  if (!p) return null;
  return (
    <Alert color="yellow" variant="light" data-testid="how-to-pay-pending">
      <Text size="sm">{t(view.howToPay === null ? 'howToPay.pendingFirst' : 'howToPay.pending', { name: p.requestedBy.name, date: f.when(p.requestedAt) })}</Text>
      <Text size="sm" data-testid="how-to-pay-pending-payee">{d('pay.payee', { payee: p.payee })}</Text>
      {p.mailTo && <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{d('pay.mail', { address: p.mailTo })}</Text>}
      {p.bankTransfer && <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{d('pay.bank', { details: p.bankTransfer })}</Text>}
    </Alert>
  );
}
