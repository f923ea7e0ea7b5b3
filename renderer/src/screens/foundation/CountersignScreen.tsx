import { Badge, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalView } from '../../../../shared/api/commands/approvals.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PassphraseField } from '../../components/PassphraseField.tsx';

/**
 * What one committee member asked and a second must countersign (issue 13): corrections of actual costs, payers whose
 * name is close to the union's or an employer's, new committee members. The member who asked can only withdraw.
 */
export function CountersignScreen() {
  const { t } = useTranslation('foundation');
  const { session } = useSession();
  const list = useCommand('countersign.list', { status: 'pending' });
  const done = useCommand('countersign.list', { status: 'all', limit: 30 });
  const reload = () => { list.reload(); done.reload(); };
  const committee = session.user.role === 'chair' || session.user.role === 'staff';
  return (
    <>
      <PageHeader title={t('countersign.title')} description={t('countersign.description')} />
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <EmptyState title={t('countersign.empty')} />}
      <Stack gap="sm" data-testid="countersign-pending">
        {list.data?.map((a) => <Pending key={a.id} a={a} mine={a.requestedBy.id === session.user.id} canDecide={committee} onDone={reload} />)}
      </Stack>
      {(done.data ?? []).some((a) => a.status !== 'pending') && (
        <Stack gap={4} mt="lg" data-testid="countersign-decided">
          <Text fw={600}>{t('countersign.decided')}</Text>
          {done.data!.filter((a) => a.status !== 'pending').map((a) => (
            <Text size="sm" key={a.id}>
              <Badge mr="xs" color={a.status === 'approved' ? 'teal' : 'gray'}>{t(`countersign.status.${a.status}`)}</Badge>
              {t(`countersign.kind.${a.kind}`)} · {t('countersign.askedBy', { name: a.requestedBy.name })} · {t('countersign.decidedBy', { name: a.decidedBy?.name ?? '' })} · {a.reason}
            </Text>
          ))}
        </Stack>
      )}
    </>
  );
}

function Pending({ a, mine, canDecide, onDone }: { a: ApprovalView; mine: boolean; canDecide: boolean; onDone: () => void }) {
  const { t } = useTranslation('foundation');
  const decide = useAction('countersign.decide');
  const [note, setNote] = useState('');
  const [pass, setPass] = useState('');
  const needsPass = a.kind === 'committeeMember' && !mine;
  const run = async (agree: boolean) => {
    const out = await decide.run({ countersignId: a.id, agree, ...(note.trim() ? { note: note.trim() } : {}), ...(needsPass && agree ? { oneTimePassphrase: pass } : {}) },
      { quiet: true, success: t(agree ? 'countersign.signed' : 'countersign.declined') });
    if (out) onDone();
  };
  return (
    <Card withBorder data-testid={`countersign-${a.id}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t(`countersign.kind.${a.kind}`)} · {a.subject}</Text>
        <Text size="sm" c="dimmed">{t('countersign.askedBy', { name: a.requestedBy.name })} · {a.requestedAt.slice(0, 16).replace('T', ' ')}</Text>
      </Group>
      <Text size="sm" mb="xs">{t('countersign.reason')}: {a.reason}</Text>
      {a.kind === 'payInstructions' ? <PayInstructionsSummary summary={a.summary} />
        : <Text size="xs" ff="monospace" mb="xs" style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(a.summary, null, 1)}</Text>}
      {canDecide && <Stack gap="xs">
        {!mine && <Textarea size="xs" label={t('countersign.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
        {needsPass && <PassphraseField label={t('countersign.oneTime')} value={pass} onChange={setPass} context={[String(a.summary['login'] ?? ''), String(a.summary['displayName'] ?? '')]} />}
        <ErrorAlert error={decide.error} />
        <Group justify="flex-end">
          {mine ? <>
            <Text size="sm" c="dimmed">{t('countersign.mine')}</Text>
            <Button variant="default" loading={decide.pending} onClick={() => void run(false)} data-testid={`countersign-withdraw-${a.id}`}>{t('countersign.withdraw')}</Button>
          </> : <>
            <Button variant="default" loading={decide.pending} onClick={() => void run(false)} data-testid={`countersign-decline-${a.id}`}>{t('countersign.decline')}</Button>
            <Button loading={decide.pending} disabled={needsPass && pass.length < 15} onClick={() => void run(true)} data-testid={`countersign-agree-${a.id}`}>{t('countersign.agree')}</Button>
          </>}
        </Group>
      </Stack>}
    </Card>
  );
}

type Instructions = { payee: string; mailTo: string | null; bankTransfer: string | null } | null;

/** New payment instructions in plain words: what candidates are told now, and what they would be told. */
function PayInstructionsSummary({ summary }: { summary: Record<string, unknown> }) {
  const { t } = useTranslation('foundation');
  const side = (title: string, i: Instructions, testid: string) => (
    <Stack gap={0} style={{ flex: 1 }} data-testid={testid}>
      <Text size="sm" fw={600}>{title}</Text>
      {i === null ? <Text size="sm" c="dimmed">{t('countersign.payInstructions.none')}</Text> : <>
        <Text size="sm">{t('countersign.payInstructions.payee')}: {i.payee}</Text>
        {i.mailTo && <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{t('countersign.payInstructions.mailTo')}: {i.mailTo}</Text>}
        {i.bankTransfer && <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{t('countersign.payInstructions.bank')}: {i.bankTransfer}</Text>}
      </>}
    </Stack>
  );
  return (
    <Stack gap={4} mb="xs">
      <Text size="sm">{String(summary['election'] ?? '')}</Text>
      <Group align="flex-start" grow>
        {side(t('countersign.payInstructions.before'), (summary['before'] ?? null) as Instructions, 'countersign-pay-before')}
        {side(t('countersign.payInstructions.after'), (summary['after'] ?? null) as Instructions, 'countersign-pay-after')}
      </Group>
    </Stack>
  );
}
