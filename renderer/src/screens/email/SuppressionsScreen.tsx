import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/**
 * Unsubscribes and bounces (issue 17 item 5): what arrives at the committee's unsubscribe address, recorded by staff
 * by the address written in the request or by the member's ID. It applies to every candidate alike. The screen shows
 * counts only: no command gives the list of addresses back, to anyone.
 */
export function SuppressionsScreen() {
  const { t } = useTranslation('merge');
  const counts = useCommand('email.suppressionCounts', {});
  const suppress = useAction('email.suppress');
  const [by, setBy] = useState<'address' | 'memberId'>('address');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState<'unsubscribe' | 'hardBounce'>('unsubscribe');
  const [last, setLast] = useState<'recorded' | 'already' | null>(null);
  const submit = async () => {
    const v = value.trim();
    const r = await suppress.run(by === 'address' ? { reason, address: v } : { reason, memberId: v });
    if (r) {
      // The field is emptied at once: the address is not left on screen for the next person at the workstation.
      setValue('');
      setLast(r.recorded ? 'recorded' : 'already');
      counts.reload();
    }
  };
  return (
    <>
      <PageHeader title={t('email.suppress.title')} />
      <Stack maw={640} gap="sm" data-testid="suppressions">
        <Text size="sm" c="dimmed">{t('email.suppress.hint')}</Text>
        {counts.data && <Text fw={600} data-testid="suppression-counts">{t('email.suppress.counts', { unsubscribes: counts.data.unsubscribes, bounces: counts.data.hardBounces })}</Text>}
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <Stack gap="sm">
            <SegmentedControl value={by} onChange={(v) => { if (v === 'address' || v === 'memberId') { setBy(v); setValue(''); } }} data-testid="suppress-by"
              data={[{ value: 'address', label: t('email.suppress.byAddress') }, { value: 'memberId', label: t('email.suppress.byMemberId') }]} />
            <Group align="flex-end">
              <Select label={t('email.suppress.reason')} value={reason} allowDeselect={false} data-testid="suppress-reason"
                onChange={(v) => { if (v === 'unsubscribe' || v === 'hardBounce') setReason(v); }}
                data={[{ value: 'unsubscribe', label: t('email.suppress.unsubscribe') }, { value: 'hardBounce', label: t('email.suppress.hardBounce') }]} />
              <TextInput label={by === 'address' ? t('email.suppress.address') : t('email.suppress.memberId')} value={value} autoComplete="off"
                onChange={(e) => { setValue(e.currentTarget.value); setLast(null); }} data-testid="suppress-value" />
              <Button type="submit" variant="light" disabled={!value.trim()} loading={suppress.pending} data-testid="suppress-record">{t('email.suppress.record')}</Button>
            </Group>
          </Stack>
        </form>
        {last && <Text size="sm" c={last === 'recorded' ? 'teal' : 'dimmed'} data-testid="suppress-result">{t(`email.suppress.${last}`)}</Text>}
        <ErrorAlert error={suppress.error ?? counts.error} />
        <Text size="xs" c="dimmed">{t('email.suppress.noList')}</Text>
      </Stack>
    </>
  );
}
