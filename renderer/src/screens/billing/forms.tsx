import { Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYER_TYPES, PAYMENT_METHODS, type PaymentMethod, type PayerType } from '../../../../shared/api/commands/billing.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../app/session.tsx';
import { money, parseCents, today } from './money.ts';

type Props = { candidateId: number; opened: boolean; onClose: () => void; onDone: () => void };

function MethodFields({ method, setMethod, reference, setReference }: { method: PaymentMethod; setMethod: (m: PaymentMethod) => void; reference: string; setReference: (s: string) => void }) {
  const { t } = useTranslation('billing');
  return (
    <>
      <Select label={t('payment.method')} data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`methods.${m}`) }))} value={method}
        onChange={(v) => v && setMethod(v as PaymentMethod)} allowDeselect={false} data-testid="payment-method" comboboxProps={{ withinPortal: true }} />
      <TextInput label={t(`payment.reference_${method}`)} value={reference} onChange={(e) => setReference(e.currentTarget.value)} data-testid="payment-reference" />
    </>
  );
}

export function PaymentModal({ candidateId, candidateName, opened, onClose, onDone }: Props & { candidateName?: string }) {
  const { t } = useTranslation('billing');
  const pay = useAction('billing.recordPayment');
  const [amount, setAmount] = useState('');
  const { session } = useSession();
  const [date, setDate] = useState(() => today(session.timeZone));
  const [method, setMethod] = useState<PaymentMethod>('check');
  const [reference, setReference] = useState('');
  const [payerType, setPayerType] = useState<PayerType>('candidate');
  const [payerName, setPayerName] = useState('');
  const cents = parseCents(amount);
  const ready = cents !== null && cents > 0 && reference.trim() && payerName.trim().length >= 2;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const r = await pay.run({ candidateId, amountCents: cents, receivedOn: date, method: { type: method, reference }, payer: { type: payerType, name: payerName } },
      { quiet: true, success: t('payment.recorded') });
    if (r) { setAmount(''); setReference(''); setPayerName(''); onDone(); }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={candidateName ? t('payment.titleFor', { name: candidateName }) : t('payment.title')}>
      <form onSubmit={submit}><Stack gap="sm">
        <TextInput label={t('payment.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} data-testid="payment-amount" autoFocus leftSection="$" />
        <TextInput label={t('payment.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="payment-date" />
        <MethodFields method={method} setMethod={setMethod} reference={reference} setReference={setReference} />
        <Select label={t('payment.payerType')} description={t('payment.payerHint')} data={PAYER_TYPES.map((p) => ({ value: p, label: t(`payers.${p}`) }))}
          value={payerType} onChange={(v) => v && setPayerType(v as PayerType)} allowDeselect={false} data-testid="payer-type" comboboxProps={{ withinPortal: true }} />
        <TextInput label={t('payment.payerName')} value={payerName} onChange={(e) => setPayerName(e.currentTarget.value)} data-testid="payer-name" />
        <ErrorAlert error={pay.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" disabled={!ready} loading={pay.pending} data-testid="payment-save">{t('payment.save')}</Button>
        </Group>
      </Stack></form>
    </Modal>
  );
}

export function RefundModal({ candidateId, candidateName, opened, onClose, onDone, max }: Props & { max: number; candidateName?: string }) {
  const { t, i18n } = useTranslation('billing');
  const refund = useAction('billing.recordRefund');
  const [amount, setAmount] = useState('');
  const { session } = useSession();
  const [date, setDate] = useState(() => today(session.timeZone));
  const [method, setMethod] = useState<PaymentMethod>('check');
  const [reference, setReference] = useState('');
  const cents = parseCents(amount);
  const ready = cents !== null && cents > 0 && reference.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const r = await refund.run({ candidateId, amountCents: cents, paidOn: date, method: { type: method, reference } }, { quiet: true, success: t('refund.recorded') });
    if (r) { setAmount(''); setReference(''); onDone(); }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={candidateName ? t('refund.titleFor', { name: candidateName }) : t('refund.title')}>
      <form onSubmit={submit}><Stack gap="sm">
        <TextInput label={t('refund.amount')} description={t('refund.max', { amount: money(max, i18n.language) })} value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)} data-testid="refund-amount" autoFocus leftSection="$" />
        <TextInput label={t('refund.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <MethodFields method={method} setMethod={setMethod} reference={reference} setReference={setReference} />
        <ErrorAlert error={refund.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" disabled={!ready} loading={refund.pending} data-testid="refund-save">{t('refund.save')}</Button>
        </Group>
      </Stack></form>
    </Modal>
  );
}

export function ActualsModal({ requestId, onClose, onDone }: { requestId: number | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const reconcile = useAction('billing.reconcile');
  const propose = useAction('billing.proposeCorrection');
  const [postage, setPostage] = useState('');
  const [sheets, setSheets] = useState<number | string>('');
  const [pieces, setPieces] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const cents = parseCents(postage);
  // Pieces and sheets come from the production job (issue 13 §5): other counts are a correction, with a reason, that a
  // second committee member countersigns before it counts.
  const correcting = typeof sheets === 'number' || typeof pieces === 'number' || reason.trim().length > 0;
  const ready = requestId !== null && cents !== null && (!correcting || reason.trim().length >= 3);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const counts = { ...(typeof sheets === 'number' ? { actualSheets: sheets } : {}), ...(typeof pieces === 'number' ? { actualPieces: pieces } : {}) };
    const r = correcting
      ? await propose.run({ requestId, actualPostageCents: cents, ...counts, reason: reason.trim() }, { quiet: true, success: t('actuals.proposed') })
      : await reconcile.run({ requestId, actualPostageCents: cents }, { quiet: true, success: t('actuals.done') });
    if (r) { setPostage(''); setSheets(''); setPieces(''); setReason(''); onDone(); }
  };
  return (
    <Modal opened={requestId !== null} onClose={onClose} title={t('actuals.title', { id: requestId ?? '' })}>
      <form onSubmit={submit}><Stack gap="sm">
        <TextInput label={t('actuals.postage')} description={t('actuals.postageHint')} value={postage} onChange={(e) => setPostage(e.currentTarget.value)} data-testid="actual-postage" autoFocus leftSection="$" />
        <Text size="sm" c="dimmed">{t('actuals.fromJob')}</Text>
        <NumberInput label={t('actuals.sheets')} value={sheets} onChange={setSheets} min={0} allowDecimal={false} data-testid="actual-sheets" />
        <NumberInput label={t('actuals.pieces')} description={t('actuals.piecesHint')} value={pieces} onChange={setPieces} min={0} allowDecimal={false} data-testid="actual-pieces" />
        {correcting && <Textarea label={t('actuals.reason')} description={t('actuals.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="actual-reason" />}
        <ErrorAlert error={reconcile.error ?? propose.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" disabled={!ready} loading={reconcile.pending || propose.pending} data-testid="actuals-save">{t(correcting ? 'actuals.propose' : 'actuals.save')}</Button>
        </Group>
      </Stack></form>
    </Modal>
  );
}
