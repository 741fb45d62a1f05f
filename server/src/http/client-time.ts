// X-Client-Time: the phone's time when the worker did the action (not when the outbox sent it),
// read once per request and carried on the actor, so every writer stores it beside the server's
// own time (audit_log.client_at, case_events.client_at, cases.reported_client_at, visits …).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';

/** How far the phone's clock may be from ours: an outbox holds actions for weeks at most, and a clock a day fast is a wrong clock. */
export const CLIENT_TIME_PAST_MS = 30 * 86_400_000;
export const CLIENT_TIME_FUTURE_MS = 86_400_000;
// ISO 8601 with a date, a time and an offset (Z or ±hh:mm): a time without its zone is ambiguous.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const badClientTime = () =>
  badRequest('BAD_CLIENT_TIME', {
    zh: 'X-Client-Time 须为带时区的 ISO 8601 时间，且在 30 天前到 1 天后之间（请检查手机时间）',
    en: 'X-Client-Time must be an ISO 8601 time with an offset, between 30 days ago and 1 day ahead (check the phone’s clock)',
  });

/** The header's time, or null without one; 400 BAD_CLIENT_TIME when unreadable or out of range. */
export function parseClientTime(header: string | string[] | undefined, now = new Date()): Date | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !ISO_WITH_OFFSET.test(header)) throw badClientTime();
  const at = new Date(header);
  const ms = at.getTime();
  if (Number.isNaN(ms) || ms < now.getTime() - CLIENT_TIME_PAST_MS || ms > now.getTime() + CLIENT_TIME_FUTURE_MS) throw badClientTime();
  return at;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The X-Client-Time of this request, if it sent one (also on request.actor). */
    clientAt: Date | null;
  }
}

/** After the auth hook: read the header once; a signed-in request's actor carries it. */
export function installClientTime(app: FastifyInstance): void {
  app.decorateRequest('clientAt', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    const clientAt = parseClientTime(request.headers['x-client-time']);
    if (!clientAt) return;
    request.clientAt = clientAt;
    // A copy: an API token's actor is cached across requests and must not carry this request's time.
    if (request.actor) request.actor = { ...request.actor, clientAt };
  });
}
