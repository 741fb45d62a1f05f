// The case loop (docs/api.md, "Cases"): reports, queues, the case page and its steps; the bell's
// notifications and the live board. Shapes follow server/src/modules/cases/schema.ts.
import { ApiError, http } from './http';
import type { Id, Items, Page } from './types';

const id = (value: Id) => encodeURIComponent(String(value));

export type Colour = 'green' | 'yellow' | 'red';

/** A key with its Chinese and English names, as /api/cases/meta lists states, actions, sources … */
export interface Label {
  key: string;
  zh: string;
  en: string;
}

export interface CaseCategory {
  key: string;
  kind: string;
  code: string;
  classCode: string;
  className: string;
  name: string;
  priority: string;
}

export interface CaseMeta {
  states: Label[];
  actions: (Label & { requires: string[] })[];
  sources: Label[];
  priorities: Label[];
  ratings: Label[];
  steps: Label[];
  queues: Label[];
  categories: CaseCategory[];
}

export interface UnitView {
  /** 'department:3' or 'org_unit:12'. */
  key: string;
  type: string;
  id: Id;
  name: string;
}

export interface Deadline {
  step: string;
  stepZh: string;
  stepEn: string;
  startedAt: string | null;
  dueAt: string;
  warnAt: string | null;
  colour: Colour;
}

export interface CaseRow {
  id: Id;
  number: string;
  state: string;
  stateZh: string;
  stateEn: string;
  categoryKey: string;
  categoryName: string;
  priority: string;
  source: string;
  description: string;
  address: string | null;
  lng: number;
  lat: number;
  orgUnitId: Id;
  orgUnitName: string;
  handlingUnit: UnitView | null;
  deadline: Deadline | null;
  supervised: boolean;
  reportedAt: string;
  updatedAt: string;
}

export interface AllowedAction {
  action: string;
  zh: string;
  en: string;
  /** Inputs the step takes; a trailing ? marks an optional one. */
  requires: string[];
}

export interface TimelineRow {
  id: Id;
  at: string;
  actorName: string;
  action: string;
  actionZh: string;
  actionEn: string;
  fromState: string | null;
  toState: string;
  note: string | null;
  data: unknown;
  photoIds: Id[];
  deadlineAt: string | null;
}

export interface CaseDetail extends CaseRow {
  categoryKind: string;
  holder: { id: Id; name: string; level: number };
  coordinatingUnits: (UnitView & { status: string; result: string | null })[];
  reporterName: string | null;
  /** Masked: 138****6721. */
  reporterPhone: string | null;
  reportedByMe: boolean;
  photoIds: Id[];
  solvedOnSpot: boolean;
  reworkCount: number;
  reopenCount: number;
  urgeCount: number;
  escalationCount: number;
  reviewDate: string | null;
  rating: string | null;
  ratingComment: string | null;
  pendingExtension: { id: Id; extendTo: string; reason: string; createdAt: string } | null;
  mergedInto: { id: Id; number: string } | null;
  mergedCases: { id: Id; number: string }[];
  closedAt: string | null;
  allowedActions: AllowedAction[];
  proposedUnit: (UnitView & { reason: string }) | null;
  timeline: TimelineRow[];
  version: number;
}

export interface Duplicate {
  id: Id;
  number: string;
  state: string;
  categoryKey: string;
  categoryName: string;
  description: string;
  address: string | null;
  distanceM: number;
  reportedAt: string;
  score: number;
  reasons: string[];
}

export interface NewReport {
  categoryKey: string;
  description: string;
  priority?: string;
  source?: string;
  lng?: number;
  lat?: number;
  buildingId?: Id;
  address?: string;
  photoIds?: Id[];
  reporterName?: string;
  reporterPhone?: string;
  fixedOnSpot?: true;
  note?: string;
}

export interface ReportAnswer {
  case: CaseDetail;
  duplicates: Duplicate[];
}

export interface Photo {
  id: Id;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** What a step takes (see AllowedAction.requires); ids as the server expects them. */
export interface ActionInput {
  reason?: string;
  note?: string;
  unit?: string;
  units?: string[];
  target?: Id;
  photos?: Id[];
  rating?: string;
  comment?: string;
  reviewDate?: string;
  extendTo?: string;
}

export interface CaseListQuery {
  queue?: string;
  state?: string;
  orgUnitId?: Id;
  categoryKey?: string;
  source?: string;
  priority?: string;
  colour?: Colour;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** A handling unit a case may be dispatched to (GET /api/case-config/units). */
export interface HandlingUnit {
  type: string;
  id: Id;
  key: string;
  name: string;
  kind: string;
  path?: string | null;
}

export interface Notification {
  id: Id;
  caseId: Id | null;
  caseNumber: string | null;
  kind: string;
  title: string;
  titleZh: string;
  titleEn: string;
  createdAt: string;
  readAt: string | null;
}

export interface BoardRow {
  id: Id;
  number: string;
  categoryKey: string;
  categoryName?: string;
  state: string;
  priority: string;
  address: string | null;
  description?: string;
  orgUnitName: string;
  reportedAt: string;
  colour: Colour | null;
  change?: 'new' | 'updated';
}

export interface BoardSummary {
  byState: Record<string, number>;
  byColour: Record<string, number>;
  today: { new: number; closed: number };
  latest: BoardRow[];
}

/** POST /api/cases with an Idempotency-Key: a double click or a retry makes one case. */
const postReport = (body: NewReport, idempotencyKey: string) => http.post<ReportAnswer>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey } });

/**
 * Handling units a case may be dispatched to (GET /api/case-config/units); where that endpoint is
 * not deployed, the departments the caller sees.
 */
async function units(q?: string): Promise<Items<HandlingUnit>> {
  try {
    return await http.get<Items<HandlingUnit>>('/api/case-config/units', { q }, { quiet: ['NOT_FOUND'] });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    const departments = await http.get<Items<{ id: Id; name: string; kind: string }>>('/api/departments', { q });
    return { items: departments.items.map((d) => ({ type: 'department', id: d.id, key: `department:${d.id}`, name: d.name, kind: d.kind })) };
  }
}

export const caseApi = {
  meta: () => http.get<CaseMeta>('/api/cases/meta'),
  list: (query: CaseListQuery) => http.get<Page<CaseRow>>('/api/cases', { ...query }),
  queues: () => http.get<{ counts: Record<string, number> }>('/api/cases/queues'),
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
  list: (query: { unread?: boolean; page?: number; pageSize?: number }) =>
    http.get<Page<Notification>>('/api/notifications', { ...query }, { quiet: true }),
  unreadCount: () => http.get<{ count: number }>('/api/notifications/unread-count', undefined, { quiet: true }),
  read: (notificationId: Id) => http.post<unknown>(`/api/notifications/${id(notificationId)}/read`),
  readAll: () => http.post<unknown>('/api/notifications/read-all'),
};

export const boardApi = {
  summary: (orgUnitId?: Id) => http.get<BoardSummary>('/api/board/summary', { orgUnitId }, { quiet: true }),
  streamUrl: '/api/board/stream',
};
