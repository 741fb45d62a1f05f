// /api/webhooks: outside systems subscribed to case events (case.configure, deployment-wide
// administrators). The secret is returned only by create and rotate-secret.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import * as s from './schema.js';
import * as service from './service.js';
import { outboxStats } from './worker.js';

export type { WebhookDeps } from './service.js';

const tags = ['webhooks'];
const config = { permission: 'case.configure' as const, deploymentWide: true as const };

export async function webhookRoutes(fastify: FastifyInstance, deps: service.WebhookDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The outbox for /metrics, read at scrape time.
  const pending = fastify.metrics.gauge('civicgrid_webhook_deliveries_pending', 'Webhook deliveries in the outbox not yet delivered or given up.', ['due']);
  const oldest = fastify.metrics.gauge('civicgrid_webhook_oldest_pending_age_seconds', 'Age of the oldest pending webhook delivery (0 when none).');
  fastify.metrics.collect(async () => {
    const stats = await outboxStats(deps.db);
    pending.set(stats.due, { due: 'true' });
    pending.set(stats.pending - stats.due, { due: 'false' });
    oldest.set(stats.oldestPendingS);
  });

  app.get('/api/webhooks', { config, schema: { tags, summary: 'Webhook 列表 Webhooks', response: withErrors({ 200: s.WebhookList }) } }, async (request) =>
    service.listWebhooks(deps, actorOf(request)),
  );

  app.post(
    '/api/webhooks',
    { config, schema: { tags, summary: '新建 Webhook Create (the secret is shown once)', body: s.CreateWebhookBody, response: withErrors({ 201: s.WebhookWithSecret }) } },
    async (request, reply) => reply.status(201).send(await service.createWebhook(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/webhooks/:id',
    { config, schema: { tags, summary: 'Webhook', params: IdParams, response: withErrors({ 200: s.Webhook }) } },
    async (request) => service.getWebhook(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/api/webhooks/:id',
    { config, schema: { tags, summary: '修改 Webhook Update', params: IdParams, body: s.UpdateWebhookBody, response: withErrors({ 200: s.Webhook }) } },
    async (request) => service.updateWebhook(deps, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/webhooks/:id',
    { config, schema: { tags, summary: '删除 Webhook Delete (409 while deliveries are pending)', params: IdParams, querystring: s.DeleteWebhookQuery, response: withErrors({ 200: s.DeletedAnswer }) } },
    async (request) => service.deleteWebhook(deps, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/webhooks/:id/rotate-secret',
    { config, schema: { tags, summary: '更换密钥 Rotate the secret (shown once)', params: IdParams, response: withErrors({ 200: s.SecretAnswer }) } },
    async (request) => service.rotateSecret(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    { config, schema: { tags, summary: '投递记录 Recent deliveries', params: IdParams, querystring: s.DeliveryQuery, response: withErrors({ 200: s.DeliveryList }) } },
    async (request) => service.listDeliveries(deps, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/webhooks/:id/test',
    { config, schema: { tags, summary: '测试投递 Queue a test ping', params: IdParams, response: withErrors({ 202: s.TestAnswer }) } },
    async (request, reply) => reply.status(202).send(await service.testWebhook(deps, actorOf(request), request.params.id)),
  );
}
