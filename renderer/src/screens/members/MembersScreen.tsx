import { Badge, Box, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { MemberHit } from '../../../../shared/api/commands/members.ts';
import { asAppError, useClient, useCommand } from '../../app/client.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { MemberDrawer } from './MemberDrawer.tsx';
import { MemberList, MemberRow } from './MemberList.tsx';
import { noCopy } from './noCopy.ts';

/** Staff and chair: the list (virtualised), search, one member, corrections, and the import wizard. No export. */
export function MembersScreen() {
  const { t } = useTranslation('members');
  const f = useFormat();
  const client = useClient();
  const summary = useCommand('members.summary', {});
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 300);
  const [hits, setHits] = useState<{ hits: MemberHit[]; more: boolean } | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);

  useEffect(() => {
    if (!debounced) { setHits(null); return; }
    let live = true;
    // Each search is an audited read (member IDs of the hits; never the query text).
    client.call('members.search', { query: debounced }).then(
      (r) => { if (live) { setHits(r); setSearchError(null); } },
      (e: unknown) => { if (live) setSearchError(asAppError(e)); },
    );
    return () => { live = false; };
  }, [client, debounced, version]);

  const s = summary.data;
  const refresh = () => { summary.reload(); setVersion((v) => v + 1); };
  return (
    <>
      <PageHeader title={t('title')} description={t('description')}
        actions={<Button leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)} data-testid="members-import">{t('import.open')}</Button>} />
      <ErrorAlert error={summary.error} />
      {s && (
        <Group mb="md" gap="sm" data-testid="members-summary">
          <Badge size="lg" variant="light" color="teal">{t('summary.good', { count: s.goodStanding })}</Badge>
          <Badge size="lg" variant="light">{t('summary.onList', { count: s.active })}</Badge>
          {s.inactive > 0 && <Badge size="lg" variant="light" color="gray">{t('summary.inactive', { count: s.inactive })}</Badge>}
          {s.lastImport && <Text size="sm" c="dimmed">{t('summary.lastImport', { date: f.date(s.lastImport.at) })}</Text>}
        </Group>
      )}
      {s && s.total === 0 && <EmptyState title={t('emptyTitle')} hint={t('emptyHint')} />}
      {s && s.total > 0 && (
        <Stack gap="sm">
          <TextInput leftSection={<IconSearch size={16} />} placeholder={t('search.placeholder')} value={query} w={420}
            onChange={(e) => setQuery(e.currentTarget.value)} data-testid="member-search" aria-label={t('search.placeholder')} />
          <ErrorAlert error={searchError} />
          {hits && (
            <Paper withBorder {...noCopy} data-testid="search-results">
              {hits.hits.length === 0 && <Text p="md" c="dimmed">{t('search.none')}</Text>}
              {hits.hits.map((h) => <MemberRow key={h.id} m={h} onOpen={setOpen} />)}
              {hits.more && <Text p="xs" size="sm" c="dimmed">{t('search.more')}</Text>}
            </Paper>
          )}
          <Box hidden={hits !== null}>
            <MemberList total={s.total} onOpen={setOpen} version={version} />
          </Box>
        </Stack>
      )}
      {importing && <ImportWizard onClose={() => setImporting(false)} onDone={refresh} />}
      {open !== null && <MemberDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />}
    </>
  );
}
