import { ApiError } from '../../../shared/http';
import { i18n } from './i18n';

/** The text a resident reads for a failed request: our own wording for the codes they meet, else the server's message. */
export function residentError(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  for (const key of [`resident.errors.${err.code}`, `account.errors.${err.code}`]) if (i18n.global.te(key)) return i18n.global.t(key);
  return err.message;
}

/** Date and time in the resident's language, in China time. */
export function residentTime(at: string): string {
  const locale = i18n.global.locale.value === 'en' ? 'en-GB' : 'zh-CN';
  return new Date(at).toLocaleString(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
