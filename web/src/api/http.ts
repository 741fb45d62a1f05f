import { ElMessage } from 'element-plus';
import { currentLocale, i18n } from '@/i18n';

/** An answer `{error: {code, message, details}}` from the API, or a network failure (code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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

type AuthHook = (code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void;

let csrfToken = '';
let authHook: AuthHook = () => {};

/** Set from the login and /api/auth/me answers; sent on every cookie-authenticated write. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the session is gone or a password change is due, so the router can react. */
export function onAuthProblem(hook: AuthHook): void {
  authHook = hook;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) {
      return new ApiError(res.status, body.error.code, body.error.message ?? body.error.code, body.error.details);
    }
  } catch {
    // Not JSON (a proxy error page, for instance): fall through to the generic message.
  }
  return new ApiError(res.status, `HTTP_${res.status}`, i18n.global.t('common.httpError', { status: res.status }));
}

function isQuiet(err: ApiError, quiet: RequestOptions['quiet']): boolean {
  return quiet === true || (Array.isArray(quiet) && quiet.includes(err.code));
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN',
    ...opts.headers,
  };
  const raw = opts.body instanceof Blob;
  if (opts.body !== undefined) headers['Content-Type'] = raw ? (opts.contentType ?? 'application/octet-stream') : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : raw ? (opts.body as Blob) : JSON.stringify(opts.body),
    });
  } catch {
    const err = new ApiError(0, 'NETWORK', i18n.global.t('common.networkError'));
    if (!isQuiet(err, opts.quiet)) ElMessage.error(err.message);
    throw err;
  }

  if (!res.ok) {
    const err = await toApiError(res);
    if (err.code === 'UNAUTHENTICATED' || err.code === 'PASSWORD_CHANGE_REQUIRED') authHook(err.code);
    if (!isQuiet(err, opts.quiet)) ElMessage.error(err.message);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
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
