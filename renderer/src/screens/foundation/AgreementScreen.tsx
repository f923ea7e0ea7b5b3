import { Button, Checkbox, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CenteredCard } from './CenteredCard.tsx';

export function AgreementScreen({ session, onDone, onLock }: { session: SessionInfo; onDone: (s: SessionInfo) => void; onLock: () => void }) {
  const { t } = useTranslation('foundation');
  const accept = useAction('agreement.accept');
  const [checked, setChecked] = useState(false);
  const pending = session.agreementPending!;
  return (
    <CenteredCard title={t('agreement.title')} subtitle={t('agreement.subtitle', { version: pending.version })} width={640}>
      <ScrollArea h={300} type="auto" offsetScrollbars>
        <Text style={{ whiteSpace: 'pre-wrap' }} size="sm" data-testid="agreement-text">{pending.text}</Text>
      </ScrollArea>
      <Stack gap="sm">
        <Checkbox checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} label={t('agreement.check')} data-testid="agreement-check" />
        <ErrorAlert error={accept.error} />
        <Group justify="space-between">
          <Button variant="subtle" onClick={onLock}>{t('common:lock')}</Button>
          <Button disabled={!checked} loading={accept.pending} data-testid="agreement-accept"
            onClick={async () => { const s = await accept.run({ version: pending.version }, { quiet: true }); if (s) onDone(s); }}>
            {t('agreement.accept')}
          </Button>
        </Group>
      </Stack>
    </CenteredCard>
  );
}
