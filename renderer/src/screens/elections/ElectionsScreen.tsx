import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconEdit, IconReceipt2 } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { ElectionView } from '../../../../shared/api/commands/elections.ts';
import { useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ElectionForm } from './ElectionForm.tsx';
import { ElectionVersions } from './ElectionVersions.tsx';
import { RateCardForm } from './RateCardForm.tsx';
import { RateCardTable } from './RateCardTable.tsx';

export function ElectionsScreen() {
  const { t } = useTranslation('elections');
  const fmt = useFormat();
  const { session } = useSession();
  const chair = session.user.role === 'chair';
  const list = useCommand('elections.list', { includeInactive: false });
  const [editing, setEditing] = useState<ElectionView | 'new' | null>(null);
  const [publishing, setPublishing] = useState<ElectionView | null>(null);
  return (
    <>
      <PageHeader title={t('elections.title')} description={t('elections.description')}
        actions={chair && <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setEditing('new')} data-testid="election-new">{t('elections.new')}</Button>} />
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <EmptyState title={t('elections.empty')} hint={chair ? t('elections.emptyHint') : undefined} />}
      <Stack>
        {list.data?.map((e) => (
          <Card key={e.id} withBorder data-testid={`election-${e.id}`}>
            <Group justify="space-between" mb="sm">
              <div>
                <Title order={3}>{e.name}</Title>
                <Text size="sm" c="dimmed">{e.offices.join(' · ')}</Text>
              </div>
              {chair && <Group>
                <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(e)} data-testid="election-edit">{t('elections.edit')}</Button>
                <Button leftSection={<IconReceipt2 size={16} />} onClick={() => setPublishing(e)} data-testid="rate-card-new">{t('rateCard.new')}</Button>
              </Group>}
            </Group>
            <Table fz="sm" maw={640} mb="md">
              <Table.Tbody>
                <Table.Tr><Table.Td>{t('form.electionDate')}</Table.Td><Table.Td>{fmt.day(e.electionDate)}</Table.Td></Table.Tr>
                {e.mailBallot && <Table.Tr><Table.Td>{t('form.ballotMailingDate')}</Table.Td><Table.Td>{fmt.day(e.ballotMailingDate)}</Table.Td></Table.Tr>}
                <Table.Tr><Table.Td>{t('elections.inspectionWindow')}</Table.Td><Table.Td>{t('elections.windowRange', { opens: e.inspectionWindow.opens, closes: e.inspectionWindow.closesBefore })}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('form.channels')}</Table.Td><Table.Td>{e.channels.map((c) => t(`mailClass.${c}`)).join(', ')}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('form.audienceKinds')}</Table.Td><Table.Td>{e.audienceKinds.map((c) => t(`audience.${c}`)).join(', ')}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('form.rules')}</Table.Td><Table.Td>{t('elections.rulesValue', { size: t(`pageSize.${e.rules.pageSize}`), pages: e.rules.maxPages, colour: e.rules.colour ? t('elections.colourYes') : t('elections.colourNo') })}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('elections.turnaround')}</Table.Td><Table.Td data-testid="election-turnaround-value">{t('elections.turnaroundValue', { days: e.turnaroundBusinessDays })}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('elections.preflight')}</Table.Td><Table.Td data-testid="election-preflight">{t('elections.preflightValue', {
                  fonts: e.rules.fontsEmbedded ? t('elections.fontsYes') : t('elections.notChecked'),
                  bleed: e.rules.bleed === 'refuse' ? t('elections.bleedRefuse') : t('elections.bleedTrim'),
                  landscape: e.rules.landscape === 'refuse' ? t('elections.landscapeRefuse') : t('elections.landscapeTurn'),
                  images: e.rules.minImageDpi ? t('elections.imagesAtLeast', { dpi: e.rules.minImageDpi }) : t('elections.notChecked'),
                })}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('form.print')}</Table.Td><Table.Td>{t('elections.printValue', { x: (e.print.windowXPt / 72).toFixed(3), y: (e.print.windowYPt / 72).toFixed(3), w: (e.print.windowWPt / 72).toFixed(3), h: (e.print.windowHPt / 72).toFixed(3), mailerId: e.print.mailerId, serviceType: e.print.serviceType })}</Table.Td></Table.Tr>
              </Table.Tbody>
            </Table>
            <Group gap="xs" mb="xs">
              <Text fw={600}>{t('rateCard.title')}</Text>
              {e.rateCard ? <Badge data-testid="rate-card-version">{t('rateCard.version', { version: e.rateCard.version, date: e.rateCard.publishedAt.slice(0, 10) })}</Badge>
                : <Badge color="orange">{t('rateCard.none')}</Badge>}
            </Group>
            {e.rateCard && <RateCardTable card={e.rateCard.card} channels={e.channels} />}
            <ElectionVersions key={`${e.id}-${e.version}`} electionId={e.id} />
          </Card>
        ))}
      </Stack>
      {editing && <ElectionForm opened election={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); list.reload(); }} />}
      {publishing && <RateCardForm opened election={publishing} onClose={() => setPublishing(null)} onPublished={() => { setPublishing(null); list.reload(); }} />}
    </>
  );
}
