// The scope rules, one per kind of row, each written once. Every scoped read in the server is built
// from these: repositories add them to their queries, the resolver in ./index.ts uses them for the
// ids a client names, and rows already in memory (the live board, a batch of reports) are judged
// by seesCase, the row form of caseVisible (scope.test.ts holds the two to the same answers).
import { inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isWithin } from '../../../core/src/ltree.js';
import type { Actor } from '../actor.js';
import { cases, departments, orgUnits, users } from '../db/schema.js';

/** SQL that is true for rows whose path lies in the actor's subtrees. */
export function inScope(actor: Actor, path: AnyColumn | SQL): SQL {
  if (actor.scopeAll) return sql`true`;
  if (actor.scopePaths.length === 0) return sql`false`;
  return sql`(${sql.join(
    actor.scopePaths.map((p) => sql`${path} <@ ${p}::ltree`),
    sql` or `,
  )})`;
}

/** True for a path inside the actor's scope (for checks on rows already loaded). */
export function pathInScope(actor: Actor, path: string): boolean {
  return actor.scopeAll || actor.scopePaths.some((p) => isWithin(path, p));
}

const intArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

/** An ltree operand: a column or SQL as it is, a path string as a bound ltree literal. */
const ltree = (p: AnyColumn | SQL | string) => (typeof p === 'string' ? sql`${p}::ltree` : p);

/**
 * `path` lies in the subtree of `root` (the root itself included). A filter on a node that was
 * itself resolved in scope (`scoped(db, actor).node(id)`), not a scope rule; with the operands the
 * other way round it asks for the ancestors of a path (`under(grid.path, orgUnits.path)`: the
 * nodes above a grid). The one place, with inScope, where territory turns into `<@`: the lint rule
 * civicgrid/territory-through-scope refuses it anywhere else.
 */
export function under(path: AnyColumn | SQL | string, root: AnyColumn | SQL | string): SQL {
  return sql`${ltree(path)} <@ ${ltree(root)}`;
}

/** `path` lies outside the subtree of `root`. */
export function notUnder(path: AnyColumn | SQL | string, root: AnyColumn | SQL | string): SQL {
  return sql`not (${under(path, root)})`;
}

/**
 * A department is visible when owned inside the actor's scope, owned by an ancestor of it (a
 * street's 城管 serves its communities) or when the actor works for it. Needs `departments`
 * joined with its owner `org_units`. Only those owned inside the scope can be managed (inScope).
 */
export function departmentVisible(actor: Actor): SQL {
  if (actor.scopeAll) return sql`true`;
  const parts: SQL[] = [inScope(actor, orgUnits.path)];
  for (const p of actor.scopePaths) parts.push(sql`${orgUnits.path} @> ${p}::ltree`);
  if (actor.departmentIds.length) parts.push(inArray(departments.id, actor.departmentIds));
  return or(...parts)!;
}

/** A user is visible when one of their nodes or departments lies in the actor's scope. */
export function userVisible(actor: Actor): SQL {
  if (actor.scopeAll) return sql`true`;
  return sql`(${users.scopeAll} = false and (
    exists (select 1 from user_org_units uo join org_units o on o.id = uo.org_unit_id
            where uo.user_id = ${users.id} and ${inScope(actor, sql`o.path`)})
    or exists (select 1 from user_departments ud join departments d on d.id = ud.department_id
               join org_units o2 on o2.id = d.org_unit_id
               where ud.user_id = ${users.id} and ${inScope(actor, sql`o2.path`)})))`;
}

/**
 * Who sees a case: its grid in the actor's territory scope, or dispatched to (or 协办 by, until the
 * coordination ends) one of the actor's departments, or reported by the actor.
 */
export function caseVisible(actor: Actor): SQL {
  if (actor.scopeAll) return sql`true`;
  const parts: SQL[] = [inScope(actor, cases.orgPath)];
  if (actor.departmentIds.length) {
    const depts = intArray(actor.departmentIds);
    parts.push(sql`(${cases.handlingUnitType} = 'department' and ${cases.handlingUnitId} = any(${depts}))`);
    parts.push(sql`exists (select 1 from case_coordination cc where cc.case_id = ${cases.id} and cc.unit_type = 'department' and cc.unit_id = any(${depts}) and cc.status <> 'ended')`);
  }
  if (actor.userId > 0) parts.push(sql`${cases.reporterUserId} = ${actor.userId}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The columns of a case that decide who sees it; coordination lists the 协办 departments not ended. */
export interface CaseVisibilityRow {
  orgPath: string;
  handlingUnitType: string | null;
  handlingUnitId: number | null;
  coordinationDepartmentIds: readonly number[] | null;
  reporterUserId: number | null;
}

/** caseVisible on a row already loaded (the same rule; scope.test.ts compares them). */
export function seesCase(actor: Actor, r: CaseVisibilityRow): boolean {
  if (actor.scopeAll || pathInScope(actor, r.orgPath)) return true;
  const depts = actor.departmentIds;
  if (depts.length) {
    if (r.handlingUnitType === 'department' && r.handlingUnitId !== null && depts.includes(r.handlingUnitId)) return true;
    if ((r.coordinationDepartmentIds ?? []).some((d) => depts.includes(d))) return true;
  }
  return actor.userId > 0 && r.reporterUserId === actor.userId;
}

/**
 * SQL giving a case's 协办 departments still coordinating (for seesCase on raw rows). Pass the case
 * id qualified (`sql.raw('"cases"."id"')`): drizzle renders a column of a one-table select unqualified.
 */
export function coordinationDepartmentsSql(caseId: AnyColumn | SQL): SQL<number[]> {
  return sql<number[]>`array(select cc.unit_id from case_coordination cc where cc.case_id = ${caseId} and cc.unit_type = 'department' and cc.status <> 'ended')`;
}
