import { createI18n } from 'vue-i18n';
import { audit } from './audit';
import { auth } from './auth';
import { caseConfig } from './case-config';
import { cases } from './cases';
import { common } from './common';
import { layout } from './layout';
import { map } from './map';
import { org } from './org';
import { overview } from './overview';
import { register } from './register';
import { resident } from './resident';
import { settings } from './settings';
import { territory } from './territory';
import { rememberLocale, storedLocale, type Locale } from './locale';

export type { Locale };
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

// One message module per area; each holds both languages so their keys stay side by side.
const modules = { audit, auth, caseConfig, cases, common, layout, map, org, overview, register, resident, settings, territory };
type Messages = { [K in keyof typeof modules]: (typeof modules)[K]['zh'] };

function pick(lang: 'zh' | 'en'): Messages {
  const out: Record<string, unknown> = {};
  for (const [name, mod] of Object.entries(modules)) out[name] = mod[lang];
  return out as Messages;
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': pick('zh'), en: pick('en') },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switches the UI language and remembers it for the browser and for the server (cookie cg_lang). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  rememberLocale(locale);
}

/** Picks the Chinese or English variant of a name pair coming from the API (roles, levels). */
export function localName(item: { nameZh: string; nameEn: string }): string {
  return currentLocale() === 'en' ? item.nameEn || item.nameZh : item.nameZh;
}
