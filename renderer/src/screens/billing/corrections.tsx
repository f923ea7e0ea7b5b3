import { ActionIcon, Button, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRow } from '../../../../shared/api/commands/billing.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { parseCents } from './money.ts';
import { ProtectedNameSwitch } from './ProtectedNameSwitch.tsx';

/**
 * A correction never edits an issued document: it issues a credit note that references it. A final invoice is
 * replaced in the same step by one computed from the corrected actuals at the rate card, so no correction can turn
 * into a discount (issue 6, rule 5).
 */
export function CreditNoteModal({ document, candidateName, onClose, onDone }: { document: DocumentRow | null; candidateName: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('billing');
  const credit = useAction('billing.creditNote');
  const propose = useAction('billing.proposeCorrection');
  const [reason, setReason] = useState('');
  const [postage, setPostage] = useState('');
  const [sheets, setSheets] = useState<number | string>('');
  const [pieces, setPieces] = useState<number | string>('');
  const isFinal = document?.kind === 'finalInvoice';
  const cents = parseCents(postage);
  const ready = document !== null && reason.trim().length > 0 && (!isFinal || cents !== null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || !document) return;
    const counts = { ...(typeof sheets === 'number' ? { actualSheets: sheets } : {}), ...(typeof pieces === 'number' ? { actualPieces: pieces } : {}) };
    // Counts other than the production job's replace a final invoice only with a second member's countersignature.
    const r = isFinal && cents !== null && Object.keys(counts).length > 0 && document.requestId !== null
      ? await propose.run({ requestId: document.requestId, actualPostageCents: cents, ...counts, reason: reason.trim() }, { quiet: true, success: t('actuals.proposed') })
      : await credit.run({ documentId: document.id, reason: reason.trim(), ...(isFinal && cents !== null ? { corrected: { actualPostageCents: cents } } : {}) }, { quiet: true, success: t('credit.done') });
    if (r) { setReason(''); setPostage(''); setSheets(''); setPieces(''); onDone(); }
  };
  return (
    <Modal opened={document !== null} onClose={onClose} title={t('credit.title', { label: document?.label ?? '', name: candidateName })}>
      <form onSubmit={submit}><Stack gap="sm">
        <Text size="sm" c="dimmed">{t(isFinal ? 'credit.hintFinal' : 'credit.hint')}</Text>
        <Textarea label={t('credit.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autoFocus data-testid="credit-reason" />
        {isFinal && <>
          <TextInput label={t('actuals.postage')} value={postage} onChange={(e) => setPostage(e.currentTarget.value)} leftSection="$" data-testid="credit-postage" />
          <NumberInput label={t('actuals.sheets')} value={sheets} onChange={setSheets} min={0} allowDecimal={false} data-testid="credit-sheets" />
          <NumberInput label={t('actuals.pieces')} description={t('actuals.piecesHint')} value={pieces} onChange={setPieces} min={0} allowDecimal={false} data-testid="credit-pieces" />
          <Text size="xs" c="dimmed">{t('actuals.fromJob')}</Text>
        </>}
        <ErrorAlert error={credit.error ?? propose.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" color="orange" disabled={!ready} loading={credit.pending} data-testid="credit-save">{t('credit.save')}</Button>
        </Group>
      </Stack></form>
    </Modal>
  );
}

/** Payers the committee must refuse (LMRDA 401(g)): employers and union bodies, kept by the chair. */
export function BlockedPayersPanel() {
  const { t } = useTranslation('billing');
  const { session } = useSession();
  const isChair = session.user.role === 'chair';
  const list = useCommand('billing.blockedPayers', {});
  const add = useAction('billing.blockPayer');
  const toggle = useAction('billing.setPayerBlock');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'employer' | 'unionBody'>('employer');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim().length < 2) return;
    if (await add.run({ kind, name: name.trim() }, { success: t('blocked.added') })) { setName(''); list.reload(); }
  };
  return (
    <Stack gap="xs" data-testid="blocked-payers">
      <Title order={4}>{t('blocked.title')}</Title>
      <Text size="sm" c="dimmed">{t('blocked.hint')}</Text>
      <ErrorAlert error={list.error} />
      {list.data && list.data.length > 0 && (
        <Table withTableBorder fz="sm">
          <Table.Tbody>
            {list.data.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td><Table.Td>{t(`blocked.${p.kind}`)}</Table.Td>
                <Table.Td w={140}>
                  <ProtectedNameSwitch name={p.name} active={p.active} disabled={!isChair} labels={{ on: t('blocked.active'), off: t('blocked.inactive') }}
                    onSwitch={(input) => toggle.run({ id: p.id, ...input })} onDone={list.reload} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {isChair && (
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs">
            <TextInput label={t('blocked.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} data-testid="blocked-name" />
            <Button.Group>
              <Button variant={kind === 'employer' ? 'filled' : 'default'} onClick={() => setKind('employer')}>{t('blocked.employer')}</Button>
              <Button variant={kind === 'unionBody' ? 'filled' : 'default'} onClick={() => setKind('unionBody')}>{t('blocked.unionBody')}</Button>
            </Button.Group>
            <Tooltip label={t('blocked.add')}>
              <ActionIcon type="submit" size="lg" aria-label={t('blocked.add')} loading={add.pending} data-testid="blocked-add"><IconPlus size={18} /></ActionIcon>
            </Tooltip>
          </Group>
        </form>
      )}
    </Stack>
  );
}
