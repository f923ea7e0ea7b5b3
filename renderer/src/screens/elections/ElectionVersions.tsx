import { Badge, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { ElectionVersionView, TermChange } from '../../../../shared/api/commands/elections.ts';
import { useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** A changed value as a reader sees it: lists joined, objects as "key: value" pairs, days as written. */
function plainValue(v: unknown, t: (k: string) => string): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('common:yes') : t('common:no');
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => plainValue(x, t)).join(', ');
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${plainValue(x, t)}`).join('; ');
  return String(v);
}

export function ChangeLine({ change }: { change: TermChange }) {
  const { t } = useTranslation('elections');
  return <Text size="sm">{t('versions.change', { field: t(`versions.field.${change.field}`), before: plainValue(change.before, t), after: plainValue(change.after, t) })}</Text>;
}

/** Every version of the election's terms, newest first, with its reason and what changed (issue 14 §2). */
export function ElectionVersions({ electionId }: { electionId: number }) {
  const { t } = useTranslation('elections');
  const f = useFormat();
  const versions = useCommand('elections.versions', { electionId });
  return (
    <Stack gap="xs" mt="md" data-testid="election-versions">
      <Text fw={600}>{t('versions.title')}</Text>
      <ErrorAlert error={versions.error} />
      <Timeline bulletSize={18} lineWidth={2} active={0}>
        {(versions.data ?? []).map((v: ElectionVersionView) => (
          <Timeline.Item key={v.version} data-testid={`election-version-${v.version}`}
            title={t('versions.heading', { version: v.version, date: f.when(v.createdAt), by: v.createdBy })}>
            {v.version === 1 ? <Text size="sm" c="dimmed">{t('versions.first')}</Text> : (
              <>
                <Text size="sm">{v.reason ? t('versions.reason', { reason: v.reason }) : t('versions.noReason')}</Text>
                {v.changes.map((c) => <ChangeLine key={c.field} change={c} />)}
                <Badge size="sm" variant="light">{t('versions.notices', { count: v.noticesSent })}</Badge>
              </>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
