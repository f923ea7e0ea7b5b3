import { Badge, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailJobView } from '../../../../shared/api/commands/email.ts';
import { isErrorCode } from '../../../../shared/api/error-codes.ts';
import { AppError } from '../../../../shared/api/errors.ts';
import { useAction, useClient, useErrorText } from '../../app/client.tsx';

/** One email job: live counts while it sends (polled every 500 ms), cancel and resume; counts only, never addresses. */
export function EmailJobPanel({ job, onChanged }: { job: EmailJobView; onChanged: () => void }) {
  const { t, i18n } = useTranslation('merge');
  const client = useClient();
  const errorText = useErrorText();
  const cancel = useAction('email.cancel');
  const resume = useAction('email.resume');
  const [live, setLive] = useState<EmailJobView>(job);
  const running = job.status === 'running' && !job.interrupted;
  useEffect(() => {
    setLive(job);
    if (!running) return;
    let on = true;
    const tick = async () => {
      try {
        const p = await client.call('email.progress', { jobId: job.id });
        if (!on) return;
        setLive(p);
        if (p.status !== 'running' || p.interrupted) { onChanged(); return; }
      } catch { /* the next tick tries again */ }
      if (on) setTimeout(tick, 500);
    };
    void tick();
    return () => { on = false; };
  }, [client, job, running, onChanged]);
  const fmt = (n: number) => n.toLocaleString(i18n.language);
  const handled = live.sent + live.failed + live.uncertain;
  const statusKey = live.interrupted ? 'interrupted' : live.status;
  const color = live.status === 'done' ? 'teal' : live.status === 'failed' ? 'red' : live.status === 'cancelled' || live.interrupted ? 'orange' : 'blue';
  return (
    <Card withBorder data-testid={`email-job-${job.id}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs"><Text fw={600}>{t('email.job.title', { id: job.id })}</Text><Badge color={color} data-testid="email-job-status">{t(`status.${statusKey}`)}</Badge></Group>
          <Group gap="xs">
            {running && <Button size="xs" color="red" variant="light" leftSection={<IconPlayerStop size={14} />} loading={cancel.pending}
              onClick={async () => { await cancel.run({ jobId: job.id }); onChanged(); }}>{t('job.cancel')}</Button>}
            {(live.status === 'cancelled' || live.status === 'failed' || live.interrupted) && <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={resume.pending}
              onClick={async () => { await resume.run({ jobId: job.id }); onChanged(); }}>{t('job.resume')}</Button>}
          </Group>
        </Group>
        <Progress value={live.total > 0 ? (handled / live.total) * 100 : 0} animated={running} />
        <Text size="sm" data-testid="email-job-counts">{t('email.job.counts', { sent: fmt(live.sent), total: fmt(live.total), failed: fmt(live.failed), uncertain: fmt(live.uncertain), seeds: fmt(live.seeds) })}</Text>
        {live.uncertain > 0 && <Text size="sm" c="orange">{t('email.job.uncertainHint')}</Text>}
        {live.errorCode && isErrorCode(live.errorCode) && <Text size="sm" c="red" data-testid="email-job-error">{errorText(new AppError(live.errorCode, ''))}</Text>}
      </Stack>
    </Card>
  );
}
