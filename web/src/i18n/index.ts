import { audit } from './audit';
import { auth } from './auth';
import { caseConfig } from './case-config';
import { cases } from './cases';
import { common } from './common';
import { layout } from './layout';
import { map } from './map';
import { org } from './org';
import { overview } from './overview';
import { proxy } from './proxy';
import { proxyFigures } from './proxy-figures';
import { community } from './community';
import { register } from './register';
import { resident } from './resident';
import { settings } from './settings';
import { territory } from './territory';
import { localeI18n, type Locale } from './locale';

export type { Locale };
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

// One message module per area; each holds both languages so their keys stay side by side.
export const { i18n, currentLocale, setLocale } = localeI18n({ audit, auth, caseConfig, cases, common, community, layout, map, org, overview, proxy, proxyFigures, register, resident, settings, territory });

/** Picks the Chinese or English variant of a name pair coming from the API (roles, levels). */
export function localName(item: { nameZh: string; nameEn: string }): string {
  return currentLocale() === 'en' ? item.nameEn || item.nameZh : item.nameZh;
}
