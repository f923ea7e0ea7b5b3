import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { useFormat } from '../../app/format.ts';

/** The chair's in-app notices from staff: a job is ready to authorise or release (issue 16 §6). Unseen ones only. */
export function ReadyNotices() {
  const { t } = useTranslation('elections');
  const f = useFormat();
  const list = useCommand('readyNotices.list', {});
  const seen = useAction('readyNotices.seen');
  const open = (list.data ?? []).filter((n) => n.seenAt === null);
  if (open.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="ready-notices">
      {open.map((n) => (
        <Alert key={n.id} color="teal" data-testid={`ready-notice-${n.requestId}`}>
          <Group justify="space-between">
            <Text size="sm">{t(`ready.${n.step}`, { id: n.requestId, name: n.candidateName, by: n.createdBy, at: f.when(n.createdAt) })}{n.note ? ` — ${n.note}` : ''}</Text>
            <Button size="xs" variant="light" data-testid={`ready-seen-${n.requestId}`} onClick={async () => { if (await seen.run({ noticeId: n.id })) list.reload(); }}>{t('ready.seen')}</Button>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
