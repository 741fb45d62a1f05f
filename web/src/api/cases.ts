// The case loop (docs/api.md, "Cases"): reports, queues, the case page and its steps; the bell's
// notifications and the live board. Shapes come from the server's schemas (see wire.ts).
import { http } from './http';
import type * as B from '@server-schema/board';
import type * as CC from '@server-schema/case-config';
import type * as C from '@server-schema/cases';
import type * as N from '@server-schema/notifications';
import type { Id, Items, Page } from './types';
import type { Wire } from './wire';

const id = (value: Id) => encodeURIComponent(String(value));


export type CaseMeta = Wire<typeof C.Meta>;
/** A key with its Chinese and English names, as /api/cases/meta lists states, actions, sources … */
export type Label = CaseMeta['states'][number];
export type CaseCategory = CaseMeta['categories'][number];
export type CaseRow = Wire<typeof C.CaseRow>;
/** 'department:3' or 'org_unit:12' with its type, id and name. */
export type UnitView = NonNullable<CaseRow['handlingUnit']>;
export type Deadline = NonNullable<CaseRow['deadline']>;
/** The deadline's colour: green in time, yellow after the warning, red overdue. */
export type Colour = Deadline['colour'];
export type CaseDetail = Wire<typeof C.CaseDetail>;
/** Inputs the step takes are in `requires`; a trailing ? marks an optional one. */
export type AllowedAction = CaseDetail['allowedActions'][number];
export type TimelineRow = CaseDetail['timeline'][number];
export type Duplicate = Wire<typeof C.Duplicate>;
export type NewReport = Wire<typeof C.ReportBody>;
export type ReportAnswer = Wire<typeof C.ReportAnswer>;
export type Photo = Wire<typeof C.Photo>;
/** What a step takes (see AllowedAction.requires); ids as the server expects them. */
export type ActionInput = Wire<typeof C.ActionBody>;
export type CaseListQuery = Wire<typeof C.ListQuery>;
export type QueueCounts = Wire<typeof C.QueueCounts>;
/** A handling unit a case may be dispatched to (GET /api/case-config/units). */
export type HandlingUnit = Wire<typeof CC.Unit>;
export type Notification = Wire<typeof N.Notification>;
export type BoardRow = Wire<typeof B.BoardRow>;
export type BoardSummary = Wire<typeof B.BoardSummary>;

/** POST /api/cases with an Idempotency-Key: a double click or a retry makes one case. */
const postReport = (body: NewReport, idempotencyKey: string) => http.post<ReportAnswer>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey } });

/** Handling units a case may be dispatched to (GET /api/case-config/units). */
const units = (q?: string) => http.get<Items<HandlingUnit>>('/api/case-config/units', { q } satisfies Wire<typeof CC.UnitListQuery>);

export const caseApi = {
  meta: () => http.get<CaseMeta>('/api/cases/meta'),
  list: (query: CaseListQuery) => http.get<Page<CaseRow>>('/api/cases', { ...query }),
  queues: () => http.get<QueueCounts>('/api/cases/queues'),
  get: (caseId: Id) => http.get<CaseDetail>(`/api/cases/${id(caseId)}`),
  duplicates: (caseId: Id) => http.get<Items<Duplicate>>(`/api/cases/${id(caseId)}/duplicates`),
  report: postReport,
  /** Errors (REASON_REQUIRED, PHOTO_REQUIRED …) are shown in the step's dialog. */
  act: (caseId: Id, action: string, input: ActionInput) =>
    http.post<CaseDetail>(`/api/cases/${id(caseId)}/actions/${encodeURIComponent(action)}`, input, { quiet: true }),
  /** Errors (BODY_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, FILE_TRUNCATED, IMAGE_TOO_MANY_PIXELS) are shown next to the upload. */
  uploadPhoto: (file: Blob, contentType: string) => http.postRaw<Photo>('/api/cases/photos', file, contentType, { quiet: true }),
  photoUrl: (photoId: Id) => `/api/cases/photos/${id(photoId)}`,
  /** A JPEG of at most 320 px, made once on the server (a WebP photo answers its original). */
  thumbUrl: (photoId: Id) => `/api/cases/photos/${id(photoId)}/thumb`,
  units,
};

export const notificationApi = {
  list: (query: Wire<typeof N.NotificationListQuery>) =>
    http.get<Page<Notification>>('/api/notifications', { ...query }, { quiet: true }),
  unreadCount: () => http.get<Wire<typeof N.UnreadCount>>('/api/notifications/unread-count', undefined, { quiet: true }),
  read: (notificationId: Id) => http.post<Notification>(`/api/notifications/${id(notificationId)}/read`),
  readAll: () => http.post<Wire<typeof N.ReadAllAnswer>>('/api/notifications/read-all'),
};

export const boardApi = {
  summary: (orgUnitId?: Id) => http.get<BoardSummary>('/api/board/summary', { orgUnitId } satisfies Wire<typeof B.BoardQuery>, { quiet: true }),
  streamUrl: '/api/board/stream',
};
