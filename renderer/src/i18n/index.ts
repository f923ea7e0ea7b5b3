import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
  { code: 'vi', label: 'Tiếng Việt' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

// One JSON file per language and namespace (a namespace per domain), bundled at build time: the app is offline.
const files = import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;

export function resources(): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [file, content] of Object.entries(files)) {
    const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!m) continue;
    (out[m[1]!] ??= {})[m[2]!] = content;
  }
  return out;
}

const STORAGE_KEY = 'litdesk.language';

export function initI18n(): typeof i18n {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  const lng = LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'en';
  void i18n.use(initReactI18next).init({
    resources: resources(),
    lng,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: Object.keys(resources()['en'] ?? {}),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18n;
}

export function setLanguage(code: Language): void {
  void i18n.changeLanguage(code);
  globalThis.localStorage?.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
}
