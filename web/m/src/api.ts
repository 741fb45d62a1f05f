// How the field app calls the API: the web pages' one fetch (web/shared/http.ts: session cookie,
// CSRF header, errors as { error: { code, message, details } }), Chinese unless English, and never
// hanging longer than 30 s on a weak network.
import { createHttp, ApiError, type SendOptions } from '../../shared/http';
import { locale } from './i18n';

export { ApiError, uuid } from '../../shared/http';

const http = createHttp({ lang: () => locale.value, timeoutMs: 30_000 });
export const { setCsrfToken, getCsrfToken, onAuthProblem } = http;

export type CallOptions = SendOptions;

/** The raw answer: status, parsed JSON body (or null), headers. Throws only on network failure. */
export const call = (method: string, path: string, opts: CallOptions = {}) => http.send(method, path, opts);

/** A JSON call that throws ApiError (status 0, code NETWORK when there is no network). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let answer;
  try {
    answer = await call(method, path, body === undefined ? {} : { body });
  } catch {
    throw new ApiError(0, 'NETWORK', locale.value === 'en' ? 'No network' : '网络不可用');
  }
  if (answer.status >= 400) throw http.failure(answer, `HTTP ${answer.status}`);
  return answer.data as T;
}

/** ISO 8601 with the phone's UTC offset then, e.g. 2026-12-03T10:15:00.123+08:00 (X-Client-Time). */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
