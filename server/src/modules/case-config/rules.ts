// The case rules in force: the working calendar (chinese-days + the deployment's own days + office
// hours) and each category's setting (enabled, priority, default unit, step limits). The case
// service asks these for every deadline, so they are kept in memory per process and rebuilt when
// the 'cases.rules.revision' setting moves (every configuration change bumps it in its transaction),
// checked at most once a second like the geo locator does with 'geo.revision'.
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import {
  DEFAULT_OFFICE_HOURS,
  defaultCalendar,
  dueAt,
  mergeCalendar,
  type OfficeInterval,
  type TimeLimit,
  type WorkCalendar,
  yearStatus,
} from '../../../../core/src/cases/calendar.js';
import { categoryDefaults, findCaseCategory, type StepLimits } from '../../../../core/src/cases/categories.js';
import { CASE_PRIORITY_KEYS, DEFAULT_PRIORITY, isCasePriority, type CasePriority } from '../../../../core/src/cases/priorities.js';
import { warnAt } from '../../../../core/src/cases/warn-at.js';
import { STEPS, type Step } from '../../../../core/src/cases/workflow.js';
import type { DbOrTx } from '../../db/client.js';
import { calendarDays, caseCategorySettings, routingRules } from './tables.js';
import { orgUnits } from '../territory/index.js';
import { settings } from '../../db/tables.js';
import type { UnitRef, UnitType } from '../cases/index.js';
import { under } from '../../scope/index.js';

export const RULES_REVISION_KEY = 'cases.rules.revision';
export const OFFICE_HOURS_KEY = 'cases.office_hours';
/** Years an administrator imported or confirmed in full: their custom days replace the bundled or computed ones. */
export const IMPORTED_YEARS_KEY = 'cases.calendar.imported_years';

export interface CategorySetting {
  key: string;
  enabled: boolean;
  priority: CasePriority;
  unit: UnitRef | null;
  limits: Record<CasePriority, StepLimits>;
}

export interface CaseRules {
  timeZone: string;
  calendar: WorkCalendar;
  /** Null for a key that is not a case category. */
  setting(categoryKey: string): CategorySetting | null;
  /** Stored overrides over categoryDefaults(); an unknown key gets the plain defaults. */
  limitsFor(categoryKey: string, priority: CasePriority): StepLimits;
}

/** Stored per-priority overrides: only the steps that differ from the defaults. */
export type LimitOverrides = Partial<Record<CasePriority, Partial<Record<Step, TimeLimit>>>>;

/** Defaults with the stored overrides on top, for every priority. */
export function effectiveLimits(categoryKey: string, overrides: LimitOverrides | null | undefined): Record<CasePriority, StepLimits> {
  const out = {} as Record<CasePriority, StepLimits>;
  for (const priority of CASE_PRIORITY_KEYS) {
    const base = categoryDefaults(categoryKey, priority);
    const own = overrides?.[priority] ?? {};
    const limits = {} as StepLimits;
    for (const { key } of STEPS) limits[key] = own[key] ? { amount: own[key].amount, unit: own[key].unit } : base[key];
    out[priority] = limits;
  }
  return out;
}

type SettingRow = typeof caseCategorySettings.$inferSelect;

export function settingOf(categoryKey: string, row: SettingRow | undefined): CategorySetting {
  return {
    key: categoryKey,
    enabled: row?.enabled ?? true,
    priority: row?.priority && isCasePriority(row.priority) ? row.priority : DEFAULT_PRIORITY,
    unit: row?.unitType && row.unitId ? { type: row.unitType as UnitType, id: row.unitId } : null,
    limits: effectiveLimits(categoryKey, row?.limits as LimitOverrides | null),
  };
}

/** The calendar of a deployment: bundled and computed days, then its own rows (imported years replace the others). */
export function buildCalendar(
  timeZone: string,
  officeHours: readonly OfficeInterval[] | null,
  rows: readonly { day: string; kind: string; name: string | null }[],
  importedYears: readonly number[],
): WorkCalendar {
  const base = defaultCalendar({ timeZone, officeHours: officeHours ?? DEFAULT_OFFICE_HOURS });
  if (rows.length === 0 && importedYears.length === 0) return base;
  const day = (r: (typeof rows)[number]) => ({ date: r.day, name: r.name ?? '' });
  // A year with neither published nor computed days becomes covered once it has days of its own. In a
  // provisional year, days entered one by one go on top of the computed ones, and the year stays
  // provisional until it is imported or confirmed (then it is among `importedYears`).
  const ownYears = rows.map((r) => Number(r.day.slice(0, 4))).filter((y) => yearStatus(base, y) === 'none');
  return mergeCalendar(base, {
    years: [...new Set([...importedYears, ...ownYears])],
    holidays: rows.filter((r) => r.kind === 'holiday').map(day),
    workdays: rows.filter((r) => r.kind === 'workday').map(day),
  });
}

async function readSetting<T>(db: DbOrTx, key: string): Promise<T | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function rulesRevision(db: DbOrTx): Promise<number> {
  return Number((await readSetting<number>(db, RULES_REVISION_KEY)) ?? 0);
}

/** Marks the rules stale on every instance; call inside the transaction of the change. */
export async function bumpRulesRevision(db: DbOrTx): Promise<void> {
  await db
    .insert(settings)
    .values({ key: RULES_REVISION_KEY, value: 1 })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`to_jsonb((${settings.value})::text::bigint + 1)`, updatedAt: sql`now()` } });
}

/** Reads the rules from the database, uncached: also used inside a change's transaction, before it commits. */
export async function readCaseRules(db: DbOrTx, timeZone: string): Promise<CaseRules> {
  const [dayRows, officeHours, imported, settingRows] = await Promise.all([
    db.select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name }).from(calendarDays),
    readSetting<OfficeInterval[]>(db, OFFICE_HOURS_KEY),
    readSetting<number[]>(db, IMPORTED_YEARS_KEY),
    db.select().from(caseCategorySettings),
  ]);
  const calendar = buildCalendar(timeZone, officeHours, dayRows, imported ?? []);
  const rows = new Map(settingRows.map((r) => [r.categoryKey, r]));
  const cache = new Map<string, CategorySetting>();
  const setting = (key: string): CategorySetting | null => {
    if (!findCaseCategory(key)) return null;
    let s = cache.get(key);
    if (!s) cache.set(key, (s = settingOf(key, rows.get(key))));
    return s;
  };
  return {
    timeZone,
    calendar,
    setting,
    limitsFor: (key, priority) => setting(key)?.limits[priority] ?? categoryDefaults(key, priority),
  };
}

// How long an instance trusts its rules before asking the database for the revision again.
const REVISION_CHECK_MS = 1000;

interface Cached {
  revision: number;
  timeZone: string;
  rules: CaseRules;
}

let cached: Cached | null = null;
let checkedAt = 0;
let loading: Promise<Cached> | null = null;

/** The rules in force, cached per process and rebuilt when 'cases.rules.revision' moves. */
export async function loadCaseRules(db: DbOrTx, timeZone: string): Promise<CaseRules> {
  const now = Date.now();
  if (cached && cached.timeZone === timeZone && now - checkedAt < REVISION_CHECK_MS) return cached.rules;
  // Callers arriving while the revision is being read keep the cached rules meanwhile.
  if (cached && cached.timeZone === timeZone) checkedAt = now;
  const revision = await rulesRevision(db);
  checkedAt = now;
  if (cached && cached.timeZone === timeZone && cached.revision === revision) return cached.rules;
  // One rebuild at a time; concurrent callers share it.
  loading ??= readCaseRules(db, timeZone)
    .then((rules) => ({ revision, timeZone, rules }))
    .finally(() => (loading = null));
  cached = await loading;
  return cached.rules;
}

/** Drops the cached rules at once (this instance changed them; tests). */
export function invalidateCaseRules(): void {
  cached = null;
  checkedAt = 0;
}

export interface Deadline {
  step: Step;
  startedAt: Date;
  dueAt: Date;
  /** When the case turns yellow: DEFAULT_YELLOW_AT of the limit used. */
  warnAt: Date;
  limit: TimeLimit;
}

/** The deadline of a step that starts at `start`, by the category's limit for the priority. */
export function deadlineFor(rules: CaseRules, step: Step, categoryKey: string, priority: CasePriority, start: Date): Deadline {
  const limit = rules.limitsFor(categoryKey, priority)[step];
  const due = dueAt(rules.calendar, start, limit);
  return { step, startedAt: start, dueAt: due, warnAt: warnAt(rules.calendar, start, due, limit.unit), limit: { ...limit } };
}

/** The colour of an open case from its stored deadline; null when no clock runs. */
export function colourOf(c: { deadlineAt: Date | null; deadlineWarnAt: Date | null }, now: Date): 'green' | 'yellow' | 'red' | null {
  if (!c.deadlineAt) return null;
  if (now.getTime() >= c.deadlineAt.getTime()) return 'red';
  if (c.deadlineWarnAt && now.getTime() >= c.deadlineWarnAt.getTime()) return 'yellow';
  return 'green';
}

/**
 * Who a report under `gridPath` should go to: the active routing rule of the deepest node above
 * the grid (a rule for the category before one for every category), else the category's default
 * unit. Unscoped on purpose: dispatch proposals follow the deployment's rules whoever asks.
 */
export async function proposeUnit(db: DbOrTx, categoryKey: string, gridPath: string): Promise<{ unit: UnitRef; reason: 'rule' | 'category' } | null> {
  const [rule] = await db
    .select({ type: routingRules.unitType, id: routingRules.unitId })
    .from(routingRules)
    .innerJoin(orgUnits, eq(orgUnits.id, routingRules.orgUnitId))
    .where(
      and(
        eq(routingRules.status, 'active'),
        or(eq(routingRules.categoryKey, categoryKey), isNull(routingRules.categoryKey)),
        under(gridPath, orgUnits.path),
      ),
    )
    .orderBy(sql`(${routingRules.categoryKey} is null)`, desc(sql`nlevel(${orgUnits.path})`), asc(routingRules.id))
    .limit(1);
  if (rule) return { unit: { type: rule.type as UnitType, id: rule.id }, reason: 'rule' };
  if (!findCaseCategory(categoryKey)) return null;
  const [row] = await db
    .select({ type: caseCategorySettings.unitType, id: caseCategorySettings.unitId })
    .from(caseCategorySettings)
    .where(eq(caseCategorySettings.categoryKey, categoryKey));
  if (row?.type && row.id) return { unit: { type: row.type as UnitType, id: row.id }, reason: 'category' };
  return null;
}
