import { Button, Group, Modal, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalView } from '../../../../shared/api/commands/approvals.ts';
import { useAction } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/**
 * The switch beside a name that may not pay. Switching it on is immediate (it only tightens). Switching it off lets
 * that payer's money count, so it asks for a reason and waits for a second committee member's countersignature
 * (Countersign screen); the name stays checked until then.
 */
export function ProtectedNameSwitch({ name, active, disabled, labels, onSwitch, onDone }: {
  name: string; active: boolean; disabled: boolean; labels: { on: string; off: string };
  onSwitch: (input: { active: boolean; reason?: string }) => Promise<{ countersign: ApprovalView | null } | undefined>;
  onDone: () => void;
}) {
  const { t } = useTranslation('billing');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const run = async (input: { active: boolean; reason?: string }) => {
    setPending(true);
    const r = await onSwitch(input);
    setPending(false);
    if (!r) return;
    if (r.countersign) notifications.show({ color: 'yellow', message: t('protectedOff.waiting', { name }) });
    setAsking(false); setReason(''); onDone();
  };
  return (
    <>
      <Switch checked={active} disabled={disabled || pending} label={active ? labels.on : labels.off}
        onChange={(e) => { if (e.currentTarget.checked) void run({ active: true }); else setAsking(true); }} />
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('protectedOff.title', { name })}>
        <Stack>
          <Text size="sm">{t('protectedOff.why')}</Text>
          <Textarea label={t('protectedOff.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} minRows={2} data-testid="protected-off-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>{t('common:cancel')}</Button>
            <Button color="orange" disabled={reason.trim().length < 3} loading={pending} data-testid="protected-off-ask"
              onClick={() => void run({ active: false, reason: reason.trim() })}>{t('protectedOff.ask')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/**
 * The union's legal name, and the chair's proposal of a new one: it takes effect when a second committee member
 * countersigns, and the former name stays a name that may not pay.
 */
export function UnionNameProposal({ current, isChair }: { current: string; isChair: boolean }) {
  const { t } = useTranslation('billing');
  const propose = useAction('payers.proposeUnionName');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(current);
  const [reason, setReason] = useState('');
  return (
    <Group gap="xs" align="center" data-testid="union-name-current">
      <Text size="sm">{t('unionName.current')}: <Text span fw={600}>{current}</Text></Text>
      {isChair && <Button size="xs" variant="default" onClick={() => { setName(current); setReason(''); setOpen(true); }} data-testid="union-name-propose">{t('unionName.propose')}</Button>}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('unionName.propose')}>
        <Stack>
          <Text size="sm">{t('unionName.why')}</Text>
          <TextInput label={t('unionName.new')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="union-name-new" />
          <Textarea label={t('protectedOff.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} minRows={2} data-testid="union-name-reason" />
          <ErrorAlert error={propose.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>{t('common:cancel')}</Button>
            <Button disabled={name.trim().length < 2 || name.trim() === current || reason.trim().length < 3} loading={propose.pending} data-testid="union-name-ask"
              onClick={async () => {
                if (await propose.run({ unionName: name.trim(), reason: reason.trim() }, { quiet: true, success: t('unionName.waiting') })) setOpen(false);
              }}>{t('protectedOff.ask')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
