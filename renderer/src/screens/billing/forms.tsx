import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYER_TYPES, PAYMENT_METHODS, type PayerCheck, type PaymentMethod, type PayerType } from '../../../../shared/api/commands/billing.ts';
import { useAction, useClient } from '../../app/client.tsx';
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

/**
 * Records a payment. The payer and the account holder (as written on the check or transfer) are checked by the core
 * before anything is recorded (issue 16 §4): a payer who is neither the candidate nor a supporter who paid before asks
 * for a confirmation; a payer close to a name that may not pay needs a note for the second committee member who
 * reviews it (issue 13 §6); the core still decides, and refuses a union's or an employer's money outright.
 */
export function PaymentModal({ candidateId, candidateName, opened, onClose, onDone }: Props & { candidateName?: string }) {
  const { t } = useTranslation('billing');
  const pay = useAction('billing.recordPayment');
  const client = useClient();
  const [amount, setAmount] = useState('');
  const { session } = useSession();
  const [date, setDate] = useState(() => today(session.timeZone));
  const [method, setMethod] = useState<PaymentMethod>('check');
  const [reference, setReference] = useState('');
  const [payerType, setPayerType] = useState<PayerType>('candidate');
  const [payerName, setPayerName] = useState('');
  const [accountHolder, setAccountHolder] = useState('');
  const [note, setNote] = useState('');
  const [check, setCheck] = useState<PayerCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const cents = parseCents(amount);
  const ready = cents !== null && cents > 0 && reference.trim() && payerName.trim().length >= 2 && accountHolder.trim().length >= 2;
  const reset = () => { setAmount(''); setReference(''); setPayerName(''); setAccountHolder(''); setNote(''); setCheck(null); };
  // Any change to who paid asks again.
  const edit = (set: (v: string) => void) => (e: { currentTarget: { value: string } }) => { set(e.currentTarget.value); setCheck(null); };
  const record = async (reviewNote?: string) => {
    if (cents === null) return;
    const r = await pay.run({ candidateId, amountCents: cents, receivedOn: date, method: { type: method, reference },
      payer: { type: payerType, name: payerName, accountHolder }, ...(reviewNote ? { reviewNote } : {}) },
    { quiet: true, success: reviewNote ? t('payment.recordedForReview') : t('payment.recorded') });
    if (r) { reset(); onDone(); }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    if (check === null) {
      setChecking(true);
      try {
        const c = await client.call('billing.checkPayer', { candidateId, name: payerName, accountHolder });
        // Clear and known: nothing to ask. Refused: the core says so when asked to record (and records nothing).
        if ((c.status === 'clear' && c.known) || c.status === 'refused') await record();
        else setCheck(c);
      } finally { setChecking(false); }
      return;
    }
    if (check.status === 'review') { if (note.trim().length >= 3) await record(note.trim()); return; }
    await record();
  };
  const asking = check !== null && check.status !== 'refused';
  return (
    <Modal opened={opened} onClose={onClose} title={candidateName ? t('payment.titleFor', { name: candidateName }) : t('payment.title')}>
      <form onSubmit={submit}><Stack gap="sm">
        <TextInput label={t('payment.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} data-testid="payment-amount" autoFocus leftSection="$" />
        <TextInput label={t('payment.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="payment-date" />
        <MethodFields method={method} setMethod={setMethod} reference={reference} setReference={setReference} />
        <Select label={t('payment.payerType')} description={t('payment.payerHint')} data={PAYER_TYPES.map((p) => ({ value: p, label: t(`payers.${p}`) }))}
          value={payerType} onChange={(v) => { if (v) { setPayerType(v as PayerType); setCheck(null); } }} allowDeselect={false} data-testid="payer-type" comboboxProps={{ withinPortal: true }} />
        <TextInput label={t('payment.payerName')} value={payerName} onChange={edit(setPayerName)} data-testid="payer-name" />
        <TextInput label={t('payment.accountHolder')} description={t('payment.accountHolderHint')} value={accountHolder} onChange={edit(setAccountHolder)} data-testid="account-holder" />
        {asking && check.status === 'clear' && (
          <Alert color="yellow" data-testid="payer-confirm">
            {t('payment.unknownPayer', { payer: payerName, holder: accountHolder, candidate: candidateName ?? '' })}
          </Alert>
        )}
        {asking && check.status === 'review' && (
          <Alert color="orange" data-testid="payer-review">
            <Stack gap="xs">
              <Text size="sm">{check.match ? t('payment.closeTo', { match: check.match.name }) : t('payment.unionLike')}</Text>
              <Textarea label={t('payment.reviewNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="payer-review-note" autosize minRows={2} />
            </Stack>
          </Alert>
        )}
        <ErrorAlert error={pay.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={asking ? () => setCheck(null) : onClose}>{asking ? t('payment.back') : t('common:cancel')}</Button>
          <Button type="submit" disabled={!ready || (check?.status === 'review' && note.trim().length < 3)} loading={pay.pending || checking} data-testid="payment-save">
            {!asking ? t('payment.save') : check.status === 'review' ? t('payment.saveForReview') : t('payment.confirmSave')}
          </Button>
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
  const [payee, setPayee] = useState(candidateName ?? '');
  const cents = parseCents(amount);
  const ready = cents !== null && cents > 0 && reference.trim() && payee.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const r = await refund.run({ candidateId, amountCents: cents, paidOn: date, method: { type: method, reference }, payee: payee.trim() }, { quiet: true, success: t('refund.recorded') });
    if (r) { setAmount(''); setReference(''); onDone(); }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={candidateName ? t('refund.titleFor', { name: candidateName }) : t('refund.title')}>
      <form onSubmit={submit}><Stack gap="sm">
        <TextInput label={t('refund.amount')} description={t('refund.max', { amount: money(max, i18n.language) })} value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)} data-testid="refund-amount" autoFocus leftSection="$" />
        <TextInput label={t('refund.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <MethodFields method={method} setMethod={setMethod} reference={reference} setReference={setReference} />
        <TextInput label={t('refund.payee')} description={t('refund.payeeHint')} value={payee} onChange={(e) => setPayee(e.currentTarget.value)} data-testid="refund-payee" />
        <ErrorAlert error={refund.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" disabled={!ready} loading={refund.pending} data-testid="refund-save">{t('refund.save')}</Button>
        </Group>
      </Stack></form>
    </Modal>
  );
}

export function ActualsModal({ requestId, candidateName, onClose, onDone }: { requestId: number | null; candidateName: string; onClose: () => void; onDone: () => void }) {
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
    <Modal opened={requestId !== null} onClose={onClose} title={t('actuals.title', { id: requestId ?? '', name: candidateName })}>
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
