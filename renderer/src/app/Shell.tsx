import { ActionIcon, Alert, AppShell, Badge, Button, Group, Kbd, Modal, NavLink, ScrollArea, Table, Text, Title, Tooltip } from '@mantine/core';
import { useIdle, useInterval } from '@mantine/hooks';
import { IconKeyboard, IconLock, IconMail, IconUserShare } from '@tabler/icons-react';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from './format.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { BACKUP_MADE_EVENT, useClient, useCommand } from './client.tsx';
import { screensFor, type Screen } from './nav.ts';
import { useSession } from './session.tsx';
import { SCREEN_KEYS, useScreenShortcuts } from './shortcuts.ts';

/** `initialScreen`: where this login was when the vault locked (issue 16 §9); `onScreen` remembers each move. */
export function Shell({ initialScreen, onScreen }: { initialScreen?: string | undefined; onScreen?: (id: string) => void }) {
  const { t } = useTranslation();
  const { session, lock, handOver } = useSession();
  const committee = session.user.role === 'chair' || session.user.role === 'staff';
  const client = useClient();
  const available = useMemo(() => screensFor(session.user.role), [session.user.role]);
  const [current, setCurrent] = useState(() => (available.some((s) => s.id === initialScreen) ? initialScreen! : available[0]?.id ?? ''));
  const screen = available.find((s) => s.id === current) ?? available[0];
  useEffect(() => { if (screen) onScreen?.(screen.id); }, [screen, onScreen]);
  const [helpOpen, setHelpOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const ids = useMemo(() => available.map((s) => s.id), [available]);
  // A shortcut moves focus to the screen it opens, so Tab continues there.
  const go = useCallback((id: string) => { setCurrent(id); requestAnimationFrame(() => main.current?.focus()); }, []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useScreenShortcuts(ids, go, openHelp, !helpOpen);

  // The core locks itself after the chair's idle time; the window follows, and also locks on its own idle timer.
  // Either way the sign-in screen says why ("Locked after 10 minutes without use").
  const idle = useIdle(session.idleMinutes * 60_000, { initialState: false });
  useEffect(() => { if (idle) lock('idle'); }, [idle, lock]);
  const poll = useInterval(() => { void client.call('session.me', {}).catch(() => undefined); }, 30_000);
  useEffect(() => { poll.start(); return poll.stop; }, [poll]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        {/* One line down to a 1024-px window (issue 16 §9): the union's name only where there is room, the name cut short. */}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <IconMail size={24} />
            <Title order={4}>LitDesk</Title>
            {session.demo && <Badge color="orange" size="lg" data-testid="demo-badge">{t('demo')}</Badge>}
            <Text c="dimmed" size="sm" truncate visibleFrom="xl">{session.unionName}</Text>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Text size="sm" truncate maw={240} title={`${session.user.displayName} · ${t(`roles.${session.user.role}`)}`} data-testid="signed-in-as">
              {session.user.displayName} · {t(`roles.${session.user.role}`)}
            </Text>
            <Tooltip label={t('shortcuts.title')}>
              <ActionIcon variant="default" size="lg" onClick={openHelp} aria-label={t('shortcuts.title')} data-testid="shortcuts-button">
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <LanguageSwitch />
            {committee && (
              <Button variant="default" leftSection={<IconUserShare size={16} />} onClick={handOver} data-testid="handover-button" aria-label={t('handOver')}>
                <Text span inherit visibleFrom="lg">{t('handOver')}</Text>
              </Button>
            )}
            {/* A candidate or auditor on a handed-over workstation signs out, and that locks it (issue 12). */}
            <Button variant="light" leftSection={<IconLock size={16} />} onClick={() => lock()} data-testid="lock-button" aria-label={t(committee ? 'lock' : 'signOut')}>
              {/* Committee members have two buttons here: below 1200 px they show their icons only (named for screen readers). */}
              {committee ? <Text span inherit visibleFrom="lg">{t('lock')}</Text> : t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          <nav aria-label={t('navigation')}>
            {available.map((s) => (
              // Buttons, not links without an address: Tab reaches every entry and Enter or Space opens it (issue 16 §7).
              <NavLink key={s.id} component="button" type="button" label={t(s.label)} leftSection={<s.icon size={18} />} active={s.id === screen?.id}
                aria-current={s.id === screen?.id ? 'page' : undefined} onClick={() => setCurrent(s.id)} data-testid={`nav-${s.id}`} />
            ))}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main ref={main} tabIndex={-1} style={{ outline: 'none' }} aria-label={screen ? t(screen.label) : undefined}>
        {(session.user.role === 'chair' || session.user.role === 'staff') && (
          <BackupReminder onOpen={available.some((s) => s.id === 'settings') ? () => setCurrent('settings') : undefined} />
        )}
        <Suspense>{screen ? <screen.component key={screen.id} /> : null}</Suspense>
      </AppShell.Main>
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} screens={available} />
    </AppShell>
  );
}

/** The shortcuts of this role's screens, and the keys every screen answers to. Escape closes it. */
function ShortcutsHelp({ opened, onClose, screens }: { opened: boolean; onClose: () => void; screens: Screen[] }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} size="lg" data-testid="shortcuts-help">
      <Text size="sm" mb="sm">{t('shortcuts.intro')}</Text>
      <Table fz="sm" mb="md" data-testid="shortcuts-table">
        <Table.Thead><Table.Tr><Table.Th>{t('shortcuts.keys')}</Table.Th><Table.Th>{t('shortcuts.opens')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {screens.filter((s) => SCREEN_KEYS[s.id]).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td><Kbd>G</Kbd> {t('shortcuts.then')} <Kbd>{SCREEN_KEYS[s.id]!.toUpperCase()}</Kbd></Table.Td>
              <Table.Td>{t(s.label)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr><Table.Td><Kbd>?</Kbd></Table.Td><Table.Td>{t('shortcuts.help')}</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600}>{t('shortcuts.everywhere')}</Text>
      <Text size="sm"><Kbd>Tab</Kbd> / <Kbd>Shift</Kbd>+<Kbd>Tab</Kbd> {t('shortcuts.tab')}</Text>
      <Text size="sm"><Kbd>Enter</Kbd> {t('shortcuts.enter')}</Text>
      <Text size="sm"><Kbd>Esc</Kbd> {t('shortcuts.escape')}</Text>
    </Modal>
  );
}

/** Before an election closes, a reminder to make a backup (the committee keeps its records for a year). */
function BackupReminder({ onOpen }: { onOpen: (() => void) | undefined }) {
  const { t } = useTranslation('foundation');
  const f = useFormat();
  const last = useCommand('vault.lastBackup', {});
  // A backup made in Settings (or from the menu) ends the reminder at once, not at the next sign-in.
  const { reload } = last;
  useEffect(() => {
    window.addEventListener(BACKUP_MADE_EVENT, reload);
    return () => window.removeEventListener(BACKUP_MADE_EVENT, reload);
  }, [reload]);
  const r = last.data?.reminder;
  if (!r) return null;
  const date = f.day(r.date);
  return (
    <Alert color="yellow" mb="md" data-testid="backup-reminder">
      <Group justify="space-between">
        <Text size="sm">{t(last.data?.at ? 'backup.reminder' : 'backup.reminderNone', { election: r.election, date })}</Text>
        {onOpen && <Button size="xs" variant="light" onClick={onOpen}>{t('backup.now')}</Button>}
      </Group>
    </Alert>
  );
}
