// The actor of a request: who, which roles and permissions, which scope (the scope rules are in scope/).
import { PERMISSIONS, type Permission, type RoleKey } from '../../core/src/roles.js';
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
  /** X-Client-Time: when the user did it on their phone (http/client-time.ts); stored beside the server's time. */
  clientAt?: Date | null;
  /** The Idempotency-Key this request holds (http/idempotency.ts); recordAudit marks it done in the change's transaction. */
  idempotency?: { key: string; token: string } | null;
  /** A resident signed in with their own account (modules/residents): no role, no scope, only their own things. */
  residentId?: number;
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
