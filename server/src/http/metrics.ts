// GET /metrics in the Prometheus text format (0.0.4), for the operator's monitoring, guarded by
// METRICS_TOKEN (config.ts): without a token configured the route answers 404 like any unknown
// path; with one, `Authorization: Bearer <token>` is required (401 otherwise, compared in constant
// time). Requests are counted by the route's pattern (/api/cases/:id), never the raw URL, so the
// number of series stays bounded; modules add gauges of their own queues with `app.metrics.collect`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { PoolStats } from '../db/client.js';
import { AppError } from '../errors.js';
import type { JobObserver } from '../jobs/periodic.js';
import { CONTENT_TYPE, Registry } from '../metrics/registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's metrics; modules register gauges read at scrape time (`collect`). */
    metrics: Registry;
    /** Counts the runs of a periodic job (give it to startPeriodic's callers). */
    observeJob: JobObserver;
  }
}

export interface MetricsOptions {
  /** METRICS_TOKEN; null: /metrics answers 404. */
  token: string | null;
  engine: 'pglite' | 'postgres';
  /** The PostgreSQL pool's counts (null on PGlite). */
  poolStats?: () => PoolStats | null;
  /** Times one trivial query at scrape time: on PGlite (one connection) the wait behind queued queries. */
  probe: () => Promise<unknown>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Equal tokens, in time that does not depend on where they differ (both hashed to 32 bytes first). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

const metricsTokenRequired = () =>
  new AppError(401, 'UNAUTHENTICATED', { zh: '需要有效的监控令牌（Authorization: Bearer）', en: 'A valid metrics token is required (Authorization: Bearer)' });

export function installMetrics(app: FastifyInstance, opts: MetricsOptions): void {
  const registry = new Registry();
  app.decorate('metrics', registry);

  const requests = registry.counter('http_requests_total', 'HTTP requests answered, by method, route pattern and status code.', ['method', 'route', 'status']);
  const duration = registry.histogram('http_request_duration_seconds', 'Time to answer HTTP requests, by method and route pattern.', ['method', 'route'], LATENCY_BUCKETS);
  app.addHook('onResponse', async (request, reply) => {
    // The pattern, not the URL: an unknown path (404 handler) is one series, "unmatched".
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const jobRuns = registry.counter('civicgrid_job_runs_total', 'Runs of periodic jobs (deadline scan, webhook delivery), finished, by job.', ['job']);
  const jobFailures = registry.counter('civicgrid_job_failures_total', 'Runs of periodic jobs that failed (logged), by job.', ['job']);
  const jobLast = registry.gauge('civicgrid_job_last_duration_seconds', 'Duration of the last finished run of each periodic job.', ['job']);
  const jobLastEnd = registry.gauge('civicgrid_job_last_run_timestamp_seconds', 'When the last run of each periodic job finished (Unix time).', ['job']);
  app.decorate('observeJob', ({ job, ok, seconds }: Parameters<JobObserver>[0]) => {
    jobRuns.inc({ job });
    if (!ok) jobFailures.inc({ job });
    else jobFailures.inc({ job }, 0); // the series exists from the first run, so rate() sees 0
    jobLast.set(seconds, { job });
    jobLastEnd.set(Date.now() / 1000, { job });
  });

  // The database: node-postgres' pool on PostgreSQL; on both engines the time one query takes now.
  const engine = registry.gauge('civicgrid_db_engine_info', 'The database engine of this process (value 1).', ['engine']);
  engine.set(1, { engine: opts.engine });
  const probe = registry.gauge('civicgrid_db_probe_seconds', 'Time of one trivial query at scrape time (on PGlite: the wait behind queued queries).');
  const probeUp = registry.gauge('civicgrid_db_up', 'Whether the database answered the scrape-time query (1) or not (0).');
  registry.collect(async () => {
    const t0 = performance.now();
    try {
      await opts.probe();
      probe.set((performance.now() - t0) / 1000);
      probeUp.set(1);
    } catch {
      probeUp.set(0);
    }
  });
  if (opts.engine === 'postgres' && opts.poolStats) {
    const pool = registry.gauge('civicgrid_db_pool_connections', 'PostgreSQL pool connections: total and idle.', ['state']);
    const waiting = registry.gauge('civicgrid_db_pool_waiting', 'Queries waiting for a free PostgreSQL pool connection.');
    const stats = opts.poolStats;
    registry.collect(() => {
      const s = stats();
      if (!s) return;
      pool.set(s.total, { state: 'total' });
      pool.set(s.idle, { state: 'idle' });
      waiting.set(s.waiting);
    });
  }

  // The process.
  const startedAt = Date.now() / 1000 - process.uptime();
  registry.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds.').set(Math.round(startedAt));
  const uptime = registry.gauge('process_uptime_seconds', 'Seconds since the process started.');
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
  const heap = registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.');
  const lag = registry.gauge('nodejs_eventloop_delay_seconds', 'Event-loop delay since the previous scrape: mean, p99 and max.', ['stat']);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  registry.collect(() => {
    const m = process.memoryUsage();
    uptime.set(Math.round(process.uptime() * 1000) / 1000);
    rss.set(m.rss);
    heap.set(m.heapUsed);
    // The histogram is in nanoseconds and holds no samples until the loop has run a while.
    const ns = (v: number) => (Number.isFinite(v) ? v / 1e9 : 0);
    lag.set(ns(loop.mean), { stat: 'mean' });
    lag.set(ns(loop.percentile(99)), { stat: 'p99' });
    lag.set(ns(loop.max), { stat: 'max' });
    loop.reset();
  });

  app.get('/metrics', { config: { auth: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Prometheus metrics (METRICS_TOKEN as Bearer token)' } }, async (request, reply) => {
    // As if the route did not exist: the answer of any unknown path.
    if (!opts.token) return reply.callNotFound();
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!tokenMatches(bearer, opts.token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw metricsTokenRequired();
    }
    const text = await registry.render((err) => request.log.warn({ err }, 'metrics: a collector failed'));
    return reply.type(CONTENT_TYPE).header('cache-control', 'no-store').send(text);
  });
}
