import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactAmount, formatRate, isRateCents, parseRateCents, settle } from '../../../shared/domain/money.ts';
import { computeQuote } from '../../../electron/elections/quote.ts';
import type { RateCard } from '../../../shared/api/commands/elections.ts';
import { rateCard } from '../../../shared/api/commands/elections.ts';

// Issue 16 §6: rates to a tenth of a cent (postage is priced in mills) and one rounding, at the end, for everyone.

const card = (over: Partial<RateCard> = {}): RateCard => ({
  paperPerSheetCents: 3, printPerSideCents: 6, envelopeCents: 4, insertingCents: 2, postageCents: { marketing: 35.2 },
  handlingPerJobCents: 2500, staffHourCents: 3200, staffSetupMinutesPerJob: 30, staffMinutesPer1000: 12, other: [], ...over,
});

describe('rates to a tenth of a cent', () => {
  it('reads, keeps and prints $0.352 as $0.352', () => {
    expect(parseRateCents('0.352')).toBe(35.2);
    expect(parseRateCents('$0.352')).toBe(35.2);
    expect(parseRateCents('25')).toBe(2500);
    expect(parseRateCents('0.35')).toBe(35);
    for (const bad of ['0.3525', '-1', '', '1e3', 'abc']) expect(parseRateCents(bad), bad).toBeNull();
    expect(formatRate(35.2)).toBe('$0.352');
    expect(formatRate(35)).toBe('$0.35');
    expect(formatRate(3200)).toBe('$32.00');
    expect(formatRate(0.1)).toBe('$0.001');
    expect(() => formatRate(35.25)).toThrow(RangeError);
    expect(rateCard.safeParse(card()).success).toBe(true);
    // The contract refuses a finer rate: a hundredth of a cent is not a price anyone can pay.
    expect(rateCard.safeParse(card({ postageCents: { marketing: 35.25 } })).success).toBe(false);
  });

  it('round-trips every rate a form can type', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (mills) => {
      const typed = `${Math.floor(mills / 1000)}.${String(mills % 1000).padStart(3, '0')}`;
      const cents = parseRateCents(typed)!;
      expect(isRateCents(cents)).toBe(true);
      expect(Math.round(cents * 10)).toBe(mills);
      expect(parseRateCents(formatRate(cents))).toBe(cents);
    }));
  });
});

describe('one rounding, at the end', () => {
  it('a quote at $0.352 a piece charges the exact postage, rounded once', () => {
    const q = computeQuote(card(), 1, { pieces: 7, literaturePages: 1, addressPage: false, channel: 'marketing' });
    const postage = q.lines.find((l) => l.item === 'postage.marketing')!;
    expect(postage.rateCents).toBe(35.2);
    // 7 x $0.352 = $2.464; staff time 30 + ceil(7*12/1000)=31 min at $32/h = $16.5333...; the rest whole cents.
    const exact = 7 * 3 + 7 * 6 + 7 * 4 + 7 * 2 + 7 * 35.2 + 2500 + (31 * 3200) / 60;
    expect(q.totalCents).toBe(Math.round(exact));
    expect(q.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(q.totalCents);
  });

  it('rounding each line instead would give a different total: the rule is not that', () => {
    // One minute at $0.27 an hour is 0.45 cents: three such lines each round to 0 alone; their sum, 1.35 cents, to 1.
    const { totalCents, lineCents } = settle([exactAmount(1, 27, 'hourByMinute'), exactAmount(1, 27, 'hourByMinute'), exactAmount(1, 27, 'hourByMinute')]);
    expect(totalCents).toBe(1);
    expect(lineCents).toEqual([1, 0, 0]);
  });

  it('property: total = exact sum rounded half up; lines add up to it; no line off by a cent or more', () => {
    const line = fc.record({ quantity: fc.integer({ min: 0, max: 2_000_000 }), mills: fc.integer({ min: 0, max: 10_000_000 }), hourly: fc.boolean() });
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
      const exact = lines.map((l) => exactAmount(l.quantity, l.mills / 10, l.hourly ? 'hourByMinute' : 'unit'));
      const { totalCents, lineCents } = settle(exact);
      // Exact sum in 1/600 cent; half a cent and up rounds up.
      const sum = exact.reduce((s, x) => s + x, 0n);
      const twice = sum * 2n;
      const expected = Number(twice % 1200n >= 600n ? sum / 600n + 1n : sum / 600n);
      expect(totalCents).toBe(expected);
      expect(lineCents.reduce((s, x) => s + x, 0)).toBe(totalCents);
      lineCents.forEach((c, i) => {
        const diff = BigInt(c) * 600n - exact[i]!;
        expect(diff > -600n && diff < 600n).toBe(true);
      });
    }));
  });

  it('property: the same job gets the same quote whoever asks and in whatever order the card lists other costs', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: 1, max: 8 }), (pieces, postageMills, pages) => {
      const c = card({ postageCents: { marketing: postageMills / 10 || 0.1 } });
      const a = computeQuote(c, 1, { pieces, literaturePages: pages, addressPage: false, channel: 'marketing' });
      const b = computeQuote(structuredClone(c), 1, { pieces, literaturePages: pages, addressPage: false, channel: 'marketing' });
      expect(b).toEqual(a);
      expect(a.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(a.totalCents);
    }));
  });
});
