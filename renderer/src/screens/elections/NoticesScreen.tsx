import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { NoticeView } from '../../../../shared/api/commands/elections.ts';
import { useAction, useClient, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { InstructionButton } from './InstructionButton.tsx';
import { ChangeLine } from './ElectionVersions.tsx';
import { RateCardTable } from './RateCardTable.tsx';
import { useElectionChoice } from './shared.tsx';

/** Rate card notices and offers of extra access: every candidate gets the same ones (29 CFR 452.67, 452.71). */
export function NoticesScreen() {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const list = useCommand('notices.list', {});
  const choice = useElectionChoice();
  const versions = useCommand('rateCard.versions', { electionId: choice.election?.id ?? 0 }, { enabled: choice.election !== null });
  return (
    <>
      <PageHeader title={session.user.role === 'candidate' ? t('notices.myTitle') : t('notices.title')} description={t('notices.description')} />
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <EmptyState title={t('notices.empty')} />}
      <Stack>
        {list.data?.map((n) => <NoticeCard key={n.id} notice={n} card={versions.data?.find((v) => v.version === n.rateCardVersion) ?? null}
          channels={choice.election?.channels ?? []} onChanged={list.reload} />)}
      </Stack>
    </>
  );
}

function NoticeCard({ notice: n, card, channels, onChanged }: {
  notice: NoticeView; card: { card: import('../../../../shared/api/commands/elections.ts').RateCard; publishedAt: string } | null;
  channels: import('../../../../shared/api/commands/elections.ts').Channel[]; onChanged: () => void;
}) {
  const { t } = useTranslation('elections');
  const f = useFormat();
  const { session } = useSession();
  const client = useClient();
  const candidate = session.user.role === 'candidate';
  const markRead = useAction('notices.markRead');
  const respond = useAction('extraAccess.respond');
  const [saving, setSaving] = useState(false);
  return (
    <Card withBorder data-testid={`notice-${n.kind}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{n.kind === 'rateCard' ? t('notices.rateCardTitle', { version: n.rateCardVersion }) : n.kind === 'instruction' ? t('notices.instructionTitle')
            : n.kind === 'electionVersion' ? t('notices.versionTitle', { version: n.electionVersion?.version ?? '' }) : t('notices.extraTitle')}</Text>
          {!n.readAt && <Badge color="orange" size="sm">{t('notices.new')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">{f.when(n.createdAt)}{candidate ? '' : ` · ${n.candidateName}`}</Text>
      </Group>
      {n.kind === 'rateCard' && card && <RateCardTable card={card.card} channels={channels} />}
      {n.electionVersion && (
        <Stack gap={2} data-testid="notice-election-version">
          <Text size="sm">{n.electionVersion.reason ? t('versions.reason', { reason: n.electionVersion.reason }) : t('versions.noReason')}</Text>
          {n.electionVersion.changes.map((c) => <ChangeLine key={c.field} change={c} />)}
        </Stack>
      )}
      {n.instruction && (
        <Text size="sm" data-testid="notice-instruction">{t(`notices.instruction.${n.instruction.kind}`, {
          request: n.instruction.requestId ?? '', dated: n.instruction.dated, by: n.instruction.recordedBy })}</Text>
      )}
      {n.extraAccess && (
        <Stack gap={4}>
          <Text size="sm">{n.extraAccess.description}</Text>
          <Text size="sm" c="dimmed">{t(`notices.response.${n.extraAccess.response}`)}</Text>
        </Stack>
      )}
      <Group mt="sm">
        {n.kind === 'rateCard' && (
          <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} loading={saving} data-testid="notice-save-pdf" onClick={async () => {
            setSaving(true);
            try {
              const pdf = await client.call('notices.pdf', { noticeId: n.id });
              await client.shell({ op: 'saveFile', suggestedName: pdf.fileName, base64: pdf.base64, mime: 'application/pdf' });
            } finally { setSaving(false); }
          }}>{t('notices.savePdf')}</Button>
        )}
        {candidate && !n.readAt && <Button size="xs" variant="default" loading={markRead.pending} data-testid="notice-mark-read"
          onClick={async () => { if (await markRead.run({ noticeId: n.id })) onChanged(); }}>{t('notices.markRead')}</Button>}
        {n.extraAccess?.response === 'open' && (session.user.role === 'chair' || session.user.role === 'staff') && (
          <>
            <InstructionButton candidateId={n.candidateId} instruction={{ kind: 'acceptOffer', offerId: n.extraAccess.offerId }} onDone={onChanged} />
            <InstructionButton candidateId={n.candidateId} instruction={{ kind: 'declineOffer', offerId: n.extraAccess.offerId }} onDone={onChanged} />
          </>
        )}
        {n.extraAccess?.response === 'open' && candidate && (
          <>
            <Button size="xs" loading={respond.pending} data-testid="offer-accept" onClick={async () => { if (await respond.run({ offerId: n.extraAccess!.offerId, accept: true })) onChanged(); }}>{t('notices.accept')}</Button>
            <Button size="xs" variant="default" loading={respond.pending} onClick={async () => { if (await respond.run({ offerId: n.extraAccess!.offerId, accept: false })) onChanged(); }}>{t('notices.decline')}</Button>
          </>
        )}
      </Group>
    </Card>
  );
}
