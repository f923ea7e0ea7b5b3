import { ActionIcon, Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentValues, ValueCount } from '../../../../shared/api/commands/members.ts';
import { audience as audienceSchema, type Audience, type AudienceFilter } from '../../../../shared/domain/audience.ts';
import { useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** A filter row as the user edits it; `field` is 'local' | 'worksite' | 'shift' | 'zip5' | 'zip3' | 'custom:<name>'. */
type Row = { field: string; values: string[]; from: string; to: string };
const emptyRow = (): Row => ({ field: 'local', values: [], from: '', to: '' });

function toFilter(r: Row): AudienceFilter | null {
  if (r.field === 'zip5' || r.field === 'zip3') {
    const re = r.field === 'zip5' ? /^\d{5}$/ : /^\d{3}$/;
    return re.test(r.from) && re.test(r.to) ? { field: r.field, from: r.from, to: r.to } : null;
  }
  if (r.values.length === 0) return null;
  if (r.field.startsWith('custom:')) return { field: 'custom', name: r.field.slice(7), values: r.values };
  return { field: r.field as 'local' | 'worksite' | 'shift', values: r.values };
}

/** The audience the rows describe, or null while incomplete. */
export function buildAudience(kind: 'all' | 'segment', combine: 'and' | 'or', rows: Row[]): Audience | null {
  if (kind === 'all') return { kind: 'allGoodStanding' };
  const filters = rows.map(toFilter);
  if (filters.length === 0 || filters.some((f) => f === null)) return null;
  const a: Audience = { kind: 'segment', combine, filters: filters as AudienceFilter[] };
  return audienceSchema.safeParse(a).success ? a : null;
}

function options(values: SegmentValues | undefined, field: string): ValueCount[] {
  if (!values) return [];
  if (field.startsWith('custom:')) return values.custom[field.slice(7)] ?? [];
  if (field === 'local' || field === 'worksite' || field === 'shift') return values[field];
  return [];
}

/** Builds an audience (all members in good standing, or local/worksite/shift/ZIP/custom filters with and/or) and shows its live count. */
export function SegmentBuilder({ onAudience }: { onAudience?: (a: Audience | null) => void }) {
  const { t } = useTranslation('members');
  const values = useCommand('members.segmentValues', {});
  const [kind, setKind] = useState<'all' | 'segment'>('segment');
  const [combine, setCombine] = useState<'and' | 'or'>('and');
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const audience = buildAudience(kind, combine, rows);
  const [debounced] = useDebouncedValue(audience, 200);
  const count = useCommand('members.count', { audience: debounced ?? { kind: 'allGoodStanding' } }, { enabled: debounced !== null });
  const setRow = (i: number, r: Partial<Row>) => setRows(rows.map((x, j) => (j === i ? { ...x, ...r } : x)));
  // Whatever changed (kind, and/or, a row), the parent learns the audience now described (a screen saves it by name).
  const described = JSON.stringify(audience);
  useEffect(() => { onAudience?.(JSON.parse(described) as Audience | null); }, [described, onAudience]);
  const fields = [
    { value: 'local', label: t('fields.local') }, { value: 'worksite', label: t('fields.worksite') }, { value: 'shift', label: t('fields.shift') },
    { value: 'zip5', label: t('segments.zip5') }, { value: 'zip3', label: t('segments.zip3') },
    ...Object.keys(values.data?.custom ?? {}).map((n) => ({ value: `custom:${n}`, label: n })),
  ];

  return (
    <Stack>
      <ErrorAlert error={values.error ?? count.error} />
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="center">
          <div>
            <Text size="sm" c="dimmed">{t('segments.countLabel')}</Text>
            <Title order={2} data-testid="segment-count">{audience && count.data ? (count.data.count === null ? t('segments.suppressed', { n: 10 }) : count.data.count.toLocaleString()) : '—'}</Title>
          </div>
          <SegmentedControl value={kind} onChange={(v) => setKind(v as 'all' | 'segment')} data-testid="segment-kind"
            data={[{ value: 'all', label: t('segments.all') }, { value: 'segment', label: t('segments.segment') }]} />
        </Group>
      </Paper>
      {kind === 'segment' && (
        <>
          <Group>
            <Text size="sm">{t('segments.combine')}</Text>
            <SegmentedControl size="xs" value={combine} onChange={(v) => setCombine(v as 'and' | 'or')} data-testid="segment-combine"
              data={[{ value: 'and', label: t('segments.and') }, { value: 'or', label: t('segments.or') }]} />
          </Group>
          {rows.map((r, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" data-testid={`segment-row-${i}`}>
              <Select label={t('segments.field')} data={fields} value={r.field} allowDeselect={false} w={200}
                data-testid={`segment-field-${i}`} onChange={(v) => v && setRow(i, { field: v, values: [], from: '', to: '' })} />
              {r.field === 'zip5' || r.field === 'zip3'
                ? (
                  <>
                    <TextInput label={t('segments.from')} value={r.from} w={110} data-testid={`segment-from-${i}`} onChange={(e) => setRow(i, { from: e.currentTarget.value.trim() })} />
                    <TextInput label={t('segments.to')} value={r.to} w={110} data-testid={`segment-to-${i}`} onChange={(e) => setRow(i, { to: e.currentTarget.value.trim() })} />
                  </>
                )
                : (
                  <MultiSelect label={t('segments.values')} searchable style={{ flex: 1 }} data-testid={`segment-values-${i}`}
                    data={options(values.data, r.field).map((o) => ({ value: o.value, label: `${o.value} (${o.count.toLocaleString()})` }))}
                    value={r.values} onChange={(v) => setRow(i, { values: v })} />
                )}
              <ActionIcon variant="subtle" color="red" disabled={rows.length === 1} aria-label={t('segments.remove')}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}><IconTrash size={16} /></ActionIcon>
            </Group>
          ))}
          <Group><Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setRows([...rows, emptyRow()])} data-testid="segment-add">{t('segments.add')}</Button></Group>
          {!audience && <Text size="sm" c="dimmed">{t('segments.incomplete')}</Text>}
        </>
      )}
    </Stack>
  );
}
