// The webhooks module's public interface: the outbox (written in the change's transaction), the
// delivery worker and the routes.
export { enqueueWebhookEvent, enqueueWebhookEvents, type WebhookEvent } from './outbox.js';
export { startWebhookWorker } from './worker.js';
export { webhookRoutes } from './routes.js';
