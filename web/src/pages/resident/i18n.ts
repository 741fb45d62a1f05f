// The resident pages' own messages: only their texts (and the app's name), not the console's, so a
// phone scanning the QR code downloads a few kilobytes of words instead of every console page's.
import { createI18n } from 'vue-i18n';
import { common } from '@/i18n/common';
import { rememberLocale, storedLocale, type Locale } from '@/i18n/locale';
import { resident } from '@/i18n/resident';

const pick = (lang: 'zh' | 'en') => ({ common: common[lang], resident: resident[lang] });
type Messages = ReturnType<typeof pick>;

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': pick('zh'), en: pick('en') },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  rememberLocale(locale);
}
