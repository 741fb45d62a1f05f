// /api/board: the live board of the command center (case.read). The summary answers once; the
// stream (Server-Sent Events) pushes new and changed cases as they commit on any instance (the
// change log's NOTIFY; a read every 2 s as a safety net) and fresh counts, and gives a browser
// reconnecting with Last-Event-ID what it missed. One change feed per board serves every client;
// it runs only while someone listens and stops when the server closes.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../actor.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import { CaseFeed } from './feed.js';
import * as s from './schema.js';
import * as service from './service.js';
import { StreamClient } from './stream.js';

export type { BoardDeps } from './service.js';

const tags = ['board'];
const config = { permission: 'case.read' as const };

/** Clients of one scope share a summary computed at most every this many ms. */
const SUMMARY_SHARE_MS = 250;

/** Summaries shared by clients with the same scope and node. */
function summaryCache(deps: service.BoardDeps) {
  const cache = new Map<string, { at: number; value: Promise<service.BoardSummaryView> }>();
  return (actor: Actor, nodePath: string | null) => {
    const key = JSON.stringify([actor.scopeAll, actor.scopePaths, actor.departmentIds, actor.userId, nodePath]);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < SUMMARY_SHARE_MS) return hit.value;
    for (const [k, v] of cache) if (now - v.at >= SUMMARY_SHARE_MS) cache.delete(k);
    const value = service.summaryAt(deps.db, actor, nodePath, new Date(now), deps.timeZone ?? 'Asia/Shanghai');
    value.catch(() => cache.delete(key));
    cache.set(key, { at: now, value });
    return value;
  };
}

export async function boardRoutes(fastify: FastifyInstance, deps: service.BoardDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const feed = new CaseFeed(deps.db, { log: fastify.log, ...(deps.feedPollMs ? { pollMs: deps.feedPollMs } : {}) });
  const clients = new Set<StreamClient>();
  const summaryOf = summaryCache(deps);

  // Open streams would keep close() waiting for ever: end them before the server stops listening.
  fastify.addHook('preClose', async () => {
    for (const c of [...clients]) c.end();
    await feed.stop();
  });
  fastify.addHook('onClose', async () => feed.stop());

  app.get(
    '/api/board/summary',
    { config, schema: { tags, summary: '大屏汇总 Board summary: counts by state and colour, today, latest cases', querystring: s.BoardQuery, response: withErrors({ 200: s.BoardSummary }) } },
    async (request) => service.boardSummary(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/board/stream',
    {
      config,
      schema: {
        tags,
        summary: '大屏实时推送 Board stream (text/event-stream: summary, case)',
        description:
          'Server-Sent Events: `event: summary` on connect and after changes (at most 2/s), `event: case` with the board row and change new|updated; `: heartbeat` every 15 s. ' +
          'Each event has an `id:`; a reconnect with `Last-Event-ID` first gets the cases changed since (each once, as they are now; within 10 minutes and 1,000 changes, else only the fresh summary).',
        querystring: s.BoardQuery,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Checked before the stream opens, so an out-of-scope node answers 404 like everywhere else.
      const nodePath = await service.nodePathOf(deps.db, actor, request.query.orgUnitId);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise hold the events in its buffer.
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      res.flushHeaders();
      let unsubscribe = () => {};
      const client = new StreamClient({
        actor,
        nodePath,
        res,
        summary: () => summaryOf(actor, nodePath),
        log: request.log,
        onEnd: () => {
          clients.delete(client);
          unsubscribe();
        },
      });
      clients.add(client);
      // Subscribed before the start is read, so nothing falls between the resume and the live batches.
      unsubscribe = feed.subscribe((batch) => client.onBatch(batch));
      const lastEventId = request.headers['last-event-id'];
      let start;
      try {
        start = await feed.startFor(typeof lastEventId === 'string' ? lastEventId.trim() : undefined);
      } catch (err) {
        request.log.error({ err }, 'board stream could not start');
        return client.end();
      }
      // The browser may have gone meanwhile: its 'close' has passed already.
      if (res.destroyed || request.raw.destroyed) client.end();
      else client.open(start);
    },
  );
}
