// /api/webhooks: outside systems subscribed to case events (case.configure). In progress.
import type { FastifyInstance } from 'fastify';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import type { Db } from '../../db/client.js';

export interface WebhookDeps {
  db: Db;
  crypto: FieldCrypto;
}

export async function webhookRoutes(_fastify: FastifyInstance, _deps: WebhookDeps) {}
