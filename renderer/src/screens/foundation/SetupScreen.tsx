import { Button, Code, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/api/commands/foundation.ts';
import { useAction, useClient } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PassphraseField, passphraseOk } from '../../components/PassphraseField.tsx';
import { CenteredCard } from './CenteredCard.tsx';

export function SetupScreen({ dir, onDone }: { dir: string; onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation('foundation');
  const client = useClient();
  const create = useAction('vault.create');
  const [folder, setFolder] = useState<string | null>(null);
  const [unionName, setUnionName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [login, setLogin] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [agreement, setAgreement] = useState('');
  const context = [login, displayName];
  const mismatch = confirm.length > 0 && confirm !== passphrase;
  const ready = unionName.trim() && displayName.trim() && login.trim().length >= 2 && passphraseOk(passphrase, context, [unionName]) && confirm === passphrase;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const s = await create.run({
      ...(folder ? { dir: folder } : {}),
      unionName, chair: { login: login.trim(), displayName, passphrase },
      ...(agreement.trim() ? { agreementText: agreement } : {}),
    }, { quiet: true });
    if (s) onDone(s);
  };

  return (
    <CenteredCard title={t('setup.title')} subtitle={t('setup.subtitle')} width={560}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('setup.folder')}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="vault-folder">{folder ?? dir}</Code>
              <Button variant="default" size="xs" onClick={async () => {
                const picked = await client.shell({ op: 'pickFolder', purpose: 'vault' });
                if (picked) setFolder(picked);
              }}>{t('setup.chooseFolder')}</Button>
            </Group>
          </Stack>
          <TextInput label={t('setup.unionName')} value={unionName} onChange={(e) => setUnionName(e.currentTarget.value)} required data-testid="union-name" autoFocus />
          <TextInput label={t('setup.chairName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required data-testid="chair-name" />
          <TextInput label={t('setup.login')} value={login} onChange={(e) => setLogin(e.currentTarget.value)} required data-testid="chair-login" />
          <PassphraseField label={t('setup.passphrase')} value={passphrase} onChange={setPassphrase} context={context} surroundings={[unionName]} />
          <TextInput type="password" label={t('setup.confirm')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)}
            error={mismatch ? t('setup.mismatch') : undefined} data-testid="confirm-passphrase" />
          <Textarea label={t('setup.agreement')} description={t('setup.agreementHint')} autosize minRows={2} maxRows={8}
            value={agreement} onChange={(e) => setAgreement(e.currentTarget.value)} />
          <ErrorAlert error={create.error} />
          <Button type="submit" disabled={!ready} loading={create.pending} data-testid="create-vault">{t('setup.create')}</Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
