// A tiny translator (vue-i18n would cost more than the whole app): Chinese first, English available.
// t('key', { n: 3 }) replaces {n}; a missing key shows the key, so a gap is visible, not silent.
import { ref } from 'vue';
import { messages, type MessageKey } from './messages';

export type Locale = 'zh-CN' | 'en';
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('cg_m_lang') : null;
export const locale = ref<Locale>(stored === 'en' ? 'en' : 'zh-CN');

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem('cg_m_lang', next);
  document.documentElement.lang = next;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const entry = messages[key];
  const text: string = entry ? (locale.value === 'en' ? entry[1] : entry[0]) : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** A {zh, en} pair from the server in the current language. */
export function tr(pair: { zh: string; en: string } | null | undefined): string {
  if (!pair) return '';
  return locale.value === 'en' ? pair.en : pair.zh;
}
