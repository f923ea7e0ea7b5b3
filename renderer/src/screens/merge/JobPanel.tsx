import { Badge, Button, Card, Code, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { IconFolderOpen, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeJobView, MergeProgress } from '../../../../shared/api/commands/merge.ts';
import { useAction, useClient } from '../../app/client.tsx';

const minutes = (ms: number | null, t: (k: string, v?: Record<string, unknown>) => string): string => {
  if (ms === null) return t('progress.estimating');
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? t('progress.seconds', { count: s }) : t('progress.minutes', { count: Math.ceil(s / 60) });
};

/** One job: live progress while it runs (polling the passive progress command), its batches, hashes and manifest. */
export function JobPanel({ job, onChanged }: { job: MergeJobView; onChanged: () => void }) {
  const { t, i18n } = useTranslation('merge');
  const client = useClient();
  const cancel = useAction('merge.cancel');
  const resume = useAction('merge.resume');
  const [progress, setProgress] = useState<MergeProgress | null>(null);
  const running = job.status === 'running' && !job.interrupted;

  useEffect(() => {
    if (!running) { setProgress(null); return; }
    let live = true;
    const tick = async () => {
      try {
        const p = await client.call('merge.progress', { jobId: job.id });
        if (!live) return;
        setProgress(p);
        if (p.status !== 'running' || p.interrupted) { onChanged(); return; }
      } catch { /* the next tick tries again; a lock sends the app to sign-in */ }
      if (live) setTimeout(tick, 400);
    };
    void tick();
    return () => { live = false; };
  }, [client, job.id, running, onChanged]);

  const fmt = (n: number) => n.toLocaleString(i18n.language);
  const done = progress?.piecesDone ?? job.batches.reduce((s, b) => s + b.pieces, 0);
  const pct = job.totalPieces > 0 ? Math.round((done / job.totalPieces) * 100) : 0;
  const color = job.status === 'done' ? 'teal' : job.status === 'failed' ? 'red' : job.status === 'cancelled' || job.interrupted ? 'orange' : 'blue';
  const statusKey = job.interrupted ? 'interrupted' : job.status;

  return (
    <Card withBorder data-testid={`job-${job.id}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>{t('job.title', { id: job.id })}</Text>
            <Badge color={color} data-testid="job-status">{t(`status.${statusKey}`)}</Badge>
          </Group>
          <Group gap="xs">
            {running && (
              <Button size="xs" color="red" variant="light" leftSection={<IconPlayerStop size={14} />} loading={cancel.pending} data-testid="job-cancel"
                onClick={async () => { await cancel.run({ jobId: job.id }); onChanged(); }}>{t('job.cancel')}</Button>
            )}
            {(job.status === 'cancelled' || job.interrupted) && (
              <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={resume.pending} data-testid="job-resume"
                onClick={async () => { await resume.run({ jobId: job.id }); onChanged(); }}>{t('job.resume')}</Button>
            )}
            <Button size="xs" variant="default" leftSection={<IconFolderOpen size={14} />} data-testid="job-show-folder"
              onClick={() => void client.shell({ op: 'showFolder', path: job.folder })}>{t('job.showFolder')}</Button>
          </Group>
        </Group>
        <Progress value={pct} color={color} size="lg" striped={running} animated={running} aria-label={t('progress.label')} data-testid="job-progress" />
        <Group gap="lg" data-testid="job-counts">
          <Text size="sm">{t('progress.pieces', { done: fmt(done), total: fmt(job.totalPieces) })}</Text>
          <Text size="sm">{t('progress.batches', { done: progress?.batchesDone ?? job.batches.length, total: job.totalBatches })}</Text>
          {running && <Text size="sm" data-testid="job-eta">{t('progress.left', { time: minutes(progress?.etaMs ?? null, (k, v) => String(t(k, v ?? {}))) })}</Text>}
        </Group>
        <Text size="xs" c="dimmed">{t('job.facts', { members: fmt(job.members), seeds: job.seeds, size: fmt(job.batchSize) })}</Text>
        {job.manifest && (
          <Card withBorder bg="var(--mantine-color-teal-light)" data-testid="manifest-summary">
            <Text fw={600} size="sm">{t('manifest.title')}</Text>
            <Text size="sm">{t('manifest.totals', { pieces: fmt(job.totalPieces), pages: fmt(job.pages ?? 0), sheets: fmt(job.sheets ?? 0), batches: job.totalBatches })}</Text>
            <Text size="xs" c="dimmed">{job.manifest.pdf} · {job.manifest.csv}</Text>
            <Text size="xs" c="dimmed">{t('manifest.countsOnly')}</Text>
          </Card>
        )}
        {job.batches.length > 0 && (
          <Table.ScrollContainer minWidth={640} mah={260}>
            <Table striped withTableBorder fz="xs" data-testid="batch-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('batch.file')}</Table.Th><Table.Th>{t('batch.pieces')}</Table.Th><Table.Th>{t('batch.pages')}</Table.Th>
                  <Table.Th>{t('batch.zips')}</Table.Th><Table.Th>{t('batch.sha256')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.batches.map((b) => (
                  <Table.Tr key={b.index}>
                    <Table.Td>{b.fileName}</Table.Td><Table.Td>{fmt(b.pieces)}</Table.Td><Table.Td>{fmt(b.pages)}</Table.Td>
                    <Table.Td>{b.firstZip}–{b.lastZip}</Table.Td><Table.Td><Code fz="xs">{b.sha256.slice(0, 16)}…</Code></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
