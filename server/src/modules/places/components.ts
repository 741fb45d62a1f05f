// City components (部件): lamps, manhole covers, bins … with their GB/T 47678.5-2026 category,
// a 部件标识码, a point on the map and the condition found on patrol.
import { componentCodePrefix, componentCodeProblem, countyOf, nextComponentCode } from '../../../../core/src/categories/component-code.js';
import { categoryClass, categoryTree, componentCategory, GBT47678 } from '../../../../core/src/categories/gbt47678.js';
import { pathIds } from '../../../../core/src/ltree.js';
import { can, requirePermission, type Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import type { RegisterDeps } from '../register/index.js';
import { requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { gridFor } from './service.js';

const componentNotFound = () => notFound({ zh: '部件', en: 'Component' });

/** The component part of the dictionary, classes with their items, for forms. */
export function componentCategories() {
  return {
    standard: GBT47678.standard,
    classes: categoryTree('component').map((c) => ({ code: c.code, name: c.name, items: c.items.map((i) => ({ code: i.code, name: i.name })) })),
  };
}

function present(actor: Actor, row: repo.ComponentWithUnit) {
  const c = row.component;
  const write = can(actor, 'register.write');
  return {
    id: c.id,
    orgUnitId: c.orgUnitId,
    orgUnitName: row.orgUnitName,
    categoryCode: c.categoryCode,
    // Rows keep their code if a later edition of the dictionary drops it.
    categoryName: componentCategory(c.categoryCode)?.name ?? c.categoryCode,
    className: categoryClass('component', c.categoryCode.slice(0, 2))?.name ?? '',
    code: c.code,
    name: c.name,
    lng: c.lng,
    lat: c.lat,
    address: c.address,
    condition: c.condition,
    ownerDepartment: c.ownerDepartment,
    maintainer: c.maintainer,
    notes: c.notes,
    verifiedAt: c.verifiedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    abilities: { update: write, verify: write },
  };
}

const snapshot = (c: repo.ComponentRow) => ({ code: c.code, categoryCode: c.categoryCode, orgUnitId: c.orgUnitId, condition: c.condition, name: c.name, notes: c.notes, lng: c.lng, lat: c.lat });

/** The typed-in code, checked, or the next free one of the county and category. */
async function componentCode(tx: DbOrTx, nodePath: string, categoryCode: string, typed: string | undefined) {
  if (typed !== undefined) {
    const problem = componentCodeProblem(typed, categoryCode);
    if (problem === 'FORMAT') throw badRequest('INVALID_COMPONENT_CODE', { zh: '部件标识码应为17位数字（县级区划码6位＋部件类别5位＋顺序号6位）', en: 'A component code has 17 digits: county (6), category (5), number (6)' });
    if (problem === 'CATEGORY') throw badRequest('INVALID_COMPONENT_CODE', { zh: `部件标识码第7至11位应为部件类别代码 ${categoryCode}`, en: `Digits 7–11 of the code must be the category ${categoryCode}` });
    if (await repo.componentCodeTaken(tx, typed)) throw conflict('COMPONENT_CODE_TAKEN', { zh: `部件标识码 ${typed} 已被使用`, en: `Component code ${typed} is already in use` });
    return typed;
  }
  // GB/T 30428 identifies a component within its county: the district's (or street's) division code.
  const county = countyOf(await repo.deepestDivisionCode(tx, pathIds(nodePath)));
  const next = nextComponentCode(county, categoryCode, await repo.lastComponentCode(tx, componentCodePrefix(county, categoryCode)));
  if (!next) throw conflict('COMPONENT_CODES_EXHAUSTED', { zh: '该类部件的顺序号已用完', en: 'No component numbers are left for this category' });
  return next;
}

export interface CreateComponentInput {
  categoryCode: string;
  lng: number;
  lat: number;
  orgUnitId?: number;
  code?: string;
  name?: string;
  address?: string;
  condition?: string;
  ownerDepartment?: string;
  maintainer?: string;
  notes?: string;
}

export async function createComponent({ db }: RegisterDeps, actor: Actor, body: CreateComponentInput) {
  requirePermission(actor, 'register.write');
  if (!componentCategory(body.categoryCode)) {
    throw badRequest('UNKNOWN_CATEGORY', { zh: `部件类别代码 ${body.categoryCode} 不在 GB/T 47678.5 管理部件目录中`, en: `${body.categoryCode} is not a component category of GB/T 47678.5` });
  }
  return db.transaction(async (tx) => {
    const node = await gridFor(tx, actor, body);
    const code = await componentCode(tx, node.path, body.categoryCode, body.code);
    const component = await repo.insertComponent(tx, {
      orgUnitId: node.id,
      categoryCode: body.categoryCode,
      code,
      name: body.name ?? null,
      lng: body.lng,
      lat: body.lat,
      address: body.address ?? null,
      condition: body.condition ?? 'intact',
      ownerDepartment: body.ownerDepartment ?? null,
      maintainer: body.maintainer ?? null,
      notes: body.notes ?? null,
    });
    await recordAudit(tx, actor, { action: 'register.component_create', entityType: 'component', entityId: component.id, scopePath: node.path, after: snapshot(component) });
    return present(actor, { component, orgUnitName: node.name, orgUnitPath: node.path });
  });
}

function parseBbox(text: string): [number, number, number, number] {
  const [minLng, minLat, maxLng, maxLat] = text.split(',').map(Number) as [number, number, number, number];
  const ok = minLng <= maxLng && minLat <= maxLat && [minLng, maxLng].every((x) => Math.abs(x) <= 180) && [minLat, maxLat].every((y) => Math.abs(y) <= 90);
  if (!ok) throw badRequest('INVALID_BBOX', { zh: '地图范围应为 最小经度,最小纬度,最大经度,最大纬度', en: 'bbox is minLng,minLat,maxLng,maxLat' });
  return [minLng, minLat, maxLng, maxLat];
}

export async function listComponents(
  { db }: RegisterDeps,
  actor: Actor,
  f: { orgUnitId?: number; categoryCode?: string; condition?: string; bbox?: string; q?: string; page?: number; pageSize?: number },
) {
  const bbox = f.bbox ? parseBbox(f.bbox) : undefined;
  const root = f.orgUnitId ? (await requireNode(db, actor, f.orgUnitId)).node : null;
  const { items, total } = await repo.listComponents(db, actor, {
    orgUnitPath: root?.path,
    categoryPrefix: f.categoryCode,
    condition: f.condition,
    bbox,
    q: f.q?.trim() || undefined,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
  });
  return { items: items.map((r) => present(actor, r)), total };
}

async function requireComponent(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.getComponent(db, actor, id);
  if (!row) throw componentNotFound();
  return row;
}

export async function getComponent({ db }: RegisterDeps, actor: Actor, id: number) {
  return present(actor, await requireComponent(db, actor, id));
}

export type UpdateComponentInput = Partial<{ condition: string; name: string | null; address: string | null; ownerDepartment: string | null; maintainer: string | null; notes: string | null }>;

export async function updateComponent({ db }: RegisterDeps, actor: Actor, id: number, body: UpdateComponentInput) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireComponent(tx, actor, id);
    const component = await repo.updateComponent(tx, id, body);
    await recordAudit(tx, actor, { action: 'register.component_update', entityType: 'component', entityId: id, scopePath: row.orgUnitPath, before: snapshot(row.component), after: snapshot(component) });
    return present(actor, { ...row, component });
  });
}

export async function verifyComponent({ db }: RegisterDeps, actor: Actor, id: number) {
  requirePermission(actor, 'register.write');
  return db.transaction(async (tx) => {
    const row = await requireComponent(tx, actor, id);
    const component = await repo.updateComponent(tx, id, { verifiedAt: new Date() });
    await recordAudit(tx, actor, { action: 'register.component_verify', entityType: 'component', entityId: id, scopePath: row.orgUnitPath, after: { verifiedAt: component.verifiedAt } });
    return present(actor, { ...row, component });
  });
}
