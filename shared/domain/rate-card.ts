import type { RateCard } from '../api/commands/elections.ts';

/**
 * The costs the union incurs for every mailing (postage for each class offered, paper, printing, envelopes,
 * inserting, handling, staff time) that the card prices at zero, plus any other cost listed at zero. A zero price
 * would make the union pay for a campaign (LMRDA 401(g)); the spend report must show such a cost as a violation, so
 * the card itself can never set one (issue 13).
 */
export function zeroPrices(card: RateCard, channels: readonly string[]): string[] {
  const out: string[] = [];
  if (card.paperPerSheetCents <= 0) out.push('paper');
  if (card.printPerSideCents <= 0) out.push('printing');
  if (card.envelopeCents <= 0) out.push('envelopes');
  if (card.insertingCents <= 0) out.push('inserting');
  for (const c of channels) if (c !== 'email' && (card.postageCents as Record<string, number | undefined>)[c] === 0) out.push(`postage.${c}`);
  for (const [c, v] of Object.entries(card.postageCents)) if (v === 0 && !channels.includes(c)) out.push(`postage.${c}`);
  if (card.handlingPerJobCents <= 0) out.push('handling');
  if (card.staffHourCents <= 0 || (card.staffSetupMinutesPerJob <= 0 && card.staffMinutesPer1000 <= 0)) out.push('staffTime');
  for (const o of card.other) if (o.cents <= 0) out.push(`other:${o.name}`);
  // Email (issue 17): where the election offers it, a message and a job are never free.
  if (channels.includes('email') && card.email && card.email.perMessageCents <= 0) out.push('email.message');
  if (channels.includes('email') && card.email && card.email.perJobCents <= 0) out.push('email.job');
  return out;
}
