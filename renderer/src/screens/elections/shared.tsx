import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { ElectionView } from '../../../../shared/api/commands/elections.ts';
import { useCommand } from '../../app/client.tsx';

export { formatMoney as money } from '../../../../shared/domain/money.ts';


/** The elections the user may see and the one chosen; the first active election is chosen by default. */
export function useElectionChoice() {
  const list = useCommand('elections.list', { includeInactive: false });
  const [id, setId] = useState<number | null>(null);
  useEffect(() => {
    if (id === null && list.data && list.data.length > 0) setId(list.data[0]!.id);
  }, [id, list.data]);
  const election: ElectionView | null = list.data?.find((e) => e.id === id) ?? null;
  return { list, election, setId };
}

export function ElectionPicker({ choice }: { choice: ReturnType<typeof useElectionChoice> }) {
  const { t } = useTranslation('elections');
  const fmt = useFormat();
  const data = (choice.list.data ?? []).map((e) => ({ value: String(e.id), label: `${e.name} (${fmt.date(e.electionDate)})` }));
  if (data.length < 2) return null;
  return (
    <Select label={t('election')} data={data} value={choice.election ? String(choice.election.id) : null} allowDeselect={false}
      onChange={(v) => v && choice.setId(Number(v))} w={360} mb="md" data-testid="election-picker" />
  );
}
