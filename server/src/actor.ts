// The actor of a request and the one place data scope turns into SQL.
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { PERMISSIONS, type Permission, type RoleKey } from '../../core/src/roles.js';
import { isWithin } from '../../core/src/ltree.js';
import { forbidden } from './errors.js';

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: RoleKey[];
  permissions: ReadonlySet<Permission>;
  /** Deployment-wide scope: sees every node. Only the top administrator has it. */
  scopeAll: boolean;
  /** Topmost ltree paths of the nodes the user is bound to. */
  scopePaths: string[];
  departmentIds: number[];
  mustChangePassword: boolean;
  requestId: string;
  ip: string;
}

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

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** The actor of start-up work (demo seeding): deployment-wide, every permission, no user row. */
export function systemActor(): Actor {
  return {
    userId: 0,
    username: 'system',
    displayName: '系统',
    roles: ['admin'],
    permissions: new Set(PERMISSIONS),
    scopeAll: true,
    scopePaths: [],
    departmentIds: [],
    mustChangePassword: false,
    requestId: 'startup',
    ip: '127.0.0.1',
  };
}
