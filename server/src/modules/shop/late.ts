// An order not taken (接单) or not done (完成) within its limit becomes a case of the normal loop,
// once per order, linked both ways (the order keeps the case; the case's description names the
// order). Run by the deadline scan (case-config/deadline-scan.ts) on each of its ticks.
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { SHOP_OPEN, SHOP_STEPS } from '../../../../core/src/shop/workflow.js';
import { systemActor } from '../../actor.js';
import { recordAudit } from '../audit/index.js';
import type { DeadlineScanner } from '../case-config/index.js';
import { IntakeWriter } from '../cases/index.js';
import { caseForMatter } from '../consultations/index.js';
import type { OrderDeps } from './orders.js';
import { shopOrderEvents, shopOrders, shopProviders, shopServices } from './tables.js';

/** Orders handed to the case loop per tick; the next tick takes the rest. */
const BATCH = 50;
// 民生诉求: a resident's service went unanswered (GB/T 47678.5 社会事务).
const LATE_CATEGORY = 'social:S02';

/** Turns the open orders past their limit into cases; answers how many. */
export async function scanLateOrders(deps: OrderDeps & { writer: IntakeWriter }, now: Date): Promise<number> {
  const due = await deps.db
    .select({ order: shopOrders, provider: shopProviders.name, service: shopServices.name })
    .from(shopOrders)
    .innerJoin(shopProviders, eq(shopProviders.id, shopOrders.providerId))
    .innerJoin(shopServices, eq(shopServices.id, shopOrders.serviceId))
    .where(and(inArray(shopOrders.state, [...SHOP_OPEN]), isNull(shopOrders.lateCaseId), lte(shopOrders.deadlineAt, now)))
    .orderBy(asc(shopOrders.deadlineAt), asc(shopOrders.id))
    .limit(BATCH);
  const actor = { ...systemActor(), displayName: '系统' };
  let made = 0;
  for (const { order: o, provider, service } of due) {
    const step = SHOP_STEPS.find((s) => s.key === o.deadlineStep) ?? SHOP_STEPS[0];
    // The intake's Idempotency-Key makes it one case per order, even if a tick stops half-way.
    const c = await caseForMatter(
      deps,
      deps.writer,
      actor,
      {
        grid: { id: o.orgUnitId, path: o.orgPath },
        categoryKey: LATE_CATEGORY,
        description: `【红色物业服务超时】订单 ${o.number}「${service}」（${provider}）超过${step.zh}时限仍未${step.zh}，请督促处理。`,
        address: o.address,
        reporterName: o.contactName ?? undefined,
        reporterPhone: deps.crypto.decrypt(o.phoneCipher),
      },
      `shop-order-late:${o.id}`,
    );
    const linked = await deps.db.transaction(async (tx) => {
      const [row] = await tx.select({ lateCaseId: shopOrders.lateCaseId, state: shopOrders.state }).from(shopOrders).where(eq(shopOrders.id, o.id)).for('update');
      if (!row || row.lateCaseId !== null) return false;
      await tx.update(shopOrders).set({ lateCaseId: c.id, lateAt: now, updatedAt: now }).where(eq(shopOrders.id, o.id));
      await tx.insert(shopOrderEvents).values({ orderId: o.id, at: now, actorName: actor.displayName, action: 'late', fromState: row.state, toState: row.state, note: null, data: { caseId: c.id, caseNumber: c.number, step: step.key } });
      await recordAudit(tx, actor, { action: 'shop_order.late', entityType: 'shop_order', entityId: o.id, scopePath: o.orgPath, after: { caseId: c.id, caseNumber: c.number, step: step.key } });
      return true;
    });
    if (linked) made++;
  }
  return made;
}

/** The scan as the deadline scan runs it (server/src/main.ts), with an intake writer of its own. */
export function lateOrderScanner(deps: OrderDeps): DeadlineScanner {
  const writer = new IntakeWriter(deps.db, 1);
  return { name: 'lateServiceOrders', scan: (now) => scanLateOrders({ ...deps, writer }, now) };
}
