import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@kameng/shared';
import { setLanguageGetter } from '../api/client';
import { en } from './en';
import { zhCN } from './zh-CN';

/** localStorage key of the chosen UI language. */
export const LANG_STORAGE_KEY = 'kameng.lang';

/** The languages the UI ships with; the first is the default. */
export const supportedLanguages: readonly Locale[] = ['zh-CN', 'en'];

function isLocale(value: string | null): value is Locale {
  return value !== null && (supportedLanguages as readonly string[]).includes(value);
}

function readStoredLanguage(): Locale | null {
  try {
    const value = localStorage.getItem(LANG_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** True when the user picked a language themselves (so the site default must not override it). */
export function hasStoredLanguage(): boolean {
  return readStoredLanguage() !== null;
}

/** The UI language now in use. */
export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'zh-CN';
}

/** Switches the UI language; `persist` stores the choice in localStorage. */
export async function setLanguage(lang: Locale, persist = true): Promise<void> {
  if (persist) {
    try {
      localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Private mode without storage: the switch still applies to this page.
    }
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: readStoredLanguage() ?? 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...supportedLanguages],
  initAsync: false,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
});

setLanguageGetter(currentLanguage);

export { i18n };
