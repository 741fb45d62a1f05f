// `npm run bench:crash`: are acknowledged reports durable, and are retried ones written once, when
// the server dies mid-stream? For each engine: the real server (`server/src/main.ts`, as `npm start`
// runs it) on a database of its own; a steady stream of reports — residents through
// POST /api/public/reports, staff (API tokens) through POST /api/cases — each with its own
// Idempotency-Key; SIGKILL of the server while reports are in flight; a restart on the same
// database; every report not acknowledged is sent again, same key and same body, until it is.
// --rounds times per engine. Then, in the database:
//
//   acknowledged    reports answered 201 (or 200, a replay) at some point
//   lost            acknowledged reports whose case is not in the database (goal 0)
//   duplicates      cases beyond the first carrying the same report reference — the bench puts its
//                   key in the description, so a retry stored twice counts, whatever the unique
//                   index says (goal 0)
//   restart_ms      from spawning the process to the first 200 of /health/ready (migrations
//                   checked, start-up work done), p50 and max over the rounds
//
// Options: --rounds (3), --engines postgres,pglite, --seconds of stream before each kill (5),
// --clients (8 residents + 8 staff by default: 16). PostgreSQL from BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test; a database civicgrid_bench_crash is created and
// dropped); PGlite in a temp dir that is removed. Traffic goes only to 127.0.0.1; every wait is
// bounded. The last line is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
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
    rounds: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'postgres,pglite' },
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '16' },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CLIENTS = Math.max(2, Number(args.clients));
const ENGINES = args.engines!.split(',');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'civicgrid_bench_crash';
const HOST = '127.0.0.1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GRIDS = 400;
const REQUEST_TIMEOUT_MS = 15_000;
const READY_TIMEOUT_MS = 120_000;
/** Retries of one report after the restart before the bench gives up on it (counted as unacknowledged). */
const MAX_RETRIES = 20;
const log = (line: string) => console.log(line);

// --------------------------------------------------------------------------------------------
// Reports

interface Report {
  ref: string; // the Idempotency-Key, also written into the description
  kind: 'resident' | 'staff';
  client: number;
  body: string;
  /** A resident's address as the proxy reports it (TRUST_PROXY=loopback): rate limits count per resident. */
  forwardedFor: string;
}

function makeReports(layout: { side: number; rows: number }) {
  const categories = caseCategories().filter((c) => c.kind !== 'component' || c.code.startsWith('01')).map((c) => c.key);
  const lngSpan = BBOX[2] - BBOX[0];
  const latSpan = ((BBOX[3] - BBOX[1]) * layout.rows) / layout.side;
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  return (client: number): Report => {
    const ref = randomUUID();
    const kind = client % 2 === 0 ? 'resident' : 'staff';
    const body = {
      categoryKey: pick(categories),
      description: `${pick(PROBLEMS)}（压测编号 ${ref}）`,
      lng: BBOX[0] + Math.random() * lngSpan,
      lat: BBOX[1] + Math.random() * latSpan * 0.999,
      address: `${pick(ROADS)}${1 + Math.floor(Math.random() * 200)}号附近`,
      reporterName: '市民',
      ...(kind === 'staff' ? { source: 'hotline' } : {}),
    };
    const forwardedFor = `10.${1 + (client % 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    return { ref, kind, client, body: JSON.stringify(body), forwardedFor };
  };
}

const headersFor = (tokens: string[], r: Report): Record<string, string> => {
  const common = { 'idempotency-key': r.ref, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body)) };
  return r.kind === 'staff' ? { ...common, authorization: `Bearer ${tokens[r.client]!}` } : { ...common, 'x-forwarded-for': r.forwardedFor };
};

type Outcome = { acked: true; replayed: boolean } | { acked: false; status: number | null; error: string };

function post(agent: http.Agent, port: number, tokens: string[], r: Report): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: HOST, port, method: 'POST', path: r.kind === 'staff' ? '/api/cases' : '/api/public/reports', agent, headers: headersFor(tokens, r), timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 201 || status === 200) resolve({ acked: true, replayed: status === 200 });
          else resolve({ acked: false, status, error: `${status} ${text.slice(0, 300)}` });
        });
        res.on('error', (e) => resolve({ acked: false, status: null, error: String(e) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', (e) => resolve({ acked: false, status: null, error: String(e) }));
    req.end(r.body);
  });
}

// --------------------------------------------------------------------------------------------
// The server process: main.ts with the engine's database, demo seed off.

/** Servers alive: killed if the bench itself ends early (watchdog, error). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

interface Server {
  child: ChildProcess;
  port: number;
  restartMs: number;
}

async function startServer(env: Record<string, string>, logFile: string): Promise<Server> {
  const port = await freePort();
  // Exactly the engine's database: no DATABASE_URL from the shell may reach the PGlite server.
  const { DATABASE_URL: _d, BENCH_DATABASE_URL: _b, METRICS_TOKEN: _m, ...inherited } = process.env;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...inherited, ...env, PORT: String(port), HOST, CG_SEED_DEMO: 'false', LOG_LEVEL: 'warn', TRUST_PROXY: 'loopback' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const deadline = t0 + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready (log: ${logFile})`);
    const ready = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: HOST, port, path: '/health/ready', timeout: 1_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
    });
    if (ready) return { child, port, restartMs: Math.round(performance.now() - t0) };
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready in ${READY_TIMEOUT_MS} ms (log: ${logFile})`);
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = signal === 'SIGKILL' ? null : setTimeout(() => child.kill('SIGKILL'), 20_000);
  return exited.then(() => {
    if (timer) clearTimeout(timer);
  });
}

// --------------------------------------------------------------------------------------------
// One engine

interface Tally {
  acked: Set<string>;
  /** Sent and not acknowledged yet: retried after the restart. */
  pending: Map<string, Report>;
  sent: number;
  replays: number;
  errors4xx: number;
  firstError: string | null;
}

/** Clients send one report after another until `stop()`; an unanswered report goes to `pending`. */
function stream(port: number, tokens: string[], next: (client: number) => Report, tally: Tally) {
  let stopping = false;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const loops = Array.from({ length: CLIENTS }, async (_, client) => {
    while (!stopping) {
      const r = next(client);
      tally.sent++;
      const o = await post(agent, port, tokens, r);
      if (o.acked) tally.acked.add(r.ref);
      else {
        tally.pending.set(r.ref, r);
        if (o.status !== null && o.status < 500) tally.errors4xx++;
        if (o.status !== null) tally.firstError ??= o.error;
        // The server is gone: wait for the restart rather than spin on refused connections.
        if (o.status === null) await new Promise((res) => setTimeout(res, 50));
      }
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** Sends every pending report again (same key, same body) until acknowledged or MAX_RETRIES. */
async function retryPending(port: number, tokens: string[], tally: Tally): Promise<{ retried: number; replayed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const queue = [...tally.pending.values()];
  let replayed = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
          const o = await post(agent, port, tokens, r);
          if (o.acked) {
            tally.acked.add(r.ref);
            tally.pending.delete(r.ref);
            if (o.replayed) replayed++;
            break;
          }
          tally.firstError ??= o.error;
          await new Promise((res) => setTimeout(res, 100 * (attempt + 1)));
        }
      }
    }),
  );
  agent.destroy();
  tally.replays += replayed;
  return { retried: queue.length, replayed };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

async function benchEngine(engine: 'postgres' | 'pglite', work: string) {
  let url: string | null = null;
  let dropDb: (() => Promise<void>) | null = null;
  const dataDir = path.join(work, engine);
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
  }
  let server: Server | null = null;
  try {
    // The territory and the staff's API tokens, written before the server's first start.
    let database = await openDatabase(url ? { databaseUrl: url } : { dataDir: path.join(dataDir, 'pglite') });
    await database.migrate();
    await ensureConfiguration(database.db);
    const district = await buildDistrict(database.db, GRIDS);
    const tokens = await buildUsers(database.db, district.streets, CLIENTS);
    await database.close();

    const env = { DATA_DIR: dataDir, DATABASE_URL: url ?? '', CG_FIELD_KEY: randomBytes(32).toString('base64') };
    const logFile = path.join(work, `${engine}.log`);
    server = await startServer(env, logFile);
    log(`${engine}: ${GRIDS} grids, ${CLIENTS} clients (${Math.ceil(CLIENTS / 2)} residents, ${Math.floor(CLIENTS / 2)} staff); first start ready in ${server.restartMs} ms`);
    const next = makeReports(district);
    const tally: Tally = { acked: new Set(), pending: new Map(), sent: 0, replays: 0, errors4xx: 0, firstError: null };
    const restarts: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const ackedBefore = tally.acked.size;
      const s = stream(server.port, tokens, next, tally);
      // Mid-stream: every client has a report in flight when the process dies.
      await new Promise((r) => setTimeout(r, SECONDS * 1000 * (0.75 + Math.random() * 0.25)));
      await kill(server.child, 'SIGKILL');
      await s.stop();
      const unanswered = tally.pending.size;
      server = await startServer(env, logFile);
      restarts.push(server.restartMs);
      const { replayed } = await retryPending(server.port, tokens, tally);
      log(
        `${engine} round ${round}: ${tally.acked.size - ackedBefore} acknowledged, ${unanswered} unanswered at the kill, ` +
          `restart ${server.restartMs} ms, retried: ${unanswered - tally.pending.size} acknowledged (${replayed} as replays of a report written before the kill), ${tally.pending.size} still unacknowledged`,
      );
    }
    await kill(server.child, 'SIGTERM');
    server = null;

    // The database, read directly: every acknowledged report once, none twice.
    database = await openDatabase(url ? { databaseUrl: url } : { dataDir: path.join(dataDir, 'pglite') });
    const rows = ((await database.db.execute(sql`select substring(description from '压测编号 ([0-9a-f-]{36})') as ref, count(*)::int as n from cases group by 1`)) as unknown as { rows: Array<{ ref: string | null; n: number }> }).rows;
    const keyed = ((await database.db.execute(sql`select count(*)::int as n from (select 1 from cases where idempotency_key is not null group by idempotency_owner, idempotency_key having count(*) > 1) d`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    await database.close();
    const stored = new Map(rows.filter((r) => r.ref).map((r) => [r.ref!, r.n]));
    const lost = [...tally.acked].filter((ref) => !stored.has(ref)).length;
    const duplicates = [...stored.values()].reduce((sum, n) => sum + n - 1, 0) + keyed;
    const sorted = [...restarts].sort((a, b) => a - b);
    const figures = {
      rounds: ROUNDS,
      sent: tally.sent,
      acknowledged: tally.acked.size,
      unacknowledged: tally.pending.size,
      lost,
      duplicates,
      replays: tally.replays,
      restart_ms_p50: percentile(sorted, 50),
      restart_ms_max: sorted.at(-1) ?? 0,
    };
    log(
      `${engine}: ${figures.acknowledged} acknowledged of ${figures.sent} sent (${figures.unacknowledged} never acknowledged), ${stored.size} reports in the database; ` +
        `lost ${lost}, duplicates ${duplicates}; restart p50 ${figures.restart_ms_p50} ms, max ${figures.restart_ms_max} ms` +
        (tally.errors4xx ? `; 4xx answers ${tally.errors4xx}` : '') +
        (tally.firstError ? `\n  first error answer: ${tally.firstError}` : ''),
    );
    return figures;
  } finally {
    if (server) await kill(server.child, 'SIGKILL');
    await dropDb?.();
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'civicgrid-bench-crash-'));
  log(`bench:crash — ${ROUNDS} rounds per engine, SIGKILL after ~${SECONDS} s of reports from ${CLIENTS} clients; ${os.cpus().length} CPUs, node ${process.version}`);
  const result: Record<string, unknown> = { bench: 'crash' };
  try {
    for (const engine of ['postgres', 'pglite'] as const) {
      if (ENGINES.includes(engine)) result[engine] = await benchEngine(engine, work);
    }
  } catch (e) {
    // The servers' logs outlive the work folder when something went wrong.
    for (const f of fs.readdirSync(work).filter((n) => n.endsWith('.log'))) fs.copyFileSync(path.join(work, f), path.join(os.tmpdir(), `civicgrid-bench-crash-${f}`));
    log(`server logs kept as ${path.join(os.tmpdir(), 'civicgrid-bench-crash-*.log')}`);
    throw e;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
}

runBench('bench:crash', 15, main);
