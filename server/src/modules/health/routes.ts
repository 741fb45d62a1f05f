// Liveness and readiness for load balancers and orchestrators (docs/operations.md). Liveness
// (/health) answers 200 while the process serves HTTP at all — never restart a process because its
// database is slow — and carries the warnings an operator should see without signing in: today,
// working-calendar days that are only provisional. Readiness (/health/ready) answers 200 only when
// this instance should get traffic: start-up work done (migrations, file moves, seed) and not
// shutting down, the database answering, and every migration this code knows applied to it.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, type Db } from '../../db/client.js';
import { calendarOutlook } from '../case-config/index.js';

/** The newest migration this code ships (drizzle's journal: `when` is what the migrator stores as created_at). */
function newestMigration(dir: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/**
 * Whether the database answers and holds every migration of this code (one query on a table of a
 * few rows). A newer instance may have applied more (a rolling upgrade): that is still ready.
 */
function migrationsCheck(db: Db, dir: string) {
  const newest = newestMigration(dir);
  return async (): Promise<boolean> => {
    const res = (await db.execute(sql`select coalesce(max(created_at), 0)::text as newest from drizzle.__drizzle_migrations`)) as unknown as { rows: Array<{ newest: string }> };
    return Number(res.rows[0]?.newest ?? 0) >= newest;
  };
}

export interface HealthDeps {
  db: Db;
  /** Start-up work done and not shutting down (main.ts). */
  isReady: () => boolean;
  timeZone: string;
}

export async function healthRoutes(app: FastifyInstance, { db, isReady, timeZone }: HealthDeps) {
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

  const migrationsApplied = migrationsCheck(db, MIGRATIONS_DIR);
  app.get('/health/ready', { config: { auth: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Readiness' } }, async (request, reply) => {
    // Starting (migrations, start-up work) or shutting down: send no new traffic here.
    if (!isReady()) return reply.status(503).send({ status: 'starting' });
    let migrations: boolean;
    try {
      migrations = await migrationsApplied();
    } catch (err) {
      request.log.warn({ err }, 'readiness: the database did not answer');
      return reply.status(503).send({ status: 'unavailable', db: 'error' });
    }
    // An older schema than this code expects (a database restored from an old backup, or migrated by
    // an instance that failed half-way): this instance's queries would fail.
    if (!migrations) return reply.status(503).send({ status: 'unavailable', db: 'ok', migrations: 'behind' });
    return { status: 'ready', db: 'ok', migrations: 'ok' };
  });
}
