// The console's API client: the web pages' one fetch (web/shared/http.ts: session cookie, CSRF
// header, the API's error answer) with query strings, and a toast for any error the caller does not handle.
import { ElMessage } from 'element-plus';
import { currentLocale, i18n } from '@/i18n';
import { ApiError, createHttp } from '../../shared/http';

export { ApiError };

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON, or as it is when a Blob (with `contentType`). */
  body?: unknown;
  /** The Content-Type of a Blob body. */
  contentType?: string;
  /** Error codes the caller handles itself: no toast is shown for them. */
  quiet?: string[] | true;
  /** Extra headers, e.g. the Idempotency-Key of a report. */
  headers?: Record<string, string>;
}

const client = createHttp({ lang: currentLocale });

/** Set from the login and /api/auth/me answers; sent on every cookie-authenticated write. */
export const setCsrfToken = client.setCsrfToken;

/** Called when the session is gone or a password change is due, so the router can react. */
export const onAuthProblem = client.onAuthProblem;

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isQuiet(err: ApiError, quiet: RequestOptions['quiet']): boolean {
  return quiet === true || (Array.isArray(quiet) && quiet.includes(err.code));
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let answer;
  try {
    answer = await client.send(method, buildUrl(path, opts.query), { body: opts.body, contentType: opts.contentType, headers: opts.headers });
  } catch {
    const err = new ApiError(0, 'NETWORK', i18n.global.t('common.networkError'));
    if (!isQuiet(err, opts.quiet)) ElMessage.error(err.message);
    throw err;
  }

  if (!answer.ok) {
    const err = client.failure(answer, i18n.global.t('common.httpError', { status: answer.status }));
    if (!isQuiet(err, opts.quiet)) ElMessage.error(err.message);
    throw err;
  }
  return (answer.data ?? undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  /** Uploads a file as the raw request body (an .xlsx ledger), with the same CSRF header as JSON writes. */
  postRaw: <T>(path: string, body: Blob, contentType: string, opts: Omit<RequestOptions, 'body' | 'contentType'> = {}) =>
    request<T>('POST', path, { ...opts, body, contentType }),
};
