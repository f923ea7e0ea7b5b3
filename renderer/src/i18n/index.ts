import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addFormatters } from '../../../shared/i18n/formatters.ts';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
  { code: 'vi', label: 'Tiếng Việt' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

// One JSON file per language and namespace (a namespace per domain), bundled at build time: the app is offline. The
// documents' catalogue lives in shared/ (the core prints from it) and is the `documents` namespace here: one source.
const files = {
  ...import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' }),
  ...import.meta.glob('../../../shared/i18n/locales/*/*.json', { eager: true, import: 'default' }),
} as Record<string, Record<string, unknown>>;

export function resources(): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [file, content] of Object.entries(files)) {
    const m = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
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
  addFormatters(i18n);
  document.documentElement.lang = lng;
  return i18n;
}

export function setLanguage(code: Language): void {
  void i18n.changeLanguage(code);
  globalThis.localStorage?.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
}

/**
 * A language picked on the sign-in screen, before anyone is signed in: it becomes the account's own at sign-in. Without
 * one, the account's language (users.language) wins, so a candidate signing in after the chair on a shared workstation
 * gets their own language, not the chair's.
 */
let chosenBeforeSignIn: Language | null = null;
export const noteChoiceBeforeSignIn = (code: Language): void => { chosenBeforeSignIn = code; };
export function takeChoiceBeforeSignIn(): Language | null {
  const c = chosenBeforeSignIn;
  chosenBeforeSignIn = null;
  return c;
}
