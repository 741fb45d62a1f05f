import Type, { type TSchema } from 'typebox';
import { Literals, Nullable, Page, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const literals = Literals;
/** Free text typed by a person: no markup characters. */
const DateOnly = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const strict = { additionalProperties: false } as const;

export const CategoryKey = Type.String({ pattern: '^(component|matter|social):[A-Za-z0-9]{1,16}$', maxLength: 24, description: "category key: 'matter:01001', 'social:S01' …" });
export const CategoryKeyParams = Type.Object({ key: CategoryKey }, strict);

export const Limit = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 8760, description: 'how many units' }),
    unit: Type.Union([Type.Literal('working_hours'), Type.Literal('working_days'), Type.Literal('natural_hours'), Type.Literal('natural_days')], {
      description: 'working_hours | working_days | natural_hours | natural_days',
    }),
  },
  strict,
);
const stepsOf = <T extends TSchema>(item: T) => Type.Object({ respond: item, dispatch: item, accept: item, handle: item, verify: item }, strict);
const someStepsOf = <T extends TSchema>(item: T) =>
  Type.Object(
    { respond: Type.Optional(item), dispatch: Type.Optional(item), accept: Type.Optional(item), handle: Type.Optional(item), verify: Type.Optional(item) },
    strict,
  );
const prioritiesOf = <T extends TSchema>(item: T) => Type.Object({ normal: item, urgent: item, critical: item }, strict);
const somePrioritiesOf = <T extends TSchema>(item: T) => Type.Object({ normal: Type.Optional(item), urgent: Type.Optional(item), critical: Type.Optional(item) }, strict);

export const UnitRefBody = Type.Object(
  { type: Type.Union([Type.Literal('department'), Type.Literal('org_unit')], { description: 'a department, or a territory node (street, community, grid = its grid team)' }), id: Id('the unit id') },
  strict,
);

/** A handling unit as shown: what a case may be dispatched to. */
export const Unit = Type.Object({
  type: Type.String({ description: 'department | org_unit' }),
  id: Type.Integer(),
  key: Type.String({ description: "'department:3' | 'org_unit:12'" }),
  name: Type.String(),
  kind: Type.String({ description: 'the department kind, or the territory level key (street, community, grid)' }),
  path: Type.String({ description: 'ltree path of the unit, or of the node owning the department' }),
});

// Categories.

export const CategoryListQuery = Type.Object(
  {
    kind: Type.Optional(literals(['component', 'matter', 'social'], { description: '管理部件 | 管理事项 | 社会事务' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name or code' })),
    ...Page,
  },
  strict,
);

const StepList = Type.Array(Type.String({ description: 'a step: respond | dispatch | accept | handle | verify' }));
export const Category = Type.Object({
  key: Type.String(),
  kind: Type.String({ description: 'component | matter | social' }),
  code: Type.String(),
  classCode: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean({ description: 'whether new reports may use it' }),
  priority: Type.String({ description: 'default priority of its reports' }),
  unit: Nullable(Unit),
  limits: prioritiesOf(stepsOf(Limit)),
  defaults: prioritiesOf(stepsOf(Limit)),
  customised: Type.Object({
    enabled: Type.Boolean(),
    priority: Type.Boolean(),
    unit: Type.Boolean(),
    limits: Type.Object({ normal: StepList, urgent: StepList, critical: StepList }, { description: 'steps whose limit differs from the default, per priority' }),
  }),
});
export const CategoryList = Type.Object({ items: Type.Array(Category), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const UpdateCategoryBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'false: new reports may not use it' })),
    priority: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('critical')], { description: 'default priority: 一般 | 紧急 | 特急' })),
    unit: Type.Optional(Nullable(UnitRefBody)),
    limits: Type.Optional(
      Type.Union([somePrioritiesOf(someStepsOf(Limit)), Type.Null()], {
        description: 'limits to change, per priority and step (others keep theirs); a limit equal to the default stops being an override; null resets all',
      }),
    ),
  },
  { ...strict, minProperties: 1 },
);

// Routing rules.

export const RoutingRuleListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('rules on this node and below')),
    categoryKey: Type.Optional(CategoryKey),
    includeRetired: Type.Optional(Type.Boolean({ description: 'also retired rules' })),
  },
  strict,
);

export const RoutingRule = Type.Object({
  id: Type.Integer(),
  categoryKey: Nullable(Type.String({ description: 'null: every category' })),
  categoryName: Nullable(Type.String()),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  orgUnitPath: Type.String(),
  unit: Nullable(Unit),
  note: Nullable(Type.String()),
  status: Type.String({ description: 'active | retired' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const RoutingRuleList = Type.Object({ items: Type.Array(RoutingRule) });

export const CreateRoutingRuleBody = Type.Object(
  {
    categoryKey: Nullable(CategoryKey),
    orgUnitId: Id('the territory node whose reports it routes (and those of nodes below)'),
    unit: UnitRefBody,
    note: Type.Optional(Nullable(Text(200, 'why'))),
  },
  strict,
);

export const UpdateRoutingRuleBody = Type.Object(
  {
    categoryKey: Type.Optional(Nullable(CategoryKey)),
    unit: Type.Optional(UnitRefBody),
    note: Type.Optional(Nullable(Text(200, 'why'))),
  },
  { ...strict, minProperties: 1 },
);

export const ProposeQuery = Type.Object({ categoryKey: CategoryKey, orgUnitId: Id('the grid of the report') }, strict);
export const Proposal = Type.Object({ unit: Nullable(Unit), reason: Nullable(Type.String({ description: 'rule | category' })) });

// Handling units.

export const UnitListQuery = Type.Object({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name' })) }, strict);
export const UnitList = Type.Object({ items: Type.Array(Unit) });

// Calendar.

export const OfficeInterval = Type.Object(
  {
    start: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM local' }),
    end: Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'HH:MM local, 24:00 allowed' }),
  },
  strict,
);
export const OfficeHoursBody = Type.Array(OfficeInterval, { minItems: 1, maxItems: 6, description: 'office intervals of a workday, in order' });
export const OfficeHours = Type.Object({ items: Type.Array(OfficeInterval), customised: Type.Boolean({ description: 'false: the default 08:30–12:00, 13:30–17:30' }) });

export const CalendarQuery = Type.Object({ year: Type.Integer({ minimum: 1950, maximum: 2200, description: 'the year' }) }, strict);
const CalendarDay = Type.Object({
  date: Type.String(),
  name: Type.String(),
  source: Type.String({ description: 'builtin (chinese-days) | provisional (computed from the statutory rule, 暂定) | custom' }),
});
export const CalendarYear = Type.Object({
  year: Type.Integer(),
  covered: Type.Boolean({ description: 'false: no published holidays for the year; import them (or confirm the provisional ones)' }),
  status: Type.Union([Type.Literal('official'), Type.Literal('provisional'), Type.Literal('none')], {
    description: 'official: published (bundled, imported or confirmed) | provisional: computed from the statutory rule, 暂定 | none: Monday–Friday only',
  }),
  holidays: Type.Array(CalendarDay),
  workdays: Type.Array(CalendarDay, { description: 'make-up workdays (调休上班)' }),
  officeHours: Type.Array(OfficeInterval),
});

export const DateParams = Type.Object({ date: DateOnly('the date') }, strict);
export const CalendarDayBody = Type.Object(
  { kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')], { description: 'holiday 放假 | workday 调休上班' }), name: Text(50, 'the holiday it belongs to: 春节, 国庆节 …') },
  strict,
);
export const CalendarDaySaved = Type.Object({ date: Type.String(), kind: Type.String(), name: Type.String(), recomputed: Type.Integer({ description: 'open cases whose deadline moved' }) });
export const CalendarDayDeleted = Type.Object({ date: Type.String(), recomputed: Type.Integer() });

export const CalendarImportBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 1_000_000, description: 'a { year, holidays, workdays } JSON or an iCalendar file' }),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ics')], { description: 'what the text must be (default: recognised)' })),
    year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2200, description: 'the year meant: dates of other years are problems' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'check only, write nothing' })),
  },
  strict,
);
export const CalendarConfirmBody = Type.Object({ year: Type.Integer({ minimum: 1950, maximum: 2200, description: 'the provisional year to confirm as published' }) }, strict);
export const CalendarConfirmed = Type.Object({
  year: Type.Integer(),
  holidays: Type.Integer({ description: 'holidays now stored as the deployment\'s own' }),
  workdays: Type.Integer({ description: 'make-up workdays now stored' }),
  recomputed: Type.Integer({ description: 'open cases whose deadline moved' }),
});
/** The provisional days ahead (also in /health). */
export const CalendarOutlook = Type.Object({
  windowDays: Type.Integer({ description: 'how many days ahead are looked at, today included' }),
  provisionalFrom: Type.Union([Type.String(), Type.Null()], { description: 'the first provisional date in the window, null when none' }),
  provisionalDays: Type.Integer({ description: 'provisional dates in the window' }),
  holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String() }), { description: 'computed holidays in the window' }),
  years: Type.Array(Type.Integer(), { description: 'provisional years the window reaches' }),
});

export const CalendarImportResult = Type.Object({
  dryRun: Type.Boolean(),
  years: Type.Array(Type.Integer()),
  holidays: Type.Integer({ description: 'holidays in the import' }),
  workdays: Type.Integer({ description: 'make-up workdays in the import' }),
  recomputed: Type.Integer(),
});

export const OfficeHoursSaved = Type.Object({ items: Type.Array(OfficeInterval), customised: Type.Boolean(), recomputed: Type.Integer() });
export const CategorySaved = Type.Object({ ...Category.properties, recomputed: Type.Integer({ description: 'open cases whose deadline moved' }) });
