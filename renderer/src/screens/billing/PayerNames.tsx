import { Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PROTECTED_KINDS, type ProtectedKind } from '../../../../shared/domain/payer-match.ts';
import { useAction, useClient, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ProtectedNameSwitch, UnionNameProposal } from './ProtectedNameSwitch.tsx';

/**
 * Who may not pay (issue 13 §6), kept by the chair at setup: the union's legal name, common names, acronyms and
 * affiliated bodies, and the employers of its members. Typing a name offers variants (its acronym, "Hosp." for
 * "Hospital") to confirm one by one; the core matches every spelling of what is recorded.
 */
export function PayerNamesPanel() {
  const { t } = useTranslation('billing');
  const { session } = useSession();
  const isChair = session.user.role === 'chair';
  const client = useClient();
  const list = useCommand('payers.names', {});
  const add = useAction('payers.add');
  const toggle = useAction('payers.setActive');
  const [kind, setKind] = useState<ProtectedKind>('legalName');
  const [name, setName] = useState('');
  const [suggested, setSuggested] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const suggest = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim().length < 2) return;
    if (suggested === null) {
      const s = await client.call('payers.suggest', { name: name.trim() });
      setSuggested(s); setChosen([]);
      if (s.length > 0) return;
    }
    if (await add.run({ kind, name: name.trim(), variants: chosen }, { success: t('payerNames.added') })) {
      setName(''); setSuggested(null); setChosen([]); list.reload();
    }
  };
  const byId = new Map((list.data ?? []).map((n) => [n.id, n]));
  return (
    <Stack gap="xs" data-testid="payer-names">
      <Title order={4}>{t('payerNames.title')}</Title>
      <Text size="sm" c="dimmed">{t('payerNames.hint')}</Text>
      <UnionNameProposal current={session.unionName} isChair={isChair} />
      <ErrorAlert error={list.error ?? toggle.error} />
      {list.data && list.data.length > 0 && (
        <Table withTableBorder fz="sm" data-testid="payer-names-list">
          <Table.Tbody>
            {list.data.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td pl={n.variantOf === null ? undefined : 'xl'}>
                  {n.name}{n.variantOf !== null && <Text span size="xs" c="dimmed"> · {t('payerNames.variantOf', { name: byId.get(n.variantOf)?.name ?? '' })}</Text>}
                </Table.Td>
                <Table.Td w={190}><Text size="sm" c="dimmed">{t(`payerNames.kind.${n.kind}`)}</Text></Table.Td>
                <Table.Td w={150}>
                  <ProtectedNameSwitch name={n.name} active={n.active} disabled={!isChair} labels={{ on: t('payerNames.active'), off: t('payerNames.inactive') }}
                    onSwitch={(input) => toggle.run({ id: n.id, ...input })} onDone={list.reload} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {isChair && (
        <form onSubmit={suggest}>
          <Stack gap="xs">
            <Group align="flex-end" gap="xs">
              <Select label={t('payerNames.kindLabel')} w={220} data={PROTECTED_KINDS.map((k) => ({ value: k, label: t(`payerNames.kind.${k}`) }))}
                value={kind} onChange={(v) => v && setKind(v as ProtectedKind)} allowDeselect={false} data-testid="payer-name-kind" comboboxProps={{ withinPortal: true }} />
              <TextInput label={t('payerNames.name')} value={name} w={340} data-testid="payer-name-input"
                onChange={(e) => { setName(e.currentTarget.value); setSuggested(null); }} />
              <Button type="submit" loading={add.pending} disabled={name.trim().length < 2} data-testid="payer-name-add">
                {suggested === null ? t('payerNames.next') : t('payerNames.record')}
              </Button>
            </Group>
            {suggested !== null && suggested.length > 0 && (
              <Stack gap={4} data-testid="payer-name-suggestions">
                <Text size="sm">{t('payerNames.confirmVariants')}</Text>
                {suggested.map((s) => (
                  <Checkbox key={s} label={s} checked={chosen.includes(s)}
                    onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, s] : chosen.filter((c) => c !== s))} />
                ))}
              </Stack>
            )}
            <ErrorAlert error={add.error} />
          </Stack>
        </form>
      )}
    </Stack>
  );
}
