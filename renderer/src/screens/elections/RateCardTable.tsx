import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isMailClass, type Channel, type RateCard } from '../../../../shared/api/commands/elections.ts';
import { formatRate } from '../../../../shared/domain/money.ts';

export function RateCardTable({ card, channels }: { card: RateCard; channels: Channel[] }) {
  const { t, i18n } = useTranslation('elections');
  // Rates as they were set, to a tenth of a cent where they have one ($0.352).
  const m = (c: number) => formatRate(c, i18n.language);
  const rows: Array<[string, string]> = [
    [t('rateCard.paperPerSheetCents'), m(card.paperPerSheetCents)],
    [t('rateCard.printPerSideCents'), m(card.printPerSideCents)],
    [t('rateCard.envelopeCents'), m(card.envelopeCents)],
    [t('rateCard.insertingCents'), m(card.insertingCents)],
    ...channels.filter(isMailClass).filter((c) => card.postageCents[c] !== undefined).map((c): [string, string] => [t('rateCard.postage', { mailClass: t(`mailClass.${c}`) }), m(card.postageCents[c]!)]),
    ...(card.email ? [[t('rateCard.emailPerMessage'), m(card.email.perMessageCents)], [t('rateCard.emailPerJob'), m(card.email.perJobCents)]] as Array<[string, string]> : []),
    [t('rateCard.handlingPerJobCents'), m(card.handlingPerJobCents)],
    [t('rateCard.staffHourCents'), m(card.staffHourCents)],
    [t('rateCard.staffFormula'), t('rateCard.staffFormulaValue', { setup: card.staffSetupMinutesPerJob, per1000: card.staffMinutesPer1000 })],
    ...card.other.map((o): [string, string] => [`${o.name} (${t(`unit.${o.per}`)})`, m(o.cents)]),
  ];
  return (
    <Table withTableBorder fz="sm" data-testid="rate-card-table" maw={640}>
      <Table.Tbody>{rows.map(([k, v]) => <Table.Tr key={k}><Table.Td>{k}</Table.Td><Table.Td ta="right">{v}</Table.Td></Table.Tr>)}</Table.Tbody>
    </Table>
  );
}
