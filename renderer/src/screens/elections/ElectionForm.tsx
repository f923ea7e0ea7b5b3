import { Alert, Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIENCE_KINDS, MAIL_CLASSES, MAILER_ID_RE, PAGE_SIZE_NAMES, type ElectionInput, type ElectionView } from '../../../../shared/api/commands/elections.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WhyNot } from '../../components/WhyNot.tsx';

const IN = 72;
// Same default as the core (electron/elections/print-settings.ts): #10 window on a tri-folded Letter sheet.
const DEFAULT: ElectionInput = {
  name: '', offices: [], electionDate: '', mailBallot: true, ballotMailingDate: null,
  audienceKinds: ['allGoodStanding', 'segment'], channels: ['firstClass'],
  rules: { pageSize: 'letter', maxPages: 4, colour: true },
  print: { windowXPt: 63, windowYPt: 564, windowWPt: 324, windowHPt: 81, addressMode: 'window', mailerId: '', serviceType: '040', batchSize: 5000, sides: 'duplex' },
  turnaroundBusinessDays: 5,
};

/** The terms a candidate relies on (electron/elections/election-versions.ts TERM_FIELDS): changing one makes a new version. */
const TERMS = ['electionDate', 'mailBallot', 'ballotMailingDate', 'audienceKinds', 'channels', 'rules', 'print', 'turnaroundBusinessDays'] as const;
const canon = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined).sort(([a], [b]) => a.localeCompare(b))) : x));
const termsChanged = (a: ElectionInput, b: ElectionInput): boolean => TERMS.some((k) => canon(a[k]) !== canon(b[k]));

const strip = (e: ElectionView): ElectionInput => ({
  name: e.name, offices: e.offices, electionDate: e.electionDate, mailBallot: e.mailBallot, ballotMailingDate: e.ballotMailingDate,
  audienceKinds: e.audienceKinds, channels: e.channels, rules: e.rules, print: e.print, turnaroundBusinessDays: e.turnaroundBusinessDays,
});

export function ElectionForm({ opened, election, onClose, onSaved }: { opened: boolean; election: ElectionView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('elections');
  const save = useAction('elections.save');
  const [f, setF] = useState<ElectionInput>(election ? strip(election) : DEFAULT);
  const [reason, setReason] = useState('');
  // Once a candidate is on record, a change of terms is a new version and needs a reason (checked again in the core).
  const candidates = useCommand('candidates.list', { electionId: election?.id ?? 0 }, { enabled: election !== null });
  const needsVersion = election !== null && (candidates.data?.length ?? 0) > 0 &&
    termsChanged(strip(election), { ...f, ballotMailingDate: f.mailBallot ? f.ballotMailingDate : null });
  const set = <K extends keyof ElectionInput>(k: K, v: ElectionInput[K]) => setF((x) => ({ ...x, [k]: v }));
  const setPrint = <K extends keyof ElectionInput['print']>(k: K, v: ElectionInput['print'][K]) => setF((x) => ({ ...x, print: { ...x.print, [k]: v } }));
  const inches = (k: 'windowXPt' | 'windowYPt' | 'windowWPt' | 'windowHPt', label: string) => (
    <NumberInput label={label} value={Math.round((f.print[k] / IN) * 1000) / 1000} decimalScale={3} step={0.125} min={0}
      onChange={(v) => setPrint(k, Math.round(Number(v) * IN * 100) / 100)} data-testid={`election-${k}`} />
  );
  const isDay = (d: string | null) => /^\d{4}-\d{2}-\d{2}$/.test(d ?? '');
  // Each thing the core would refuse, said before sending (issue 16 §6): never a Save button disabled without a reason.
  const why = [
    !f.name.trim() && t('form.why.name'),
    f.offices.length === 0 && t('form.why.offices'),
    !isDay(f.electionDate) && t('form.why.electionDate'),
    f.mailBallot && !isDay(f.ballotMailingDate) && t('form.why.ballotMailingDate'),
    f.print.mailerId === '' ? t('form.why.mailerIdMissing') : !MAILER_ID_RE.test(f.print.mailerId) && t('form.why.mailerIdFormat', { value: f.print.mailerId }),
    !/^\d{3}$/.test(f.print.serviceType) && t('form.why.serviceType'),
    f.channels.length === 0 && t('form.why.channels'),
    f.audienceKinds.length === 0 && t('form.why.audienceKinds'),
    needsVersion && !reason.trim() && t('form.why.reason'),
  ].filter((x): x is string => typeof x === 'string');
  const ready = why.length === 0;
  const submit = async () => {
    if (!ready) return;
    const out = await save.run({ ...(election ? { electionId: election.id } : {}), election: { ...f, ballotMailingDate: f.mailBallot ? f.ballotMailingDate : null },
      ...(needsVersion ? { reason: reason.trim() } : {}) },
      { quiet: true, success: t('form.saved') });
    if (out) onSaved();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={election ? t('form.editTitle') : t('form.newTitle')} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <TextInput label={t('form.name')} value={f.name} onChange={(e) => set('name', e.currentTarget.value)} data-testid="election-name" autoFocus />
          <TagsInput label={t('form.offices')} description={t('form.officesHint')} value={f.offices} onChange={(v) => set('offices', v)} data-testid="election-offices" />
          <SimpleGrid cols={3}>
            <TextInput type="date" label={t('form.electionDate')} value={f.electionDate} onChange={(e) => set('electionDate', e.currentTarget.value)} data-testid="election-date" />
            <Switch mt="xl" label={t('form.mailBallot')} checked={f.mailBallot} onChange={(e) => set('mailBallot', e.currentTarget.checked)} data-testid="election-mail-ballot" />
            {f.mailBallot && <TextInput type="date" label={t('form.ballotMailingDate')} value={f.ballotMailingDate ?? ''}
              onChange={(e) => set('ballotMailingDate', e.currentTarget.value || null)} data-testid="election-ballot-date" />}
          </SimpleGrid>
          <Checkbox.Group label={t('form.audienceKinds')} value={f.audienceKinds} onChange={(v) => set('audienceKinds', v as ElectionInput['audienceKinds'])}>
            <Group mt={4}>{AUDIENCE_KINDS.map((k) => <Checkbox key={k} value={k} label={t(`audience.${k}`)} />)}</Group>
          </Checkbox.Group>
          <Checkbox.Group label={t('form.channels')} value={f.channels} onChange={(v) => set('channels', v as ElectionInput['channels'])}>
            <Group mt={4}>{MAIL_CLASSES.map((k) => <Checkbox key={k} value={k} label={t(`mailClass.${k}`)} data-testid={`channel-${k}`} />)}</Group>
          </Checkbox.Group>
          <Text fw={600} mt="sm">{t('form.rules')}</Text>
          <Text size="xs" c="dimmed">{t('form.rulesHint')}</Text>
          <SimpleGrid cols={3}>
            <Select label={t('form.pageSize')} data={PAGE_SIZE_NAMES.map((p) => ({ value: p, label: t(`pageSize.${p}`) }))} value={f.rules.pageSize}
              allowDeselect={false} onChange={(v) => v && set('rules', { ...f.rules, pageSize: v as ElectionInput['rules']['pageSize'] })} />
            <NumberInput label={t('form.maxPages')} min={1} max={64} value={f.rules.maxPages} onChange={(v) => set('rules', { ...f.rules, maxPages: Number(v) || 1 })} />
            <Switch mt="xl" label={t('form.colour')} checked={f.rules.colour} onChange={(e) => set('rules', { ...f.rules, colour: e.currentTarget.checked })} />
            <Switch mt="xl" label={t('form.fontsEmbedded')} checked={f.rules.fontsEmbedded ?? false} data-testid="election-fonts-embedded"
              onChange={(e) => set('rules', { ...f.rules, fontsEmbedded: e.currentTarget.checked })} />
            <Select label={t('form.bleed')} value={f.rules.bleed ?? 'trim'} allowDeselect={false} data-testid="election-bleed"
              data={[{ value: 'trim', label: t('form.bleedTrim') }, { value: 'refuse', label: t('form.bleedRefuse') }]}
              onChange={(v) => v && set('rules', { ...f.rules, bleed: v as 'trim' | 'refuse' })} />
            <Select label={t('form.landscape')} value={f.rules.landscape ?? 'turn'} allowDeselect={false} data-testid="election-landscape"
              data={[{ value: 'turn', label: t('form.landscapeTurn') }, { value: 'refuse', label: t('form.landscapeRefuse') }]}
              onChange={(v) => v && set('rules', { ...f.rules, landscape: v as 'turn' | 'refuse' })} />
            <NumberInput label={t('form.minImageDpi')} min={0} max={1200} step={50} value={f.rules.minImageDpi ?? 0} data-testid="election-min-image-dpi"
              onChange={(v) => set('rules', { ...f.rules, minImageDpi: Math.max(0, Math.min(1200, Math.round(Number(v) || 0))) })} />
          </SimpleGrid>
          <Text fw={600} mt="sm">{t('form.print')}</Text>
          <Text size="xs" c="dimmed">{t('form.windowHint')}</Text>
          <SimpleGrid cols={4}>
            {inches('windowXPt', t('form.windowX'))}{inches('windowYPt', t('form.windowY'))}{inches('windowWPt', t('form.windowW'))}{inches('windowHPt', t('form.windowH'))}
          </SimpleGrid>
          <SegmentedControl value={f.print.addressMode} onChange={(v) => setPrint('addressMode', v as 'window' | 'addressPage')}
            data={[{ value: 'window', label: t('form.modeWindow') }, { value: 'addressPage', label: t('form.modeAddressPage') }]} />
          <SegmentedControl value={f.print.sides ?? 'duplex'} onChange={(v) => setPrint('sides', v as 'duplex' | 'simplex')} data-testid="election-sides"
            data={[{ value: 'duplex', label: t('form.sidesDuplex') }, { value: 'simplex', label: t('form.sidesSimplex') }]} />
          <SimpleGrid cols={3}>
            <TextInput label={t('form.mailerId')} description={t('form.mailerIdHint')} value={f.print.mailerId} onChange={(e) => setPrint('mailerId', e.currentTarget.value.replace(/\D/g, ''))} data-testid="election-mailer-id" />
            <TextInput label={t('form.serviceType')} value={f.print.serviceType} onChange={(e) => setPrint('serviceType', e.currentTarget.value.replace(/\D/g, '').slice(0, 3))} />
            <NumberInput label={t('form.batchSize')} min={100} max={50000} value={f.print.batchSize} onChange={(v) => setPrint('batchSize', Number(v) || 5000)} />
          </SimpleGrid>
          <NumberInput label={t('form.turnaround')} description={t('form.turnaroundHint')} min={1} max={60} maw={360}
            value={f.turnaroundBusinessDays ?? 5} onChange={(v) => set('turnaroundBusinessDays', Math.max(1, Math.min(60, Number(v) || 5)))} data-testid="election-turnaround" />
          {needsVersion && (
            <Alert color="orange" data-testid="election-version-needed">
              <Textarea label={t('form.reason')} description={t('form.reasonHint', { version: election.version + 1 })} required autosize minRows={2}
                maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="election-reason" />
            </Alert>
          )}
          <ErrorAlert error={save.error} />
          <WhyNot reasons={why} testid="election-why-not" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={save.pending} data-testid="election-save">{t('common:save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
