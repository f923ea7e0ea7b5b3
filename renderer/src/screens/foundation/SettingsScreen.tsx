import { Button, Divider, NumberInput, Select, Stack, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BackupPanel } from './BackupPanel.tsx';
import { PayerNamesPanel } from '../billing/PayerNames.tsx';
import { EmailSettingsPanel } from '../email/EmailSettingsPanel.tsx';

export function SettingsScreen() {
  const { t } = useTranslation('foundation');
  const { session, setSession } = useSession();
  const update = useAction('settings.update');
  const agreement = useCommand('agreement.current', {});
  const updateAgreement = useAction('agreement.update');
  const [idle, setIdle] = useState<number>(session.idleMinutes);
  const [timeZone, setTimeZone] = useState(session.timeZone);
  const zones = Intl.supportedValuesOf('timeZone');
  const [text, setText] = useState('');
  useEffect(() => { if (agreement.data) setText(agreement.data.text); }, [agreement.data]);
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Stack maw={640} gap="md">
        <NumberInput label={t('settings.idle')} description={t('settings.idleHint')} min={1} max={240} value={idle}
          onChange={(v) => setIdle(Number(v) || 10)} data-testid="idle-minutes" />
        <Select label={t('settings.timeZone')} description={t('settings.timeZoneHint')} data={zones.includes(timeZone) ? zones : [timeZone, ...zones]}
          value={timeZone} onChange={(v) => v && setTimeZone(v)} searchable allowDeselect={false} data-testid="time-zone" comboboxProps={{ withinPortal: true }} />
        <Button w="fit-content" loading={update.pending} onClick={async () => {
          const s = await update.run({ idleMinutes: idle, ...(timeZone !== session.timeZone ? { timeZone } : {}) }, { success: t('settings.saved') });
          if (s) setSession({ ...session, idleMinutes: s.idleMinutes, unionName: s.unionName, timeZone: s.timeZone });
        }}>{t('common:save')}</Button>
        <Divider />
        <PayerNamesPanel />
        <Divider />
        <BackupPanel />
        <Divider />
        <Title order={4} id="settings-agreement-title">{t('settings.agreement', { version: agreement.data?.version ?? '' })}</Title>
        <Textarea aria-labelledby="settings-agreement-title" autosize minRows={6} maxRows={20} value={text} onChange={(e) => setText(e.currentTarget.value)} description={t('settings.agreementHint')} />
        <Button w="fit-content" variant="light" loading={updateAgreement.pending} disabled={!text.trim() || text === agreement.data?.text}
          onClick={async () => { if (await updateAgreement.run({ text }, { success: t('settings.agreementSaved') })) agreement.reload(); }}>
          {t('settings.publishAgreement')}
        </Button>
        <Divider />
        <EmailSettingsPanel />
      </Stack>
    </>
  );
}
