// The resident's pages (/r/…): report without an account, follow the case by its tracking code, rate it.
// The web pages' one fetch (web/shared/http.ts), not the console's client (web/src/api/http.ts), which
// brings the console's toasts, messages and session handling: residents have no session and see errors in place.
import type { Component } from 'vue';
import {
  Aim, Bell, ChatDotRound, Connection, Delete, Document, Microphone, MoreFilled, OfficeBuilding, QuestionFilled, User, Van, Warning,
} from '@element-plus/icons-vue';
import type { Rating } from '@core/cases/workflow-inputs';
import type * as C from '@server-schema/cases';
import type { Refine, Wire } from '@/api/wire';
import { ApiError, createHttp, uuid } from '../../../shared/http';
import { currentLocale, i18n } from './i18n';

export type { Rating };

export type PublicReportInput = Wire<typeof C.PublicReportBody>;
export type PublicReportAnswer = Wire<typeof C.PublicReportAnswer>;
export type PublicCase = Refine<Wire<typeof C.PublicCase>, { rating: Rating | null }>;
export type PublicStep = PublicCase['steps'][number];
export type PublicPhoto = Wire<typeof C.Photo>;

// No CSRF token and no auth hook: residents without an account have no session, and the resident's own
// session (cg_resident, account-api.ts) is SameSite=Lax over JSON-only writes.
const client = createHttp({ lang: currentLocale });

/** Throws ApiError: the API's `{ error: { code, message } }`, or NETWORK / HTTP_<status>. */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}, contentType?: string): Promise<T> {
  let answer;
  try {
    answer = await client.send(method, path, { body, headers, contentType });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.global.t('common.networkError'));
  }
  if (!answer.ok) throw client.failure(answer, i18n.global.t('common.httpError', { status: answer.status }));
  return answer.data as T;
}

export const residentApi = {
  /** One case per key: a double tap or a retry after a lost answer gets the same tracking code. */
  report: (body: PublicReportInput, idempotencyKey: string) =>
    call<PublicReportAnswer>('POST', '/api/public/reports', body, { 'Idempotency-Key': idempotencyKey }),
  track: (code: string) => call<PublicCase>('GET', `/api/public/cases/${encodeURIComponent(code)}`),
  /** A shrunk photo, owned by the form's photo key until the report with the same key attaches it. */
  uploadPhoto: (photo: Blob, photoKey: string) => call<PublicPhoto>('POST', '/api/public/photos', photo, { 'Photo-Key': photoKey }, photo.type || 'image/jpeg'),
  /** A photo of the report a tracking code follows (an <img> loads it; `thumb`: ≤ 320 px). */
  photoUrl: (code: string, id: number, thumb = false) => `/api/public/cases/${encodeURIComponent(code)}/photos/${id}${thumb ? '?thumb=true' : ''}`,
  rate: (code: string, rating: Rating, comment?: string) =>
    call<PublicCase>('POST', `/api/public/cases/${encodeURIComponent(code)}/rating`, { rating, ...(comment ? { comment } : {}) } satisfies Wire<typeof C.PublicRatingBody>),
};

/** A UUID for the Idempotency-Key. */
export const newIdempotencyKey = uuid;

/** Photos a resident attaches to a report (the server's PUBLIC_PHOTOS_MAX). */
export const RESIDENT_PHOTOS_MAX = 3;

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
