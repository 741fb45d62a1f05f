// The chosen UI language, remembered once for every web entry (console, resident pages): in
// localStorage for the browser and in the cg_lang cookie for the server's error messages. And the
// i18n set-up both entries share, each over its own message modules (the resident pages load only
// theirs, not the console's).
import { createI18n } from 'vue-i18n';

export type Locale = 'zh-CN' | 'en';

const STORAGE_KEY = 'cg_lang';

/** The language this browser chose last; Chinese unless English was chosen. */
export function storedLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

/** Remembers the language for the browser and the server, and tells the document. */
export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.cookie = `cg_lang=${locale === 'en' ? 'en' : 'zh-CN'}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = locale;
}

/** One message module: the same keys in both languages. */
type MessageModule = { zh: object; en: object };
/** The messages of some modules, by module name (typed by the Chinese side). */
export type MessagesOf<M extends Record<string, MessageModule>> = { [K in keyof M]: M[K]['zh'] };

/** vue-i18n over these modules in the remembered language, with the reader and the switch of it. */
export function localeI18n<M extends Record<string, MessageModule>>(modules: M) {
  const pick = (lang: 'zh' | 'en') => Object.fromEntries(Object.entries(modules).map(([name, mod]) => [name, mod[lang]])) as MessagesOf<M>;
  const i18n = createI18n<[MessagesOf<M>], Locale, false>({
    legacy: false,
    locale: storedLocale(),
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': pick('zh'), en: pick('en') },
  });
  return {
    i18n,
    currentLocale: (): Locale => i18n.global.locale.value,
    /** Switches the UI language and remembers it for the browser and for the server (cookie cg_lang). */
    setLocale: (locale: Locale): void => {
      i18n.global.locale.value = locale;
      rememberLocale(locale);
    },
  };
}
