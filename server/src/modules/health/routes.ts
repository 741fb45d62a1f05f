// Liveness and readiness for load balancers and orchestrators. Liveness also carries the warnings an
// operator should see without signing in: today, working-calendar days that are only provisional.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { calendarOutlook } from '../case-config/index.js';

export async function healthRoutes(app: FastifyInstance, { db, isReady, timeZone }: { db: Db; isReady: () => boolean; timeZone: string }) {
  app.get('/health', { config: { auth: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Liveness' } }, async (request) => {
    // Liveness must not fail on the database: without it the calendar is left out.
    const calendar = await calendarOutlook(db, timeZone).catch((err: unknown) => {
      request.log.warn({ err }, 'health: calendar outlook unavailable');
      return null;
    });
    const warnings =
      calendar && calendar.provisionalDays > 0
        ? [
            {
              code: 'CALENDAR_PROVISIONAL',
              message: `working calendar: ${calendar.provisionalDays} of the next ${calendar.windowDays} days (from ${calendar.provisionalFrom}) are provisional; import or confirm the State Council's holiday schedule of ${calendar.years.join(', ')}`,
            },
          ]
        : [];
    return { status: 'ok', warnings, ...(calendar && { calendar }) };
  });

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
