// The webhook outbox: a case change enqueues one delivery per active webhook subscribed to the
// event, in the same transaction, so an outside system hears of exactly the steps that happened.
// The delivery worker (worker.ts) signs, sends and retries them.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { webhookDeliveries, webhooks } from './tables.js';
import type { WebhookEvent } from './events.js';

export { WEBHOOK_EVENTS, type WebhookEvent } from './events.js';

export async function enqueueWebhookEvent(tx: DbOrTx, event: WebhookEvent, payload: Record<string, unknown>): Promise<number> {
  const hooks = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), sql`(${event} = any(${webhooks.events}) or '*' = any(${webhooks.events}))`));
  if (hooks.length === 0) return 0;
  const body = { event, at: new Date().toISOString(), data: payload };
  await tx.insert(webhookDeliveries).values(hooks.map((h) => ({ webhookId: h.id, event, payload: body })));
  return hooks.length;
}

/** Many events at once (a batch of reports): one look-up of the webhooks, one insert. */
export async function enqueueWebhookEvents(tx: DbOrTx, events: ReadonlyArray<{ event: WebhookEvent; payload: Record<string, unknown> }>): Promise<number> {
  if (events.length === 0) return 0;
  const hooks = await tx.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.active, true));
  if (hooks.length === 0) return 0;
  const at = new Date().toISOString();
  const rows = events.flatMap(({ event, payload }) =>
    hooks.filter((h) => h.events.includes(event) || h.events.includes('*')).map((h) => ({ webhookId: h.id, event, payload: { event, at, data: payload } })),
  );
  if (rows.length) await tx.insert(webhookDeliveries).values(rows);
  return rows.length;
}
