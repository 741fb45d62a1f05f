import Type from 'typebox';
import { CASE_PRIORITY_KEYS } from '../../../../core/src/cases/priorities.js';
import { CASE_SOURCE_KEYS } from '../../../../core/src/cases/sources.js';
import { ACTIONS, STATE_KEYS } from '../../../../core/src/cases/workflow.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const literals = Literals;
/** Free text typed by a person: no markup characters. */
const Lng = Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS-84' });
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS-84' });
const label = { key: Type.String(), zh: Type.String(), en: Type.String() };
/** 'department:3' or 'org_unit:12'. */
export const UNIT_PATTERN = '^(department|org_unit):[1-9][0-9]{0,9}$';
const Unit = Type.String({ pattern: UNIT_PATTERN, description: "a handling unit: 'department:<id>' or 'org_unit:<id>'" });

export const QUEUES = ['new', 'dispatch', 'returned', 'extensions', 'overdue', 'at_risk', 'supervised', 'suspended', 'inbox', 'handling', 'coordinating', 'verify', 'mine', 'closed', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export const CaseIdParams = Type.Object({ id: Id('case id') }, { additionalProperties: false });
export const ActionParams = Type.Object({ id: Id('case id'), action: literals(ACTIONS, { description: 'a workflow action' }) }, { additionalProperties: false });

export const ReportBody = Type.Object(
  {
    categoryKey: Type.String({ minLength: 3, maxLength: 24, pattern: '^(component|matter|social):[A-Z0-9]{2,6}$', description: "category key, e.g. 'matter:01001' (GB/T 47678.5) or 'social:S01'" }),
    description: Text(2000, '问题描述 what is wrong and where'),
    priority: Type.Optional(literals(CASE_PRIORITY_KEYS, { description: 'default: the category setting' })),
    source: Type.Optional(literals(CASE_SOURCE_KEYS, { description: 'default: patrol for grid workers, api for API tokens, else hotline' })),
    lng: Type.Optional(Lng),
    lat: Type.Optional(Lat),
    buildingId: Type.Optional(Id('a registered building: its point is the location')),
    address: Type.Optional(Text(200, 'address as told or seen')),
    photoIds: Type.Optional(Type.Array(Id('an uploaded photo'), { maxItems: 9, uniqueItems: true })),
    reporterName: Type.Optional(Name(50, 'who reported it (hotline callers, residents)')),
    reporterPhone: Type.Optional(Phone),
    fixOnSpot: Type.Optional(Type.Boolean({ description: '现场解决: a grid worker fixed it at once; found and solved in one step' })),
    note: Type.Optional(Text(2000, 'what was done on the spot')),
  },
  { additionalProperties: false },
);
export type ReportInput = Type.Static<typeof ReportBody>;

export const ActionBody = Type.Object(
  {
    reason: Type.Optional(Text(2000, 'reason')),
    note: Type.Optional(Text(2000, 'what was done or found')),
    unit: Type.Optional(Unit),
    units: Type.Optional(Type.Array(Unit, { minItems: 1, maxItems: 10 })),
    target: Type.Optional(Id('the case to merge into')),
    photos: Type.Optional(Type.Array(Id('an uploaded photo'), { maxItems: 9, uniqueItems: true })),
    rating: Type.Optional(Type.String({ maxLength: 24 })),
    comment: Type.Optional(Text(2000, 'the reporter’s comment')),
    reviewDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '挂账 review date (YYYY-MM-DD)' })),
    extendTo: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '延期 to this date (YYYY-MM-DD)' })),
  },
  { additionalProperties: false },
);
export type ActionBodyInput = Type.Static<typeof ActionBody>;

export const ListQuery = Type.Object(
  {
    queue: Type.Optional(literals(QUEUES)),
    state: Type.Optional(literals(STATE_KEYS)),
    orgUnitId: Type.Optional(Id('cases in this node and below')),
    categoryKey: Type.Optional(Type.String({ maxLength: 24 })),
    source: Type.Optional(literals(CASE_SOURCE_KEYS)),
    priority: Type.Optional(literals(CASE_PRIORITY_KEYS)),
    colour: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])),
    q: Type.Optional(Type.String({ maxLength: 50, description: 'case number, or words of the description or address' })),
    ...Page,
  },
  { additionalProperties: false },
);
export type ListInput = Type.Static<typeof ListQuery>;

const UnitView = Type.Object({ key: Type.String(), type: Type.String(), id: Type.Integer(), name: Type.String() });
const Colour = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const Deadline = Type.Object({
  step: Type.String(),
  stepZh: Type.String(),
  stepEn: Type.String(),
  startedAt: Nullable(Timestamp),
  dueAt: Timestamp,
  warnAt: Nullable(Timestamp),
  colour: Colour,
});

export const CaseRow = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  state: Type.String(),
  stateZh: Type.String(),
  stateEn: Type.String(),
  categoryKey: Type.String(),
  categoryName: Type.String(),
  priority: Type.String(),
  source: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  lng: Type.Number(),
  lat: Type.Number(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  handlingUnit: Nullable(UnitView),
  deadline: Nullable(Deadline),
  supervised: Type.Boolean(),
  reportedAt: Timestamp,
  reportedClientAt: Nullable(Timestamp), // X-Client-Time of the report: the phone's time (null: not sent)
  updatedAt: Timestamp,
});
export const CaseList = Type.Object({ items: Type.Array(CaseRow), total: Type.Integer() });

const AllowedAction = Type.Object({ action: Type.String(), zh: Type.String(), en: Type.String(), requires: Type.Array(Type.String()) });
const TimelineRow = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorName: Type.String(),
  action: Type.String(),
  actionZh: Type.String(),
  actionEn: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  note: Nullable(Type.String()),
  data: Type.Unknown(),
  photoIds: Type.Array(Type.Integer()),
  deadlineAt: Nullable(Timestamp),
  clientAt: Nullable(Timestamp), // X-Client-Time of the step: the phone's time (null: not sent)
});
export const Duplicate = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  state: Type.String(),
  categoryKey: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  distanceM: Type.Number(),
  reportedAt: Timestamp,
  score: Type.Number(),
  reasons: Type.Array(Type.String()),
});
export const DuplicateList = Type.Object({ items: Type.Array(Duplicate) });

export const CaseDetail = Type.Object({
  ...CaseRow.properties,
  categoryKind: Type.String(),
  holder: Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.Integer() }),
  coordinatingUnits: Type.Array(Type.Object({ ...UnitView.properties, status: Type.String(), result: Nullable(Type.String()) })),
  reporterName: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String({ description: 'masked' })),
  reportedByMe: Type.Boolean(),
  photoIds: Type.Array(Type.Integer()),
  fixOnSpot: Type.Boolean(),
  reworkCount: Type.Integer(),
  reopenCount: Type.Integer(),
  urgeCount: Type.Integer(),
  escalationCount: Type.Integer(),
  reviewDate: Nullable(Type.String()),
  rating: Nullable(Type.String()),
  ratingComment: Nullable(Type.String()),
  pendingExtension: Nullable(Type.Object({ id: Type.Integer(), extendTo: Type.String(), reason: Type.String(), createdAt: Timestamp })),
  mergedInto: Nullable(Type.Object({ id: Type.Integer(), number: Type.String() })),
  mergedCases: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String() })),
  closedAt: Nullable(Timestamp),
  allowedActions: Type.Array(AllowedAction),
  proposedUnit: Nullable(Type.Object({ ...UnitView.properties, reason: Type.String() })),
  timeline: Type.Array(TimelineRow),
  version: Type.Integer(),
});

export const ReportAnswer = Type.Object({ case: CaseDetail, duplicates: Type.Array(Duplicate) });

export const Photo = Type.Object({
  id: Type.Integer(),
  // image/jpeg, image/png or image/webp, read from the bytes
  contentType: Type.String(),
  // bytes
  size: Type.Integer(),
  // pixels, from the image header
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});

// One category as the console's case meta and the field app's snapshot carry it. GB/T 47678.5 and the
// seeds name categories in Chinese only: there is no English name to send.
export const CaseCategory = Type.Object({
  key: Type.String({ description: "unique across kinds: 'component:01001', 'matter:01001', 'social:S01'" }),
  kind: Type.String({ description: 'component (管理部件) | matter (管理事项) | social (社会事务, local)' }),
  code: Type.String({ description: 'the dictionary code (GB/T 47678.5) or S01… for a social matter' }),
  classCode: Type.String({ description: 'the code of its class (大类)' }),
  className: Type.String({ description: 'the class name, Chinese only' }),
  name: Type.String({ description: 'the dictionary name, Chinese only' }),
  priority: Type.String({ description: 'the priority a new case of it gets (case configuration)' }),
});

export const Meta = Type.Object({
  states: Type.Array(Type.Object(label)),
  actions: Type.Array(Type.Object({ ...label, requires: Type.Array(Type.String()) })),
  sources: Type.Array(Type.Object(label)),
  priorities: Type.Array(Type.Object(label)),
  ratings: Type.Array(Type.Object(label)),
  steps: Type.Array(Type.Object(label)),
  queues: Type.Array(Type.Object(label)),
  categories: Type.Array(CaseCategory),
});

export const QueueCounts = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) });

// Residents without an account (public.ts).
const { photoIds: _p, fixOnSpot: _f, note: _n, buildingId: _b, source: _s, ...publicFields } = ReportBody.properties;
/** How many photos a resident attaches to a report (the field app's number too). */
export const PUBLIC_PHOTOS_MAX = 3;
// A UUID the resident's form makes once: it owns the photos uploaded with it (photos.ts publicPhotoOwner).
const PhotoKey = Type.String({ pattern: '^[0-9A-Za-z-]{16,64}$', description: 'the photo key the photos were uploaded with (a UUID the form made)' });
export const PublicReportBody = Type.Object(
  {
    ...publicFields,
    gridCode: Type.Optional(Type.String({ pattern: '^([0-9]{6,20}|g[1-9][0-9]{0,9})$', description: 'the grid code on the QR card (/r/{gridCode}) when no point is given' })),
    photoIds: Type.Optional(Type.Array(Id('a photo uploaded by POST /api/public/photos'), { maxItems: PUBLIC_PHOTOS_MAX, uniqueItems: true })),
    photoKey: Type.Optional(PhotoKey),
  },
  { additionalProperties: false },
);
export const PublicPhotoHeaders = Type.Object({ 'photo-key': PhotoKey });
export const PublicPhotoParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20, description: '查询码 tracking code' }), id: Id('a photo of the report') }, { additionalProperties: false });
export const PublicPhotoQuery = Type.Object({ thumb: Type.Optional(Type.Boolean({ description: 'the thumbnail (JPEG, ≤ 320 px) instead of the photo' })) }, { additionalProperties: false });
export const TrackingParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20, description: '查询码 tracking code' }) }, { additionalProperties: false });
export const PublicReportAnswer = Type.Object({ number: Type.String(), trackingCode: Type.String({ description: 'shown once: the only key to follow the case' }), state: Type.String(), replayed: Type.Boolean() });
export const PublicCase = Type.Object({
  number: Type.String(),
  mergedInto: Nullable(Type.String()),
  state: Type.String(),
  stateZh: Type.String(),
  stateEn: Type.String(),
  // the dictionary's name (Chinese only, GB/T 47678.5); the page names the key and class in English
  categoryName: Type.String(),
  categoryKey: Type.String(),
  // 'matter:06' (大类) or 'social:S': what the page names when it has no name of the category itself
  categoryClassKey: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  reportedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  rating: Nullable(Type.String()),
  canRate: Type.Boolean(),
  // the photos the resident attached to the report (GET /api/public/cases/:code/photos/:id)
  photoIds: Type.Array(Type.Integer()),
  steps: Type.Array(Type.Object({ at: Timestamp, action: Type.String(), actionZh: Type.String(), actionEn: Type.String(), state: Type.String(), note: Nullable(Type.String()) })),
});
export const PublicRatingBody = Type.Object({ rating: Type.String({ maxLength: 24 }), comment: Type.Optional(Text(2000, '评价意见')) }, { additionalProperties: false });

/** One of a signed-in resident's own reports ("我的"). */
const ResidentCaseItem = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  state: Type.String(),
  stateZh: Type.String(),
  stateEn: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  reportedAt: PublicCase.properties.reportedAt,
  canRate: Type.Boolean(),
});
export const ResidentCaseList = Type.Object({ items: Type.Array(ResidentCaseItem) });
export const ResidentCase = Type.Object({ id: Type.Integer(), ...PublicCase.properties });

