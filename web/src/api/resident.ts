// The resident's pages (/r/…): report without an account, follow the case by its tracking code, rate it.
import type { Rating } from '@core/cases/workflow-inputs';
import type * as C from '@server-schema/cases';
import { http } from './http';
import type { Refine, Wire } from './wire';

export type { Rating };

export type PublicReportInput = Wire<typeof C.PublicReportBody>;
export type PublicReportAnswer = Wire<typeof C.PublicReportAnswer>;
export type PublicCase = Refine<Wire<typeof C.PublicCase>, { rating: Rating | null }>;
export type PublicStep = PublicCase['steps'][number];

/** Error codes the pages show in place instead of a toast. */
const QUIET = true;

export const residentApi = {
  /** One case per key: a double tap or a retry after a lost answer gets the same tracking code. */
  report: (body: PublicReportInput, idempotencyKey: string) =>
    http.post<PublicReportAnswer>('/api/public/reports', body, { headers: { 'Idempotency-Key': idempotencyKey }, quiet: QUIET }),
  track: (code: string) => http.get<PublicCase>(`/api/public/cases/${encodeURIComponent(code)}`, undefined, { quiet: QUIET }),
  rate: (code: string, rating: Rating, comment?: string) =>
    http.post<PublicCase>(`/api/public/cases/${encodeURIComponent(code)}/rating`, { rating, ...(comment ? { comment } : {}) } satisfies Wire<typeof C.PublicRatingBody>, { quiet: QUIET }),
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

/** The categories residents report, by key, with an icon of @element-plus/icons-vue (the server refuses unknown keys with UNKNOWN_CATEGORY). */
export const RESIDENT_CATEGORIES = [
  { key: 'social:S02', icon: 'ChatDotRound' },
  { key: 'social:S01', icon: 'Connection' },
  { key: 'social:S05', icon: 'Bell' },
  { key: 'social:S06', icon: 'Microphone' },
  { key: 'social:S04', icon: 'Warning' },
  { key: 'social:S07', icon: 'OfficeBuilding' },
  { key: 'social:S10', icon: 'User' },
  { key: 'social:S03', icon: 'QuestionFilled' },
  { key: 'matter:06010', icon: 'Delete' },
  { key: 'matter:07001', icon: 'Document' },
  { key: 'matter:09009', icon: 'Van' },
  { key: 'component:01001', icon: 'Aim' },
  { key: 'social:S12', icon: 'MoreFilled' },
] as const;

/** The tracking code alphabet: no 0/O, 1/I/L. */
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{10}$/;
