import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Audience } from '../../../../shared/domain/audience.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WhyNot } from '../../components/WhyNot.tsx';
import { ElectionPicker, useElectionChoice } from '../elections/shared.tsx';

/**
 * Issue 16 §5: the audiences an election offers to every candidate, with live counts (under 10 hidden from
 * candidates), and, for the committee, saving the audience built below under a name so candidates can choose it.
 */
export function OfferedAudiences({ draft, canSave }: { draft: Audience | null; canSave: boolean }) {
  const { t, i18n } = useTranslation('members');
  const choice = useElectionChoice();
  const election = choice.election;
  const list = useCommand('audiences.list', { electionId: election?.id ?? 0 }, { enabled: election !== null });
  const save = useAction('audiences.save');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  // Once a candidate is on record, a new audience changes what the election offers: a new version with a reason and a
  // notice to every candidate (checked again in the core).
  const candidates = useCommand('candidates.list', { electionId: election?.id ?? 0 }, { enabled: election !== null && canSave });
  const needsVersion = (candidates.data?.length ?? 0) > 0;
  if (!election) return null;
  const segmentsOffered = election.audienceKinds.includes('segment');
  const why = [
    !draft && t('offered.why.draft'),
    draft?.kind === 'segment' && !segmentsOffered && t('offered.why.segmentsNotOffered'),
    !name.trim() && t('offered.why.name'),
    needsVersion && !reason.trim() && t('elections:form.why.reason'),
  ].filter((x): x is string => typeof x === 'string');
  return (
    <Paper withBorder p="md" radius="md" mb="md" data-testid="offered-audiences">
      <ElectionPicker choice={choice} />
      <Title order={4}>{t('offered.title', { election: election.name })}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('offered.description')}</Text>
      <ErrorAlert error={list.error} />
      <Table fz="sm" data-testid="offered-table">
        <Table.Thead><Table.Tr><Table.Th>{t('offered.name')}</Table.Th><Table.Th ta="right">{t('offered.count')}</Table.Th><Table.Th>{t('offered.savedBy')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((o) => (
            <Table.Tr key={o.id ?? 'all'} data-testid={`offered-${o.id ?? 'all'}`}>
              <Table.Td>{o.name ?? t('offered.all')}</Table.Td>
              <Table.Td ta="right">{o.count === null ? <Badge color="gray" variant="light">{t('segments.suppressed', { n: 10 })}</Badge> : o.count.toLocaleString(i18n.language)}</Table.Td>
              <Table.Td>{o.createdBy ? `${o.createdBy} · ${o.createdAt!.slice(0, 10)}` : ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canSave && (
        <Stack gap="xs" mt="md">
          <Group align="flex-end">
            <TextInput label={t('offered.saveName')} description={t('offered.saveHint')} value={name} maxLength={120} style={{ flex: 1 }}
              onChange={(e) => setName(e.currentTarget.value)} data-testid="audience-name" />
            <Button leftSection={<IconDeviceFloppy size={16} />} disabled={why.length > 0} loading={save.pending} data-testid="audience-save"
              onClick={async () => {
                const out = await save.run({ electionId: election.id, name: name.trim(), audience: draft!, ...(needsVersion ? { reason: reason.trim() } : {}) },
                  { success: t('offered.saved', { name: name.trim() }) });
                if (out) { setName(''); setReason(''); list.reload(); choice.list.reload(); }
              }}>{t('offered.save')}</Button>
          </Group>
          {needsVersion && (
            <Textarea label={t('elections:form.reason')} description={t('elections:form.reasonHint', { version: election.version + 1 })} required autosize minRows={2}
              maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="audience-reason" />
          )}
          <WhyNot reasons={why} testid="audience-why-not" />
        </Stack>
      )}
    </Paper>
  );
}
