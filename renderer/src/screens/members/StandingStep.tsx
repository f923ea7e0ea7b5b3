import { SegmentedControl, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StatusValueInfo } from '../../../../shared/api/commands/members.ts';

/** A first guess for a status value nobody has read yet; the committee decides. */
export function guessGood(value: string): boolean {
  return !/suspend|arrear|lapse|expel|delinquen|inactive|withdraw|terminat|drop|not in good|bad/i.test(value);
}

/** The committee's reading of each status value in the file: in good standing or not (once per list). */
export function StandingStep({ statuses, map, onChange }: {
  statuses: StatusValueInfo[];
  map: Record<string, boolean>;
  onChange: (m: Record<string, boolean>) => void;
}) {
  const { t } = useTranslation('members');
  return (
    <>
      <Text size="sm" mb="sm">{t('standing.explain')}</Text>
      <Table withTableBorder fz="sm" data-testid="standing-table">
        <Table.Thead><Table.Tr><Table.Th>{t('standing.value')}</Table.Th><Table.Th>{t('standing.members')}</Table.Th><Table.Th>{t('standing.reading')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {statuses.map((s) => (
            <Table.Tr key={s.value}>
              <Table.Td>{s.value === '' ? <i>{t('standing.empty')}</i> : s.value}</Table.Td>
              <Table.Td>{s.count.toLocaleString()}</Table.Td>
              <Table.Td>
                <SegmentedControl size="xs" data-testid={`standing-${s.value || 'empty'}`}
                  value={map[s.value] ? 'good' : 'not'} onChange={(v) => onChange({ ...map, [s.value]: v === 'good' })}
                  data={[{ value: 'good', label: t('standing.good') }, { value: 'not', label: t('standing.notGood') }]} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
