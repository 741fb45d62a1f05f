// The one fetch of the web pages: the console (web/src/api/http.ts), the resident pages
// (web/src/pages/resident/api.ts) and the field app (web/m/src/api.ts) each wrap it with what is
// theirs (toasts, the outbox, no session at all). Here: the session cookie, the CSRF header on
// writes once a token is known, Accept-Language, JSON in and out, and the API's error answer
// `{ error: { code, message, details } }` as an ApiError. Imported by relative path, so every
// build (web/vite.config.ts, web/m/vite.config.ts), type check and unit test resolves it as it is.

/** An answer `{error: {code, message, details}}` from the API, or a network failure (status 0, code NETWORK). */
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

export type AuthProblem = 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED';

export interface SendOptions {
  /** Sent as JSON, or as it is when a Blob or ArrayBuffer (with `contentType`). */
  body?: unknown;
  /** The Content-Type of a Blob or ArrayBuffer body. */
  contentType?: string;
  /** Extra headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
  /** Gives up after this many ms (the client's default when not given; none when neither says). */
  timeoutMs?: number;
}

/** The raw answer: status, parsed JSON body (null when empty or not JSON), headers. */
export interface Answer {
  status: number;
  ok: boolean;
  data: unknown;
  headers: Headers;
}

export interface HttpClient {
  /** Sends a request; throws only when there is no answer (network failure, timeout). */
  send(method: string, path: string, opts?: SendOptions): Promise<Answer>;
  /**
   * The ApiError of a failed answer: the API's code and message, or HTTP_<status> with `fallback`.
   * A lost session or a due password change is also told to the onAuthProblem hook.
   */
  failure(answer: Pick<Answer, 'status' | 'data'>, fallback: string): ApiError;
  /** Set from the sign-in and /api/auth/me answers; sent on every cookie-authenticated write. */
  setCsrfToken(token: string): void;
  getCsrfToken(): string;
  /** Called when the session is gone or a password change is due, so the app can react. */
  onAuthProblem(hook: (code: AuthProblem) => void): void;
}

/** The `error` of an API answer's body, when it has one. */
export function errorBody(data: unknown): { code?: string; message?: string; details?: unknown } | undefined {
  return (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
}

/** A client whose requests ask for the language `lang()` says (zh-CN unless en). */
export function createHttp(config: { lang: () => string; timeoutMs?: number }): HttpClient {
  let csrfToken = '';
  let authHook: (code: AuthProblem) => void = () => {};

  async function send(method: string, path: string, opts: SendOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': config.lang() === 'en' ? 'en' : 'zh-CN', ...opts.headers };
    const raw = opts.body instanceof Blob || opts.body instanceof ArrayBuffer;
    if (opts.body !== undefined) headers['Content-Type'] = raw ? (opts.contentType ?? 'application/octet-stream') : 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    const timeoutMs = opts.timeoutMs ?? config.timeoutMs;
    const controller = timeoutMs ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    try {
      const res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        signal: controller?.signal,
        body: opts.body === undefined ? undefined : raw ? (opts.body as BodyInit) : JSON.stringify(opts.body),
      });
      const text = await res.text();
      let data: unknown = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (a proxy's error page, for instance): the caller sees null.
      }
      return { status: res.status, ok: res.ok, data, headers: res.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  function failure(answer: Pick<Answer, 'status' | 'data'>, fallback: string): ApiError {
    const e = errorBody(answer.data);
    const err = e?.code ? new ApiError(answer.status, e.code, e.message ?? e.code, e.details) : new ApiError(answer.status, `HTTP_${answer.status}`, fallback);
    if (err.code === 'UNAUTHENTICATED' || err.code === 'PASSWORD_CHANGE_REQUIRED') authHook(err.code);
    return err;
  }

  return {
    send,
    failure,
    setCsrfToken: (token) => (csrfToken = token),
    getCsrfToken: () => csrfToken,
    onAuthProblem: (hook) => (authHook = hook),
  };
}

/** A uuid v4 (an Idempotency-Key), also where crypto.randomUUID is missing (plain http on a LAN address). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
