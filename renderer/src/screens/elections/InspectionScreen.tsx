import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconEye, IconGift } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectionSession } from '../../../../shared/api/commands/elections.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { InspectionSessionView } from './InspectionSessionView.tsx';
import { ElectionPicker, useElectionChoice } from './shared.tsx';

/**
 * 401(c) list inspections (29 CFR 452.71): the candidate opens their own, signed in as themselves (issue 13); the
 * committee sees who has inspected and grants extra access, but cannot open a session for anyone.
 */
export function InspectionScreen() {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const choice = useElectionChoice();
  const e = choice.election;
  const status = useCommand('inspection.status', { electionId: e?.id ?? 0 }, { enabled: e !== null });
  const start = useAction('inspection.start');
  const [active, setActive] = useState<InspectionSession | null>(null);
  const [granting, setGranting] = useState<{ id: number; name: string } | null>(null);
  const current = active ?? status.data?.activeSession ?? null;
  const mine = session.user.role === 'candidate';

  if (current && mine) return <InspectionSessionView session={current} onEnded={() => { setActive(null); status.reload(); }} />;
  const w = status.data?.window;
  return (
    <>
      <PageHeader title={t('inspection.title')} description={t('inspection.description')} />
      <ElectionPicker choice={choice} />
      <ErrorAlert error={status.error ?? choice.list.error} />
      {choice.list.data?.length === 0 && <EmptyState title={t('elections.empty')} />}
      {w && <Alert color={w.open ? 'teal' : 'orange'} mb="md" data-testid="inspection-window">{t(w.open ? 'inspection.windowOpen' : 'inspection.windowClosed', { opens: w.opens, closes: w.closesBefore, minutes: status.data?.minutes })}</Alert>}
      {session.user.role !== 'candidate' && <Alert color="blue" mb="md" data-testid="inspection-own-session">{t('inspection.candidateOnly')}</Alert>}
      {status.data && status.data.candidates.length === 0 && <EmptyState title={t('candidates.empty')} />}
      {status.data && status.data.candidates.length > 0 && (
        <Table data-testid="inspection-candidates">
          <Table.Thead><Table.Tr><Table.Th>{t('candidates.name')}</Table.Th><Table.Th>{t('inspection.used')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {status.data.candidates.map((c) => (
              <Table.Tr key={c.candidateId} data-testid={`inspection-row-${c.candidateId}`}>
                <Table.Td>{c.fullName}</Table.Td>
                <Table.Td>
                  {c.used ? <Badge color="gray">{t('inspection.usedOn', { date: c.usedAt?.slice(0, 10) })}</Badge> : <Badge color="blue">{t('inspection.available')}</Badge>}
                  {c.extraOffers.map((o) => <Badge key={o.offerId} ml={4} variant="outline" color={o.response === 'accepted' ? 'teal' : 'gray'}>{t('inspection.offer', { response: t(`notices.response.${o.response}`) })}</Badge>)}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    {!c.used && mine && <Button size="xs" leftSection={<IconEye size={14} />} loading={start.pending} data-testid={`inspection-start-${c.candidateId}`}
                      onClick={async () => { const s = await start.run({ candidateId: c.candidateId }); if (s) setActive(s); }}>{t('inspection.start')}</Button>}
                    {mine && c.extraOffers.filter((o) => o.response === 'accepted' && !o.used).map((o) => (
                      <Button key={o.offerId} size="xs" variant="light" onClick={async () => { const s = await start.run({ candidateId: c.candidateId, grantId: o.grantId }); if (s) setActive(s); }}>{t('inspection.startExtra')}</Button>
                    ))}
                    {session.user.role === 'chair' && <Button size="xs" variant="default" leftSection={<IconGift size={14} />} onClick={() => setGranting({ id: c.candidateId, name: c.fullName })}
                      data-testid={`grant-extra-${c.candidateId}`}>{t('inspection.grantExtra')}</Button>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {granting && <GrantModal candidate={granting} onClose={() => setGranting(null)} onDone={() => { setGranting(null); status.reload(); }} />}
    </>
  );
}

function GrantModal({ candidate, onClose, onDone }: { candidate: { id: number; name: string }; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('elections');
  const grant = useAction('extraAccess.grant');
  const [description, setDescription] = useState('');
  const submit = async () => {
    if (!description.trim()) return;
    const out = await grant.run({ candidateId: candidate.id, kind: 'extraInspection', description }, { quiet: true, success: t('inspection.granted') });
    if (out) onDone();
  };
  return (
    <Modal opened onClose={onClose} title={t('inspection.grantTitle', { name: candidate.name })}>
      <form onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <Text size="sm">{t('inspection.grantHint')}</Text>
          <Textarea label={t('inspection.grantDescription')} value={description} onChange={(ev) => setDescription(ev.currentTarget.value)} autoFocus data-testid="grant-description" />
          <ErrorAlert error={grant.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!description.trim()} loading={grant.pending} data-testid="grant-save">{t('inspection.grant')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
