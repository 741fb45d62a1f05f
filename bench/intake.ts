// `npm run bench:intake`: how many reports per second the case intake accepts, on
// PostgreSQL and on PGlite, against the bare-Fastify baseline measured in the same run.
//
//   reports_per_s        201 answers to POST /api/cases per second over the measured window, from
//                        --clients concurrent clients (keep-alive, each waits for its answer before
//                        sending the next), each report with a fresh Idempotency-Key, API-token auth,
//                        a random point that the server locates to its grid, the likely-duplicate
//                        lookup, the timeline row, the dispatchers' notifications and the case number
//   p50_ms/p95_ms/p99_ms latency of every request sent in the window, as the clients saw it
//   lost                 acknowledged reports (201) missing from the database afterwards, or missing
//                        their first timeline row; errors_5xx: 5xx answers (errors_4xx too, printed)
//   hello_rps            GET /hello on a bare Fastify 5 app with the same clients and window
//
// The territory is a generated district of --grids square grids (default 10,000 over ~30 km ×
// 30 km around 金水区, ≈ 300 m each) with their boundaries, so locating and the 200 m duplicate
// lookup behave as on a large deployment; one dispatcher per street. The server runs in its own
// process (bench/intake-server.ts), the load generator here. Options: --seconds (20), --clients (64),
// --warmup seconds (3), --grids (10000), --engines postgres,pglite. PostgreSQL from
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a database
// civicgrid_bench_intake is created and dropped); PGlite in a temp dir that is removed. Traffic goes
// only to 127.0.0.1, and every phase is bounded in time. The last line is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { caseCategories } from '../core/src/cases/categories.js';
import { openDatabase, type Db } from '../server/src/db/client.js';
import { insertRows, nextIds, type Row } from '../server/src/db/bulk.js';
import { sha256 } from '../server/src/modules/auth/tokens.js';
import { bumpRevision } from '../server/src/modules/geo/repo.js';
import { ensureConfiguration } from '../server/src/seed/demo.js';
import { chineseNumber } from '../server/src/seed/demo-grids.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '3' },
    grids: { type: 'string', default: '10000' },
    engines: { type: 'string', default: 'postgres,pglite' },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const WARMUP = Number(args.warmup);
const GRIDS = Number(args.grids);
const ENGINES = args.engines!.split(',');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'civicgrid_bench_intake';
const HOST = '127.0.0.1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BBOX = [113.515, 34.635, 113.845, 34.905] as const;
const REQUEST_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 180_000;
const log = (line: string) => console.log(line);

const ROADS = ['花园路', '纬五路', '农业路', '经三路', '文化路', '丰产路', '东风路', '金水路', '黄河路', '红专路', '政七街', '南阳路'];
const PROBLEMS = [
  '小区门口垃圾堆放，两天无人清运，气味很大',
  '人行道井盖松动，踩上去有响声，存在安全隐患',
  '路灯不亮，晚上出行不便',
  '楼道内堆放杂物，堵塞消防通道',
  '沿街商户占道经营，影响行人通行',
  '共享单车乱停放，堵住了小区出入口',
  '楼上住户养犬，夜间吠叫影响休息',
  '绿化带内有枯死树木，大风天有倒伏风险',
  '雨水井堵塞，下雨后路面积水严重',
  '施工工地夜间施工噪音扰民',
  '墙面小广告乱张贴，影响市容',
  '邻居装修占用公共楼道，双方发生争执',
];

// --------------------------------------------------------------------------------------------
// The district: streets → communities → square grids with boundaries.

async function buildDistrict(db: Db, gridCount: number) {
  const side = Math.ceil(Math.sqrt(gridCount));
  const streetCount = Math.max(1, Math.round(gridCount / 200));
  const communityCount = Math.max(1, Math.round(gridCount / 20));
  const [districtId] = await nextIds(db, 'org_units', 1);
  const streetIds = await nextIds(db, 'org_units', streetCount);
  const communityIds = await nextIds(db, 'org_units', communityCount);
  const gridIds = await nextIds(db, 'org_units', gridCount);
  const units: Row[] = [{ id: districtId, parent_id: null, path: String(districtId), level: 0, code: '410105', name: '金水区', sort_order: 0 }];
  const streets = streetIds.map((id, i) => {
    const row = { id, parent_id: districtId, path: `${districtId}.${id}`, level: 1, code: `410105${String(i + 1).padStart(3, '0')}`, name: `${ROADS[i % ROADS.length]}${i >= ROADS.length ? chineseNumber(Math.floor(i / ROADS.length) + 1) : ''}街道`, sort_order: i };
    units.push(row);
    return row;
  });
  // Neighbouring grids share a community: communities are blocks of the square layout.
  const communities = communityIds.map((id, i) => {
    const s = streets[i % streetCount]!;
    const row = { id, parent_id: s.id, path: `${s.path}.${id}`, level: 2, code: `${s.code}${String(Math.floor(i / streetCount) + 1).padStart(3, '0')}`, name: `第${chineseNumber(i + 1)}社区`, sort_order: i };
    units.push(row);
    return row;
  });
  const geometries: Row[] = [];
  const w = (BBOX[2] - BBOX[0]) / side;
  const h = (BBOX[3] - BBOX[1]) / side;
  gridIds.forEach((id, i) => {
    const c = communities[Math.floor(i / 20) % communityCount]!;
    units.push({ id, parent_id: c.id, path: `${c.path}.${id}`, level: 3, code: `${c.code}${String((i % 20) + 1).padStart(3, '0')}`, name: `${c.name}第${chineseNumber((i % 20) + 1)}网格`, sort_order: i % 20 });
    const x0 = BBOX[0] + (i % side) * w;
    const y0 = BBOX[1] + Math.floor(i / side) * h;
    const ring = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]];
    geometries.push({ org_unit_id: id, geometry: { type: 'Polygon', coordinates: [ring] }, min_lng: x0, min_lat: y0, max_lng: x0 + w, max_lat: y0 + h, area_m2: w * h * 111_320 * 111_320 * Math.cos((y0 * Math.PI) / 180), source: 'import' });
  });
  await insertRows(db, 'org_units', 'id, parent_id, path, level, code, name, sort_order', units);
  await insertRows(db, 'org_unit_geometries', 'org_unit_id, geometry, min_lng, min_lat, max_lng, max_lat, area_m2, source', geometries);
  await bumpRevision(db);
  return { streets, rows: Math.ceil(gridCount / side), side };
}

/** One dispatcher per street (they get the new-case notifications) and one API-token reporter per client. */
async function buildUsers(db: Db, streets: Array<{ id: number }>, clients: number): Promise<string[]> {
  const hash = 'bench-no-password-sign-in';
  const dispatcherIds = await nextIds(db, 'users', streets.length);
  const reporterIds = await nextIds(db, 'users', clients);
  const users: Row[] = [
    ...dispatcherIds.map((id, i) => ({ id, username: `bench_dispatch_${i + 1}`, display_name: `调度员${chineseNumber(i + 1)}`, password_hash: hash, roles: ['dispatcher'], must_change_password: false, scope_all: false })),
    ...reporterIds.map((id, i) => ({ id, username: `bench_api_${i + 1}`, display_name: `12345接口${i + 1}`, password_hash: hash, roles: ['dispatcher'], must_change_password: false, scope_all: true })),
  ];
  await insertRows(db, 'users', 'id, username, display_name, password_hash, roles, must_change_password, scope_all', users);
  await insertRows(db, 'user_org_units', 'user_id, org_unit_id', dispatcherIds.map((id, i) => ({ user_id: id, org_unit_id: streets[i]!.id })));
  const tokens = reporterIds.map(() => `cg_${randomBytes(24).toString('hex')}`);
  await insertRows(db, 'api_tokens', 'user_id, name, token_hash', reporterIds.map((id, i) => ({ user_id: id, name: '压测接口', token_hash: sha256(tokens[i]!) })));
  return tokens;
}

// --------------------------------------------------------------------------------------------
// Processes

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, HOST, () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startServer(env: Record<string, string>, logFile: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROFILE_DIR=…: a V8 CPU profile of the server process, for finding where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // Each engine's server gets exactly its own database: the shell's BENCH_DATABASE_URL (this
  // bench's own option) or DATABASE_URL must not reach the PGlite server.
  const { BENCH_DATABASE_URL: _b, BENCH_PGLITE_DIR: _p, DATABASE_URL: _d, ...inherited } = process.env;
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'bench', 'intake-server.ts')], { cwd: ROOT, env: { ...inherited, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = fs.createWriteStream(logFile);
  child.stderr!.pipe(out);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in ${READY_TIMEOUT_MS} ms (log: ${logFile})`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out.write(chunk);
      if (chunk.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} (log: ${logFile})`));
    });
  });
  return { port, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

// --------------------------------------------------------------------------------------------
// Load

interface LoadResult {
  sent: number;
  accepted: number[];
  latencies: number[];
  errors4xx: number;
  errors5xx: number;
  failures: number;
  seconds: number;
  firstError: string | null;
}

function send(agent: http.Agent, port: number, method: string, url: string, headers: Record<string, string>, body: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path: url, agent, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** `clients` loops, each sending its next request when the last is answered, for `seconds`. */
async function runLoad(port: number, seconds: number, next: (client: number) => { method: string; url: string; headers: Record<string, string>; body: string | null }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const r: LoadResult = { sent: 0, accepted: [], latencies: [], errors4xx: 0, errors5xx: 0, failures: 0, seconds, firstError: null };
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < end) {
        const q = next(client);
        const t0 = performance.now();
        r.sent++;
        try {
          const res = await send(agent, port, q.method, q.url, q.headers, q.body);
          r.latencies.push(performance.now() - t0);
          // The case id is the first "id" of the answer ({"case":{"id":…): no need to parse it all.
          if (res.status === 201) r.accepted.push(Number(ID.exec(res.body)![1]));
          else if (res.status >= 500) r.errors5xx++;
          else if (res.status >= 400) r.errors4xx++;
          if (res.status >= 400) r.firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
        } catch (e) {
          r.failures++;
          r.firstError ??= String(e);
        }
      }
    }),
  );
  r.seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return r;
}

const ID = /"id":(\d+)/;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (x: number) => Number(x.toFixed(1));

function reportRequest(tokens: string[], layout: { side: number; rows: number }) {
  const categories = caseCategories().filter((c) => c.kind !== 'component' || c.code.startsWith('01')).map((c) => c.key);
  const lngSpan = BBOX[2] - BBOX[0];
  const latSpan = ((BBOX[3] - BBOX[1]) * layout.rows) / layout.side;
  return (client: number) => {
    const lng = BBOX[0] + Math.random() * lngSpan;
    const lat = BBOX[1] + Math.random() * latSpan * 0.999;
    const road = ROADS[Math.floor(Math.random() * ROADS.length)]!;
    const body = {
      categoryKey: categories[Math.floor(Math.random() * categories.length)]!,
      description: PROBLEMS[Math.floor(Math.random() * PROBLEMS.length)]!,
      lng,
      lat,
      address: `${road}${1 + Math.floor(Math.random() * 200)}号附近`,
      source: 'hotline' as const,
      reporterName: '市民',
    };
    return { method: 'POST', url: '/api/cases', headers: { authorization: `Bearer ${tokens[client]!}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) };
  };
}

// --------------------------------------------------------------------------------------------
// One engine

async function benchEngine(engine: 'postgres' | 'pglite', work: string) {
  let url: string | null = null;
  let pgliteDir: string | null = null;
  let dropDb: (() => Promise<void>) | null = null;
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    const u = new URL(PG_URL);
    u.pathname = `/${BENCH_DB}`;
    url = u.toString();
    dropDb = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    pgliteDir = path.join(work, 'pglite');
  }
  try {
    const t0 = performance.now();
    let database = await openDatabase(url ? { databaseUrl: url } : { dataDir: pgliteDir! });
    await database.migrate();
    await ensureConfiguration(database.db);
    const district = await buildDistrict(database.db, GRIDS);
    const tokens = await buildUsers(database.db, district.streets, CLIENTS);
    await database.close();
    log(`${engine}: district of ${GRIDS} grids, ${district.streets.length} streets, ${CLIENTS} API clients ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const serverLog = path.join(work, `${engine}.log`);
    const server = await startServer(url ? { BENCH_DATABASE_URL: url } : { BENCH_PGLITE_DIR: pgliteDir! }, serverLog);
    const next = reportRequest(tokens, district);
    let warm: LoadResult;
    let r: LoadResult;
    try {
      warm = await runLoad(server.port, WARMUP, next);
      r = await runLoad(server.port, SECONDS, next);
    } finally {
      await stopServer(server.child);
    }
    if (warm.errors5xx + r.errors5xx + warm.errors4xx + r.errors4xx > 0) {
      // Errors are never only a number: the server's first error and its whole log, kept.
      const kept = path.join(os.tmpdir(), `civicgrid-bench-intake-${engine}-${Date.now()}.log`);
      fs.copyFileSync(serverLog, kept);
      const firstServerError = fs.readFileSync(serverLog, 'utf8').split('\n').find((l) => /"level":(50|60)|Error/.test(l));
      log(`${engine}: the server answered errors; its first logged error: ${firstServerError?.slice(0, 600) ?? '(none logged)'}\n  server log kept at ${kept}`);
    }

    // Every acknowledged report must be in the database, with its first timeline row.
    database = await openDatabase(url ? { databaseUrl: url } : { dataDir: pgliteDir! });
    const acked = [...warm.accepted, ...r.accepted];
    const ids = `{${acked.join(',')}}`;
    const found = ((await database.db.execute(sql`select count(*)::int as n from cases c where c.id = any(${ids}::int[]) and exists (select 1 from case_events e where e.case_id = c.id and e.action = 'report')`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    const total = ((await database.db.execute(sql`select count(*)::int as n from cases`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    await database.close();

    const sorted = [...r.latencies].sort((a, b) => a - b);
    const figures = {
      reports_per_s: Math.round(r.accepted.length / r.seconds),
      p50_ms: round(percentile(sorted, 50)),
      p95_ms: round(percentile(sorted, 95)),
      p99_ms: round(percentile(sorted, 99)),
      lost: acked.length - found,
      errors_5xx: warm.errors5xx + r.errors5xx,
    };
    log(
      `${engine}: ${r.accepted.length} reports accepted in ${r.seconds.toFixed(1)} s = ${figures.reports_per_s}/s; p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms, p99 ${figures.p99_ms} ms; ` +
        `4xx ${warm.errors4xx + r.errors4xx}, 5xx ${figures.errors_5xx}, failed connections ${warm.failures + r.failures}; acknowledged ${acked.length} (with warm-up), in the database ${found} (cases in all: ${total}), lost ${figures.lost}` +
        (r.firstError ?? warm.firstError ? `\n  first error: ${r.firstError ?? warm.firstError}` : ''),
    );
    return figures;
  } finally {
    await dropDb?.();
  }
}

async function benchHello(work: string): Promise<number> {
  const server = await startServer({ BENCH_HELLO: '1' }, path.join(work, 'hello.log'));
  try {
    const next = () => ({ method: 'GET', url: '/hello', headers: {}, body: null });
    await runLoad(server.port, WARMUP, next);
    const r = await runLoad(server.port, SECONDS, next);
    const rps = Math.round(r.latencies.length / r.seconds);
    log(`bare Fastify 5 GET /hello: ${rps} req/s with the same ${CLIENTS} clients`);
    return rps;
  } finally {
    await stopServer(server.child);
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'civicgrid-bench-intake-'));
  log(`bench:intake — ${CLIENTS} clients, ${SECONDS} s measured after ${WARMUP} s warm-up, ${GRIDS} grids; ${os.cpus().length} CPUs, node ${process.version}`);
  const result: Record<string, unknown> = { bench: 'intake' };
  try {
    for (const engine of ['postgres', 'pglite'] as const) {
      if (ENGINES.includes(engine)) result[engine] = await benchEngine(engine, work);
    }
    result.hello_rps = await benchHello(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  result.clients = CLIENTS;
  result.seconds = SECONDS;
  console.log(JSON.stringify(result));
}

const watchdog = setTimeout(() => {
  console.error('bench:intake took too long; stopping');
  process.exit(2);
}, 30 * 60_000);
watchdog.unref();
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
