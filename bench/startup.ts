// `npm run bench:startup`: how fast the server comes up, and how much plain HTTP it serves.
//
//   fresh_start_ms  launch of the server command → first 200 from GET /health/ready, on an empty
//                   DATA_DIR (PGlite created, migrations applied, demo data seeded as `npm start` does)
//   warm_start_ms   the same on the DATA_DIR the first start left behind
//   health_rps      GET /health on that running server (autocannon, 10 connections, 5 s)
//   hello_rps       a bare Fastify 5 app with one GET /hello route, no logger, measured the same way:
//                   the ceiling of this machine, so health_rps can be read against it
//
// The timed command is what `npm start` runs after its web check: `tsx server/src/main.ts` (the
// local tsx binary, not npx/npm, whose own start-up is not ours). `scripts/ensure-web.mjs` runs
// once beforehand, untimed, so a stale SPA build does not count as server start-up.
// Everything listens on 127.0.0.1; every process started here is stopped and the temp dir removed.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const LOAD_SECONDS = 5;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;
// The whole run must end: start-ups, two 6 s load runs, stops and the web check fit well within.
const OVERALL_TIMEOUT_MS = 6 * 60_000;

const HELLO_APP = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ host: process.env.HOST, port: Number(process.env.PORT) });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

const running = new Set<Running>();
const tempDirs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a process in its own process group, output to a log file (a pipe could fill and stall it). */
function launch(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Running {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Running = { name, child, exited, logFile };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

function httpStatus(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: urlPath, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Polls until GET urlPath answers 200; fails early if the process exits. */
async function waitFor200(proc: Running, port: number, urlPath: string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (performance.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${proc.name} exited (code ${exitCode}) before ${urlPath} answered 200:\n${tail(proc.logFile)}`);
    }
    if ((await httpStatus(port, urlPath)) === 200) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${proc.name}: ${urlPath} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s:\n${tail(proc.logFile)}`);
}

/** SIGTERM (as a supervisor would), wait for the exit; SIGKILL the whole group if it hangs. */
async function stop(proc: Running): Promise<number> {
  const started = performance.now();
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return 0;
  proc.child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([proc.exited, timer])) === 'timeout') {
    console.log(`  ${proc.name} ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s: killing it`);
    killGroup(proc, 'SIGKILL');
    await proc.exited;
  }
  // tsx runs the server in a child process; make sure nothing of the group lingers.
  killGroup(proc, 'SIGKILL');
  return performance.now() - started;
}

function killGroup(proc: Running, signal: NodeJS.Signals): void {
  if (proc.child.pid === undefined) return;
  try {
    process.kill(-proc.child.pid, signal);
  } catch {
    // the group is already gone
  }
}

async function startServer(label: string, dataDir: string, port: number): Promise<{ proc: Running; ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, DATA_DIR: dataDir };
  delete env.DATABASE_URL; // always the embedded PGlite under DATA_DIR
  const t0 = performance.now();
  const proc = launch(`server (${label})`, [tsxCli, 'server/src/main.ts'], env, path.join(dataDir, '..', `${label}.log`));
  await waitFor200(proc, port, '/health/ready');
  return { proc, ms: performance.now() - t0 };
}

async function load(port: number, urlPath: string): Promise<number> {
  const url = `http://${HOST}:${port}${urlPath}`;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_SECONDS });
  const failed = result.errors + result.timeouts + result.non2xx;
  console.log(
    `  ${urlPath}: ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, ` +
      `p99 ${result.latency.p99} ms, ${result.requests.total} requests${failed ? `, ${failed} FAILED` : ''}`,
  );
  if (failed > result.requests.total / 100) throw new Error(`${urlPath}: ${failed} of ${result.requests.total} requests failed`);
  return result.requests.average;
}

function runEnsureWeb(): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/ensure-web.mjs'], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => {
      if (code !== 0) console.log(`  ensure-web failed (exit ${code}); measuring the API server anyway`);
      resolve();
    });
  });
}

async function cleanup(): Promise<void> {
  await Promise.all([...running].map((proc) => stop(proc)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log('bench:startup: checking the web build (untimed)');
  await runEnsureWeb();

  const work = mkdtempSync(path.join(tmpdir(), 'cg-bench-'));
  tempDirs.push(work);
  const dataDir = path.join(work, 'data');
  const port = await freePort();

  console.log(`fresh start (DATA_DIR ${dataDir}, port ${port})`);
  const fresh = await startServer('fresh', dataDir, port);
  console.log(`  ready after ${fresh.ms.toFixed(0)} ms`);
  console.log(`  stopped (SIGTERM) in ${(await stop(fresh.proc)).toFixed(0)} ms`);

  console.log('warm start (same DATA_DIR)');
  const warm = await startServer('warm', dataDir, port);
  console.log(`  ready after ${warm.ms.toFixed(0)} ms`);
  console.log(`load: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${LOAD_SECONDS} s measured`);
  const healthRps = await load(port, '/health');
  console.log(`  stopped (SIGTERM) in ${(await stop(warm.proc)).toFixed(0)} ms`);

  console.log('bare Fastify 5 hello app');
  const helloPort = await freePort();
  const hello = launch(
    'hello app',
    ['--input-type=module', '--eval', HELLO_APP],
    { ...process.env, PORT: String(helloPort), HOST },
    path.join(work, 'hello.log'),
  );
  await waitFor200(hello, helloPort, '/hello');
  const helloRps = await load(helloPort, '/hello');
  await stop(hello);

  console.log(
    `fresh start ${fresh.ms.toFixed(0)} ms, warm start ${warm.ms.toFixed(0)} ms, ` +
      `/health ${Math.round(healthRps)} req/s = ${((healthRps / helloRps) * 100).toFixed(0)}% of bare Fastify (${Math.round(helloRps)} req/s)`,
  );
  console.log(
    JSON.stringify({
      bench: 'startup',
      fresh_start_ms: Math.round(fresh.ms),
      warm_start_ms: Math.round(warm.ms),
      health_rps: Math.round(healthRps),
      hello_rps: Math.round(helloRps),
    }),
  );
}

const overall = setTimeout(() => {
  console.error(`bench:startup: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);
overall.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench:startup: ${signal}, stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  console.error(`bench:startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(overall);
}
