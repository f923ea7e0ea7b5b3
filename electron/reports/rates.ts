import type { RateCard } from '../../shared/api/commands/elections.ts';

/** The rate a published card sets for a quote line's item (the same names computeQuote writes); undefined if none. */
export function cardRate(card: RateCard, item: string): number | undefined {
  if (item.startsWith('postage.')) return card.postageCents[item.slice(8) as keyof RateCard['postageCents']];
  if (item.startsWith('other:')) return card.other.find((o) => o.name === item.slice(6))?.cents;
  const fixed: Record<string, number> = {
    paper: card.paperPerSheetCents, printing: card.printPerSideCents, envelope: card.envelopeCents,
    inserting: card.insertingCents, handling: card.handlingPerJobCents, staffTime: card.staffHourCents,
  };
  return fixed[item];
}

/** Quote lines as stored on a request: `{ lines: [...] , ...}` or a bare array (older rows). */
export function storedLines(json: string | null): Array<{ item: string; unit: string; rateCents: number }> {
  if (json === null) return [];
  const parsed = JSON.parse(json) as { lines?: unknown } | unknown[];
  const lines = Array.isArray(parsed) ? parsed : Array.isArray(parsed.lines) ? parsed.lines : [];
  return (lines as Array<{ item: string; unit: string; rateCents: number }>).map((l) => ({ item: l.item, unit: l.unit, rateCents: l.rateCents }));
}
