import { Alert, Button, Group, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDatabaseExport, IconRestore, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { BackupSummary, SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { BACKUP_MADE_EVENT, useAction, useClient, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** What a checked backup holds, counts only. */
export function BackupSummaryView({ summary, path: where }: { summary: BackupSummary; path: string }) {
  const { t } = useTranslation('foundation');
  const c = summary.counts;
  return (
    <Alert color="teal" icon={<IconShieldCheck />} title={t('backup.checked')} data-testid="backup-summary">
      <Text size="sm" mb={4}>{t('backup.where', { path: where })}</Text>
      <List size="sm">
        <List.Item>{t('backup.counts.members', { count: c.members })}</List.Item>
        <List.Item>{t('backup.counts.elections', { count: c.elections })}, {t('backup.counts.candidates', { count: c.candidates })}, {t('backup.counts.requests', { count: c.requests })}</List.Item>
        <List.Item>{t('backup.counts.payments', { count: c.payments })}, {t('backup.counts.jobs', { count: c.productionJobs })}, {t('backup.counts.users', { count: c.users })}</List.Item>
        <List.Item>{t('backup.counts.audit', { count: summary.auditEntries })}</List.Item>
      </List>
    </Alert>
  );
}

/** Settings → Backup (chair): an encrypted, checked copy into a folder the chair picks; when the last one was made. */
export function BackupPanel() {
  const { t } = useTranslation('foundation');
  const f = useFormat();
  const client = useClient();
  const backup = useAction('vault.backup');
  const last = useCommand('vault.lastBackup', {});
  const [done, setDone] = useState<{ path: string; summary: BackupSummary } | null>(null);
  const run = async () => {
    const folder = await client.shell({ op: 'pickFolder', purpose: 'backup' });
    if (!folder) return;
    const r = await backup.run({ folder }, { success: t('backup.saved') });
    if (r) { setDone(r); last.reload(); window.dispatchEvent(new Event(BACKUP_MADE_EVENT)); }
  };
  const lastAt = last.data?.at ? f.when(last.data.at) : null;
  return (
    <Stack gap="sm" data-testid="backup-panel" id="backup">
      <Title order={4}>{t('backup.title')}</Title>
      <Text size="sm">{t('backup.explain')}</Text>
      <Text size="sm" c={lastAt ? undefined : 'orange'} data-testid="backup-last">{lastAt ? t('backup.last', { at: lastAt }) : t('backup.never')}</Text>
      <Group>
        <Button leftSection={<IconDatabaseExport size={18} />} onClick={run} loading={backup.pending} data-testid="backup-now">{t('backup.now')}</Button>
      </Group>
      {done && <BackupSummaryView summary={done.summary} path={done.path} />}
    </Stack>
  );
}

/** On the sign-in screen: restore a backup into a new, empty folder and sign in to it. */
export function RestorePanel({ onDone }: { onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation('foundation');
  const client = useClient();
  const restore = useAction('vault.restore');
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [login, setLogin] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState<{ path: string; summary: BackupSummary; session: SessionInfo } | null>(null);
  if (!open) {
    return <Button variant="subtle" leftSection={<IconRestore size={16} />} onClick={() => setOpen(true)} data-testid="restore-open">{t('backup.restoreOpen')}</Button>;
  }
  if (result) {
    return (
      <Stack gap="sm">
        <BackupSummaryView summary={result.summary} path={result.path} />
        <Button onClick={() => onDone(result.session)} data-testid="restore-continue">{t('backup.continue')}</Button>
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="restore-panel">
      <Text size="sm">{t('backup.restoreExplain')}</Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={async () => setFrom(await client.shell({ op: 'pickFolder', purpose: 'backupSource' }))} data-testid="restore-from">{t('backup.chooseBackup')}</Button>
        <Text size="xs" c="dimmed">{from ?? t('backup.notChosen')}</Text>
      </Group>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={async () => setTo(await client.shell({ op: 'pickFolder', purpose: 'restoreTarget' }))} data-testid="restore-to">{t('backup.chooseTarget')}</Button>
        <Text size="xs" c="dimmed">{to ?? t('backup.notChosen')}</Text>
      </Group>
      <TextInput label={t('login.login')} value={login} onChange={(e) => setLogin(e.currentTarget.value)} data-testid="restore-login" />
      <PasswordInput label={t('backup.passphraseInBackup')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-testid="restore-passphrase" />
      <ErrorAlert error={restore.error} />
      {(!from || !to || !login.trim() || !passphrase) && <Text size="xs" c="dimmed" data-testid="restore-why">{t('backup.restoreNeeds')}</Text>}
      <Button disabled={!from || !to || !login.trim() || !passphrase} loading={restore.pending} data-testid="restore-run"
        onClick={async () => { const r = await restore.run({ from: from!, to: to!, login: login.trim(), passphrase }, { quiet: true }); setPassphrase(''); if (r) setResult(r); }}>
        {t('backup.restore')}
      </Button>
    </Stack>
  );
}
