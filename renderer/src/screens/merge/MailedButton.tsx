import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../app/session.tsx';
import { today } from '../billing/money.ts';

/** Records that a produced job went to the mail house: the last step of the turnaround every candidate is measured by. */
export function MailedButton({ requestId, onDone }: { requestId: number; onDone: () => void }) {
  const { t } = useTranslation('merge');
  const [opened, modal] = useDisclosure(false);
  const mark = useAction('requests.markMailed');
  const { session } = useSession();
  const [mailedOn, setMailedOn] = useState(() => today(session.timeZone));
  const [mailHouse, setMailHouse] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await mark.run({ requestId, mailedOn, mailHouse: mailHouse.trim() }, { quiet: true, success: t('mailed.done') })) { modal.close(); onDone(); }
  };
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconTruckDelivery size={14} />} data-testid={`mark-mailed-${requestId}`}
        onClick={(e) => { e.stopPropagation(); modal.open(); }}>{t('mailed.button')}</Button>
      <Modal opened={opened} onClose={modal.close} title={t('mailed.title')}>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput type="date" label={t('mailed.date')} value={mailedOn} onChange={(e) => setMailedOn(e.currentTarget.value)} data-testid="mailed-date" />
            <TextInput label={t('mailed.house')} value={mailHouse} onChange={(e) => setMailHouse(e.currentTarget.value)} data-testid="mailed-house" autoFocus />
            <ErrorAlert error={mark.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={modal.close}>{t('common:cancel')}</Button>
              <Button type="submit" disabled={!mailHouse.trim() || !mailedOn} loading={mark.pending} data-testid="mailed-save">{t('mailed.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
