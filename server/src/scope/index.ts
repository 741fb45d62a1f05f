// Scoped data access: every id a client names is resolved here, with the scope rule of its kind
// (./rules.ts), before anything is written. An id outside the actor's scope answers exactly like a
// missing one. Services call `scoped(tx, actor).<kind>(id)` (or `find<Kind>` for a null instead of
// the 404) and read or write the row only after it.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { topmostPaths } from '../../../core/src/ltree.js';
import type { Actor } from '../actor.js';
import type { DbOrTx } from '../db/client.js';
import {
  buildings, cases, components, departments, dwellings, gridTeamMembers, households, orgUnits, consultations, notices, persons, places, proxyRequests, rentals, shopOrders, shopProviders, routingRules, territoryLevels, users, visitReminders, visits,
} from '../db/schema.js';
import { notFound, type Message } from '../errors.js';
import { caseVisible, departmentVisible, inScope, userVisible } from './rules.js';

export * from './rules.js';

/** Rows that belong to a territory node through their org_unit_id, with the name of their 404. */
const TERRITORIAL = {
  building: { table: buildings, what: { zh: '楼栋', en: 'Building' } },
  dwelling: { table: dwellings, what: { zh: '房屋', en: 'Dwelling' } },
  household: { table: households, what: { zh: '户', en: 'Household' } },
  person: { table: persons, what: { zh: '人员', en: 'Person' } },
  place: { table: places, what: { zh: '场所', en: 'Place' } },
  component: { table: components, what: { zh: '部件', en: 'Component' } },
  visit: { table: visits, what: { zh: '走访记录', en: 'Visit' } },
  rental: { table: rentals, what: { zh: '出租登记', en: 'Rental' } },
  reminder: { table: visitReminders, what: { zh: '走访提醒', en: 'Visit reminder' } },
  teamMember: { table: gridTeamMembers, what: { zh: '网格团队成员', en: 'Team member' } },
  routingRule: { table: routingRules, what: { zh: '派遣规则', en: 'Routing rule' } },
  proxyRequest: { table: proxyRequests, what: { zh: '代办事项', en: 'Proxy request' } },
  notice: { table: notices, what: { zh: '公告', en: 'Notice' } },
  consultation: { table: consultations, what: { zh: '咨询建议', en: 'Question or suggestion' } },
  shopProvider: { table: shopProviders, what: { zh: '服务商', en: 'Service provider' } },
  shopOrder: { table: shopOrders, what: { zh: '服务订单', en: 'Service order' } },
} as const satisfies Record<string, { table: PgTable; what: Message }>;

export type TerritorialKind = keyof typeof TERRITORIAL;

/** A row of a territorial kind: its id, its node and the node's path. */
export interface PlacedRow {
  id: number;
  orgUnitId: number;
  path: string;
}

/** Territory levels that can handle a case: the grid team, the community, the street. */
export const UNIT_LEVEL_KEYS = ['street', 'community', 'grid'] as const;

export interface UnitRef {
  type: 'department' | 'org_unit';
  id: number;
}

export const NOT_FOUND = {
  node: () => notFound({ zh: '辖区节点', en: 'Territory node' }),
  department: () => notFound({ zh: '部门', en: 'Department' }),
  unit: () => notFound({ zh: '处置单位', en: 'Handling unit' }),
  user: () => notFound({ zh: '用户', en: 'User' }),
  case: () => notFound({ zh: '案件', en: 'Case' }),
};

/** The actor with the territories owning their departments added to their scope paths. */
async function withDepartmentTerritory(db: DbOrTx, actor: Actor): Promise<Actor> {
  if (actor.scopeAll || actor.departmentIds.length === 0) return actor;
  const rows = await db
    .select({ path: sql<string>`${orgUnits.path}::text` })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(and(inArray(departments.id, actor.departmentIds), eq(departments.status, 'active')));
  return { ...actor, scopePaths: topmostPaths([...actor.scopePaths, ...rows.map((r) => r.path)]) };
}

function orThrow<T>(row: T | null, fail: () => Error): T {
  if (row === null) throw fail();
  return row;
}

/** The scoped resolver of one actor in one transaction (or connection). */
export function scoped(db: DbOrTx, actor: Actor) {
  const placed = async (kind: TerritorialKind, id: number, opts: { activeOnly?: boolean } = {}): Promise<PlacedRow | null> => {
    const table = TERRITORIAL[kind].table as unknown as { id: PgColumn; orgUnitId: PgColumn; status?: PgColumn } & PgTable;
    const [row] = await db
      .select({ id: sql<number>`${table.id}`, orgUnitId: sql<number>`${table.orgUnitId}`, path: sql<string>`${orgUnits.path}::text` })
      .from(table)
      .innerJoin(orgUnits, eq(orgUnits.id, table.orgUnitId))
      .where(and(eq(table.id, id), inScope(actor, orgUnits.path), opts.activeOnly && table.status ? eq(table.status, 'active') : undefined));
    return row ?? null;
  };

  const findNode = async (id: number, opts: { activeOnly?: boolean } = {}) => {
    const [row] = await db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.id, id), inScope(actor, orgUnits.path), opts.activeOnly ? eq(orgUnits.status, 'active') : undefined));
    return row ?? null;
  };

  /** manage: only departments owned inside the scope (they may be changed); else every visible one. */
  const findDepartment = async (id: number, opts: { manage?: boolean; activeOnly?: boolean } = {}) => {
    const [row] = await db
      .select({ department: departments, orgUnitName: orgUnits.name, orgUnitPath: orgUnits.path })
      .from(departments)
      .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
      .where(and(eq(departments.id, id), opts.manage ? inScope(actor, orgUnits.path) : departmentVisible(actor), opts.activeOnly ? eq(departments.status, 'active') : undefined));
    return row ?? null;
  };

  /**
   * A unit a case may go to: an active department visible to the actor, or an active node in scope
   * on a handling level. Staff of a department act for it inside the territory that owns it (the
   * street's 城管 may ask the street's communities to coordinate, never another street's).
   */
  const findUnit = async (unit: UnitRef) => {
    const who = await withDepartmentTerritory(db, actor);
    if (unit.type === 'department') {
      const [d] = await db
        .select({ name: departments.name, path: orgUnits.path })
        .from(departments)
        .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
        .where(and(eq(departments.id, unit.id), eq(departments.status, 'active'), departmentVisible(who)));
      return d ? { type: unit.type, id: unit.id, ...d } : null;
    }
    const [row] = await db
      .select({ name: orgUnits.name, path: orgUnits.path })
      .from(orgUnits)
      .innerJoin(territoryLevels, eq(territoryLevels.level, orgUnits.level))
      .where(and(eq(orgUnits.id, unit.id), eq(orgUnits.status, 'active'), inScope(who, orgUnits.path), inArray(territoryLevels.key, [...UNIT_LEVEL_KEYS])));
    return row ? { type: unit.type, id: unit.id, ...row } : null;
  };

  const findUser = async (id: number) => {
    const [row] = await db.select().from(users).where(and(eq(users.id, id), userVisible(actor)));
    return row ?? null;
  };

  const findCase = async (id: number, opts: { lock?: boolean } = {}) => {
    const q = db.select().from(cases).where(and(eq(cases.id, id), caseVisible(actor)));
    const [row] = opts.lock ? await q.for('update') : await q;
    return row ?? null;
  };

  return {
    /** The actor with the territory they act in: their scope plus the territories owning their departments. */
    actingArea: () => withDepartmentTerritory(db, actor),
    findNode,
    findDepartment,
    findUnit,
    findUser,
    findCase,
    /** A territorial row (building, dwelling, household, person, …) in scope, or null. */
    find: placed,
    node: async (id: number, opts?: { activeOnly?: boolean }) => orThrow(await findNode(id, opts), NOT_FOUND.node),
    department: async (id: number, opts?: { manage?: boolean; activeOnly?: boolean }) => orThrow(await findDepartment(id, opts), NOT_FOUND.department),
    unit: async (unit: UnitRef) => orThrow(await findUnit(unit), NOT_FOUND.unit),
    user: async (id: number) => orThrow(await findUser(id), NOT_FOUND.user),
    case: async (id: number, opts?: { lock?: boolean }) => orThrow(await findCase(id, opts), NOT_FOUND.case),
    /** A territorial row in scope, else the 404 of its kind. */
    row: async (kind: TerritorialKind, id: number, opts?: { activeOnly?: boolean }) => orThrow(await placed(kind, id, opts), () => notFound(TERRITORIAL[kind].what)),
  };
}

export type Scoped = ReturnType<typeof scoped>;

/** The rule of `scoped` as a condition, for callers that must filter a list by a kind's rule. */
export const scopeCondition = { department: departmentVisible, user: userVisible, case: caseVisible } satisfies Record<string, (a: Actor) => SQL>;
