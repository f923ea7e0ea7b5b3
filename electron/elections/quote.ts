import { AppError } from '../../shared/api/errors.ts';
import type { Channel, Quote, QuoteLine, RateCard } from '../../shared/api/commands/elections.ts';
import { exactAmount, settle, type ExactAmount } from '../../shared/domain/money.ts';

export type QuoteBasis = {
  pieces: number; literaturePages: number; addressPage: boolean; channel: Channel;
  /** The election's printing rule; absent means duplex (every election before the rule existed). */
  sides?: 'duplex' | 'simplex' | undefined;
};

/**
 * The quote is a pure function of the published rate card and the job's size, nothing about who asks: the same
 * audience, pages and channel give the same quote for every candidate (29 CFR 452.67 equal terms).
 * Duplex (the default rule): a piece of p pages (plus the address page when the election uses one) takes ceil(p/2)
 * sheets and p printed sides; an odd piece gets one blank back, which costs its sheet (already counted) and no
 * printing. Simplex: p sheets and p printed sides. The same formula for every candidate: the rule is the election's. Staff time: setup minutes per job + minutes per 1,000 pieces (rounded up), at the hourly rate.
 * Rates may carry a tenth of a cent ($0.352 a piece); the quote rounds once, at the end (see `Draft`).
 */
export function computeQuote(card: RateCard, version: number, b: QuoteBasis): Quote {
  if (b.channel === 'email') return emailQuote(card, version, b);
  const pagesPerPiece = b.literaturePages + (b.addressPage ? 1 : 0);
  const sheetsPerPiece = b.sides === 'simplex' ? pagesPerPiece : Math.ceil(pagesPerPiece / 2);
  const sheets = sheetsPerPiece * b.pieces;
  const sides = pagesPerPiece * b.pieces;
  const draft = new Draft();
  const add = draft.add;
  add('paper', 'sheet', sheets, card.paperPerSheetCents);
  add('printing', 'side', sides, card.printPerSideCents);
  add('envelope', 'piece', b.pieces, card.envelopeCents);
  add('inserting', 'piece', b.pieces, card.insertingCents);
  const postage = card.postageCents[b.channel as Exclude<Channel, 'email'>];
  if (postage === undefined) throw new Error(`rate card has no postage for ${b.channel}`);
  add(`postage.${b.channel}`, 'piece', b.pieces, postage);
  add('handling', 'job', 1, card.handlingPerJobCents);
  const minutes = card.staffSetupMinutesPerJob + Math.ceil((b.pieces * card.staffMinutesPer1000) / 1000);
  add('staffTime', 'minute', minutes, card.staffHourCents);
  for (const o of card.other) {
    const qty = o.per === 'piece' ? b.pieces : o.per === 'sheet' ? sheets : 1;
    add(`other:${o.name}`, o.per, qty, o.cents);
  }
  const { lines, totalCents } = draft.settle();
  return { rateCardVersion: version, pieces: b.pieces, pagesPerPiece, sheetsPerPiece, channel: b.channel, lines, totalCents };
}

/**
 * Email (issue 17): per message and per job from the card, staff time as for mail (setup + minutes per 1,000
 * messages), and the card's per-job other costs. No paper, printing, envelopes or postage. `pieces` = messages to
 * members (seeds are the committee's own check and are not billed, as for mail).
 */
function emailQuote(card: RateCard, version: number, b: QuoteBasis): Quote {
  // Email added to the election's channels after the card in force was published: no price yet, so no quote.
  if (!card.email) throw new AppError('rateCard.emailPriceMissing', 'Email is offered in this election: set a price per message and per job, neither of them zero.');
  const draft = new Draft();
  const add = draft.add;
  add('email.message', 'piece', b.pieces, card.email.perMessageCents);
  add('email.job', 'job', 1, card.email.perJobCents);
  const minutes = card.staffSetupMinutesPerJob + Math.ceil((b.pieces * card.staffMinutesPer1000) / 1000);
  add('staffTime', 'minute', minutes, card.staffHourCents);
  for (const o of card.other) if (o.per === 'job') add(`other:${o.name}`, 'job', 1, o.cents);
  const { lines, totalCents } = draft.settle();
  return { rateCardVersion: version, pieces: b.pieces, pagesPerPiece: b.literaturePages, sheetsPerPiece: 0, channel: 'email', lines, totalCents };
}

/**
 * Lines priced exactly (rates to a tenth of a cent, staff time per hour by the minute), rounded once at the end by
 * shared/domain/money.ts `settle`: the total is the exact sum to the cent, and the lines' whole cents add up to it.
 */
class Draft {
  private readonly lines: Array<Omit<QuoteLine, 'amountCents'>> = [];
  private readonly exact: ExactAmount[] = [];
  add = (item: string, unit: QuoteLine['unit'], quantity: number, rateCents: number): void => {
    this.lines.push({ item, unit, quantity, rateCents });
    this.exact.push(exactAmount(quantity, rateCents, unit === 'minute' ? 'hourByMinute' : 'unit'));
  };
  settle(): { lines: QuoteLine[]; totalCents: number } {
    const { totalCents, lineCents } = settle(this.exact);
    return { lines: this.lines.map((l, i) => ({ ...l, amountCents: lineCents[i]! })), totalCents };
  }
}
