// The three languages LitDesk speaks, on screens and on paper. A reader's language is a preference of their user
// account (users.language), so the documents LitDesk issues to them are in it too, whichever workstation prints them.

export const LANGUAGES = ['en', 'es', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (s: unknown): s is Language => typeof s === 'string' && (LANGUAGES as readonly string[]).includes(s);

/**
 * The Intl locale for a language: Spanish as written in the United States ("$1,234.50", "2 de marzo de 2026"), and
 * Vietnamese as Intl writes it ("1.234,50 US$", "2 tháng 3, 2026"). The committee's books are in US dollars either way.
 */
const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-US', vi: 'vi-VN' };
export const localeOf = (lang: string): string => (isLanguage(lang) ? LOCALES[lang] : lang);
