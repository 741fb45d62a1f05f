import Type from 'typebox';
import { COVERAGE_COUNT_KEYS, COVERAGE_RULE_KEYS } from '../../../../core/src/register/coverage.js';
import { MUST_VISIT_REASONS, VISIT_KIND_KEYS } from '../../../../core/src/register/visit-kinds.js';
import { Literals, Nullable, Page, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const literals = Literals;
/** Free text typed by a person: no markup characters. */
const DateOnly = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const label = { key: Type.String(), zh: Type.String(), en: Type.String() };
const Node = Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.Integer() });

// Visits.

export const CreateVisitBody = Type.Object(
  {
    householdId: Id('the household visited'),
    visitedAt: Type.Optional(Type.String({ format: 'date-time', description: 'when (default now); not in the future, not more than a year ago' })),
    kind: literals(VISIT_KIND_KEYS, { description: 'routine, or one of the 五必访: hospital 住院 | hardship 困难 | festival 节日 | dispute 矛盾纠纷 | funeral 丧事' }),
    findings: Text(1000, '走访情况: what the worker found (知百家情)'),
    needs: Type.Optional(Nullable(Text(1000, '诉求: what the household needs (解百家难)'))),
  },
  { additionalProperties: false },
);

export const Visit = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  orgUnitId: Type.Integer({ description: 'the grid of the household when it was visited' }),
  orgUnitName: Type.String(),
  address: Nullable(Type.String({ description: 'the dwelling of the household' })),
  headName: Nullable(Type.String({ description: 'head of the household' })),
  visitorUserId: Nullable(Type.Integer()),
  visitorName: Type.String(),
  visitedAt: Timestamp,
  kind: Type.String(),
  kindZh: Type.String(),
  kindEn: Type.String(),
  findings: Type.String(),
  needs: Nullable(Type.String()),
  createdAt: Timestamp,
  clientAt: Nullable(Timestamp), // X-Client-Time: the phone's time when it was logged (null: not sent)
  fulfilledReminderIds: Type.Optional(Type.Array(Type.Integer(), { description: 'the 五必访 reminders this visit closed (on logging only)' })),
});
export const VisitList = Type.Object({ items: Type.Array(Visit), total: Type.Integer() });

export const VisitListQuery = Type.Object(
  {
    householdId: Type.Optional(Id('visits of one household')),
    orgUnitId: Type.Optional(Id('visits in this node and below')),
    mine: Type.Optional(Type.Boolean({ description: 'only visits logged by the signed-in user' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const VisitKinds = Type.Object({ items: Type.Array(Type.Object({ ...label, mustVisit: Type.Boolean() })) });

// Not visited for N days.

export const OverdueQuery = Type.Object(
  {
    orgUnitId: Id('the node whose households are reported (with everything below it)'),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 90, description: 'not visited for this many days' })),
    visitorUserId: Type.Optional(Id('count only visits by this worker')),
    ...Page,
  },
  { additionalProperties: false },
);

export const OverdueReport = Type.Object({
  root: Node,
  days: Type.Integer(),
  since: Timestamp,
  items: Type.Array(
    Type.Object({
      householdId: Type.Integer(),
      orgUnitId: Type.Integer(),
      orgUnitName: Type.String({ description: 'grid' }),
      headName: Nullable(Type.String()),
      address: Nullable(Type.String()),
      lastVisitAt: Nullable(Timestamp),
      daysSince: Nullable(Type.Integer({ description: 'days since the last visit; null = never visited' })),
    }),
  ),
  total: Type.Integer(),
  grids: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), households: Type.Integer(), visited: Type.Integer(), notVisited: Type.Integer() })),
  workers: Type.Array(Type.Object({ visitorUserId: Nullable(Type.Integer()), visitorName: Type.String(), visits: Type.Integer(), households: Type.Integer(), lastVisitAt: Timestamp })),
});

// 五必访 reminders.

export const CreateReminderBody = Type.Object(
  {
    householdId: Id('the household to visit'),
    reason: literals(MUST_VISIT_REASONS, { description: 'hospital 住院 | hardship 困难 | festival 节日 | dispute 矛盾纠纷 | funeral 丧事' }),
    note: Type.Optional(Text(500, 'e.g. 老人3月2日住院，省人民医院')),
    dueDate: Type.Optional(DateOnly('visit by (default today + 3 days)')),
  },
  { additionalProperties: false },
);

export const Reminder = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  address: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  reason: Type.String(),
  reasonZh: Type.String(),
  reasonEn: Type.String(),
  note: Nullable(Type.String()),
  dueDate: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('done'), Type.Literal('cancelled')], { description: 'overdue = open past its due date; done = closed by a visit' }),
  doneVisitId: Nullable(Type.Integer()),
  doneAt: Nullable(Timestamp),
  createdAt: Timestamp,
  abilities: Type.Object({ cancel: Type.Boolean() }),
});
export const ReminderList = Type.Object({ items: Type.Array(Reminder), total: Type.Integer() });

export const ReminderListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('reminders in this node and below')),
    householdId: Type.Optional(Id('reminders of one household')),
    status: Type.Optional(literals(['open', 'closed'], { default: 'open', description: 'open (overdue first) or closed' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const CancelReminderBody = Type.Object({ reason: Text(200, 'why no visit is needed, e.g. 住户已搬离') }, { additionalProperties: false });

// Residence registrations about to expire.

export const ResidenceQuery = Type.Object(
  {
    orgUnitId: Id('the node whose residents are reported (with everything below it)'),
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 30, description: 'expiring within this many days (the expired are always listed)' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const ResidenceList = Type.Object({
  items: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
      residenceStatus: Type.String(),
      residenceUntil: Type.String(),
      daysLeft: Type.Integer({ description: 'negative = expired that many days ago' }),
      orgUnitId: Type.Integer(),
      orgUnitName: Type.String(),
      address: Nullable(Type.String()),
    }),
  ),
  total: Type.Integer(),
});

// Coverage (格不漏户、户不漏人).

export const CoverageQuery = Type.Object(
  {
    orgUnitId: Id('the node to report on (with everything below it)'),
    staleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 12, description: 'a record not verified for this many months is stale' })),
    ...Page,
  },
  { additionalProperties: false },
);

const Counts = Type.Object(Object.fromEntries(COVERAGE_COUNT_KEYS.map((k) => [k, Type.Integer()])) as Record<(typeof COVERAGE_COUNT_KEYS)[number], ReturnType<typeof Type.Integer>>);
const CoverageRow = Type.Object({ id: Type.Integer(), parentId: Nullable(Type.Integer()), name: Type.String(), level: Type.Integer(), counts: Counts });

export const CoverageReport = Type.Object({
  root: Node,
  staleMonths: Type.Integer(),
  staleBefore: Timestamp,
  rules: Type.Array(Type.Object({ key: Literals(COVERAGE_RULE_KEYS), zh: Type.String(), en: Type.String(), entity: Type.String() })),
  totals: Counts,
  levels: Type.Array(CoverageRow, { description: 'the root and the nodes between it and the grids (street, community …), each the sum of what lies below it' }),
  grids: Type.Object({ items: Type.Array(CoverageRow), total: Type.Integer() }, { description: 'grids of the subtree, paged' }),
});

export const CoverageItemsQuery = Type.Object(
  {
    orgUnitId: Id('the node to look in (with everything below it)'),
    rule: literals(COVERAGE_RULE_KEYS),
    staleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 12 })),
    ...Page,
  },
  { additionalProperties: false },
);

export const CoverageItems = Type.Object({
  rule: Type.String(),
  items: Type.Array(
    Type.Object({
      entityType: Type.Union([Type.Literal('person'), Type.Literal('household'), Type.Literal('dwelling')]),
      id: Type.Integer(),
      orgUnitId: Type.Integer(),
      orgUnitName: Type.String(),
      name: Nullable(Type.String({ description: "the person's name, or the household head's" })),
      documentNumber: Nullable(Type.String({ description: 'masked' })),
      address: Nullable(Type.String()),
      verifiedAt: Nullable(Timestamp),
      createdAt: Timestamp,
      related: Type.Array(Type.Integer(), { description: 'duplicate_document: the other persons; person_in_two_households: the households' }),
    }),
  ),
  total: Type.Integer(),
});

// 民情日记 (diary notes).

export const CreateDiaryBody = Type.Object(
  {
    text: Text(2000, '民情日记: what the worker noticed'),
    gridId: Type.Optional(Id('the grid it belongs to (default: the household’s, the point’s, or the worker’s only node)')),
    householdId: Type.Optional(Id('the household it is about')),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS-84 (with lat)' })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS-84 (with lng)' })),
  },
  { additionalProperties: false },
);

export const DiaryQuery = Type.Object(
  {
    nodeId: Type.Optional(Id('notes of everyone in this node and below (supervisors); default: my own')),
    ...Page,
  },
  { additionalProperties: false },
);

export const DiaryNote = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  gridId: Type.Integer({ description: 'the node it belongs to' }),
  gridName: Type.String(),
  householdId: Nullable(Type.Integer()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  authorUserId: Type.Integer(),
  authorName: Type.String(),
  createdAt: Timestamp,
  clientAt: Nullable(Timestamp), // X-Client-Time: when it was written on the phone
});
export const DiaryList = Type.Object({ items: Type.Array(DiaryNote), total: Type.Integer() });
