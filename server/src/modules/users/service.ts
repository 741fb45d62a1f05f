// Users and roles: an administrator manages the people of their own scope.
import { randomBytes } from 'node:crypto';
import { generatePassword } from '../../../../core/src/password-policy.js';
import { ROLES } from '../../../../core/src/roles.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { deleteUserSessions, forgetApiTokens, hashPassword } from '../auth/index.js';
import { requireManageableDepartment } from '../departments/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { scoped } from '../../scope/index.js';

export const userNotFound = () => notFound({ zh: '用户', en: 'User' });

export const listRoles = () => ROLES.map((r) => ({ ...r, permissions: [...r.permissions] }));

function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? phone.slice(0, 3) + '****' + phone.slice(-4) : '****';
}

async function present(db: DbOrTx, actor: Actor, rows: repo.UserRow[]) {
  const { nodes, depts } = await repo.scopesOf(db, rows.map((r) => r.id));
  const showPhone = can(actor, 'user.write');
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: showPhone ? u.phone : maskPhone(u.phone),
    roles: u.roles,
    status: u.status,
    scopeAll: u.scopeAll,
    scopes: nodes.filter((n) => n.userId === u.id).map((n) => ({ orgUnitId: n.orgUnitId, name: n.name, code: n.code })),
    departments: depts.filter((d) => d.userId === u.id).map((d) => ({ id: d.id, name: d.name })),
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  }));
}

/** A snapshot for the audit log: never the password hash. */
function snapshot(u: repo.UserRow, orgUnitIds?: number[], departmentIds?: number[]) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, status: u.status, scopeAll: u.scopeAll, orgUnitIds, departmentIds };
}

export async function requireUser(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getUser(db, actor, id);
  if (!row) throw userNotFound();
  return row;
}

/** Checks every node and department granted lies in the actor's own scope; returns a scope path for the audit row. */
async function checkGrantable(tx: DbOrTx, actor: Actor, orgUnitIds: number[], departmentIds: number[]) {
  let scopePath: string | null = null;
  for (const id of orgUnitIds) scopePath ??= (await requireNode(tx, actor, id)).node.path;
  for (const id of departmentIds) scopePath ??= (await requireManageableDepartment(tx, actor, id)).orgUnitPath;
  return scopePath;
}

const noScope = () =>
  conflict('SCOPE_REQUIRED', { zh: '请至少为用户指定一个辖区节点或部门', en: 'Give the user at least one territory node or department' });

export async function listUsers(db: Db, actor: Actor, f: repo.UserFilter) {
  if (f.orgUnitId !== undefined) await scoped(db, actor).node(f.orgUnitId);
  const { items, total } = await repo.listUsers(db, actor, f);
  return { items: await present(db, actor, items), total };
}

export async function getUser(db: Db, actor: Actor, id: number) {
  const [u] = await present(db, actor, [await requireUser(db, actor, id)]);
  return u!;
}

export async function createUser(
  db: Db,
  actor: Actor,
  body: { username: string; displayName: string; phone?: string; roles: string[]; orgUnitIds: number[]; departmentIds?: number[]; scopeAll?: boolean },
) {
  requirePermission(actor, 'user.write');
  if (body.scopeAll && !actor.scopeAll) throw forbidden();
  const departmentIds = body.departmentIds ?? [];
  if (!body.scopeAll && body.orgUnitIds.length === 0 && departmentIds.length === 0) throw noScope();
  const initialPassword = generatePassword((n) => randomBytes(n));
  const passwordHash = await hashPassword(initialPassword);
  return db.transaction(async (tx) => {
    const scopePath = await checkGrantable(tx, actor, body.orgUnitIds, departmentIds);
    if (await repo.usernameTaken(tx, body.username)) {
      throw conflict('USERNAME_TAKEN', { zh: `用户名 ${body.username} 已存在`, en: `Username ${body.username} is taken` });
    }
    const user = await repo.insertUser(tx, {
      username: body.username,
      displayName: body.displayName,
      phone: body.phone ?? null,
      roles: body.roles,
      scopeAll: body.scopeAll ?? false,
      passwordHash,
      mustChangePassword: true,
    });
    await repo.replaceScopes(tx, user.id, body.orgUnitIds, departmentIds);
    await recordAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, scopePath, after: snapshot(user, body.orgUnitIds, departmentIds) });
    const [presented] = await present(tx, actor, [user]);
    return { user: presented!, initialPassword };
  });
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: number,
  body: { displayName?: string; phone?: string | null; roles?: string[]; orgUnitIds?: number[]; departmentIds?: number[]; status?: string },
) {
  requirePermission(actor, 'user.write');
  if (id === actor.userId && (body.status === 'disabled' || (body.roles && !body.roles.includes('admin')))) {
    throw conflict('SELF_LOCKOUT', { zh: '不能停用自己或撤销自己的管理员角色', en: 'You cannot disable yourself or drop your own admin role' });
  }
  // Cached API-token actors carry roles and scope: drop them (service.ts apiTokenActor).
  forgetApiTokens();
  return db.transaction(async (tx) => {
    const before = await requireUser(tx, actor, id);
    const old = await repo.scopesOf(tx, [id]);
    const scopePath = (await checkGrantable(tx, actor, body.orgUnitIds ?? [], body.departmentIds ?? [])) ?? old.nodes[0]?.path ?? null;
    const nextNodes = body.orgUnitIds ?? old.nodes.map((n) => n.orgUnitId);
    const nextDepts = body.departmentIds ?? old.depts.map((d) => d.id);
    if (!before.scopeAll && nextNodes.length === 0 && nextDepts.length === 0) throw noScope();
    const { orgUnitIds, departmentIds, ...fields } = body;
    const user = Object.keys(fields).length ? await repo.updateUser(tx, id, fields) : before;
    await repo.replaceScopes(tx, id, orgUnitIds, departmentIds);
    if (body.status === 'disabled') await deleteUserSessions(tx, id);
    await recordAudit(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      scopePath,
      before: snapshot(before, old.nodes.map((n) => n.orgUnitId), old.depts.map((d) => d.id)),
      after: snapshot(user, nextNodes, nextDepts),
    });
    const [presented] = await present(tx, actor, [user]);
    return presented!;
  });
}

export async function resetPassword(db: Db, actor: Actor, id: number) {
  requirePermission(actor, 'user.write');
  const initialPassword = generatePassword((n) => randomBytes(n));
  const passwordHash = await hashPassword(initialPassword);
  return db.transaction(async (tx) => {
    const user = await requireUser(tx, actor, id);
    const { nodes } = await repo.scopesOf(tx, [id]);
    await repo.updateUser(tx, id, { passwordHash, mustChangePassword: true });
    await deleteUserSessions(tx, id);
    await recordAudit(tx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id, scopePath: nodes[0]?.path ?? null, after: { username: user.username } });
    return { initialPassword };
  });
}
