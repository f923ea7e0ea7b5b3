import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  judgeNames, judgePayer, nameKey, payerTokens, sameParty, suggestVariants, type PayerStatus, type ProtectedName,
} from '../../../shared/domain/payer-match.ts';

// Issue 13 §6, the cases the insider used: with the union named "SEIU Local 503" (and the chair's setup: its legal
// name, its other acronym OPEU, an affiliated body, members' employers), each of these payers once got through.
const UNION: ProtectedName[] = [
  { kind: 'commonName', name: 'SEIU Local 503' },
  { kind: 'legalName', name: 'Service Employees International Union Local 503' },
  { kind: 'acronym', name: 'OPEU' },
  { kind: 'legalName', name: 'Oregon Public Employees Union' },
  { kind: 'affiliate', name: 'Local 42' },
  { kind: 'employer', name: 'Acme Hospital' },
  { kind: 'employer', name: 'Providence Health & Services' },
];
// The union's name as Settings has it, and nothing else: the matcher alone must still see through the spellings.
const ONLY_NAME: ProtectedName[] = [{ kind: 'legalName', name: 'SEIU Local 503' }];

const TABLE: Array<[payer: string, names: ProtectedName[], status: PayerStatus]> = [
  ['S.E.I.U. Local 503, OPEU', UNION, 'refused'],
  ['SEIU503', UNION, 'refused'],
  ['SEIU503', ONLY_NAME, 'refused'],
  ['Service Employees International Union Local 503', UNION, 'refused'],
  ['Service Employees International Union Local 503', ONLY_NAME, 'refused'],
  ['SERVICE EMPLOYEES INT\'L UNION, LOCAL #503', ONLY_NAME, 'refused'],
  ['OPEU', UNION, 'refused'],
  ['Local 503 SEIU', ONLY_NAME, 'refused'],
  ['s e i u  local 0503', ONLY_NAME, 'refused'],
  ['SEIU Local 503 General Fund', ONLY_NAME, 'refused'],
  ['Acme Hosp.', UNION, 'refused'],
  ['ACME HOSPITAL, INC.', UNION, 'refused'],
  ['Hospital Acme', UNION, 'refused'],
  ['Providence Health and Services', UNION, 'refused'],
  ['Providence Hlth & Svcs', UNION, 'refused'],
  ['LOCAL 42', UNION, 'refused'],
  // Near-matches: not the same, not clearly different. A second committee member reviews them.
  ['S.E.I.U. Local 503, OPEU', ONLY_NAME, 'review'],
  ['Friends of Local 42 members', UNION, 'review'],
  ['Friends of SEIU 503', UNION, 'review'],
  ['Acme Hospital Foundation', UNION, 'review'],
  ['Acme Hardware', UNION, 'review'],
  ['SEIU Local 49', ONLY_NAME, 'review'],
  ['Teamsters Local 117', ONLY_NAME, 'review'],
  ['Oregon AFL-CIO', ONLY_NAME, 'review'],
  ['Brotherhood of Railroad Signalmen', ONLY_NAME, 'review'],
  // Clearly different: nobody needs to look.
  ['Nguyễn Thị Hương', UNION, 'clear'],
  ['Friends of José', UNION, 'clear'],
  ['Ana Pérez', UNION, 'clear'],
  ['Committee to Elect Maria Lopez', UNION, 'clear'],
  ['Oregon Community Credit Union', ONLY_NAME, 'clear'],
  ['Local Coffee Roasters', UNION, 'clear'],
];

describe('payer matching: the issue\'s cases', () => {
  it.each(TABLE.map(([p, n, s]) => [p, n === UNION ? 'the union\'s setup' : 'its name only', s, n] as const))('%s against %s -> %s', (payer, _label, status, names) => {
    expect(judgePayer(payer, names).status).toBe(status);
  });

  it('names what it matched, for the message and the reviewer', () => {
    expect(judgePayer('Acme Hosp.', UNION).match).toEqual({ kind: 'employer', name: 'Acme Hospital' });
    expect(judgePayer('Friends of Local 42 members', UNION)).toMatchObject({ why: 'contains', match: { kind: 'affiliate', name: 'Local 42' } });
    expect(judgePayer('Teamsters Local 117', ONLY_NAME)).toMatchObject({ why: 'unionLike', match: null });
  });

  it('judges the payer and the account holder together: the stricter verdict wins', () => {
    expect(judgeNames(['Ana Pérez', 'SEIU Local 503 General Fund'], UNION).status).toBe('refused');
    expect(judgeNames(['Friends of Local 42 members', 'Ana Pérez'], UNION).status).toBe('review');
    expect(judgeNames(['Ana Pérez', 'Ana Perez'], UNION).status).toBe('clear');
  });

  it('folds spellings into tokens', () => {
    expect(payerTokens('S.E.I.U. Local #0503')).toEqual(['seiu', 'local', '503']);
    expect(payerTokens('Acme Hosp.')).toEqual(['acme', 'hospital']);
    expect(sameParty('Pérez, Ana', 'ANA PEREZ')).toBe(true);
    expect(sameParty('Ana Pérez', 'Ana Pérez-Lima')).toBe(false);
  });

  it('suggests the variants a chair confirms: the acronym, the abbreviations', () => {
    expect(suggestVariants('Service Employees International Union Local 503')).toEqual(expect.arrayContaining(['SEIU 503', 'SEIU Local 503', 'SEIU503']));
    expect(suggestVariants('Oregon Public Employees Union')).toContain('OPEU');
    expect(suggestVariants('Acme Hospital, Inc.')).toEqual(expect.arrayContaining(['Acme Hospital', 'Acme Hosp. Inc.']));
    expect(suggestVariants('Providence Health & Services')).toContain('Providence Health and Services');
  });
});

// Property tests: whatever way a clerk writes a protected name, it is refused; adding a word of one's own makes it a
// near-match at most, never clear; writing the same payer differently never changes the verdict.
const words = fc.constantFrom('Acme', 'Riverside', 'Kaiser', 'Cascade', 'Willamette', 'Pioneer', 'Summit', 'Harbor', 'Linfield');
const kinds = fc.constantFrom('Hospital', 'Health', 'Foods', 'Freight', 'Services', 'Clinic', 'Nursing');
const protectedName = fc.tuple(fc.array(words, { minLength: 1, maxLength: 2 }), kinds, fc.option(fc.integer({ min: 1, max: 9999 })))
  .map(([w, k, n]) => `${w.join(' ')} ${k}${n === null ? '' : ` Local ${n}`}`);
const caseOf = (s: string, how: number): string => how === 0 ? s.toUpperCase() : how === 1 ? s.toLowerCase() : s;
const punctuate = (s: string, marks: string[]): string => s.split(' ').map((w, i) => w + (marks[i % marks.length] ?? '')).join(' ');

/** A rewriting a clerk might type: case, punctuation, spacing, token order, filler words. */
const rewrite = fc.record({
  how: fc.integer({ min: 0, max: 2 }),
  marks: fc.array(fc.constantFrom('', '.', ',', ' ', '-', '  '), { minLength: 1, maxLength: 4 }),
  order: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  filler: fc.constantFrom('', ' Inc.', ' General Fund', ', LLC', ' Account'),
});
const apply = (name: string, r: { how: number; marks: string[]; order: number[]; filler: string }): string => {
  const ts = name.split(' ');
  const keyed = ts.map((t, i) => ({ t, k: r.order[i % r.order.length]! }));
  keyed.sort((a, b) => a.k - b.k);
  return caseOf(punctuate(keyed.map((x) => x.t).join(' '), r.marks), r.how) + r.filler;
};

describe('payer matching: properties', () => {
  it('a protected name, however written, is refused', () => {
    fc.assert(fc.property(protectedName, rewrite, (name, r) => {
      expect(judgePayer(apply(name, r), [{ kind: 'employer', name }]).status).toBe('refused');
    }), { numRuns: 500 });
  });

  it('a protected name among other words is never clear', () => {
    fc.assert(fc.property(protectedName, fc.constantFrom('Friends of', 'Members for', 'Retirees of', 'Zeta'), fc.boolean(), (name, extra, before) => {
      const payer = before ? `${extra} ${name}` : `${name} ${extra}`;
      expect(judgePayer(payer, [{ kind: 'employer', name }]).status).not.toBe('clear');
    }), { numRuns: 300 });
  });

  it('the verdict does not depend on how the payer is written', () => {
    const payers = fc.tuple(fc.array(fc.constantFrom('Ana', 'Pérez', 'Friends', 'of', 'Local', '42', 'Acme', 'Hosp.', 'SEIU', '503', 'Cascade', 'Union'), { minLength: 1, maxLength: 5 }))
      .map(([w]) => w.join(' '));
    fc.assert(fc.property(payers, rewrite, (payer, r) => {
      expect(judgePayer(apply(payer, { ...r, filler: '' }), UNION).status).toBe(judgePayer(payer, UNION).status);
    }), { numRuns: 500 });
  });

  it('every suggested variant of a name is refused against that name alone', () => {
    fc.assert(fc.property(protectedName, (name) => {
      for (const v of suggestVariants(name)) expect(judgePayer(v, [{ kind: 'employer', name }]).status, v).toBe('refused');
    }), { numRuns: 300 });
  });

  it('the stricter of payer and account holder wins, in either order', () => {
    const any = fc.constantFrom(...TABLE.map((t) => t[0]));
    fc.assert(fc.property(any, any, (a, b) => {
      const rank = { clear: 0, review: 1, refused: 2 } as const;
      const both = judgeNames([a, b], UNION).status;
      expect(both).toBe(judgeNames([b, a], UNION).status);
      expect(rank[both]).toBe(Math.max(rank[judgePayer(a, UNION).status], rank[judgePayer(b, UNION).status]));
    }), { numRuns: 200 });
  });

  it('the name key ignores order, case and punctuation', () => {
    fc.assert(fc.property(protectedName, rewrite, (name, r) => {
      expect(nameKey(apply(name, { ...r, filler: '' }))).toBe(nameKey(name));
    }), { numRuns: 300 });
  });
});
