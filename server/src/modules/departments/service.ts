// Departments: handling units outside the territory tree, owned by a territory node.
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.getDepartment>>>;

export const departmentNotFound = () => notFound({ zh: '部门', en: 'Department' });

function present(row: Row) {
  const d = row.department;
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    orgUnitId: d.orgUnitId,
    orgUnitName: row.orgUnitName,
    contactName: d.contactName,
    contactPhone: d.contactPhone,
    status: d.status,
  };
}

/** A department the actor may manage (owned inside their scope), else 404. */
export async function requireManageableDepartment(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getDepartment(db, actor, id, true);
  if (!row) throw departmentNotFound();
  return row;
}

export async function listDepartments(db: Db, actor: Actor, q: { q?: string; includeRetired?: boolean }) {
  return (await repo.listDepartments(db, actor, q)).map(present);
}

export async function createDepartment(
  db: Db,
  actor: Actor,
  body: { name: string; kind: string; orgUnitId: number; contactName?: string; contactPhone?: string },
) {
  requirePermission(actor, 'department.write');
  return db.transaction(async (tx) => {
    const owner = await requireNode(tx, actor, body.orgUnitId);
    const d = await repo.insertDepartment(tx, { ...body, contactName: body.contactName ?? null, contactPhone: body.contactPhone ?? null });
    await recordAudit(tx, actor, { action: 'department.create', entityType: 'department', entityId: d.id, scopePath: owner.node.path, after: d });
    return present({ department: d, orgUnitName: owner.node.name, orgUnitPath: owner.node.path });
  });
}

export async function updateDepartment(
  db: Db,
  actor: Actor,
  id: number,
  body: { name?: string; kind?: string; contactName?: string | null; contactPhone?: string | null },
) {
  requirePermission(actor, 'department.write');
  return db.transaction(async (tx) => {
    const row = await requireManageableDepartment(tx, actor, id);
    if (row.department.status !== 'active') {
      throw conflict('DEPARTMENT_RETIRED', { zh: '该部门已撤销', en: 'The department is retired' });
    }
    const d = await repo.updateDepartment(tx, id, body);
    await recordAudit(tx, actor, { action: 'department.update', entityType: 'department', entityId: id, scopePath: row.orgUnitPath, before: row.department, after: d });
    return present({ ...row, department: d });
  });
}

export async function retireDepartment(db: Db, actor: Actor, id: number, reason: string) {
  requirePermission(actor, 'department.write');
  return db.transaction(async (tx) => {
    const row = await requireManageableDepartment(tx, actor, id);
    if (row.department.status !== 'active') {
      throw conflict('DEPARTMENT_RETIRED', { zh: '该部门已撤销', en: 'The department is retired' });
    }
    const d = await repo.updateDepartment(tx, id, { status: 'retired', retiredAt: new Date() });
    await recordAudit(tx, actor, { action: 'department.retire', entityType: 'department', entityId: id, scopePath: row.orgUnitPath, before: row.department, after: { ...d, reason } });
    return present({ ...row, department: d });
  });
}
