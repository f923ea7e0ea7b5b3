import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectionWindow } from '../../../electron/elections/dates.ts';
import { foldName, parseEntry } from '../../../electron/elections/own-list.ts';
import { computeQuote } from '../../../electron/elections/quote.ts';
import { CARD } from './helpers.ts';

// Pure rules, no vault: the quote formula, the 401(c) window and the own-list matcher.
describe('quote formula', () => {
  it('is itemised, sums to its total, and grows with the audience', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (pieces, pages, addressPage) => {
      const q = computeQuote(CARD, 3, { pieces, literaturePages: pages, addressPage, channel: 'marketing' });
      expect(q.totalCents).toBe(q.lines.reduce((s, l) => s + l.amountCents, 0));
      expect(q.rateCardVersion).toBe(3);
      expect(q.sheetsPerPiece).toBe(Math.ceil((pages + (addressPage ? 1 : 0)) / 2));
      for (const l of q.lines) expect(Number.isInteger(l.amountCents)).toBe(true);
      const more = computeQuote(CARD, 3, { pieces: pieces + 1, literaturePages: pages, addressPage, channel: 'marketing' });
      expect(more.totalCents).toBeGreaterThan(q.totalCents);
    }));
  });

  it('duplex (the default) pays ceil(p/2) sheets and p printed sides; simplex p sheets: the same for every candidate', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (pieces, pages, addressPage) => {
      const p = pages + (addressPage ? 1 : 0);
      const basis = { pieces, literaturePages: pages, addressPage, channel: 'marketing' as const };
      const dflt = computeQuote(CARD, 1, basis);
      const duplex = computeQuote(CARD, 1, { ...basis, sides: 'duplex' });
      const simplex = computeQuote(CARD, 1, { ...basis, sides: 'simplex' });
      expect(dflt).toEqual(duplex);
      expect(duplex.sheetsPerPiece).toBe(Math.ceil(p / 2));
      expect(simplex.sheetsPerPiece).toBe(p);
      const line = (q: typeof dflt, item: string) => q.lines.find((l) => l.item === item)!;
      expect(line(duplex, 'paper').quantity).toBe(Math.ceil(p / 2) * pieces);
      expect(line(simplex, 'paper').quantity).toBe(p * pieces);
      // A blank back is paper, not printing.
      expect(line(duplex, 'printing').quantity).toBe(p * pieces);
      expect(line(simplex, 'printing').quantity).toBe(p * pieces);
    }));
  });

  it('bills staff time by the uniform formula: setup + minutes per 1,000 pieces (rounded up) at the hourly rate', () => {
    const q = computeQuote(CARD, 1, { pieces: 2500, literaturePages: 2, addressPage: false, channel: 'firstClass' });
    const staff = q.lines.find((l) => l.item === 'staffTime')!;
    expect(staff).toEqual({ item: 'staffTime', unit: 'minute', quantity: 30 + 30, rateCents: 3200, amountCents: 3200 });
    expect(q.lines.find((l) => l.item === 'postage.firstClass')).toMatchObject({ quantity: 2500, amountCents: 2500 * 73 });
  });
});

describe('401(c) window', () => {
  const mail = { electionDate: '2026-06-30', mailBallot: true, ballotMailingDate: '2026-06-10' };
  const site = { electionDate: '2026-06-30', mailBallot: false, ballotMailingDate: null };
  it.each([
    [mail, '2026-05-10', false], [mail, '2026-05-11', true], [mail, '2026-06-09', true], [mail, '2026-06-10', false],
    [site, '2026-05-30', false], [site, '2026-05-31', true], [site, '2026-06-29', true], [site, '2026-06-30', false],
  ])('%o on %s → open %s', (e, today, open) => {
    expect(inspectionWindow(e, today).open).toBe(open);
  });
});

describe('own-list matcher', () => {
  it('folds names regardless of order, case and diacritics', () => {
    expect(foldName('Nguyễn Thị Hương')).toBe(foldName('huong NGUYEN thi'));
    expect(foldName('Đặng Văn Đức')).toBe(foldName('dang van duc'));
    expect(foldName('José Muñoz Peña')).not.toBe(foldName('Jose Munoz'));
  });
  it('reads member IDs, name + ZIP, and nothing else', () => {
    expect(parseEntry('100223')).toEqual({ kind: 'id', id: '100223' });
    expect(parseEntry('Maria Lopez, 95112-1234')).toEqual({ kind: 'nameZip', name: 'lopez maria', zip5: '95112' });
    expect(parseEntry('Lopez\tMaria\t95112')).toMatchObject({ kind: 'nameZip', zip5: '95112' });
    expect(parseEntry('Maria Lopez')).toEqual({ kind: 'unreadable' });
  });
});
