// Request and answer shapes of /api/webhooks.
import Type from 'typebox';
import { Literals, Name, Nullable, Timestamp } from '../../http/schemas.js';
import { WEBHOOK_EVENTS } from './events.js';

/** An event key a webhook may subscribe to ('*': all). */
export type WebhookEventKey = (typeof WEBHOOK_EVENTS)[number] | '*';
const EventKey = Literals<WebhookEventKey>([...WEBHOOK_EVENTS, '*'], { description: `one of ${WEBHOOK_EVENTS.join(', ')}, or '*' for all` });

const fields = {
  name: Name(100, 'what the receiving system is, e.g. 金水区12345热线平台'),
  url: Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://[^\\s<>"]+$', description: 'http(s) URL the events are POSTed to' }),
  events: Type.Array(EventKey, { minItems: 1, maxItems: WEBHOOK_EVENTS.length + 1, uniqueItems: true, description: "subscribed events, or ['*']" }),
  active: Type.Boolean({ description: 'false: no deliveries are made (pending ones wait)' }),
};

export const CreateWebhookBody = Type.Object(
  { name: fields.name, url: fields.url, events: fields.events, active: Type.Optional(fields.active) },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  { name: Type.Optional(fields.name), url: Type.Optional(fields.url), events: Type.Optional(fields.events), active: Type.Optional(fields.active) },
  { additionalProperties: false, minProperties: 1 },
);

export const DeleteWebhookQuery = Type.Object(
  { discardPending: Type.Optional(Type.Boolean({ description: 'also drop deliveries still pending (else 409 while there are any)' })) },
  { additionalProperties: false },
);

export const Webhook = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  pending: Type.Integer({ description: 'deliveries waiting to be sent' }),
  failed: Type.Integer({ description: 'deliveries given up after the last attempt' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const WebhookList = Type.Object({ items: Type.Array(Webhook) });

export const WebhookWithSecret = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: 'the signing secret (64 hex digits): shown this once, store it now' }),
});
export const SecretAnswer = Type.Object({ id: Type.Integer(), secret: Type.String({ description: 'the new signing secret, shown this once' }) });

export const Delivery = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  status: Type.String({ description: 'pending | delivered | failed' }),
  attempts: Type.Integer({ description: 'attempts made so far' }),
  lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt (null: no answer)' })),
  lastResult: Nullable(Type.String({ maxLength: 100, description: "the last attempt's status line: '200 OK', '503 Service Unavailable', 'timeout: …', 'error: ECONNREFUSED', 'refused: loopback address' (never the answer's body)" })),
  nextAttemptAt: Nullable(Timestamp),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
});
export const DeliveryList = Type.Object({ items: Type.Array(Delivery) });
export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'newest first, at most this many' })),
  },
  { additionalProperties: false },
);

export const DeletedAnswer = Type.Object({ id: Type.Integer(), deleted: Type.Literal(true), deliveriesRemoved: Type.Integer() });
export const TestAnswer = Type.Object({ deliveryId: Type.Integer({ description: 'the queued ping; see its deliveries' }) });
