// Liveness and readiness for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export async function healthRoutes(app: FastifyInstance, { db, isReady }: { db: Db; isReady: () => boolean }) {
  app.get('/health', { config: { auth: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));

  app.get('/health/ready', { config: { auth: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Readiness' } }, async (_request, reply) => {
    if (!isReady()) return reply.status(503).send({ status: 'starting' });
    try {
      await db.execute(sql`select 1`);
      return { status: 'ready', db: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', db: 'error' });
    }
  });
}
