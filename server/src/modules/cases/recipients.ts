// Who a case step concerns: the dispatchers of the level holding it, the members of a handling
// unit, the grid workers of its grid, its followers (reporters). Used for notifications and for
// the actor's relations to a case (relations.ts).
import { and, eq, sql } from 'drizzle-orm';
import { HOLDER, type State } from '../../../../core/src/cases/workflow.js';
import { ROLE_GROUPS } from '../../../../core/src/roles.js';
import type { DbOrTx } from '../../db/client.js';
import { caseFollowers } from './tables.js';
import { gridTeamMembers } from '../geo/index.js';
import { orgUnits } from '../territory/index.js';
import { userDepartments, userOrgUnits, users } from '../users/index.js';
import { under } from '../../scope/index.js';

export type UnitType = 'department' | 'org_unit';
export interface UnitRef {
  type: UnitType;
  id: number;
}

const hasRole = (roles: readonly string[]) => sql`${users.roles} && ${`{${roles.join(',')}}`}::text[]`;

/** Dispatchers bound at or above the node that holds the case (its community, street or district). */
export async function dispatchersOf(tx: DbOrTx, holderPath: string): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userOrgUnits, eq(userOrgUnits.userId, users.id))
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .where(and(eq(users.status, 'active'), hasRole(ROLE_GROUPS.dispatchers), under(holderPath, orgUnits.path)));
  return rows.map((r) => r.id);
}

/** Handlers of a unit: a department's staff, or the handlers bound to a community/grid node and its grid team. */
export async function unitMembers(tx: DbOrTx, unit: UnitRef): Promise<number[]> {
  if (unit.type === 'department') {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(userDepartments, eq(userDepartments.userId, users.id))
      .where(and(eq(userDepartments.departmentId, unit.id), eq(users.status, 'active'), hasRole(ROLE_GROUPS.handlers)));
    return rows.map((r) => r.id);
  }
  const bound = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userOrgUnits, eq(userOrgUnits.userId, users.id))
    .where(and(eq(userOrgUnits.orgUnitId, unit.id), eq(users.status, 'active'), hasRole(ROLE_GROUPS.handlers)));
  const team = await tx
    .select({ id: users.id })
    .from(gridTeamMembers)
    .innerJoin(users, eq(users.id, gridTeamMembers.userId))
    .where(and(eq(gridTeamMembers.orgUnitId, unit.id), eq(users.status, 'active'), hasRole(ROLE_GROUPS.handlers)));
  return [...new Set([...bound, ...team].map((r) => r.id))];
}

/** Grid workers of the case's grid: its team's accounts and workers bound to the grid itself. */
export async function gridWorkersOf(tx: DbOrTx, gridId: number): Promise<number[]> {
  const team = await tx
    .select({ id: users.id })
    .from(gridTeamMembers)
    .innerJoin(users, eq(users.id, gridTeamMembers.userId))
    .where(and(eq(gridTeamMembers.orgUnitId, gridId), eq(users.status, 'active'), hasRole(ROLE_GROUPS.gridWorkers)));
  const bound = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userOrgUnits, eq(userOrgUnits.userId, users.id))
    .where(and(eq(userOrgUnits.orgUnitId, gridId), eq(users.status, 'active'), hasRole(ROLE_GROUPS.gridWorkers)));
  return [...new Set([...team, ...bound].map((r) => r.id))];
}

export async function followersOf(tx: DbOrTx, caseId: number): Promise<number[]> {
  const rows = await tx.select({ id: caseFollowers.userId }).from(caseFollowers).where(eq(caseFollowers.caseId, caseId));
  return rows.map((r) => r.id);
}

export async function coordinatingMembers(tx: DbOrTx, units: readonly UnitRef[]): Promise<number[]> {
  const out = new Set<number>();
  for (const unit of units) for (const id of await unitMembers(tx, unit)) out.add(id);
  return [...out];
}

/** The case fields recipients depend on. */
export interface CaseHolding {
  id: number;
  state: string;
  orgUnitId: number;
  holderPath: string;
  handlingUnitType: string | null;
  handlingUnitId: number | null;
}

export function handlingUnitOf(c: Pick<CaseHolding, 'handlingUnitType' | 'handlingUnitId'>): UnitRef | null {
  if (!c.handlingUnitType || !c.handlingUnitId) return null;
  return { type: c.handlingUnitType as UnitType, id: c.handlingUnitId };
}

/** Whoever HOLDER names for the case's state: whose queue shows it, whom 催办/督办 and warnings reach. */
export async function holderRecipients(tx: DbOrTx, c: CaseHolding): Promise<number[]> {
  const holder = HOLDER[c.state as State];
  if (holder === 'dispatcher') return dispatchersOf(tx, c.holderPath);
  if (holder === 'gridWorker') return gridWorkersOf(tx, c.orgUnitId);
  if (holder === 'handlingUnit') {
    const unit = handlingUnitOf(c);
    return unit ? unitMembers(tx, unit) : [];
  }
  return [];
}

