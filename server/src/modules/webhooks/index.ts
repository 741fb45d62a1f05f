// The webhooks module's public interface: the outbox (written in the change's transaction), the
// delivery worker, the routes and the rule of where webhooks may send.
export { enqueueWebhookEvent, enqueueWebhookEvents, type WebhookEvent } from './outbox.js';
export { startWebhookWorker } from './worker.js';
export { webhookRoutes } from './routes.js';
export { systemResolver, type Resolver, type TargetPolicy } from './targets.js';
