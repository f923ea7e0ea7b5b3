import { ActionIcon, Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isMailClass, type ElectionView, type RateCard } from '../../../../shared/api/commands/elections.ts';
import { useAction, useCommand } from '../../app/client.tsx';
import { ConfirmStep } from '../../components/ConfirmStep.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WhyNot } from '../../components/WhyNot.tsx';
import { zeroPrices } from '../../../../shared/domain/rate-card.ts';
import { parseRateCents } from '../../../../shared/domain/money.ts';

const EMPTY: RateCard = {
  paperPerSheetCents: 0, printPerSideCents: 0, envelopeCents: 0, insertingCents: 0, postageCents: {}, handlingPerJobCents: 0,
  staffHourCents: 0, staffSetupMinutesPerJob: 0, staffMinutesPer1000: 0, other: [],
};
type CentsKey = 'paperPerSheetCents' | 'printPerSideCents' | 'envelopeCents' | 'insertingCents' | 'handlingPerJobCents' | 'staffHourCents';
const CENTS_KEYS: CentsKey[] = ['paperPerSheetCents', 'printPerSideCents', 'envelopeCents', 'insertingCents', 'handlingPerJobCents', 'staffHourCents'];

/** A rate in dollars to a tenth of a cent ($0.352 stays $0.352: postage is priced in mills); kept as cents to a tenth. */
function Dollars({ label, cents, onChange, testid }: { label: string; cents: number; onChange: (c: number) => void; testid: string }) {
  return <NumberInput label={label} prefix="$" decimalScale={3} min={0} value={cents / 100}
    onChange={(v) => onChange(parseRateCents(String(v === '' ? 0 : v)) ?? 0)} data-testid={testid} />;
}

function zeroLabel(t: TFunction<'elections'>, item: string): string {
  if (item.startsWith('postage.')) return t('rateCard.postage', { mailClass: t(`mailClass.${item.slice(8)}`) });
  if (item.startsWith('other:')) return item.slice(6) || t('rateCard.other');
  return t(`rateCard.zeroItem.${item}`);
}

export function RateCardForm({ election, opened, onClose, onPublished }: { election: ElectionView; opened: boolean; onClose: () => void; onPublished: () => void }) {
  const { t } = useTranslation('elections');
  const publish = useAction('rateCard.publish');
  const [card, setCard] = useState<RateCard>(election.rateCard?.card ?? EMPTY);
  const set = <K extends keyof RateCard>(k: K, v: RateCard[K]) => setCard((c) => ({ ...c, [k]: v }));
  // The core refuses a zero price for any cost the union incurs (issue 13); the form says so before sending.
  const zero = zeroPrices(card, election.channels);
  const offersEmail = election.channels.includes('email');
  const why = [
    ...election.channels.filter(isMailClass).filter((c) => card.postageCents[c] === undefined).map((c) => t('rateCard.why.postage', { mailClass: t(`mailClass.${c}`) })),
    ...(offersEmail && card.email === undefined ? [t('rateCard.why.email')] : []),
    ...(card.other.some((o) => !o.name.trim()) ? [t('rateCard.why.otherName')] : []),
    ...(zero.length ? [t('rateCard.why.zero', { items: zero.map((z) => zeroLabel(t, z)).join(', ') })] : []),
  ];
  const ready = why.length === 0;
  const [confirming, setConfirming] = useState(false);
  const candidates = useCommand('candidates.list', { electionId: election.id });
  const active = (candidates.data ?? []).filter((c) => c.active);
  const version = (election.rateCard?.version ?? 0) + 1;
  const submit = async () => {
    if (!ready) return;
    const out = await publish.run({ electionId: election.id, card }, { quiet: true });
    setConfirming(false);
    if (out) onPublished();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('rateCard.publishTitle')} size="xl">
      <ConfirmStep opened={confirming} onClose={() => setConfirming(false)} testid="confirm-publish" loading={publish.pending}
        title={t('rateCard.confirm.title', { version })} confirm={t('rateCard.confirm.go', { version })} onConfirm={() => void submit()}
        happens={[t('rateCard.confirm.fixed', { version }), t('rateCard.confirm.quotes')]}
        who={active.length === 0 ? t('rateCard.confirm.nobody', { election: election.name })
          : t('rateCard.confirm.who', { count: active.length, election: election.name, names: active.map((c) => c.fullName).join(', ') })} />
      <form onSubmit={(e) => { e.preventDefault(); if (ready) setConfirming(true); }}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('rateCard.publishHint')}</Text>
          <SimpleGrid cols={3}>
            {CENTS_KEYS.map((k) => <Dollars key={k} label={t(`rateCard.${k}`)} cents={card[k]} onChange={(c) => set(k, c)} testid={`rate-${k}`} />)}
            {election.channels.filter(isMailClass).map((c) => (
              <Dollars key={c} label={t('rateCard.postage', { mailClass: t(`mailClass.${c}`) })} cents={card.postageCents[c] ?? 0}
                onChange={(v) => set('postageCents', { ...card.postageCents, [c]: v })} testid={`rate-postage-${c}`} />
            ))}
            {offersEmail && <>
              <Dollars label={t('rateCard.emailPerMessage')} cents={card.email?.perMessageCents ?? 0} onChange={(v) => set('email', { perJobCents: card.email?.perJobCents ?? 0, perMessageCents: v })} testid="rate-email-message" />
              <Dollars label={t('rateCard.emailPerJob')} cents={card.email?.perJobCents ?? 0} onChange={(v) => set('email', { perMessageCents: card.email?.perMessageCents ?? 0, perJobCents: v })} testid="rate-email-job" />
            </>}
            <NumberInput label={t('rateCard.staffSetupMinutesPerJob')} data-testid="rate-staffSetupMinutesPerJob" min={0} value={card.staffSetupMinutesPerJob} onChange={(v) => set('staffSetupMinutesPerJob', Number(v) || 0)} />
            <NumberInput label={t('rateCard.staffMinutesPer1000')} data-testid="rate-staffMinutesPer1000" min={0} value={card.staffMinutesPer1000} onChange={(v) => set('staffMinutesPer1000', Number(v) || 0)} />
          </SimpleGrid>
          <Group justify="space-between"><Text fw={600}>{t('rateCard.other')}</Text>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => set('other', [...card.other, { name: '', cents: 0, per: 'job' }])}>{t('rateCard.addOther')}</Button>
          </Group>
          {card.other.map((o, i) => (
            <Group key={i} align="flex-end">
              <TextInput label={t('rateCard.otherName')} value={o.name} onChange={(e) => set('other', card.other.map((x, j) => j === i ? { ...x, name: e.currentTarget.value } : x))} />
              <Dollars label={t('rateCard.otherAmount')} cents={o.cents} onChange={(c) => set('other', card.other.map((x, j) => j === i ? { ...x, cents: c } : x))} testid={`rate-other-${i}`} />
              <Select label={t('rateCard.per')} value={o.per} allowDeselect={false} data={(['piece', 'sheet', 'job'] as const).map((p) => ({ value: p, label: t(`unit.${p}`) }))}
                onChange={(v) => v && set('other', card.other.map((x, j) => j === i ? { ...x, per: v as 'piece' | 'sheet' | 'job' } : x))} />
              <ActionIcon variant="subtle" color="red" aria-label={t('rateCard.removeOther')} onClick={() => set('other', card.other.filter((_, j) => j !== i))}><IconTrash size={16} /></ActionIcon>
            </Group>
          ))}
          {zero.length > 0 && <Alert color="orange" data-testid="rate-card-zero">{t('rateCard.zeroPrice', { items: zero.map((z) => zeroLabel(t, z)).join(', ') })}</Alert>}
          <ErrorAlert error={publish.error} />
          <WhyNot reasons={why} testid="rate-card-why-not" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="submit" disabled={!ready} loading={publish.pending} data-testid="rate-card-publish">{t('rateCard.publish')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
