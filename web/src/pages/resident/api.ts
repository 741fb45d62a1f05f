// The resident's pages (/r/…): report without an account, follow the case by its tracking code, rate it.
// A small fetch of their own instead of the console's client (web/src/api/http.ts), which brings the
// console's toasts, messages and session handling: residents have no session and see errors in place.
import type { Component } from 'vue';
import {
  Aim, Bell, ChatDotRound, Connection, Delete, Document, Microphone, MoreFilled, OfficeBuilding, QuestionFilled, User, Van, Warning,
} from '@element-plus/icons-vue';
import type { Rating } from '@core/cases/workflow-inputs';
import type * as C from '@server-schema/cases';
import type { Refine, Wire } from '@/api/wire';
import { currentLocale, i18n } from './i18n';

export type { Rating };

export type PublicReportInput = Wire<typeof C.PublicReportBody>;
export type PublicReportAnswer = Wire<typeof C.PublicReportAnswer>;
export type PublicCase = Refine<Wire<typeof C.PublicCase>, { rating: Rating | null }>;
export type PublicStep = PublicCase['steps'][number];

/** A failed request: the API's `{ error: { code, message } }`, or NETWORK / HTTP_<status>. */
export class ResidentApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResidentApiError';
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ResidentApiError(0, 'NETWORK', i18n.global.t('common.networkError'));
  }
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = answer?.error?.code;
    throw code
      ? new ResidentApiError(res.status, code, answer.error?.message ?? code)
      : new ResidentApiError(res.status, `HTTP_${res.status}`, i18n.global.t('common.httpError', { status: res.status }));
  }
  return (await res.json()) as T;
}

export const residentApi = {
  /** One case per key: a double tap or a retry after a lost answer gets the same tracking code. */
  report: (body: PublicReportInput, idempotencyKey: string) =>
    call<PublicReportAnswer>('POST', '/api/public/reports', body, { 'Idempotency-Key': idempotencyKey }),
  track: (code: string) => call<PublicCase>('GET', `/api/public/cases/${encodeURIComponent(code)}`),
  rate: (code: string, rating: Rating, comment?: string) =>
    call<PublicCase>('POST', `/api/public/cases/${encodeURIComponent(code)}/rating`, { rating, ...(comment ? { comment } : {}) } satisfies Wire<typeof C.PublicRatingBody>),
};

/** A UUID for the Idempotency-Key, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The categories residents report, by key, with their icon (the server refuses unknown keys with UNKNOWN_CATEGORY). */
export const RESIDENT_CATEGORIES: readonly { key: string; icon: Component }[] = [
  { key: 'social:S02', icon: ChatDotRound },
  { key: 'social:S01', icon: Connection },
  { key: 'social:S05', icon: Bell },
  { key: 'social:S06', icon: Microphone },
  { key: 'social:S04', icon: Warning },
  { key: 'social:S07', icon: OfficeBuilding },
  { key: 'social:S10', icon: User },
  { key: 'social:S03', icon: QuestionFilled },
  { key: 'matter:06010', icon: Delete },
  { key: 'matter:07001', icon: Document },
  { key: 'matter:09009', icon: Van },
  { key: 'component:01001', icon: Aim },
  { key: 'social:S12', icon: MoreFilled },
];

/** The tracking code alphabet: no 0/O, 1/I/L. */
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{10}$/;
