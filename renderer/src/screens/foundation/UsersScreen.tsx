import { ActionIcon, Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRow } from '../../../../shared/api/commands/foundation.ts';
import { ROLES, type Role } from '../../../../shared/api/roles.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PassphraseField, passphraseOk } from '../../components/PassphraseField.tsx';
import { ReadBudgetsPanel } from './ReadBudgets.tsx';
import { KeysPanel } from './KeysPanel.tsx';

export function UsersScreen() {
  const { t } = useTranslation('foundation');
  const { session } = useSession();
  const users = useCommand('users.list', { includeRemoved: false });
  const [adding, addModal] = useDisclosure(false);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const remove = useAction('users.remove');
  // Four eyes (issue 13): two committee members are needed before the first release; after the first staff member,
  // a new committee member is proposed here and countersigned by a second member.
  const committee = (users.data ?? []).filter((u) => u.role === 'chair' || u.role === 'staff').length;

  return (
    <>
      <PageHeader title={t('users.title')} description={t('users.description')}
        actions={<Button leftSection={<IconUserPlus size={16} />} onClick={addModal.open} data-testid="add-user">{t('users.add')}</Button>} />
      <ErrorAlert error={users.error} />
      {users.data && <Alert color={committee < 2 ? 'orange' : 'blue'} mb="md" data-testid="four-eyes-note">{t(committee < 2 ? 'users.fourEyesSetup' : 'users.fourEyes')}</Alert>}
      {users.data && users.data.length === 0 && <EmptyState title={t('users.empty')} />}
      {users.data && users.data.length > 0 && (
        <Table striped highlightOnHover data-testid="users-table">
          <Table.Thead>
            <Table.Tr><Table.Th>{t('users.name')}</Table.Th><Table.Th>{t('users.login')}</Table.Th><Table.Th>{t('users.role')}</Table.Th><Table.Th>{t('users.status')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((u) => (
              <Table.Tr key={u.id} data-testid={`user-row-${u.login}`}>
                <Table.Td>{u.displayName}</Table.Td>
                <Table.Td>{u.login}</Table.Td>
                <Table.Td><Badge variant="light">{t(`common:roles.${u.role}`)}</Badge></Table.Td>
                <Table.Td>{u.mustChangePassphrase ? <Text size="sm" c="orange">{t('users.mustChange')}</Text> : <Text size="sm" c="dimmed">{t('users.active')}</Text>}</Table.Td>
                <Table.Td>
                  {u.id !== session.user.id && (
                    <Group gap={4} justify="flex-end">
                      <Tooltip label={t('users.reset')}><ActionIcon variant="subtle" aria-label={t('users.reset')} onClick={() => setResetting(u)}><IconKey size={16} /></ActionIcon></Tooltip>
                      <Tooltip label={t('users.remove')}><ActionIcon variant="subtle" color="red" aria-label={t('users.remove')}
                        onClick={async () => {
                          if (!window.confirm(t('users.confirmRemove', { name: u.displayName }))) return;
                          if (await remove.run({ userId: u.id }, { success: t('users.removed') })) users.reload();
                        }}><IconUserMinus size={16} /></ActionIcon></Tooltip>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReadBudgetsPanel />
      <KeysPanel />
      <AddUserModal opened={adding} committee={committee} onClose={addModal.close} onAdded={() => { addModal.close(); users.reload(); }} />
      <ResetModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}

function AddUserModal({ opened, onClose, onAdded, committee }: { opened: boolean; onClose: () => void; onAdded: () => void; committee: number }) {
  const { t } = useTranslation('foundation');
  const add = useAction('users.add');
  const propose = useAction('users.propose');
  const [reason, setReason] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [candidateId, setCandidateId] = useState('');
  const [oneTime, setOneTime] = useState('');
  const context = [login, displayName];
  // A new chair or staff member after the first: proposed with a reason; the member who countersigns sets the passphrase.
  const proposing = (role === 'chair' || role === 'staff') && committee >= 2;
  const ready = displayName.trim() && login.trim().length >= 2 && (proposing ? reason.trim().length >= 3 : passphraseOk(oneTime, context)) && (role !== 'candidate' || Number(candidateId) > 0);
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.add')} size="lg">
      <Stack gap="sm">
        <TextInput label={t('users.name')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="user-name" autoFocus />
        <TextInput label={t('users.login')} value={login} onChange={(e) => setLogin(e.currentTarget.value)} data-testid="user-login" />
        <Select label={t('users.role')} data={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))} value={role}
          onChange={(v) => v && setRole(v as Role)} allowDeselect={false} data-testid="user-role" />
        {role === 'candidate' && (
          <TextInput label={t('users.candidateId')} description={t('users.candidateIdHint')} value={candidateId}
            onChange={(e) => setCandidateId(e.currentTarget.value.replace(/\D/g, ''))} data-testid="user-candidate-id" />
        )}
        {proposing ? <>
          <Text size="sm" data-testid="user-propose-note">{t('users.proposeNote')}</Text>
          <Textarea label={t('users.proposeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="user-reason" />
        </> : <>
          {(role === 'chair' || role === 'staff') && <Text size="sm" c="orange" data-testid="user-first-member-note">{t('users.firstMemberNote')}</Text>}
          <PassphraseField label={t('users.oneTime')} value={oneTime} onChange={setOneTime} context={context} />
          <Text size="xs" c="dimmed">{t('users.oneTimeHint')}</Text>
        </>}
        <ErrorAlert error={add.error ?? propose.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button disabled={!ready} loading={add.pending || propose.pending} data-testid="user-save" onClick={async () => {
            if (proposing) {
              const p = await propose.run({ login: login.trim(), displayName, role: role as 'chair' | 'staff', reason: reason.trim() }, { quiet: true, success: t('users.proposed') });
              if (p) { setDisplayName(''); setLogin(''); setReason(''); onAdded(); }
              return;
            }
            const u = await add.run({ login: login.trim(), displayName, role, candidateId: role === 'candidate' ? Number(candidateId) : null, oneTimePassphrase: oneTime },
              { quiet: true, success: t('users.added') });
            if (u) { setDisplayName(''); setLogin(''); setOneTime(''); setCandidateId(''); onAdded(); }
          }}>{t('users.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ResetModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const { t } = useTranslation('foundation');
  const reset = useAction('users.resetPassphrase');
  const [oneTime, setOneTime] = useState('');
  const context = user ? [user.login, user.displayName] : [];
  return (
    <Modal opened={user !== null} onClose={onClose} title={t('users.reset')}>
      <Stack gap="sm">
        <Text size="sm">{t('users.resetHint', { name: user?.displayName ?? '' })}</Text>
        <PassphraseField label={t('users.oneTime')} value={oneTime} onChange={setOneTime} context={context} autoFocus />
        <ErrorAlert error={reset.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
          <Button disabled={!passphraseOk(oneTime, context)} loading={reset.pending} onClick={async () => {
            if (user && await reset.run({ userId: user.id, oneTimePassphrase: oneTime }, { quiet: true, success: t('users.resetDone') })) { setOneTime(''); onClose(); }
          }}>{t('users.reset')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
