// The chosen UI language, remembered once for every web entry (console, resident pages): in
// localStorage for the browser and in the cg_lang cookie for the server's error messages.
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
