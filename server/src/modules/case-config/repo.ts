// Queries of the case configuration: category settings, handling units, routing rules, calendar days.
// Category settings, calendar days and office hours are deployment-wide (no scope: one dictionary
// and one calendar per deployment); units and routing rules are scoped by the actor.
import { and, asc, eq, ilike, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import { departmentVisible, inScope, UNIT_LEVEL_KEYS, under } from '../../scope/index.js';
import type { DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { calendarDays, caseCategorySettings, routingRules } from './tables.js';
import { departments } from '../departments/index.js';
import { orgUnits, territoryLevels } from '../territory/index.js';
import { settings } from '../../db/tables.js';
import type { UnitRef } from '../cases/index.js';

export type SettingRow = typeof caseCategorySettings.$inferSelect;
export type RuleRow = typeof routingRules.$inferSelect;

// ————— Category settings (deployment-wide) —————

export const allSettings = (db: DbOrTx) => db.select().from(caseCategorySettings);

export async function getSetting(db: DbOrTx, key: string): Promise<SettingRow | null> {
  const [row] = await db.select().from(caseCategorySettings).where(eq(caseCategorySettings.categoryKey, key));
  return row ?? null;
}

export async function putCategorySetting(db: DbOrTx, values: typeof caseCategorySettings.$inferInsert) {
  const { categoryKey, ...rest } = values;
  await db
    .insert(caseCategorySettings)
    .values(values)
    .onConflictDoUpdate({ target: caseCategorySettings.categoryKey, set: { ...rest, categoryKey, updatedAt: sql`now()` } });
}

// ————— Handling units (scoped) —————

export interface UnitRow {
  type: 'department' | 'org_unit';
  id: number;
  name: string;
  kind: string;
  path: string;
}

export async function visibleDepartments(db: DbOrTx, actor: Actor, f: { q?: string; ids?: number[] }): Promise<UnitRow[]> {
  const rows = await db
    .select({ id: departments.id, name: departments.name, kind: departments.kind, path: orgUnits.path })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(
      and(
        departmentVisible(actor),
        eq(departments.status, 'active'),
        f.q ? ilike(departments.name, containsPattern(f.q)) : undefined,
        f.ids ? inArray(departments.id, f.ids) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.path), asc(departments.id));
  return rows.map((r) => ({ type: 'department' as const, ...r }));
}

export async function territoryUnits(db: DbOrTx, actor: Actor, f: { q?: string; ids?: number[]; limit?: number }): Promise<UnitRow[]> {
  const rows = await db
    .select({ id: orgUnits.id, name: orgUnits.name, kind: territoryLevels.key, path: orgUnits.path })
    .from(orgUnits)
    .innerJoin(territoryLevels, eq(territoryLevels.level, orgUnits.level))
    .where(
      and(
        inScope(actor, orgUnits.path),
        eq(orgUnits.status, 'active'),
        inArray(territoryLevels.key, [...UNIT_LEVEL_KEYS]),
        f.q ? ilike(orgUnits.name, containsPattern(f.q)) : undefined,
        f.ids ? inArray(orgUnits.id, f.ids) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.level), asc(orgUnits.path))
    .limit(f.limit ?? 10_000);
  return rows.map((r) => ({ type: 'org_unit' as const, ...r }));
}

/**
 * Names of units for display, whatever the reader's scope: a category's default unit or a rule's
 * unit is configuration everybody reading it sees (the unit itself is not a record of a resident).
 */
export async function unitNames(db: DbOrTx, units: readonly UnitRef[]): Promise<Map<string, UnitRow>> {
  const ids = (type: string) => [...new Set(units.filter((u) => u.type === type).map((u) => u.id))];
  const out = new Map<string, UnitRow>();
  const deptIds = ids('department');
  const nodeIds = ids('org_unit');
  if (deptIds.length) {
    const rows = await db
      .select({ id: departments.id, name: departments.name, kind: departments.kind, path: orgUnits.path })
      .from(departments)
      .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
      .where(inArray(departments.id, deptIds));
    for (const r of rows) out.set(`department:${r.id}`, { type: 'department', ...r });
  }
  if (nodeIds.length) {
    const rows = await db
      .select({ id: orgUnits.id, name: orgUnits.name, kind: sql<string>`coalesce(${territoryLevels.key}, '')`, path: orgUnits.path })
      .from(orgUnits)
      .leftJoin(territoryLevels, eq(territoryLevels.level, orgUnits.level))
      .where(inArray(orgUnits.id, nodeIds));
    for (const r of rows) out.set(`org_unit:${r.id}`, { type: 'org_unit', ...r });
  }
  return out;
}

// ————— Routing rules (scoped by their node) —————

const ruleColumns = { rule: routingRules, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path };
export type RuleWithNode = { rule: RuleRow; orgUnitName: string; orgUnitPath: string };

export async function listRules(db: DbOrTx, actor: Actor, f: { rootPath?: string; categoryKey?: string; includeRetired?: boolean }): Promise<RuleWithNode[]> {
  return db
    .select(ruleColumns)
    .from(routingRules)
    .innerJoin(orgUnits, eq(orgUnits.id, routingRules.orgUnitId))
    .where(
      and(
        inScope(actor, orgUnits.path),
        f.rootPath ? under(orgUnits.path, f.rootPath) : undefined,
        f.categoryKey ? eq(routingRules.categoryKey, f.categoryKey) : undefined,
        f.includeRetired ? undefined : eq(routingRules.status, 'active'),
      ),
    )
    .orderBy(asc(orgUnits.path), sql`${routingRules.categoryKey} nulls last`, asc(routingRules.id));
}

/** A rule whose node is in scope, locked for a change when asked. */
export async function ruleInScope(db: DbOrTx, actor: Actor, id: number, forUpdate = false): Promise<RuleWithNode | null> {
  const q = db
    .select(ruleColumns)
    .from(routingRules)
    .innerJoin(orgUnits, eq(orgUnits.id, routingRules.orgUnitId))
    .where(and(eq(routingRules.id, id), inScope(actor, orgUnits.path)));
  const [row] = forUpdate ? await q.for('update', { of: routingRules }) : await q;
  return row ?? null;
}

/** Another active rule for the same category on the same node (the one a proposal would tie with). */
export async function activeTwin(db: DbOrTx, orgUnitId: number, categoryKey: string | null, exceptId?: number) {
  const [row] = await db
    .select({ id: routingRules.id })
    .from(routingRules)
    .where(
      and(
        eq(routingRules.orgUnitId, orgUnitId),
        eq(routingRules.status, 'active'),
        categoryKey === null ? isNull(routingRules.categoryKey) : eq(routingRules.categoryKey, categoryKey),
        exceptId ? sql`${routingRules.id} <> ${exceptId}` : undefined,
      ),
    );
  return row ?? null;
}

export async function insertRule(db: DbOrTx, values: typeof routingRules.$inferInsert) {
  const [row] = await db.insert(routingRules).values(values).returning();
  return row!;
}

export async function updateRule(db: DbOrTx, id: number, patch: Partial<typeof routingRules.$inferInsert>) {
  const [row] = await db.update(routingRules).set({ ...patch, updatedAt: sql`now()` }).where(eq(routingRules.id, id)).returning();
  return row!;
}

// ————— Calendar days and settings (deployment-wide) —————

export const allCalendarDays = (db: DbOrTx) => db.select().from(calendarDays).orderBy(asc(calendarDays.day));

export async function getCalendarDay(db: DbOrTx, day: string) {
  const [row] = await db.select().from(calendarDays).where(eq(calendarDays.day, day));
  return row ?? null;
}

export async function putCalendarDays(db: DbOrTx, rows: { day: string; kind: string; name: string | null }[]) {
  if (rows.length === 0) return;
  await db
    .insert(calendarDays)
    .values(rows)
    .onConflictDoUpdate({ target: calendarDays.day, set: { kind: sql`excluded.kind`, name: sql`excluded.name`, updatedAt: sql`now()` } });
}

export async function deleteCalendarDay(db: DbOrTx, day: string) {
  await db.delete(calendarDays).where(eq(calendarDays.day, day));
}

export async function deleteCalendarYears(db: DbOrTx, years: readonly number[]) {
  if (years.length === 0) return;
  await db.delete(calendarDays).where(sql`substr(${calendarDays.day}, 1, 4)::int = any(${`{${years.join(',')}}`}::int[])`);
}

export async function readSetting<T>(db: DbOrTx, key: string): Promise<T | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function writeSetting(db: DbOrTx, key: string, value: unknown) {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

export async function deleteSetting(db: DbOrTx, key: string) {
  await db.delete(settings).where(eq(settings.key, key));
}
