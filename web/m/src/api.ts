// How the field app calls the API: same session cookie and CSRF header as the console
// (web/src/api/http.ts), errors as { error: { code, message, details } }, Chinese unless English.
import { locale } from './i18n';

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

let csrfToken = '';
type AuthHook = (code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void;
let authHook: AuthHook = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function getCsrfToken(): string {
  return csrfToken;
}
export function onAuthProblem(hook: AuthHook): void {
  authHook = hook;
}

export interface CallOptions {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Gives up after this many ms (a phone on a weak network must not hang forever). */
  timeoutMs?: number;
}

/** The raw answer: status, parsed JSON body (or null), headers. Throws only on network failure. */
export async function call(method: string, path: string, opts: CallOptions = {}): Promise<{ status: number; data: unknown; headers: Headers }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale.value === 'en' ? 'en' : 'zh-CN', ...opts.headers };
  const raw = opts.body instanceof Blob || opts.body instanceof ArrayBuffer;
  if (opts.body !== undefined) headers['Content-Type'] = raw ? (opts.contentType ?? 'application/octet-stream') : 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  try {
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: controller.signal,
      body: opts.body === undefined ? undefined : raw ? (opts.body as BodyInit) : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    return { status: res.status, data, headers: res.headers };
  } finally {
    clearTimeout(timer);
  }
}

export function errorOf(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  return new ApiError(status, e?.code ?? `HTTP_${status}`, e?.message ?? `HTTP ${status}`, e?.details);
}

/** A JSON call that throws ApiError (status 0, code NETWORK when there is no network). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let answer;
  try {
    answer = await call(method, path, body === undefined ? {} : { body });
  } catch {
    throw new ApiError(0, 'NETWORK', locale.value === 'en' ? 'No network' : '网络不可用');
  }
  if (answer.status >= 400) {
    const err = errorOf(answer.status, answer.data);
    if (err.code === 'UNAUTHENTICATED' || err.code === 'PASSWORD_CHANGE_REQUIRED') authHook(err.code);
    throw err;
  }
  return answer.data as T;
}

/** A uuid v4, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO 8601 with the phone's UTC offset then, e.g. 2026-12-03T10:15:00.123+08:00 (X-Client-Time). */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
