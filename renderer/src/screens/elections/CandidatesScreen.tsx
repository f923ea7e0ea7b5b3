import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconKey, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CANDIDATE_STANDINGS, type CandidateView, type ElectionView } from '../../../../shared/api/commands/elections.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { useSession } from '../../app/session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PassphraseField, passphraseOk } from '../../components/PassphraseField.tsx';
import { ElectionPicker, useElectionChoice } from './shared.tsx';

export function CandidatesScreen() {
  const { t } = useTranslation('elections');
  const { session } = useSession();
  const role = session.user.role;
  const choice = useElectionChoice();
  const e = choice.election;
  const list = useCommand('candidates.list', { electionId: e?.id ?? 0 }, { enabled: e !== null });
  const [registering, setRegistering] = useState(false);
  const [login, setLogin] = useState<CandidateView | null>(null);
  return (
    <>
      <PageHeader title={t('candidates.title')} description={t('candidates.description')}
        actions={(role === 'staff' || role === 'chair') && e && <Button leftSection={<IconUserPlus size={16} />} onClick={() => setRegistering(true)} data-testid="candidate-register">{t('candidates.register')}</Button>} />
      <ElectionPicker choice={choice} />
      <ErrorAlert error={list.error ?? choice.list.error} />
      {choice.list.data?.length === 0 && <EmptyState title={t('elections.empty')} />}
      {list.data && list.data.length === 0 && <EmptyState title={t('candidates.empty')} />}
      {list.data && list.data.length > 0 && (
        <Table striped data-testid="candidates-table">
          <Table.Thead><Table.Tr>
            <Table.Th>{t('candidates.name')}</Table.Th><Table.Th>{t('candidates.office')}</Table.Th><Table.Th>{t('candidates.standing')}</Table.Th>
            <Table.Th>{t('candidates.contact')}</Table.Th><Table.Th>{t('candidates.login')}</Table.Th>
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data.map((c) => (
              <Table.Tr key={c.id} data-testid={`candidate-row-${c.id}`}>
                <Table.Td>{c.fullName}</Table.Td>
                <Table.Td>{c.office}</Table.Td>
                <Table.Td><Badge variant="light">{t(`standing.${c.standing}`)}</Badge></Table.Td>
                <Table.Td><Text size="sm">{[c.email, c.phone].filter(Boolean).join(' · ')}</Text></Table.Td>
                <Table.Td>
                  {c.logins.length > 0 ? <Text size="sm">{c.logins.join(', ')}</Text>
                    : role === 'chair' ? <Button size="xs" variant="light" leftSection={<IconKey size={14} />} onClick={() => setLogin(c)} data-testid={`candidate-give-login-${c.id}`}>{t('candidates.giveLogin')}</Button>
                    : <Text size="sm" c="dimmed">{t('candidates.noLogin')}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {registering && e && <RegisterModal election={e} onClose={() => setRegistering(false)} onDone={() => { setRegistering(false); list.reload(); }} />}
      {login && <LoginModal candidate={login} onClose={() => setLogin(null)} onDone={() => { setLogin(null); list.reload(); }} />}
    </>
  );
}

function RegisterModal({ election, onClose, onDone }: { election: ElectionView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('elections');
  const reg = useAction('candidates.register');
  const [fullName, setFullName] = useState('');
  const [office, setOffice] = useState<string | null>(election.offices[0] ?? null);
  const [standing, setStanding] = useState<(typeof CANDIDATE_STANDINGS)[number]>('candidate');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const ready = fullName.trim() && office;
  const submit = async () => {
    if (!ready) return;
    const out = await reg.run({ electionId: election.id, fullName, office: office!, standing, email: email || null, phone: phone || null, mailingAddress: address || null },
      { quiet: true, success: t('candidates.registered') });
    if (out) onDone();
  };
  return (
    <Modal opened onClose={onClose} title={t('candidates.register')} size="lg">
      <form onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <TextInput label={t('candidates.name')} value={fullName} onChange={(ev) => setFullName(ev.currentTarget.value)} data-testid="candidate-name" autoFocus />
          <Select label={t('candidates.office')} data={election.offices} value={office} onChange={setOffice} allowDeselect={false} data-testid="candidate-office" />
          <Select label={t('candidates.standing')} value={standing} allowDeselect={false} data-testid="candidate-standing"
            data={CANDIDATE_STANDINGS.map((s) => ({ value: s, label: t(`standing.${s}`) }))} onChange={(v) => v && setStanding(v as typeof standing)} />
          <Group grow>
            <TextInput label={t('candidates.email')} value={email} onChange={(ev) => setEmail(ev.currentTarget.value)} />
            <TextInput label={t('candidates.phone')} value={phone} onChange={(ev) => setPhone(ev.currentTarget.value)} />
          </Group>
          <Textarea label={t('candidates.address')} value={address} onChange={(ev) => setAddress(ev.currentTarget.value)} />
          <ErrorAlert error={reg.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={reg.pending} data-testid="candidate-save">{t('candidates.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Shortcut to the Users screen's "add user": a candidate login bound to this candidate record. */
function LoginModal({ candidate, onClose, onDone }: { candidate: CandidateView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('elections');
  const add = useAction('users.add');
  const [login, setLogin] = useState('');
  const [oneTime, setOneTime] = useState('');
  const context = [login, candidate.fullName];
  const ready = login.trim().length >= 2 && passphraseOk(oneTime, context);
  const submit = async () => {
    if (!ready) return;
    const out = await add.run({ login: login.trim(), displayName: candidate.fullName, role: 'candidate', candidateId: candidate.id, oneTimePassphrase: oneTime },
      { quiet: true, success: t('candidates.loginGiven') });
    if (out) onDone();
  };
  return (
    <Modal opened onClose={onClose} title={t('candidates.giveLoginTitle', { name: candidate.fullName })}>
      <form onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <TextInput label={t('candidates.loginName')} value={login} onChange={(ev) => setLogin(ev.currentTarget.value)} data-testid="candidate-login-name" autoFocus />
          <PassphraseField label={t('candidates.oneTime')} value={oneTime} onChange={setOneTime} context={context} />
          <Text size="xs" c="dimmed">{t('candidates.oneTimeHint')}</Text>
          <ErrorAlert error={add.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={add.pending} data-testid="candidate-login-save">{t('candidates.giveLogin')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
