// `npm start`: open the database, migrate, seed the demo street on first start, serve.
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createFieldCrypto, loadOrCreateKey } from './crypto/field-crypto.js';
import { guardFieldKey } from './crypto/key-guard.js';
import { DEMO_ADMIN, ensureConfiguration, isEmpty, seedDemo } from './seed/demo.js';
import { seedDemoRegister } from './seed/demo-register.js';
import { seedDemoCases } from './seed/demo-cases.js';
import { calendarOutlook, startDeadlineScan } from './modules/case-config/index.js';
import { lateOrderScanner } from './modules/shop/index.js';
import { startWebhookWorker } from './modules/webhooks/index.js';
import { startChangeLogPrune } from './modules/board/index.js';
import { PROXY_DEADLINES } from './modules/proxy/index.js';
import { startIdempotencyPrune } from './http/idempotency.js';
import { movePhotoBlobsToStore } from './modules/cases/index.js';
import { createFsFileStore, filesDir } from './storage/file-store.js';
import { acquireLock } from './ops/data-dir-lock.js';
import { startControlChannel } from './ops/control.js';
import { pgliteClientOf } from './ops/snapshot.js';
import { createSmsSender } from './sms/sms-sender.js';

const SHUTDOWN_GRACE_MS = 10_000;
const DEADLINE_SCAN_MS = 30_000;
const WEBHOOK_WORKER_MS = 5_000;
const CHANGE_LOG_PRUNE_MS = 5 * 60_000;
const IDEMPOTENCY_PRUNE_MS = 60 * 60_000;

async function main() {
  const config = loadConfig();
  const started = Date.now();
  // PGlite allows one process per data folder: hold DATA_DIR/pglite.lock (a second server, or a
  // restore running, is refused here; `npm run backup` sees the lock and asks this process).
  const lock = config.databaseUrl ? null : acquireLock(config.dataDir, 'server');
  process.once('exit', () => lock?.release());
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') },
  );
  await database.migrate();
  // Uploaded files live beside the database in DATA_DIR/files (back both up together); photos
  // that older releases kept in the database move there now (idempotent; resumes if stopped).
  const files = createFsFileStore(filesDir(config.dataDir));
  const movedPhotos = await movePhotoBlobsToStore({ db: database.db, files });
  // ID and phone numbers are encrypted at rest (个人信息保护法 art. 51); the key lives outside the database.
  const fieldCrypto = createFieldCrypto(loadOrCreateKey(config.dataDir, process.env.CG_FIELD_KEY));
  await guardFieldKey(database.db, fieldCrypto.keyId);
  await ensureConfiguration(database.db);
  const firstStart = await isEmpty(database.db);
  let demoRegister: { persons: number; households: number } | null = null;
  let demoCases = 0;
  if (firstStart && config.seedDemo) {
    await seedDemo(database.db);
    demoRegister = await seedDemoRegister(database.db, fieldCrypto);
    demoCases = await seedDemoCases(database.db, fieldCrypto, files, config.timeZone);
  }

  let ready = false;
  // Webhooks reach outside systems only, and the inside hosts the operator lists.
  const webhookTargets = { allow: config.webhookAllowHosts };
  // The sender logs through the app's logger, which exists once the app is built (a code is sent later).
  const sms = createSmsSender(config.smsDriver, { info: (obj, msg) => app.log.info(obj, msg) });
  const app = await buildApp({
    sms,
    db: database.db,
    engine: database.engine,
    trustProxy: config.trustProxy,
    webDir: config.webDir,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
    fieldCrypto,
    files,
    webhookTargets,
    isReady: () => ready,
    metricsToken: config.metricsToken,
    poolStats: database.poolStats,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    },
  });
  await app.listen({ port: config.port, host: config.host });
  ready = true;
  if (config.smsDriver === 'log' && process.env.NODE_ENV === 'production') {
    app.log.warn('SMS_DRIVER=log: residents’ sign-in codes are written to this log, not sent; plug a provider (docs/operations.md "Text messages")');
  }
  // `npm run backup` on a PGlite deployment asks this process for the snapshot over a Unix socket in DATA_DIR/run.
  const control = database.engine === 'pglite'
    ? await startControlChannel({ dataDir: config.dataDir, client: pgliteClientOf(database.db), keyCheck: fieldCrypto.keyCheck, log: app.log }).catch((err: unknown) => {
        app.log.error({ err }, 'control socket could not start: `npm run backup` cannot reach this server');
        return null;
      })
    : null;
  // Background work, all of it state in the database (restarts lose nothing); with several
  // instances each job runs on one at a time (an advisory lock per job): time-limit warnings.
  // (service orders past their limit become cases on the same tick)
  const lateOrders = lateOrderScanner({ db: database.db, crypto: fieldCrypto, timeZone: config.timeZone });
  const deadlineScan = startDeadlineScan(database.db, { intervalMs: DEADLINE_SCAN_MS, timeZone: config.timeZone, log: app.log, observe: app.observeJob, sources: [PROXY_DEADLINES], also: [lateOrders] });
  // …and webhook deliveries (signed, retried with backoff).
  const webhookWorker = startWebhookWorker(database.db, fieldCrypto, { intervalMs: WEBHOOK_WORKER_MS, targets: webhookTargets, log: app.log, observe: app.observeJob });
  // …and the live board's change log, kept 30 minutes.
  const changeLogPrune = startChangeLogPrune(database.db, { intervalMs: CHANGE_LOG_PRUNE_MS, log: app.log, observe: app.observeJob });
  // …and the Idempotency-Keys of writes, kept 7 days.
  const idempotencyPrune = startIdempotencyPrune(database.db, { intervalMs: IDEMPOTENCY_PRUNE_MS, log: app.log, observe: app.observeJob });
  if (movedPhotos) app.log.info({ movedPhotos, to: filesDir(config.dataDir) }, 'photos moved from the database to the file store');
  app.log.info({ engine: database.engine, ms: Date.now() - started }, 'CivicGrid ready');
  // Deadlines over days whose holidays are only computed (暂定) may move once the State Council's
  // schedule is in: say so while any of the next 60 days is provisional.
  const calendar = await calendarOutlook(database.db, config.timeZone).catch((err: unknown) => {
    app.log.error({ err }, 'working calendar: could not check for provisional days');
    return null;
  });
  if (calendar && calendar.provisionalDays > 0) {
    app.log.warn(
      { provisionalFrom: calendar.provisionalFrom, provisionalDays: calendar.provisionalDays, years: calendar.years },
      `working calendar: ${calendar.provisionalDays} of the next ${calendar.windowDays} days are provisional (暂定) from ${calendar.provisionalFrom}; ` +
        `import or confirm the holiday schedule of ${calendar.years.join(', ')} under 案件配置 › 工作日历`,
    );
  }
  if (firstStart && config.seedDemo) {
    // Printed once, on the first start of a fresh data folder.
    console.log(
      `\n  CivicGrid 网格治理平台 — demo street 花园路街道 seeded.\n` +
        (demoRegister ? `  Register: ${demoRegister.persons} residents in ${demoRegister.households} households (generated demo data).\n` : '') +
        (demoCases ? `  Cases: ${demoCases} demo reports of the last ten days in every state of the loop.\n` : '') +
        `  Sign in at http://localhost:${config.port}/ as ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password}` +
        ` (you will be asked to change the password).\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown grace period over; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await deadlineScan.stop();
    await webhookWorker.stop();
    await changeLogPrune.stop();
    await idempotencyPrune.stop();
    await control?.close();
    await app.close();
    await database.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
