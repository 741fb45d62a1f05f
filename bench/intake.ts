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
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { caseCategories } from '../core/src/cases/categories.js';
import { openDatabase } from '../server/src/db/client.js';
import { ensureConfiguration } from '../server/src/seed/demo.js';
import { BBOX, buildDistrict, buildUsers, freePort, PROBLEMS, ROADS } from './bench-district.js';
import { runBench } from './run.js';

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
const REQUEST_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 180_000;
const log = (line: string) => console.log(line);

// --------------------------------------------------------------------------------------------
// Processes

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

runBench('bench:intake', 30, main);
