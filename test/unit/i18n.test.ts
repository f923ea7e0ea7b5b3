import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// English, Spanish and Vietnamese carry the same keys with the same placeholders, so no screen falls back to
// English or shows a raw key in the other two languages.
const dir = path.resolve(import.meta.dirname, '../../renderer/src/i18n/locales');
const flatten = (o: unknown, prefix = ''): Record<string, string> =>
  Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
    else acc[key] = String(v);
    return acc;
  }, {});
// Plural forms differ by language (Vietnamese has only "other"), so keys are compared without their plural suffix.
const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const namespaces = fs.readdirSync(path.join(dir, 'en')).filter((f) => f.endsWith('.json'));

describe('translations', () => {
  it('has every namespace in every language', () => {
    for (const lang of ['es', 'vi']) expect(fs.readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()).toEqual([...namespaces].sort());
  });
  for (const ns of namespaces) {
    it(`${ns}: same keys and placeholders in es and vi as in en, none empty`, () => {
      const en = flatten(JSON.parse(fs.readFileSync(path.join(dir, 'en', ns), 'utf8')));
      for (const lang of ['es', 'vi']) {
        const other = flatten(JSON.parse(fs.readFileSync(path.join(dir, lang, ns), 'utf8')));
        expect(base(Object.keys(other)), `${lang}/${ns}`).toEqual(base(Object.keys(en)));
        for (const [k, v] of Object.entries(en)) {
          if (!(k in other)) continue; // a plural form this language does not use
          expect(placeholders(other[k]!), `${lang}/${ns}: ${k}`).toEqual(placeholders(v));
          expect(other[k]!.trim().length, `${lang}/${ns}: ${k}`).toBeGreaterThan(0);
        }
      }
    });
  }
});
