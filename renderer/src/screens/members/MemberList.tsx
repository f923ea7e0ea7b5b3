import { Badge, Box, Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberHit, MemberListRow } from '../../../../shared/api/commands/members.ts';
import { useClient } from '../../app/client.tsx';
import { noCopy } from './noCopy.ts';

const PAGE = 100;
const ROW = 48;

/** The whole list, virtualised: only the rows on screen exist in the page, fetched (and audited) a page at a time. */
export function MemberList({ total, onOpen, version }: { total: number; onOpen: (id: number) => void; version: number }) {
  const client = useClient();
  const { t } = useTranslation('members');
  const parent = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<Map<number, MemberListRow[]>>(new Map());
  const pending = useRef(new Set<number>());
  useEffect(() => { setPages(new Map()); pending.current.clear(); }, [version]);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const need = useCallback((page: number) => {
    if (pages.has(page) || pending.current.has(page)) return;
    pending.current.add(page);
    client.call('members.list', { offset: page * PAGE, limit: PAGE }).then(
      (r) => setPages((m) => new Map(m).set(page, r.rows)),
      () => undefined,
    ).finally(() => pending.current.delete(page));
  }, [client, pages]);
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) need(p);
  }, [first, last, need]);

  return (
    // Focusable, so the arrow keys scroll the list from the keyboard (issue 16 §7).
    <Box ref={parent} h="calc(100vh - 300px)" mih={320} {...noCopy} tabIndex={0} role="region" aria-label={t('nav.members')}
      style={{ overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, ...noCopy.style }} data-testid="member-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
          return (
            <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
              {row ? <MemberRow m={row} onOpen={onOpen} /> : <Text c="dimmed" px="md" lh={`${ROW}px`}>…</Text>}
            </div>
          );
        })}
      </div>
    </Box>
  );
}

export function MemberRow({ m, onOpen }: { m: MemberHit & Partial<Pick<MemberListRow, 'worksite' | 'shift'>>; onOpen: (id: number) => void }) {
  const { t } = useTranslation('members');
  return (
    <Group px="md" h={ROW} wrap="nowrap" gap="md" onClick={() => onOpen(m.id)} data-testid={`member-row-${m.memberId}`}
      style={{ cursor: 'pointer', borderBottom: '1px solid var(--mantine-color-default-border)' }}
      role="button" tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(m.id); }}>
      <Text size="sm" c="dimmed" w={90} ff="monospace">{m.memberId}</Text>
      <Text size="sm" fw={500} style={{ flex: 2 }} truncate>{m.fullName}</Text>
      <Text size="sm" style={{ flex: 1 }} truncate>{m.city}, {m.state}</Text>
      <Text size="sm" style={{ flex: 1 }} truncate>{m.local ?? ''}</Text>
      {m.worksite !== undefined && <Text size="sm" c="dimmed" style={{ flex: 1 }} truncate>{m.worksite ?? ''}{m.shift ? ` · ${m.shift}` : ''}</Text>}
      <Group gap={4} w={170} justify="flex-end">
        {!m.active && <Badge size="xs" color="gray">{t('list.inactive')}</Badge>}
        {m.active && !m.goodStanding && <Badge size="xs" color="orange">{t('list.notGood')}</Badge>}
      </Group>
    </Group>
  );
}
