// The resident's own account (phone and one-time code) and what hangs on it: the grid home, the
// grid's services, filing a proxy request, 我的 (own reports and requests) and rating them. Types
// come from the server's schemas.
import type { Rating } from '@core/cases/workflow-inputs';
import type * as C from '@server-schema/cases';
import type * as G from '@server-schema/geo';
import type * as P from '@server-schema/proxy';
import type * as R from '@server-schema/residents';
import type { Refine, Wire } from '@/api/wire';
import { call } from './api';

export type Profile = Wire<typeof R.Profile>;
export type PublicGrid = Wire<typeof G.PublicGrid>;
export type GridServices = Wire<typeof P.GridServices>;
export type Service = GridServices['items'][number];
export type ResidentRequest = Wire<typeof P.ResidentRequest>;
export type ResidentRequestItem = Wire<typeof P.ResidentRequestList>['items'][number];
export type ResidentCaseItem = Wire<typeof C.ResidentCaseList>['items'][number];
export type ResidentCase = Refine<Wire<typeof C.ResidentCase>, { rating: Rating | null }>;
export type FileBody = Wire<typeof P.ResidentFileBody>;

const q = encodeURIComponent;

export const accountApi = {
  sendCode: (phone: string) => call<Wire<typeof R.CodeSent>>('POST', '/api/public/resident/codes', { phone }),
  signIn: (phone: string, code: string) => call<Wire<typeof R.SignedIn>>('POST', '/api/public/resident/sessions', { phone, code }),
  signOut: () => call<void>('DELETE', '/api/public/resident/sessions/current'),
  me: () => call<Wire<typeof R.MeAnswer>>('GET', '/api/public/resident/me'),
  grid: (gridCode: string) => call<PublicGrid>('GET', `/api/public/grids/${q(gridCode)}`),
  services: (gridCode: string) => call<GridServices>('GET', `/api/public/grids/${q(gridCode)}/services`),
  file: (body: FileBody) => call<ResidentRequest>('POST', '/api/public/resident/requests', body),
  requests: () => call<Wire<typeof P.ResidentRequestList>>('GET', '/api/public/resident/requests'),
  request: (id: number) => call<ResidentRequest>('GET', `/api/public/resident/requests/${id}`),
  rateRequest: (id: number, rating: Rating, comment?: string) =>
    call<ResidentRequest>('POST', `/api/public/resident/requests/${id}/rating`, { rating, ...(comment ? { comment } : {}) } satisfies Wire<typeof P.ResidentRatingBody>),
  reports: () => call<Wire<typeof C.ResidentCaseList>>('GET', '/api/public/resident/reports'),
  report: (id: number) => call<ResidentCase>('GET', `/api/public/resident/reports/${id}`),
  rateReport: (id: number, rating: Rating, comment?: string) =>
    call<ResidentCase>('POST', `/api/public/resident/reports/${id}/rating`, { rating, ...(comment ? { comment } : {}) } satisfies Wire<typeof C.PublicRatingBody>),
};

/** A mainland mobile number (what the server accepts, without spaces). */
export const MOBILE = /^1[3-9]\d{9}$/;
