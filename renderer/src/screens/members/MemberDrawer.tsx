import { Badge, Button, Divider, Drawer, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { MemberDetail } from '../../../../shared/api/commands/members.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { noCopy } from './noCopy.ts';

/** One member (reading it is audited) with the correction form; the previous values are kept by the core. */
export function MemberDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation('members');
  const f = useFormat();
  // members.get is an audited read, sent once per opening.
  const detail = useCommand('members.get', { id });
  const [editing, setEditing] = useState(false);
  const m = detail.data;
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={t('detail.title')} data-testid="member-drawer">
      <ErrorAlert error={detail.error} />
      {m && (
        <Stack {...noCopy}>
          <Group justify="space-between">
            <div>
              <Title order={3} data-testid="member-name">{m.fullName}</Title>
              <Text c="dimmed" ff="monospace">{m.memberId}</Text>
            </div>
            <Group gap={4}>
              <Badge color={m.active ? 'teal' : 'gray'}>{m.active ? t('detail.onList') : t('list.inactive')}</Badge>
              <Badge color={m.goodStanding ? 'teal' : 'orange'}>{m.goodStanding ? t('detail.good') : t('list.notGood')}</Badge>
            </Group>
          </Group>
          <Paper withBorder p="sm">
            <Text size="xs" c="dimmed" mb={4}>{t('detail.printed')}</Text>
            <div data-testid="member-print-lines" style={{ fontFamily: 'monospace' }}>
              {m.printLines.map((l, i) => <div key={i}>{l}</div>)}
            </div>
          </Paper>
          <Stack gap={2}>
            <Text size="sm"><b>{t('detail.asGiven')}:</b> {[m.address1, m.address2].filter(Boolean).join(', ')}, {m.city}, {m.state} {m.zip}
              {m.deliveryPoint && <> · {t('detail.deliveryPoint')} <span data-testid="member-delivery-point" style={{ fontFamily: 'monospace' }}>{m.deliveryPoint}</span></>}
            </Text>
            {m.email && <Text size="sm"><b>{t('fields.email')}:</b> {m.email}</Text>}
            <Text size="sm"><b>{t('fields.local')}:</b> {m.local ?? '—'} · <b>{t('fields.worksite')}:</b> {m.worksite ?? '—'} · <b>{t('fields.shift')}:</b> {m.shift ?? '—'}</Text>
            <Text size="sm"><b>{t('fields.status')}:</b> {m.status || '—'}</Text>
            {Object.entries(m.segments).map(([k, v]) => <Text key={k} size="sm"><b>{k}:</b> {v}</Text>)}
          </Stack>
          {!editing && <Button variant="light" onClick={() => setEditing(true)} data-testid="member-correct">{t('detail.correct')}</Button>}
          {editing && <CorrectionForm m={m} onDone={() => { setEditing(false); detail.reload(); onChanged(); }} onCancel={() => setEditing(false)} />}
          <Divider label={t('detail.history')} />
          {m.history.length === 0 && <Text size="sm" c="dimmed">{t('detail.noHistory')}</Text>}
          {m.history.map((h, i) => (
            <Text key={i} size="xs">
              {f.when(h.at)} · {t(`detail.source.${h.source}`)} · {h.fields.join(', ')}{h.reason ? ` · “${h.reason}”` : ''}
            </Text>
          ))}
        </Stack>
      )}
    </Drawer>
  );
}

function CorrectionForm({ m, onDone, onCancel }: { m: MemberDetail; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('members');
  const correct = useAction('members.correct');
  const [a, setA] = useState({ address1: m.address1, address2: m.address2, city: m.city, state: m.state, zip: m.zip });
  const [good, setGood] = useState(m.goodStanding);
  const [reason, setReason] = useState('');
  const addressChanged = a.address1 !== m.address1 || a.address2 !== m.address2 || a.city !== m.city || a.state !== m.state || a.zip !== m.zip;
  const ready = reason.trim().length > 0 && (addressChanged || good !== m.goodStanding);
  const submit = async () => {
    if (!ready) return;
    const r = await correct.run({ id: m.id, ...(addressChanged ? { address: a } : {}), ...(good !== m.goodStanding ? { goodStanding: good } : {}), reason },
      { success: t('detail.saved'), quiet: true });
    if (r) onDone();
  };
  return (
    <Paper withBorder p="sm" style={{ userSelect: 'text' }}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="xs">
          <TextInput label={t('fields.address1')} value={a.address1} onChange={(e) => setA({ ...a, address1: e.currentTarget.value })} data-testid="fix-address1" />
          <TextInput label={t('fields.address2')} value={a.address2} onChange={(e) => setA({ ...a, address2: e.currentTarget.value })} />
          <Group grow>
            <TextInput label={t('fields.city')} value={a.city} onChange={(e) => setA({ ...a, city: e.currentTarget.value })} data-testid="fix-city" />
            <TextInput label={t('fields.state')} value={a.state} onChange={(e) => setA({ ...a, state: e.currentTarget.value })} w={90} />
            <TextInput label={t('fields.zip')} value={a.zip} onChange={(e) => setA({ ...a, zip: e.currentTarget.value })} data-testid="fix-zip" />
          </Group>
          <SegmentedControl value={good ? 'good' : 'not'} onChange={(v) => setGood(v === 'good')}
            data={[{ value: 'good', label: t('standing.good') }, { value: 'not', label: t('standing.notGood') }]} />
          <TextInput label={t('detail.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="fix-reason" />
          <ErrorAlert error={correct.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>{t('detail.cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={correct.pending} data-testid="fix-save">{t('detail.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
