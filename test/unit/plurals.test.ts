import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { addFormatters } from '../../shared/i18n/formatters.ts';
import { documentText } from '../../shared/i18n/documents.ts';

// Issue 16 §8: "1 cents", "Wait 1 seconds". Every string of every catalogue (screens and documents) is rendered the way
// the app renders it (i18next + LitDesk's count and money formatters) with each of its numbers set to 1, then 2; the
// English and Spanish results must not put a plural noun after "1", nor a singular one after 2, and no string may dodge
// the question with "(s)" or "(es)".
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIRS = [path.join(ROOT, 'renderer/src/i18n/locales'), path.join(ROOT, 'shared/i18n/locales')];
type Tree = Record<string, unknown>;
const resources: Record<string, Record<string, Tree>> = {};
for (const dir of DIRS) for (const lang of ['en', 'es', 'vi']) for (const f of fs.readdirSync(path.join(dir, lang)).filter((x) => x.endsWith('.json'))) {
  (resources[lang] ??= {})[f.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(dir, lang, f), 'utf8')) as Tree;
}
const flatten = (o: unknown, prefix = ''): Record<string, string> =>
  Object.entries(o as Tree).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
    else acc[key] = String(v);
    return acc;
  }, {});

function instance(lng: string) {
  const i = i18next.createInstance();
  void i.init({ lng, fallbackLng: 'en', initAsync: false, resources, ns: Object.keys(resources.en!), defaultNS: 'common', interpolation: { escapeValue: false } });
  addFormatters(i);
  return i;
}

const PLURAL_AFTER_ONE: Record<string, RegExp> = {
  en: /(?<![\d.,])1 (?:[a-z]+ )?(cents|seconds|minutes|hours|days|pages|pieces|sheets|members|entries|rows|lines|bytes|characters|batches|seeds|problems|heads|records|addresses|documents|requests|candidates|messages|payments|users|jobs|notices|files|postings)\b/,
  es: /(?<![\d.,])1 (?:[a-záéíóúñ]+ )?(centavos|segundos|minutos|horas|días|páginas|piezas|hojas|miembros|afiliados|entradas|filas|líneas|bytes|caracteres|lotes|problemas|cabeceras|registros|direcciones|documentos|solicitudes|candidatos|mensajes|pagos|asientos)\b/,
};
const SINGULAR_AFTER_TWO: Record<string, RegExp> = {
  en: /(?<![\d.,])2 (cent|second|minute|page|piece|sheet|member|entry|row|line|byte|character|batch|seed|problem|head|record|address)\b(?! [A-Za-z]+s\b)/, // "2 member IDs" is a plural
  es: /(?<![\d.,])2 (centavo|segundo|minuto|página|pieza|hoja|miembro|entrada|fila|línea|carácter|lote|problema|cabecera|registro|dirección)\b(?! [a-záéíóúñ]+s\b)/,
};
/** Placeholders that hold a name or a word, not a number: "{{field}} has characters ..." is not a count of fields. */
const WORDS = new Set(['field', 'file', 'name', 'label', 'date', 'today', 'channel', 'size', 'colour', 'opens', 'closes', 'document', 'election', 'candidate',
  'characters', 'memberIds', 'postings', 'reason', 'login', 'role', 'kind', 'item', 'rate', 'unit', 'time', 'amount', 'mailerId', 'jobId', 'head', 'hash', 'at',
  'office', 'method', 'reference', 'payer', 'version', 'previous', 'steps', 'explanation', 'query', 'source', 'proposedBy', 'proposedAt', 'countersignedBy',
  'countersignedAt', 'title', 'text', 'detail', 'value', 'values', 'error', 'message', 'who', 'to', 'from', 'week', 'action', 'key', 'fingerprint', 'email', 'subject']);

function values(template: string, n: number): Record<string, unknown> {
  const out: Record<string, unknown> = { count: n };
  for (const m of template.matchAll(/\{\{\s*([\w.]+)/g)) {
    const name = m[1]!;
    const leaf = name.split('.').pop()!;
    const v = WORDS.has(leaf) ? `‹${leaf}›` : n;
    // Nested placeholders ("found.widthIn") take an object.
    const parts = name.split('.');
    let o = out;
    parts.slice(0, -1).forEach((p) => { o = (o[p] ??= {}) as Record<string, unknown>; });
    o[parts.at(-1)!] = v;
  }
  return out;
}

describe('plurals', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`${lang}: no plural noun after 1 and no singular after 2, in any screen or document string`, () => {
      const i = instance(lang);
      const wrong: string[] = [];
      for (const [ns, tree] of Object.entries(resources[lang]!)) {
        const seen = new Set<string>();
        for (const [key, template] of Object.entries(flatten(tree))) {
          const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
          if (seen.has(base)) continue;
          seen.add(base);
          for (const n of [1, 2]) {
            const text = i.t(`${ns}:${base}`, values(template, n));
            if ((n === 1 ? PLURAL_AFTER_ONE : SINGULAR_AFTER_TWO)[lang]!.test(text)) wrong.push(`${ns}:${base} (${n}) -> ${text}`);
          }
          if (/\w\((s|es)\)/.test(template)) wrong.push(`${ns}:${key} dodges the plural: ${template}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('the cases people saw: "Wait 1 second", money instead of "1 cents", Spanish and Vietnamese forms', () => {
    const en = instance('en');
    const es = instance('es');
    const vi = instance('vi');
    expect(en.t('errors:auth.throttled', { retryAfterSeconds: 1 })).toBe('Too many wrong passphrases. Wait 1 second before trying again.');
    expect(en.t('errors:auth.throttled', { retryAfterSeconds: 30 })).toContain('Wait 30 seconds');
    expect(es.t('errors:auth.throttled', { retryAfterSeconds: 1 })).toContain('Espere 1 segundo antes');
    expect(en.t('billing:errors.billing.prepaymentShort', { shortfallCents: 1 })).toBe('Release refused. Amount due before release: $0.01.');
    expect(vi.t('billing:errors.billing.prepaymentShort', { shortfallCents: 123456 })).toContain('1.234,56\u00a0US$');
    expect(en.t('merge:manifest.totals', { pieces: 1, pages: 2, sheets: 1, batches: 1 })).toBe('1 piece, 2 pages, 1 sheet in 1 batch');
    expect(en.t('merge:manifest.totals', { pieces: 20000, pages: 40000, sheets: 20000, batches: 4 })).toBe('20,000 pieces, 40,000 pages, 20,000 sheets in 4 batches');
    expect(es.t('members:confirm.button', { count: 1 })).toBe('Importar 1 miembro');
    expect(es.t('members:confirm.button', { count: 1_000_000 })).toBe('Importar 1,000,000 de miembros');
    expect(vi.t('members:confirm.button', { count: 1 })).toBe('Nhập 1 hội viên');
    // The documents' catalogue plurals through the same rules.
    const d = documentText({ lang: 'en', tz: 'UTC' });
    expect(d.t('count.sheets', { count: 1, n: '1' })).toBe('1 sheet');
    expect(documentText({ lang: 'es', tz: 'UTC' }).t('count.minutes', { count: 1, n: '1' })).toBe('1 minuto');
  });
});
