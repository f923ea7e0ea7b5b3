import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// English, Spanish and Vietnamese carry the same keys with the same placeholders, so no screen or document falls back
// to English or shows a raw key in the other two languages. Two folders hold catalogues: the screens' namespaces and
// the documents' catalogue the core prints from (shared/, loaded by the renderer too as its `documents` namespace).
const DIRS = [
  path.resolve(import.meta.dirname, '../../renderer/src/i18n/locales'),
  path.resolve(import.meta.dirname, '../../shared/i18n/locales'),
];
const flatten = (o: unknown, prefix = ''): Record<string, string> =>
  Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
    else acc[key] = String(v);
    return acc;
  }, {});
const PLURAL = /_(zero|one|two|few|many|other)$/;
// Plural forms differ by language (Vietnamese has only "other"), so keys are compared without their plural suffix.
const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(PLURAL, '')))].sort();
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const read = (dir: string, lang: string, ns: string) => flatten(JSON.parse(fs.readFileSync(path.join(dir, lang, ns), 'utf8')));

for (const dir of DIRS) {
  const namespaces = fs.readdirSync(path.join(dir, 'en')).filter((f) => f.endsWith('.json'));
  describe(`translations in ${path.relative(path.resolve(import.meta.dirname, '../..'), dir)}`, () => {
    it('has every namespace in every language', () => {
      for (const lang of ['es', 'vi']) expect(fs.readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()).toEqual([...namespaces].sort());
    });
    for (const ns of namespaces) {
      it(`${ns}: same keys and placeholders in es and vi as in en, none empty`, () => {
        const en = read(dir, 'en', ns);
        for (const lang of ['es', 'vi']) {
          const other = read(dir, lang, ns);
          expect(base(Object.keys(other)), `${lang}/${ns}`).toEqual(base(Object.keys(en)));
          for (const [k, v] of Object.entries(en)) {
            if (!(k in other)) continue; // a plural form this language does not use
            expect(placeholders(other[k]!), `${lang}/${ns}: ${k}`).toEqual(placeholders(v));
            expect(other[k]!.trim().length, `${lang}/${ns}: ${k}`).toBeGreaterThan(0);
          }
        }
      });
      it(`${ns}: every plural key has each form its language uses (Intl.PluralRules), and no form it does not`, () => {
        for (const lang of ['en', 'es', 'vi']) {
          const keys = Object.keys(read(dir, lang, ns));
          const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.filter((c) => c !== 'zero' || lang !== 'en');
          const plurals = new Set(Object.keys(read(dir, 'en', ns)).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
          for (const p of plurals) {
            const have = keys.filter((k) => k.replace(PLURAL, '') === p && PLURAL.test(k)).map((k) => PLURAL.exec(k)![1]).sort();
            expect(have, `${lang}/${ns}: ${p}`).toEqual([...needed].sort());
          }
        }
      });
    }
  });
}
