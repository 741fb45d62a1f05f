// The resident pages' own messages: only their texts (and the app's name), not the console's, so a
// phone scanning the QR code downloads a few kilobytes of words instead of every console page's.
import { common } from '@/i18n/common';
import { localeI18n } from '@/i18n/locale';
import { resident } from '@/i18n/resident';
import { residentAccount } from '@/i18n/resident-account';

export const { i18n, currentLocale, setLocale } = localeI18n({ common, resident, account: residentAccount });
