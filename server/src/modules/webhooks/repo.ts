// Webhook queries. Webhooks are deployment-wide (they hear of every case), so these queries are not
// territory-scoped: the service lets only a deployment-wide administrator reach them.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { webhookDeliveries, webhooks } from './tables.js';

export type WebhookRecord = typeof webhooks.$inferSelect;

// Spelled out: Drizzle would print a bare "id" inside the subquery, which means d.id there.
const counts = {
  pending: sql<number>`(select count(*)::int from webhook_deliveries d where d.webhook_id = "webhooks"."id" and d.status = 'pending')`,
  failed: sql<number>`(select count(*)::int from webhook_deliveries d where d.webhook_id = "webhooks"."id" and d.status = 'failed')`,
};

export async function listWebhooks(db: DbOrTx) {
  return db
    .select({ hook: webhooks, ...counts })
    .from(webhooks)
    .orderBy(webhooks.id);
}

export async function findWebhook(db: DbOrTx, id: number, lock = false) {
  const q = db.select({ hook: webhooks, ...counts }).from(webhooks).where(eq(webhooks.id, id));
  const [row] = lock ? await q.for('update', { of: webhooks }) : await q;
  return row ?? null;
}

export async function insertWebhook(tx: DbOrTx, values: typeof webhooks.$inferInsert): Promise<WebhookRecord> {
  const [row] = await tx.insert(webhooks).values(values).returning();
  return row!;
}

export async function updateWebhook(tx: DbOrTx, id: number, patch: Partial<typeof webhooks.$inferInsert>): Promise<WebhookRecord> {
  const [row] = await tx
    .update(webhooks)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(webhooks.id, id))
    .returning();
  return row!;
}

/** Removes a webhook with its delivery history; returns how many deliveries went with it. */
export async function deleteWebhook(tx: DbOrTx, id: number): Promise<number> {
  const gone = await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).returning({ id: webhookDeliveries.id });
  await tx.delete(webhooks).where(eq(webhooks.id, id));
  return gone.length;
}

export async function listDeliveries(db: DbOrTx, webhookId: number, q: { status?: string; limit: number }) {
  return db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastResult: webhookDeliveries.lastResult,
      nextAttemptAt: sql<Date | null>`case when ${webhookDeliveries.status} = 'pending' then ${webhookDeliveries.nextAttemptAt} end`.mapWith(webhookDeliveries.nextAttemptAt),
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), q.status ? eq(webhookDeliveries.status, q.status) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(q.limit);
}

export async function insertDelivery(tx: DbOrTx, values: typeof webhookDeliveries.$inferInsert) {
  const [row] = await tx.insert(webhookDeliveries).values(values).returning({ id: webhookDeliveries.id });
  return row!;
}
