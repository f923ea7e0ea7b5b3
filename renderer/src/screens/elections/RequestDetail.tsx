import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconCheck, IconDownload, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../app/format.ts';
import type { ProofView, RequestView } from '../../../../shared/api/commands/elections.ts';
import { useAction, useClient, useErrorText } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { InstructionButton } from './InstructionButton.tsx';
import { ConfirmStep } from '../../components/ConfirmStep.tsx';
import { ProofPanel } from './ProofPanel.tsx';
import { EmailProofPanel } from './EmailProofPanel.tsx';
import type { EmailProofView } from '../../../../shared/api/commands/email.ts';
import { money } from './shared.tsx';
import { formatRate } from '../../../../shared/domain/money.ts';

export function StatusBadge({ status }: { status: RequestView['status'] }) {
  const { t } = useTranslation('elections');
  const color = status === 'withdrawn' ? 'gray' : status === 'quoted' ? 'blue' : status === 'signedOff' ? 'cyan' : status === 'authorised' ? 'teal' : 'green';
  return <Badge color={color} variant="light" data-testid="request-status">{t(`status.${status}`)}</Badge>;
}

export function RequestDetail({ request, onClose, onChanged }: { request: RequestView; onClose: () => void; onChanged: (r: RequestView) => void }) {
  const { t, i18n } = useTranslation('elections');
  const f = useFormat();
  const { session } = useSession();
  const client = useClient();
  const errorText = useErrorText();
  const role = session.user.role;
  const [printProof, setProof] = useState<ProofView | null>(null);
  // An email request's proof is the message as sent (issue 17); its hash is what the candidate signs off.
  const [emailProof, setEmailProof] = useState<EmailProofView | null>(null);
  const proof: { sha256: string } | null = emailProof ?? printProof;
  const [proofError, setProofError] = useState<unknown>(null);
  const [loadingProof, setLoadingProof] = useState(false);
  const signOff = useAction('requests.signOff');
  const authorise = useAction('requests.authorise');
  const release = useAction('requests.release');
  const withdraw = useAction('requests.withdraw');
  const tell = useAction('requests.tellChair');
  const requote = useAction('requests.requote');
  const hold = useAction('requests.hold');
  const endHold = useAction('requests.endHold');
  const [holdReason, setHoldReason] = useState('');
  const [lateReason, setLateReason] = useState('');
  const m = (c: number) => money(c, i18n.language);
  const r = request;

  const viewProof = async () => {
    setLoadingProof(true);
    setProofError(null);
    try {
      if (r.channel === 'email') setEmailProof(await client.call('email.proof', { requestId: r.id }));
      else setProof(await client.call('requests.proof', { requestId: r.id }));
    } catch (e) { setProofError(e); } finally { setLoadingProof(false); }
  };
  const after = (out: RequestView | undefined) => { setConfirm(null); if (out) onChanged(out); };
  // Sign-off, authorise and release cannot be taken back: each asks first, saying what happens and to whom (issue 16 §6).
  const [confirm, setConfirm] = useState<'signOff' | 'authorise' | 'release' | null>(null);
  const pieces = r.quote ? r.quote.pieces.toLocaleString(i18n.language) : '';
  const amount = r.quote ? m(r.quote.totalCents) : '';
  const channel = t(`mailClass.${r.channel}`);
  const jobWho = t('requests.confirm.jobWho', { name: r.candidateName, pieces, channel, amount });

  return (
    <Modal opened onClose={onClose} title={t('requests.detailTitle', { id: r.id, name: r.candidateName })} size="xl">
      <Stack gap="sm" data-testid="request-detail">
        <Group gap="xs"><StatusBadge status={r.status} /><Text size="sm" c="dimmed">{t('requests.receivedAt', { at: f.when(r.receivedAt), position: r.queuePosition })}</Text></Group>
        <Text size="sm">{t('requests.summary', { file: r.literature.fileName, pages: r.literature.pages, channel: t(`mailClass.${r.channel}`), date: r.requestedMailingDate })}</Text>
        <Text size="sm" data-testid="request-audience-name">{t('requests.audienceLine', { name: r.audienceName ?? t(`audience.${r.audience.kind}`) })}</Text>
        {r.literature.removed.length > 0 && <Alert color="blue" variant="light">{t('requests.removed', { items: r.literature.removed.join(', ') })}</Alert>}
        {r.quote && (
          <>
            <Group gap="xs"><Text fw={600}>{t('quote.title')}</Text><Badge variant="outline" data-testid="quote-version">{t('quote.version', { version: r.quote.rateCardVersion })}</Badge>
              <Text size="sm" c="dimmed">{r.channel === 'email' ? t('quote.basisEmail', { pieces: r.quote.pieces }) : t('quote.basis', { pieces: r.quote.pieces, pages: r.quote.pagesPerPiece, sheets: r.quote.sheetsPerPiece })}</Text></Group>
            <Table fz="sm" withTableBorder data-testid="quote-table">
              <Table.Thead><Table.Tr><Table.Th>{t('quote.item')}</Table.Th><Table.Th ta="right">{t('quote.quantity')}</Table.Th><Table.Th ta="right">{t('quote.rate')}</Table.Th><Table.Th ta="right">{t('quote.amount')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {r.quote.lines.map((l) => (
                  <Table.Tr key={l.item}>
                    <Table.Td>{l.item.startsWith('other:') ? l.item.slice(6) : t(`quote.items.${l.item.replace('.', '_')}`)}</Table.Td>
                    <Table.Td ta="right">{f.num(l.quantity)} {t(`unit.${l.unit}`)}</Table.Td>
                    <Table.Td ta="right">{formatRate(l.rateCents, i18n.language)}{l.unit === 'minute' ? ` / ${t('unit.hour')}` : ''}</Table.Td>
                    <Table.Td ta="right">{m(l.amountCents)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr><Table.Td colSpan={3} fw={700}>{t('quote.total')}</Table.Td><Table.Td ta="right" fw={700} data-testid="quote-total">{m(r.quote.totalCents)}</Table.Td></Table.Tr>
              </Table.Tbody>
            </Table>
            {r.shortfallCents !== null && r.shortfallCents > 0 && <Text size="sm" c="orange">{t('quote.shortfall', { amount: m(r.shortfallCents) })}</Text>}
          </>
        )}
        <Group>
          <Button variant="light" leftSection={<IconEye size={16} />} loading={loadingProof} onClick={viewProof} data-testid="proof-view">{t('proof.view')}</Button>
          {printProof && <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="proof-save"
            onClick={() => client.shell({ op: 'saveFile', suggestedName: `proof-request-${r.id}.pdf`, base64: printProof.base64, mime: 'application/pdf' })}>{t('proof.save')}</Button>}
        </Group>
        {proofError !== null && <Alert color="red">{errorText(proofError)}</Alert>}
        {printProof && <ProofPanel proof={printProof} />}
        {emailProof && <EmailProofPanel proof={emailProof} />}
        <Group justify="flex-end" mt="sm">
          {(r.status === 'received' || r.status === 'quoted') && role !== 'auditor' &&
            <Button variant="default" loading={requote.pending} onClick={async () => after(await requote.run({ requestId: r.id }))}>{t('requests.requote')}</Button>}
          {['received', 'quoted', 'signedOff', 'authorised'].includes(r.status) && role === 'candidate' &&
            <Button variant="default" color="red" loading={withdraw.pending} data-testid="request-withdraw"
              onClick={async () => { if (window.confirm(t('requests.confirmWithdraw'))) after(await withdraw.run({ requestId: r.id })); }}>{t('requests.withdraw')}</Button>}
          {['received', 'quoted', 'signedOff', 'authorised'].includes(r.status) && (role === 'chair' || role === 'staff') &&
            <InstructionButton candidateId={r.candidateId} instruction={{ kind: 'withdrawRequest', requestId: r.id }} onDone={onClose} />}
          {role === 'candidate' && r.status === 'quoted' && (
            <Button leftSection={<IconCheck size={16} />} disabled={!proof} data-testid="proof-sign-off" onClick={() => proof && setConfirm('signOff')}>
              {proof ? t('requests.signOff') : t('requests.viewBeforeSignOff')}
            </Button>
          )}
          {role === 'chair' && r.status === 'signedOff' &&
            <Button data-testid="request-authorise" onClick={() => setConfirm('authorise')}>{t('requests.authorise')}</Button>}
          {role === 'staff' && (r.status === 'signedOff' || r.status === 'authorised') && r.shortfallCents === 0 &&
            <Button variant="light" loading={tell.pending} data-testid="request-tell-chair"
              onClick={() => void tell.run({ requestId: r.id }, { success: t('ready.told') })}>{t('ready.tell')}</Button>}
          {(role === 'chair' || role === 'staff') && r.status === 'authorised' &&
            <Button data-testid="request-release" onClick={() => setConfirm('release')}>{t('requests.release')}</Button>}
        </Group>
        <ErrorAlert error={release.error} />
        {/* Holds and late releases carry a technical reason every candidate sees in the equal-treatment report (issue 14 §4). */}
        {r.hold && (
          <Alert color="orange" data-testid="request-hold">
            <Group justify="space-between">
              <Text size="sm">{t('requests.heldSince', { at: f.when(r.hold.heldAt), reason: r.hold.reason })}</Text>
              {(role === 'chair' || role === 'staff') && <Button size="xs" variant="default" loading={endHold.pending} data-testid="request-end-hold"
                onClick={async () => { const out = await endHold.run({ requestId: r.id }); if (out) onChanged(out); }}>{t('requests.endHold')}</Button>}
            </Group>
          </Alert>
        )}
        {!r.hold && (role === 'chair' || role === 'staff') && ['received', 'quoted', 'signedOff', 'authorised'].includes(r.status) && (
          <Group align="flex-end">
            <TextInput label={t('requests.holdReason')} value={holdReason} onChange={(e) => setHoldReason(e.currentTarget.value)} maxLength={1000} w={420} data-testid="request-hold-reason" />
            <Button variant="default" disabled={!holdReason.trim()} loading={hold.pending} data-testid="request-hold-go"
              onClick={async () => { const out = await hold.run({ requestId: r.id, reason: holdReason.trim() }); if (out) { setHoldReason(''); onChanged(out); } }}>{t('requests.hold')}</Button>
          </Group>
        )}
        <ErrorAlert error={hold.error ?? endHold.error} />
        {(role === 'chair' || role === 'staff') && r.status === 'authorised' && (
          <Textarea label={t('requests.lateReason')} description={t('requests.lateReasonHint')} value={lateReason} autosize minRows={1} maxLength={1000}
            onChange={(e) => setLateReason(e.currentTarget.value)} data-testid="request-late-reason" />
        )}
      </Stack>
      <ConfirmStep opened={confirm === 'signOff'} onClose={() => setConfirm(null)} testid="confirm-sign-off" loading={signOff.pending}
        title={t('requests.confirm.signOffTitle')} confirm={t('requests.confirm.signOffGo')}
        happens={[t('requests.confirm.signOffFixed'), t('requests.confirm.signOffNext', { amount })]}
        who={t('requests.confirm.signOffWho', { pieces, channel })}
        onConfirm={async () => proof && after(await signOff.run({ requestId: r.id, proofSha256: proof.sha256 }, { success: t('requests.signedOff') }))} />
      <ConfirmStep opened={confirm === 'authorise'} onClose={() => setConfirm(null)} testid="confirm-authorise" loading={authorise.pending}
        title={t('requests.confirm.authoriseTitle', { id: r.id })} confirm={t('requests.confirm.authoriseGo')}
        happens={[t('requests.confirm.authoriseWhat')]} who={jobWho}
        onConfirm={async () => after(await authorise.run({ requestId: r.id }))} />
      <ConfirmStep opened={confirm === 'release'} onClose={() => setConfirm(null)} testid="confirm-release" loading={release.pending}
        title={t('requests.confirm.releaseTitle', { id: r.id })} confirm={t('requests.confirm.releaseGo')}
        happens={[t('requests.confirm.releaseWhat'), t('requests.confirm.releaseMoney', { amount })]} who={jobWho}
        blocked={r.shortfallCents !== null && r.shortfallCents > 0 ? [t('requests.confirm.releaseShort', { amount: m(r.shortfallCents) })] : []}
        onConfirm={async () => after(await release.run({ requestId: r.id, ...(lateReason.trim() ? { lateReason: lateReason.trim() } : {}) }))} />
    </Modal>
  );
}
