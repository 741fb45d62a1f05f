// Service orders (点单) of the 红色物业 supermarket, every step through the one workflow runner
// (server/src/workflow/runner.ts) on core/src/shop/workflow.ts. A resident orders with a phone
// number and follows the order by its tracking code; the community's service desk (the grid in
// their scope) passes it to the provider and records 接单 and 完成 as the provider reports them by
// phone — a street's providers do not log in to the street's system — urges and reassigns.
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { caseNumberDate } from '../../../../core/src/cases/case-number.js';
import type { Rating } from '../../../../core/src/cases/workflow-inputs.js';
import { maskPhone } from '../../../../core/src/register/masking.js';
import { inRoleGroup } from '../../../../core/src/roles.js';
import {
  SHOP_OPEN,
  SHOP_STEPS,
  SHOP_WORKFLOW,
  shopActionName,
  shopStateName,
  type ShopAction,
  type ShopEffect,
  type ShopFlags,
  type ShopInput,
  type ShopRelation,
  type ShopState,
} from '../../../../core/src/shop/workflow.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { badRequest, notFound } from '../../errors.js';
import { inScope, pathInScope, scoped, under } from '../../scope/index.js';
import { deadlineColumns, runStep, startDeadline, type Step, type WorkflowPlugin } from '../../workflow/runner.js';
import { recordAudit } from '../audit/index.js';
import { colourOf, loadCaseRules, type CaseRules } from '../case-config/index.js';
import { cases, newTrackingCode, TRACKING_CODE, trackingHash } from '../cases/index.js';
import { gridByCode } from '../notices/index.js';
import { notifyUsers } from '../notifications/index.js';
import { orgUnits } from '../territory/index.js';
import { userOrgUnits, users } from '../users/index.js';
import { servesGrid } from './providers.js';
import { shopOrderEvents, shopOrders, shopProviders, shopServices } from './tables.js';

export interface OrderDeps {
  db: Db;
  crypto: FieldCrypto;
  timeZone: string;
}

type OrderRow = typeof shopOrders.$inferSelect;
type Patch = Partial<typeof shopOrders.$inferInsert>;
interface Ctx {
  rules: CaseRules;
  /** The order's id proven by its tracking code: the caller is the resident who ordered it. */
  customerOf: number | null;
  newProvider: { id: number; name: string } | null;
}
type OrderStep = Step<OrderRow, ShopInput, ShopState, ShopAction, Ctx, Patch>;

const orderNotFound = () => notFound({ zh: '服务订单', en: 'Service order' });
const byCodeNotFound = () => notFound({ zh: '查询码对应的订单', en: 'Order for this tracking code' });

async function nextNumber(tx: Tx, now: Date, timeZone: string): Promise<string> {
  const day = caseNumberDate(now, timeZone).replace(/-/g, '');
  // One writer at a time per day: the advisory lock is released with the transaction.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`shop_order_number:${day}`}))`);
  const [row] = await tx.select({ n: count() }).from(shopOrders).where(sql`${shopOrders.number} like ${`FW${day}-%`}`);
  return `FW${day}-${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** The community's service desk over a grid: active desk users bound to the grid or a node above it. */
async function deskOf(tx: DbOrTx, gridPath: string): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id, roles: users.roles })
    .from(userOrgUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, userOrgUnits.orgUnitId))
    .innerJoin(users, eq(users.id, userOrgUnits.userId))
    .where(and(under(gridPath, orgUnits.path), eq(users.status, 'active')));
  return [...new Set(rows.filter((r) => inRoleGroup(r.roles, 'shopDesk')).map((r) => r.id))];
}

export interface NewOrder {
  serviceId: number;
  wantedAt: string;
  address: string;
  phone: string;
  contactName?: string;
  note?: string;
}

/** A resident orders (点单) a service offered in their grid; answers the order number and its tracking code. */
export async function placeOrder(deps: OrderDeps, gridCode: string, body: NewOrder, meta: { requestId: string; ip: string; idempotencyKey?: string; residentId?: number | null }, now = new Date()) {
  const grid = await gridByCode(deps.db, gridCode);
  const wantedAt = new Date(body.wantedAt);
  if (Number.isNaN(wantedAt.getTime()) || wantedAt.getTime() < now.getTime() - 3_600_000) {
    throw badRequest('WANTED_IN_PAST', { zh: '请选择今后的服务时间', en: 'Choose a time from now on' }, { field: 'wantedAt' });
  }
  const code = newTrackingCode(deps.crypto, 'shop-order', meta.idempotencyKey);
  const hash = trackingHash(code);
  const [existing] = await deps.db.select({ number: shopOrders.number }).from(shopOrders).where(eq(shopOrders.trackingHash, hash));
  if (existing) return { number: existing.number, trackingCode: code, replayed: true };
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  const deadline = startDeadline(rules.calendar, 'accept', SHOP_STEPS[0].limit, now);
  const number = await deps.db.transaction(async (tx) => {
    const [offer] = await tx
      .select({ serviceId: shopServices.id, providerId: shopProviders.id, providerName: shopProviders.name, serviceName: shopServices.name })
      .from(shopServices)
      .innerJoin(shopProviders, eq(shopProviders.id, shopServices.providerId))
      .where(and(eq(shopServices.id, body.serviceId), eq(shopServices.status, 'active'), servesGrid(grid.path)));
    if (!offer) throw badRequest('SERVICE_NOT_OFFERED', { zh: '本网格没有该服务项目', en: 'This service is not offered in the grid' }, { field: 'serviceId' });
    const number = await nextNumber(tx, now, deps.timeZone);
    const [row] = await tx
      .insert(shopOrders)
      .values({
        number,
        trackingHash: hash,
        serviceId: offer.serviceId,
        providerId: offer.providerId,
        orgUnitId: grid.id,
        orgPath: grid.path,
        state: 'ordered',
        wantedAt,
        address: body.address.trim(),
        contactName: body.contactName?.trim() ?? null,
        phoneCipher: deps.crypto.encrypt(body.phone),
        note: body.note?.trim() ?? null,
        residentId: meta.residentId ?? null,
        ...deadlineColumns(deadline),
      })
      .returning();
    await tx.insert(shopOrderEvents).values({ orderId: row!.id, at: now, actorName: body.contactName?.trim() || '居民', action: 'order', fromState: null, toState: 'ordered', note: body.note ?? null, data: { service: offer.serviceName, provider: offer.providerName } });
    await notifyUsers(tx, await deskOf(tx, grid.path), { kind: 'shop.order', titleZh: `新的服务订单：${offer.serviceName}（${number}）`, titleEn: `New service order: ${offer.serviceName} (${number})` });
    const resident: Actor = { userId: 0, username: 'resident', displayName: body.contactName?.trim() || '居民', roles: [], permissions: new Set(), scopeAll: false, scopePaths: [], departmentIds: [], mustChangePassword: false, requestId: meta.requestId, ip: meta.ip };
    await recordAudit(tx, resident, { action: 'shop_order.order', entityType: 'shop_order', entityId: row!.id, scopePath: grid.path, after: { number, serviceId: offer.serviceId } });
    return number;
  });
  return { number, trackingCode: code, replayed: false };
}

function relationsOf(actor: Actor, r: OrderRow, ctx: { customerOf: number | null }): Partial<Record<ShopRelation, boolean>> {
  return { canSupervise: actor.userId > 0 && pathInScope(actor, r.orgPath), isCustomer: ctx.customerOf === r.id };
}

const EFFECTS: { [K in Exclude<ShopEffect, 'startDeadline' | 'stopDeadline'>]: (s: OrderStep) => Promise<void> | void } = {
  setProvider: (s) => {
    s.patch.providerId = s.ctx.newProvider!.id;
    s.data.from = s.subject.providerId;
    s.data.to = s.ctx.newProvider!.id;
    s.data.toName = s.ctx.newProvider!.name;
    s.data.reason = s.input.reason;
  },
  recordAcceptance: (s) => {
    s.patch.acceptedAt = s.now;
  },
  recordCompletion: (s) => {
    s.patch.completedAt = s.now;
    s.patch.completionNote = s.input.note ?? null;
  },
  recordCancel: async (s) => {
    s.patch.cancelledReason = s.input.reason ?? null;
    if (s.actor.userId <= 0) for (const id of await deskOf(s.tx, s.subject.orgPath)) s.notify.add(id);
  },
  recordRating: async (s) => {
    s.patch.rating = s.input.rating ?? null;
    s.patch.ratingComment = s.input.comment ?? null;
    s.patch.ratedAt = s.now;
    s.data.rating = s.input.rating;
    if (s.input.rating === 'dissatisfied') for (const id of await deskOf(s.tx, s.subject.orgPath)) s.notify.add(id);
  },
  countUrge: (s) => {
    s.patch.urgeCount = s.subject.urgeCount + 1;
  },
};

function plugin(deps: OrderDeps, customerOf: number | null): WorkflowPlugin<OrderRow, ShopInput, ShopState, ShopAction, ShopRelation, ShopEffect, ShopFlags, ShopInput, Ctx, Patch> {
  return {
    workflow: SHOP_WORKFLOW,
    prepare: async () => ({ rules: await loadCaseRules(deps.db, deps.timeZone), customerOf, newProvider: null }),
    load: async (tx, actor, id, ctx) => {
      // The resident proved the order by its code; staff reach it through their scope.
      if (ctx.customerOf !== id && !(await scoped(tx, actor).find('shopOrder', id))) return null;
      const [row] = await tx.select().from(shopOrders).where(eq(shopOrders.id, id)).for('update');
      return row ?? null;
    },
    notFound: orderNotFound,
    stateOf: (r) => r.state as ShopState,
    lastStep: async (tx, r) => {
      const [e] = await tx.select({ action: shopOrderEvents.action, by: shopOrderEvents.actorName, at: shopOrderEvents.at }).from(shopOrderEvents).where(eq(shopOrderEvents.orderId, r.id)).orderBy(desc(shopOrderEvents.id)).limit(1);
      return e ? { action: e.action, name: shopActionName(e.action), by: e.by, at: e.at } : null;
    },
    relations: async (_tx, actor, r, ctx) => relationsOf(actor, r, ctx),
    flags: async (_tx, r) => ({ rated: r.rating !== null }),
    inputOf: (input) => input,
    begin: async (s) => {
      if (s.action === 'reassign' && s.input.providerId !== undefined) {
        // The new provider must serve the order's grid and offer something there.
        const [p] = await s.tx.select({ id: shopProviders.id, name: shopProviders.name }).from(shopProviders).where(and(eq(shopProviders.id, s.input.providerId), servesGrid(s.subject.orgPath)));
        if (!p) throw badRequest('PROVIDER_NOT_AVAILABLE', { zh: '所选服务商不服务该网格', en: 'The chosen provider does not serve this grid' });
        if (p.id === s.subject.providerId) throw badRequest('SAME_PROVIDER', { zh: '订单已由该服务商承接', en: 'The order is already with this provider' });
        s.ctx.newProvider = p;
      }
    },
    calendar: (ctx) => ctx.rules.calendar,
    effects: EFFECTS,
    save: async (s) => {
      if (s.deadline !== undefined) Object.assign(s.patch, deadlineColumns(s.deadline));
      const [row] = await s.tx.update(shopOrders).set({ ...s.patch, state: s.to, updatedAt: s.now }).where(eq(shopOrders.id, s.subject.id)).returning();
      return row!;
    },
    timeline: async (s) => {
      await s.tx.insert(shopOrderEvents).values({
        orderId: s.subject.id,
        at: s.now,
        actorUserId: s.actor.userId > 0 ? s.actor.userId : null,
        actorName: s.actor.displayName.slice(0, 50),
        action: s.action,
        fromState: s.from,
        toState: s.to,
        note: s.input.note ?? s.input.reason ?? s.input.comment ?? null,
        data: Object.keys(s.data).length ? s.data : null,
      });
    },
    notification: (s) => {
      const name = shopActionName(s.action);
      return { kind: `shop.${s.action}`, titleZh: `服务订单 ${s.subject.number}：${name.zh}`, titleEn: `Service order ${s.subject.number}: ${name.en}` };
    },
    audit: (s) => ({ entityType: 'shop_order', entityId: s.subject.id, scopePath: s.subject.orgPath }),
  };
}

/** One step on an order by staff; answers the order as it is after the step. */
export async function runOrderAction(deps: OrderDeps, actor: Actor, id: number, action: ShopAction, input: ShopInput, now = new Date()) {
  requirePermission(actor, 'shop.manage');
  await runStep(deps.db, plugin(deps, null), actor, id, action, input, { now, timeZone: deps.timeZone });
  return getOrder(deps, actor, id, now);
}

async function present(deps: OrderDeps, actor: Actor, rows: OrderRow[], now: Date) {
  if (rows.length === 0) return [];
  const [providers, services, nodes, lateCases] = await Promise.all([
    deps.db.select({ id: shopProviders.id, name: shopProviders.name, contactPhone: shopProviders.contactPhone }).from(shopProviders).where(inArray(shopProviders.id, [...new Set(rows.map((r) => r.providerId))])),
    deps.db.select({ id: shopServices.id, name: shopServices.name, priceFen: shopServices.priceFen, unit: shopServices.unit }).from(shopServices).where(inArray(shopServices.id, [...new Set(rows.map((r) => r.serviceId))])),
    deps.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, [...new Set(rows.map((r) => r.orgUnitId))])),
    rows.some((r) => r.lateCaseId) ? deps.db.select({ id: cases.id, number: cases.number }).from(cases).where(inArray(cases.id, rows.map((r) => r.lateCaseId).filter((x): x is number => x !== null))) : [],
  ]);
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const [pm, sm, nm, cm] = [byId(providers), byId(services), byId(nodes), byId(lateCases)];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    state: r.state as ShopState,
    stateName: { zh: shopStateName(r.state).zh, en: shopStateName(r.state).en },
    grid: nm.get(r.orgUnitId) ?? { id: r.orgUnitId, name: '' },
    provider: pm.get(r.providerId) ?? { id: r.providerId, name: '', contactPhone: '' },
    service: sm.get(r.serviceId) ?? { id: r.serviceId, name: '', priceFen: 0, unit: '' },
    wantedAt: r.wantedAt,
    address: r.address,
    contactName: r.contactName,
    phone: maskPhone(deps.crypto.decrypt(r.phoneCipher)),
    note: r.note,
    createdAt: r.createdAt,
    completionNote: r.completionNote,
    cancelledReason: r.cancelledReason,
    rating: r.rating as Rating | null,
    ratingComment: r.ratingComment,
    urgeCount: r.urgeCount,
    deadline: r.deadlineAt ? { step: r.deadlineStep, dueAt: r.deadlineAt, colour: colourOf(r, now) } : null,
    lateCase: r.lateCaseId ? (cm.get(r.lateCaseId) ?? null) : null,
    allowedActions: SHOP_WORKFLOW.allowedActions(r.state as ShopState, { roles: actor.roles, relations: relationsOf(actor, r, { customerOf: null }) }, { rated: r.rating !== null }),
  }));
}

async function requireOrder(db: DbOrTx, actor: Actor, id: number): Promise<OrderRow> {
  requirePermission(actor, 'shop.manage');
  if (!(await scoped(db, actor).find('shopOrder', id))) throw orderNotFound();
  const [row] = await db.select().from(shopOrders).where(eq(shopOrders.id, id));
  return row!;
}

export async function getOrder(deps: OrderDeps, actor: Actor, id: number, now = new Date()) {
  const row = await requireOrder(deps.db, actor, id);
  const [out] = await present(deps, actor, [row], now);
  const events = await deps.db.select().from(shopOrderEvents).where(eq(shopOrderEvents.orderId, id)).orderBy(asc(shopOrderEvents.id));
  return {
    ...out!,
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, actionName: shopActionName(e.action), actorName: e.actorName, fromState: e.fromState, toState: e.toState, note: e.note, data: e.data as Record<string, unknown> | null })),
  };
}

/** The resident's phone number, for the desk to call; every look is audited. */
export async function revealPhone(deps: OrderDeps, actor: Actor, id: number) {
  return deps.db.transaction(async (tx) => {
    const row = await requireOrder(tx, actor, id);
    await recordAudit(tx, actor, { action: 'shop_order.reveal_phone', entityType: 'shop_order', entityId: id, scopePath: row.orgPath });
    return { phone: deps.crypto.decrypt(row.phoneCipher) };
  });
}

export interface OrderFilter {
  orgUnitId?: number;
  state?: ShopState | 'open';
  providerId?: number;
  late?: boolean;
  page?: number;
  pageSize?: number;
}

export async function listOrders(deps: OrderDeps, actor: Actor, f: OrderFilter, now = new Date()) {
  requirePermission(actor, 'shop.manage');
  const where: SQL[] = [inScope(actor, shopOrders.orgPath)];
  if (f.orgUnitId !== undefined) {
    const node = await scoped(deps.db, actor).node(f.orgUnitId);
    where.push(under(shopOrders.orgPath, node.path));
  }
  if (f.state === 'open') where.push(inArray(shopOrders.state, [...SHOP_OPEN]));
  else if (f.state) where.push(eq(shopOrders.state, f.state));
  if (f.providerId !== undefined) where.push(eq(shopOrders.providerId, f.providerId));
  if (f.late) where.push(isNotNull(shopOrders.lateCaseId));
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    deps.db.select().from(shopOrders).where(condition).orderBy(desc(shopOrders.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(shopOrders).where(condition),
  ]);
  return { items: await present(deps, actor, rows, now), total: total?.n ?? 0 };
}

async function byCode(deps: OrderDeps, code: string): Promise<OrderRow> {
  if (!TRACKING_CODE.test(code)) throw byCodeNotFound();
  const [row] = await deps.db.select().from(shopOrders).where(eq(shopOrders.trackingHash, trackingHash(code)));
  if (!row) throw byCodeNotFound();
  return row;
}

/** What the resident reads by the code: the progress and the provider's line, not who at the desk did what. */
export async function publicOrder(deps: OrderDeps, code: string) {
  const r = await byCode(deps, code);
  const [[provider], [service], events] = await Promise.all([
    deps.db.select({ name: shopProviders.name, contactPhone: shopProviders.contactPhone }).from(shopProviders).where(eq(shopProviders.id, r.providerId)),
    deps.db.select({ name: shopServices.name, priceFen: shopServices.priceFen, unit: shopServices.unit }).from(shopServices).where(eq(shopServices.id, r.serviceId)),
    deps.db.select().from(shopOrderEvents).where(eq(shopOrderEvents.orderId, r.id)).orderBy(asc(shopOrderEvents.id)),
  ]);
  const customer = { roles: [], relations: { isCustomer: true } };
  const allowed = SHOP_WORKFLOW.allowedActions(r.state as ShopState, customer, { rated: r.rating !== null });
  return {
    number: r.number,
    state: r.state as ShopState,
    stateName: { zh: shopStateName(r.state).zh, en: shopStateName(r.state).en },
    provider: provider!,
    service: service!,
    wantedAt: r.wantedAt,
    address: r.address,
    rating: r.rating as Rating | null,
    canRate: allowed.includes('rate'),
    canCancel: allowed.includes('cancel'),
    steps: events
      .filter((e) => e.action !== 'urge')
      // The notes of 接单 (when they come), 完成 and 取消 are the resident's to read; the desk's other notes stay inside.
      .map((e) => ({ at: e.at, action: e.action, actionName: shopActionName(e.action), note: ['order', 'accept', 'complete', 'cancel'].includes(e.action) ? e.note : null })),
  };
}

const residentOf = (name: string | null, meta: { requestId: string; ip: string }): Actor => ({ userId: 0, username: 'resident', displayName: name ?? '居民', roles: [], permissions: new Set(), scopeAll: false, scopePaths: [], departmentIds: [], mustChangePassword: false, ...meta });

/** The resident's own step (评价, 取消) by the order's tracking code. */
export async function customerAction(deps: OrderDeps, code: string, action: 'rate' | 'cancel', input: ShopInput, meta: { requestId: string; ip: string }, now = new Date()) {
  const r = await byCode(deps, code);
  await runStep(deps.db, plugin(deps, r.id), residentOf(r.contactName, meta), r.id, action, input, { now, timeZone: deps.timeZone });
  return publicOrder(deps, code);
}

