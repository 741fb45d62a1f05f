// Builds the Fastify application: plugins, one plugin per domain module, docs and the web console.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db, PoolStats } from './db/client.js';
import type { FileStore } from './storage/file-store.js';
import { installAuth } from './http/auth.js';
import { installClientTime } from './http/client-time.js';
import { installIdempotency } from './http/idempotency.js';
import { frameworkErrors, installErrorHandler } from './http/error-handler.js';
import { installMetrics } from './http/metrics.js';
import { installRouteTable } from './http/route-table.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { installWebPages } from './http/static.js';
import { installValidation } from './http/validation.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes } from './modules/auth/index.js';
import { departmentRoutes } from './modules/departments/index.js';
import { geoRoutes } from './modules/geo/index.js';
import { registerRoutes } from './modules/register/index.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { visitRoutes } from './modules/visits/index.js';
import { housingRoutes } from './modules/housing/index.js';
import { placeRoutes } from './modules/places/index.js';
import { caseResidentRoutes, caseRoutes } from './modules/cases/index.js';
import { caseConfigRoutes } from './modules/case-config/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { webhookRoutes, type TargetPolicy } from './modules/webhooks/index.js';
import { boardRoutes } from './modules/board/index.js';
import { patrolRoutes } from './modules/patrol/index.js';
import { proxyResidentRoutes, proxyRoutes } from './modules/proxy/index.js';
import { noticeRoutes } from './modules/notices/index.js';
import { consultationRoutes } from './modules/consultations/index.js';
import { shopRoutes } from './modules/shop/index.js';
import { fieldRoutes } from './modules/field/index.js';
import { healthRoutes } from './modules/health/index.js';
import { overviewRoutes } from './modules/overview/index.js';
import { territoryRoutes } from './modules/territory/index.js';
import { userRoutes } from './modules/users/index.js';
import { installResidentSession, residentRoutes } from './modules/residents/index.js';
import { createMemorySms, type SmsSender } from './sms/sms-sender.js';
import { createFieldCrypto, type FieldCrypto } from './crypto/field-crypto.js';
import { randomBytes } from 'node:crypto';

export interface AppOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** The reverse proxies whose X-Forwarded-* is believed (config.ts parseTrustProxy); none by default. */
  trustProxy?: string[];
  /** Folder of the built web pages (console, resident pages, field app); served with SPA fallback when it exists (http/static.ts). */
  webDir?: string | null;
  isReady?: () => boolean;
  /** Public base URL for links printed on paper (QR codes of contact cards). */
  publicUrl?: string;
  timeZone?: string;
  /** The database engine: PostgreSQL takes two report batches at once, PGlite one. */
  engine?: 'pglite' | 'postgres';
  /** Encrypts ID and phone numbers at rest; tests get a random key. */
  fieldCrypto?: FieldCrypto;
  /** Where uploaded files live (DATA_DIR/files; tests: a temporary folder). */
  files: FileStore;
  /** Where webhooks may point: WEBHOOK_ALLOW_HOSTS and the resolver (tests give a table). Default: outside hosts only. */
  webhookTargets?: TargetPolicy;
  /** The live board's read of the change log without a notification (default 2 s). */
  boardPollMs?: number;
  /** METRICS_TOKEN: the Bearer token of GET /metrics; without it /metrics answers 404. */
  metricsToken?: string | null;
  /** The PostgreSQL pool's counts for /metrics (Database.poolStats). */
  poolStats?: () => PoolStats | null;
  /** Where residents' sign-in codes go (main.ts: SMS_DRIVER); default: a memory outbox (tests read it). */
  sms?: SmsSender;
}

export const BODY_LIMIT = 1024 * 1024;
/** A request id a caller may give: what trace ids and UUIDs are made of, at most 64 characters. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    bodyLimit: BODY_LIMIT,
    // Keep-alive connections are closed once in-flight requests finish on shutdown.
    forceCloseConnections: 'idle',
    // A caller's X-Request-Id is kept (to trace a request across systems) only when it looks like
    // one; anything else — too long, spaces, control characters — gets an id of our own, since the
    // id goes into the log and every audit row.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // A URL the router cannot read (bad percent-encoding, an over-long parameter) answers like any other error.
    frameworkErrors,
  });
  installRouteTable(app);
  installSecurityHeaders(app);
  installMetrics(app, { token: opts.metricsToken ?? null, engine: opts.engine ?? 'pglite', poolStats: opts.poolStats, probe: () => opts.db.execute(sql`select 1`) });
  const isReady = opts.isReady ?? (() => true);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // While shutting down, answers close their connection: a keep-alive socket that turns idle
    // after close() began would otherwise hold the process until its timeout.
    if (!isReady()) reply.header('connection', 'close');
  });

  installValidation(app);
  installErrorHandler(app);
  // The API reads JSON: a text/plain body is refused as an unsupported type (415) like a form or
  // XML, not parsed into a string the schema then calls "not an object". Photos and spreadsheets
  // read raw bytes in scopes of their own.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  installAuth(app, opts.db);
  // Residents' own accounts (phone and one-time code): their cookie is read before any public route runs.
  const fieldCrypto = opts.fieldCrypto ?? createFieldCrypto(randomBytes(32));
  installResidentSession(app, { db: opts.db, crypto: fieldCrypto });
  // After the actor is known: the phone's time of the action, and exactly-once writes by Idempotency-Key.
  installClientTime(app);
  installIdempotency(app, opts.db);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'CivicGrid 网格治理平台 API', version: '0.1.0', description: 'See docs/api.md for conventions.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cg_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const deps = { db: opts.db };
  await app.register(healthRoutes, { db: opts.db, isReady, timeZone: opts.timeZone ?? 'Asia/Shanghai' });
  await app.register(authRoutes, deps);
  await app.register(territoryRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(departmentRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(overviewRoutes, { ...deps, timeZone: opts.timeZone ?? 'Asia/Shanghai' });
  await app.register(geoRoutes, { ...deps, publicUrl: opts.publicUrl ?? 'http://localhost:3000' });
  // The register (人、地、事、物、组织): one set of dependencies for all of its modules.
  const registerDeps = { db: opts.db, crypto: fieldCrypto, timeZone: opts.timeZone ?? 'Asia/Shanghai' };
  await app.register(residentRoutes, { db: opts.db, crypto: registerDeps.crypto, sms: opts.sms ?? createMemorySms() });
  await app.register(registerRoutes, registerDeps);
  await app.register(visitRoutes, registerDeps);
  await app.register(housingRoutes, registerDeps);
  await app.register(placeRoutes, registerDeps);
  await app.register(ledgerRoutes, registerDeps);
  // The case loop (GB/T 30428: report, register, dispatch, handle, verify, close, rate).
  await app.register(caseRoutes, { ...registerDeps, files: opts.files, writeConcurrency: opts.engine === 'postgres' ? 2 : 1 });
  await app.register(caseResidentRoutes, registerDeps);
  await app.register(caseConfigRoutes, { db: opts.db, timeZone: registerDeps.timeZone });
  await app.register(notificationRoutes, deps);
  await app.register(webhookRoutes, { db: opts.db, crypto: registerDeps.crypto, targets: opts.webhookTargets ?? { allow: [] } });
  await app.register(boardRoutes, { db: opts.db, timeZone: registerDeps.timeZone, feedPollMs: opts.boardPollMs });
  // The field app (/m/): patrols and the offline snapshot.
  await app.register(patrolRoutes, { db: opts.db, timeZone: registerDeps.timeZone });
  await app.register(fieldRoutes, registerDeps);
  await app.register(proxyRoutes, { db: opts.db, timeZone: registerDeps.timeZone, files: opts.files, crypto: registerDeps.crypto });
  await app.register(proxyResidentRoutes, { db: opts.db, timeZone: registerDeps.timeZone, files: opts.files });
  // The residents' side of a community: announcements, questions and suggestions, the 红色物业 service supermarket.
  await app.register(noticeRoutes, { db: opts.db, timeZone: registerDeps.timeZone });
  await app.register(consultationRoutes, registerDeps);
  await app.register(shopRoutes, registerDeps);

  await installWebPages(app, opts.webDir);
  return app;
}
