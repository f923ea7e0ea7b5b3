import { Alert, Badge, Group } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { useCommand } from '../../app/client.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SegmentBuilder } from './SegmentBuilder.tsx';
import { OfferedAudiences } from './OfferedAudiences.tsx';
import { useState } from 'react';
import type { Audience } from '../../../../shared/domain/audience.ts';

/** Audiences and their live counts. For candidates and auditors this is all of the list they see: counts only. */
export function SegmentsScreen() {
  const { t } = useTranslation('members');
  const { session } = useSession();
  const summary = useCommand('members.summary', {});
  const countsOnly = session.user.role === 'candidate' || session.user.role === 'auditor';
  const [draft, setDraft] = useState<Audience | null>(null);
  return (
    <>
      <PageHeader title={t('segments.title')} description={t('segments.description')} />
      {countsOnly && <Alert color="gray" icon={<IconLock size={18} />} mb="md" data-testid="counts-only">{t('segments.countsOnly')}</Alert>}
      {summary.data && (
        <Group mb="md"><Badge size="lg" variant="light" color="teal">{t('summary.good', { count: summary.data.goodStanding })}</Badge></Group>
      )}
      <OfferedAudiences draft={draft} canSave={!countsOnly} />
      <SegmentBuilder onAudience={setDraft} />
    </>
  );
}
