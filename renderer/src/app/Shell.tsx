import { Alert, AppShell, Badge, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useIdle, useInterval } from '@mantine/hooks';
import { IconLock, IconMail, IconUserShare } from '@tabler/icons-react';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useClient, useCommand } from './client.tsx';
import { screensFor } from './nav.ts';
import { useSession } from './session.tsx';

export function Shell() {
  const { t } = useTranslation();
  const { session, lock, handOver } = useSession();
  const committee = session.user.role === 'chair' || session.user.role === 'staff';
  const client = useClient();
  const available = screensFor(session.user.role);
  const [current, setCurrent] = useState(available[0]?.id ?? '');
  const screen = available.find((s) => s.id === current) ?? available[0];

  // The core locks itself after the chair's idle time; the window follows, and also locks on its own idle timer.
  const idle = useIdle(session.idleMinutes * 60_000, { initialState: false });
  useEffect(() => { if (idle) lock(); }, [idle, lock]);
  const poll = useInterval(() => { void client.call('session.me', {}).catch(() => undefined); }, 30_000);
  useEffect(() => { poll.start(); return poll.stop; }, [poll]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <IconMail size={24} />
            <Title order={4}>LitDesk</Title>
            {session.demo && <Badge color="orange" size="lg" data-testid="demo-badge">{t('demo')}</Badge>}
            <Text c="dimmed" size="sm">{session.unionName}</Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="signed-in-as">{session.user.displayName} · {t(`roles.${session.user.role}`)}</Text>
            <LanguageSwitch />
            {committee && (
              <Button variant="default" leftSection={<IconUserShare size={16} />} onClick={handOver} data-testid="handover-button">{t('handOver')}</Button>
            )}
            {/* A candidate or auditor on a handed-over workstation signs out, and that locks it (issue 12). */}
            <Button variant="light" leftSection={<IconLock size={16} />} onClick={lock} data-testid="lock-button">{t(committee ? 'lock' : 'signOut')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          <nav aria-label={t('navigation')}>
            {available.map((s) => (
              <NavLink key={s.id} label={t(s.label)} leftSection={<s.icon size={18} />} active={s.id === screen?.id}
                onClick={() => setCurrent(s.id)} data-testid={`nav-${s.id}`} />
            ))}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {(session.user.role === 'chair' || session.user.role === 'staff') && (
          <BackupReminder onOpen={available.some((s) => s.id === 'settings') ? () => setCurrent('settings') : undefined} />
        )}
        <Suspense>{screen ? <screen.component key={screen.id} /> : null}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** Before an election closes, a reminder to make a backup (the committee keeps its records for a year). */
function BackupReminder({ onOpen }: { onOpen: (() => void) | undefined }) {
  const { t, i18n } = useTranslation('foundation');
  const last = useCommand('vault.lastBackup', {});
  const r = last.data?.reminder;
  if (!r) return null;
  const date = new Date(`${r.date}T12:00:00Z`).toLocaleDateString(i18n.language, { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <Alert color="yellow" mb="md" data-testid="backup-reminder">
      <Group justify="space-between">
        <Text size="sm">{t(last.data?.at ? 'backup.reminder' : 'backup.reminderNone', { election: r.election, date })}</Text>
        {onOpen && <Button size="xs" variant="light" onClick={onOpen}>{t('backup.now')}</Button>}
      </Group>
    </Alert>
  );
}
