import { Alert, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DuplicateIdGroup, ImportValidation } from '../../../../shared/api/commands/members.ts';
import { AppError, type ErrorCode } from '../../../../shared/api/errors.ts';
import { useErrorText } from '../../app/client.tsx';
import { useFormat } from '../../app/format.ts';

const SHOWN = 200;

/** The validation report: a file-level stop, or each problem by row in plain words, and formula warnings. */
export function ReportStep({ v, skip, onSkip, headers = [], onKeep }: {
  v: ImportValidation; skip: boolean; onSkip: (s: boolean) => void;
  /** The file's column headers, to show rows that share a member ID side by side. */
  headers?: string[];
  /** The committee chooses which of the rows sharing a member ID is imported. */
  onKeep?: (memberId: string, row: number) => void;
}) {
  const { t } = useTranslation('members');
  const errorText = useErrorText();
  if (v.fatal) {
    const details = { ...(v.fatal.details ?? {}), rows: v.fatal.details?.rows?.join(', '), columns: v.fatal.details?.columns?.join(', ') };
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('report.fatalTitle')} data-testid="import-fatal">
        {errorText(new AppError(v.fatal.code as ErrorCode, v.fatal.code, details))}
        <Text size="sm" mt="xs">{t('report.fixFile')}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <SimpleGrid cols={3}>
        <Stat label={t('report.rows')} value={v.rows} />
        <Stat label={t('report.valid')} value={v.valid} color="teal" testid="report-valid" />
        <Stat label={t('report.withProblems')} value={v.rowsWithProblems} color={v.rowsWithProblems ? 'red' : 'gray'} testid="report-problems" />
      </SimpleGrid>
      {(v.problemCounts['row.needsShorterAddress'] ?? 0) > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} data-testid="report-needs-shortening">
          {t('report.needShortening', { count: v.problemCounts['row.needsShorterAddress'] })}
        </Alert>
      )}
      {v.rowsWithProblems === 0
        ? <Alert color="teal" icon={<IconCircleCheck />} data-testid="report-clean">{t('report.clean')}</Alert>
        : (
          <>
            <Table fz="sm" striped withTableBorder data-testid="problem-table">
              <Table.Thead><Table.Tr><Table.Th w={90}>{t('report.row')}</Table.Th><Table.Th>{t('report.reason')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {v.problems.slice(0, SHOWN).map((p, i) => (
                  <Table.Tr key={`${p.row}-${i}`}>
                    <Table.Td>{p.row}</Table.Td>
                    <Table.Td>{t(`problems.${p.details?.chosenRow !== undefined ? 'duplicateNotChosen' : p.code.replace('row.', '')}`, { field: p.field ? t(`fields.${p.field}`, { defaultValue: p.field }) : '', firstRow: p.details?.firstRow, chosenRow: p.details?.chosenRow })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {v.problems.length > SHOWN && <Text size="sm" c="dimmed">{t('report.more', { count: v.problems.length - SHOWN })}</Text>}
            {(v.duplicates?.length ?? 0) > 0 && <Duplicates groups={v.duplicates!} total={v.duplicateGroupsTotal ?? v.duplicates!.length} headers={headers} onKeep={onKeep} />}
            <Paper withBorder p="sm">
              <Text size="sm" mb="xs">{t('report.choice')}</Text>
              <Checkbox checked={skip} onChange={(e) => onSkip(e.currentTarget.checked)} data-testid="skip-invalid"
                label={t('report.skip', { count: v.rowsWithProblems })} />
            </Paper>
          </>
        )}
      {v.warnings.length > 0 && (
        <Alert color="yellow" title={t('report.warningsTitle')} data-testid="import-warnings">
          {v.warnings.slice(0, 20).map((w, i) => <Text key={i} size="sm">{t('report.formula', { row: w.row, field: t(`fields.${w.field}`, { defaultValue: w.field }) })}</Text>)}
        </Alert>
      )}
    </Stack>
  );
}

/** Rows sharing a member ID, side by side, each with a button to import it instead of the others. */
function Duplicates({ groups, total, headers, onKeep }: {
  groups: DuplicateIdGroup[];
  /** Member IDs on more than one row in all; only the first `groups.length` are listed. */
  total: number;
  headers: string[]; onKeep: ((memberId: string, row: number) => void) | undefined;
}) {
  const { t } = useTranslation('members');
  const f = useFormat();
  const width = Math.max(headers.length, ...groups.flatMap((g) => g.rows.map((r) => r.cells.length)));
  const columns = Array.from({ length: width }, (_, i) => headers[i]?.trim() || `${i + 1}`);
  return (
    <Paper withBorder p="sm" data-testid="duplicates">
      <Title order={6}>{t('report.duplicatesTitle')}</Title>
      <Text size="sm" data-testid="duplicates-total">{t('report.duplicatesTotal', { total: f.num(total) })}</Text>
      {total > groups.length && (
        <Alert color="orange" icon={<IconAlertTriangle />} my="xs" data-testid="duplicates-not-listed">
          {t('report.duplicatesNotListed', { total: f.num(total), shown: groups.length, rest: total - groups.length })}
        </Alert>
      )}
      <Text size="sm" mb="xs">{t('report.duplicatesHelp')}</Text>
      <Stack gap="sm">
        {groups.map((g) => {
          const kept = g.chosenRow ?? g.rows[0]?.row;
          return (
            <div key={`${g.memberId}-${g.rows[0]?.row}`} data-testid={`duplicate-${g.memberId}`}>
              <Text size="sm" fw={600}>{t('report.duplicateId', { id: g.memberId })}</Text>
              <Table.ScrollContainer minWidth={600}>
                <Table fz="xs" withTableBorder>
                  <Table.Thead><Table.Tr><Table.Th>{t('report.row')}</Table.Th>{columns.map((c, i) => <Table.Th key={i}>{c}</Table.Th>)}<Table.Th /></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {g.rows.map((r) => (
                      <Table.Tr key={r.row}>
                        <Table.Td>{r.row}</Table.Td>
                        {columns.map((_, i) => <Table.Td key={i}>{r.cells[i] ?? ''}</Table.Td>)}
                        <Table.Td>
                          {r.row === kept
                            ? <Text size="xs" fw={600} c="teal.9" data-testid={`kept-row-${r.row}`}>{t('report.keptRow', { row: r.row })}</Text>
                            : onKeep && <Button size="compact-xs" variant="light" onClick={() => onKeep(g.memberId, r.row)} data-testid={`keep-row-${r.row}`}>{t('report.keepRow', { row: r.row })}</Button>}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** The re-import diff: added, changed (which fields), no longer on the list (kept, marked inactive). */
export function DiffStep({ v, typed = '', onTyped = () => undefined }: { v: ImportValidation; typed?: string; onTyped?: (s: string) => void }) {
  const { t } = useTranslation('members');
  const d = v.diff;
  const massRemoval = d.noLongerOnList > 0 && d.noLongerOnList * 2 > (d.activeBefore ?? 0);
  return (
    <Stack gap="md" data-testid="import-diff">
      <SimpleGrid cols={4}>
        <Stat label={t('diff.added')} value={d.added} color="teal" testid="diff-added" />
        <Stat label={t('diff.changed')} value={d.changed} color="blue" testid="diff-changed" />
        <Stat label={t('diff.unchanged')} value={d.unchanged} />
        <Stat label={t('diff.leaving')} value={d.noLongerOnList} color={d.noLongerOnList ? 'orange' : 'gray'} testid="diff-leaving" />
      </SimpleGrid>
      {massRemoval && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('diff.massRemovalTitle', { count: d.noLongerOnList, total: d.activeBefore })} data-testid="mass-removal">
          <Text size="sm" mb="xs">{t('diff.massRemoval', { count: d.noLongerOnList })}</Text>
          <TextInput w={420} label={t('diff.massRemovalInput')} value={typed} onChange={(e) => onTyped(e.currentTarget.value)}
            inputMode="numeric" data-testid="mass-removal-count" />
        </Alert>
      )}
      {d.noLongerOnList > 0 && <Alert color="orange" variant="light">{t('diff.leavingNote', { count: d.noLongerOnList })}</Alert>}
      {Object.keys(d.changedFields).length > 0 && (
        <Group gap="xs">
          <Text size="sm">{t('diff.fieldsChanged')}</Text>
          {Object.entries(d.changedFields).map(([f, n]) => <Badge key={f} variant="light">{t(`changeFields.${f}`)}: {n}</Badge>)}
        </Group>
      )}
      {d.changedRows.length > 0 && (
        <div>
          <Title order={6}>{t('diff.changedRows')}</Title>
          <Table fz="sm" withTableBorder>
            <Table.Thead><Table.Tr><Table.Th>{t('report.row')}</Table.Th><Table.Th>{t('fields.memberId')}</Table.Th><Table.Th>{t('diff.what')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {d.changedRows.slice(0, 50).map((r) => (
                <Table.Tr key={r.row}><Table.Td>{r.row}</Table.Td><Table.Td>{r.memberId}</Table.Td><Table.Td>{r.fields.map((f) => t(`changeFields.${f}`)).join(', ')}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {d.noLongerOnListIds.length > 0 && (
        <Text size="sm" c="dimmed">{t('diff.leavingIds')}: {d.noLongerOnListIds.slice(0, 50).join(', ')}{d.noLongerOnList > 50 ? ' …' : ''}</Text>
      )}
    </Stack>
  );
}

function Stat({ label, value, color = 'gray', testid }: { label: string; value: number; color?: string; testid?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="xl" fw={700} c={color === 'gray' ? undefined : color} data-testid={testid}>{value.toLocaleString()}</Text>
    </Paper>
  );
}
