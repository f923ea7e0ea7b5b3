import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/api/error-codes.ts';

// Issue 11 §5: every code the core can answer with is in the registry, and every registered code reads in plain words
// in English, Spanish and Vietnamese — looked up exactly as the renderer does (useErrorText: `errors:<code>`, then
// `<domain>:errors.<code>`), so a Spanish or Vietnamese user never reads the English fallback.
const root = path.resolve(import.meta.dirname, '../..');
const locales = path.join(root, 'renderer/src/i18n/locales');
const DOMAIN_NAMESPACES = ['members', 'elections', 'merge', 'billing', 'reports'];
const load = (lang: string, ns: string): Record<string, unknown> => {
  const f = path.join(locales, lang, `${ns}.json`);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>) : {};
};
const at = (o: unknown, key: string): unknown => key.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
const message = (lang: string, code: string): string | undefined => {
  const found = [at(load(lang, 'errors'), code), ...DOMAIN_NAMESPACES.map((ns) => at(load(lang, ns), `errors.${code}`))].find((m) => typeof m === 'string');
  return found as string | undefined;
};

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.ts$/.test(e.name)) yield p;
  }
}

/** Codes written at throw sites and in error values in the core (electron/, shared/). */
function codesInSource(): Map<string, string> {
  const patterns = [
    /new AppError\(\s*'(\w+(?:\.\w+)*)'/g, /\bfail\(\s*'(\w+\.[\w.]+)'/g, /\brefuse\([^,()]*,\s*'(\w+\.[\w.]+)'/g,
    /\bcode:\s*'(\w+(?:\.\w+)*)',\s*message\b/g, /new MergeError\(\s*'(\w+\.[\w.]+)'/g,
    /\b(?:const|let)\s+code\s*=\s*[^;]*?'([\w]+\.[\w.]+)'[^;]*?'([\w]+\.[\w.]+)'/g,
  ];
  const out = new Map<string, string>();
  for (const dir of ['electron', 'shared']) {
    for (const file of sources(path.join(root, dir))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of patterns) {
        for (const m of text.matchAll(re)) for (const c of m.slice(1)) if (c) out.set(c, path.relative(root, file));
      }
    }
  }
  return out;
}

describe('error codes', () => {
  it('are registered wherever the core throws or answers with one', () => {
    const registered = new Set<string>(ERROR_CODES);
    const missing = [...codesInSource()].filter(([c]) => !registered.has(c)).map(([c, f]) => `${c} (${f}): add it to shared/api/error-codes.ts`);
    expect(missing).toEqual([]);
    expect(new Set(ERROR_CODES).size, 'a code is listed twice').toBe(ERROR_CODES.length);
  });

  for (const lang of ['en', 'es', 'vi']) {
    it(`each has a message in ${lang}`, () => {
      const without = ERROR_CODES.filter((c) => !message(lang, c)?.trim());
      expect(without.map((c) => `${c}: add "${c}" to renderer/src/i18n/locales/${lang}/errors.json (or under "errors" in its domain's file)`)).toEqual([]);
    });
  }

  it('Spanish and Vietnamese messages are translations, not English copies', () => {
    const copied = ERROR_CODES.filter((c) => ['es', 'vi'].some((l) => message(l, c) === message('en', c) && (message('en', c)?.length ?? 0) > 12));
    expect(copied).toEqual([]);
  });
});
