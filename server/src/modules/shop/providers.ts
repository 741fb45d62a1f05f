// The supermarket's shelves: providers (物业公司, 家政, 维修, 养老) registered with a node of the
// territory (a 小区's grid or a whole community) and the services they offer with their prices.
// The community's service desk keeps them; residents of every grid under the node see them.
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ProviderKind } from '../../../../core/src/shop/workflow.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { inScope, scoped, under } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { gridByCode } from '../notices/index.js';
import { orgUnits } from '../territory/index.js';
import { shopProviders, shopServices } from './tables.js';

export interface ShopDeps {
  db: Db;
  timeZone: string;
}

type ProviderRow = typeof shopProviders.$inferSelect;
type ServiceRow = typeof shopServices.$inferSelect;
export const providerNotFound = () => notFound({ zh: '服务商', en: 'Service provider' });
const serviceNotFound = () => notFound({ zh: '服务项目', en: 'Service' });

export interface ProviderFields {
  name: string;
  kind: ProviderKind;
  contactName: string;
  contactPhone: string;
  address: string | null;
  description: string | null;
}
export interface ServiceFields {
  name: string;
  priceFen: number;
  unit: string;
  description: string | null;
}

const serviceOut = (s: ServiceRow) => ({ id: s.id, name: s.name, priceFen: s.priceFen, unit: s.unit, description: s.description, status: s.status as 'active' | 'retired' });

async function present(db: DbOrTx, rows: ProviderRow[], opts: { activeServicesOnly?: boolean } = {}) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [services, nodes] = await Promise.all([
    db.select().from(shopServices).where(and(inArray(shopServices.providerId, ids), opts.activeServicesOnly ? eq(shopServices.status, 'active') : undefined)).orderBy(asc(shopServices.id)),
    db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, [...new Set(rows.map((r) => r.orgUnitId))])),
  ]);
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    node: { id: r.orgUnitId, name: nodeName.get(r.orgUnitId) ?? '' },
    name: r.name,
    kind: r.kind as ProviderKind,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    address: r.address,
    description: r.description,
    status: r.status as 'active' | 'retired',
    services: services.filter((s) => s.providerId === r.id).map(serviceOut),
  }));
}

export async function createProvider(deps: ShopDeps, actor: Actor, body: ProviderFields & { orgUnitId: number }) {
  requirePermission(actor, 'shop.manage');
  const row = await deps.db.transaction(async (tx) => {
    const node = await scoped(tx, actor).node(body.orgUnitId);
    const { orgUnitId: _n, ...fields } = body;
    const [row] = await tx.insert(shopProviders).values({ ...fields, orgUnitId: node.id, orgPath: node.path, updatedBy: actor.userId > 0 ? actor.userId : null }).returning();
    await recordAudit(tx, actor, { action: 'shop_provider.create', entityType: 'shop_provider', entityId: row!.id, scopePath: node.path, after: { name: row!.name, kind: row!.kind } });
    return row!;
  });
  return (await present(deps.db, [row]))[0]!;
}

/** The provider the actor may manage, locked for a change. */
async function lockProvider(tx: DbOrTx, actor: Actor, id: number): Promise<ProviderRow> {
  if (!(await scoped(tx, actor).find('shopProvider', id))) throw providerNotFound();
  const [row] = await tx.select().from(shopProviders).where(eq(shopProviders.id, id)).for('update');
  return row!;
}

export async function updateProvider(deps: ShopDeps, actor: Actor, id: number, body: Partial<ProviderFields & { status: 'active' | 'retired' }>, now = new Date()) {
  requirePermission(actor, 'shop.manage');
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockProvider(tx, actor, id);
    const [row] = await tx.update(shopProviders).set({ ...body, updatedBy: actor.userId > 0 ? actor.userId : null, updatedAt: now }).where(eq(shopProviders.id, id)).returning();
    await recordAudit(tx, actor, { action: 'shop_provider.update', entityType: 'shop_provider', entityId: id, scopePath: before.orgPath, before: { name: before.name, status: before.status }, after: body });
    return row!;
  });
  return (await present(deps.db, [row]))[0]!;
}

export async function addService(deps: ShopDeps, actor: Actor, providerId: number, body: ServiceFields) {
  requirePermission(actor, 'shop.manage');
  const row = await deps.db.transaction(async (tx) => {
    const provider = await lockProvider(tx, actor, providerId);
    await tx.insert(shopServices).values({ ...body, providerId });
    await recordAudit(tx, actor, { action: 'shop_service.create', entityType: 'shop_provider', entityId: providerId, scopePath: provider.orgPath, after: { name: body.name, priceFen: body.priceFen, unit: body.unit } });
    return provider;
  });
  return (await present(deps.db, [row]))[0]!;
}

export async function updateService(deps: ShopDeps, actor: Actor, providerId: number, serviceId: number, body: Partial<ServiceFields & { status: 'active' | 'retired' }>, now = new Date()) {
  requirePermission(actor, 'shop.manage');
  const row = await deps.db.transaction(async (tx) => {
    const provider = await lockProvider(tx, actor, providerId);
    const [before] = await tx.select().from(shopServices).where(and(eq(shopServices.id, serviceId), eq(shopServices.providerId, providerId)));
    if (!before) throw serviceNotFound();
    await tx.update(shopServices).set({ ...body, updatedAt: now }).where(eq(shopServices.id, serviceId));
    await recordAudit(tx, actor, { action: 'shop_service.update', entityType: 'shop_provider', entityId: providerId, scopePath: provider.orgPath, before: { name: before.name, priceFen: before.priceFen, status: before.status }, after: body });
    return provider;
  });
  return (await present(deps.db, [row]))[0]!;
}

export async function getProvider(deps: ShopDeps, actor: Actor, id: number) {
  requirePermission(actor, 'shop.manage');
  if (!(await scoped(deps.db, actor).find('shopProvider', id))) throw providerNotFound();
  const [row] = await deps.db.select().from(shopProviders).where(eq(shopProviders.id, id));
  return (await present(deps.db, [row!]))[0]!;
}

export async function listProviders(deps: ShopDeps, actor: Actor, f: { orgUnitId?: number; status?: 'active' | 'retired' | 'all'; page?: number; pageSize?: number }) {
  requirePermission(actor, 'shop.manage');
  const where: SQL[] = [inScope(actor, shopProviders.orgPath)];
  if (f.orgUnitId !== undefined) {
    const node = await scoped(deps.db, actor).node(f.orgUnitId);
    where.push(under(shopProviders.orgPath, node.path));
  }
  if (f.status !== 'all') where.push(eq(shopProviders.status, f.status ?? 'active'));
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(shopProviders).where(condition).orderBy(desc(shopProviders.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(shopProviders).where(condition),
  ]);
  return { items: await present(deps.db, rows), total: total?.n ?? 0 };
}

/** Whether a provider serves a grid: registered with the grid or a node above it, and active. */
export const servesGrid = (gridPath: string): SQL => and(under(gridPath, shopProviders.orgPath), eq(shopProviders.status, 'active'))!;

/** The supermarket of a grid, as its residents see it: active providers serving it with their active services. */
export async function publicShop(deps: ShopDeps, gridCode: string) {
  const grid = await gridByCode(deps.db, gridCode);
  const rows = await deps.db.select().from(shopProviders).where(servesGrid(grid.path)).orderBy(asc(shopProviders.id));
  const providers = await present(deps.db, rows, { activeServicesOnly: true });
  return {
    gridName: grid.name,
    providers: providers
      .filter((p) => p.services.length > 0)
      .map((p) => ({ id: p.id, name: p.name, kind: p.kind, contactPhone: p.contactPhone, description: p.description, services: p.services.map(({ status: _s, ...rest }) => rest) })),
  };
}
