import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { MONEY_WORDS, retiredMoneyWord } from '../../shared/domain/money-words.ts';

// Issue 16 §4: one money vocabulary. A screen said "Balance due $0.00" beside "SHORT BY $376.12"; an invoice said
// "Balance due after this document" while the screen said "Funds held" and the report "Balance". The careless fix this
// catches: a new string that names a money figure in its own words instead of the set, or a copy of a money word typed
// into another string (which then drifts when the word changes) instead of a $t(documents:money.…) reference.

const ROOT = path.resolve(import.meta.dirname, '../..');
const LANGS = ['en', 'es', 'vi'] as const;
type Lang = (typeof LANGS)[number];
type Tree = { [k: string]: string | Tree };

function catalogues(lang: Lang): Array<{ ns: string; tree: Tree }> {
  const dir = path.join(ROOT, 'renderer/src/i18n/locales', lang);
  const screens = fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => ({ ns: f.replace(/\.json$/, ''), tree: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Tree }));
  const documents = JSON.parse(fs.readFileSync(path.join(ROOT, 'shared/i18n/locales', lang, 'documents.json'), 'utf8')) as Tree;
  return [...screens, { ns: 'documents', tree: documents }];
}

function strings(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : strings(v, `${prefix}${k}.`)));
}

describe('one money vocabulary on screens and documents', () => {
  for (const lang of LANGS) {
    it(`${lang}: no screen or document string names money with a retired word`, () => {
      const found: string[] = [];
      for (const { ns, tree } of catalogues(lang)) {
        for (const [key, text] of strings(tree)) {
          const word = retiredMoneyWord(lang, text);
          if (word) found.push(`${ns}:${key} says "${word}": ${text}`);
        }
      }
      expect(found).toEqual([]);
    });

    it(`${lang}: every money word is defined once, in documents.money, and other strings refer to it`, () => {
      const words = (catalogues(lang).find((c) => c.ns === 'documents')!.tree['money'] ?? {}) as Record<string, string>;
      for (const w of MONEY_WORDS) expect(words[w], `${lang} money.${w}`).toBeTruthy();
      // Distinct: two figures never share a word.
      expect(new Set(MONEY_WORDS.map((w) => words[w]!.toLowerCase())).size).toBe(MONEY_WORDS.length);
      // A money word of more than one word ("Amount due", "Held for you"...) typed into another string is a copy.
      const distinctive = MONEY_WORDS.map((w) => words[w]!).filter((s) => s.includes(' ') && s !== words['paid']);
      const copies: string[] = [];
      for (const { ns, tree } of catalogues(lang)) {
        for (const [key, text] of strings(tree)) {
          if (ns === 'documents' && key.startsWith('money.') && (MONEY_WORDS as readonly string[]).includes(key.slice(6))) continue;
          for (const s of distinctive) if (text.includes(s)) copies.push(`${ns}:${key} copies "${s}"`);
        }
      }
      expect(copies).toEqual([]);
    });
  }

  it('a screen string refers to the word and reads as the word in each language', () => {
    const res: Record<string, Record<string, Tree>> = {};
    for (const lang of LANGS) res[lang] = Object.fromEntries(catalogues(lang).map((c) => [c.ns, c.tree]));
    const i = i18next.createInstance();
    void i.init({ resources: res, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
    expect(i.t('billing:release.short', { amount: '$1.00', lng: 'en' })).toBe('Amount due before release: $1.00');
    expect(i.t('billing:release.short', { amount: '$1.00', lng: 'es' })).toBe('Importe a pagar antes de la liberación: $1.00');
    expect(i.t('billing:release.short', { amount: '1,00 US$', lng: 'vi' })).toBe('Số tiền phải trả trước khi phát hành: 1,00 US$');
    expect(i.t('reports:spend.amountDue', { lng: 'vi' })).toBe('Số tiền phải trả');
    expect(i.t('documents:spend.colHeld', { lng: 'es' })).toBe('Retenido a favor del candidato');
  });

  it('no document or billing screen source prints a retired money word of its own', () => {
    const files = [
      'electron/billing/pdf.ts', 'electron/reports/pdf.ts', 'electron/reports/render-spend.ts', 'electron/reports/render-equal.ts',
      ...fs.readdirSync(path.join(ROOT, 'electron/pdf')).map((f) => `electron/pdf/${f}`),
      ...fs.readdirSync(path.join(ROOT, 'renderer/src/screens/billing')).map((f) => `renderer/src/screens/billing/${f}`),
    ];
    const found: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      // String literals only: identifiers such as balanceCents are data, not words a reader sees.
      for (const m of src.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g)) {
        const text = m[1] ?? m[2] ?? m[3] ?? '';
        // Catalogue keys and test ids ("credit.title", "balance-due") are names, not words: a reader sees sentences.
        if (!/\s/.test(text)) continue;
        const word = retiredMoneyWord('en', text.replace(/\$\{[^}]*\}/g, ' '));
        if (word) found.push(`${f}: "${word}" in ${text.slice(0, 80)}`);
      }
    }
    expect(found).toEqual([]);
  });
});
