// Browser-test harness: builds the SPA when stale, starts the real server on a free port with a
// fresh data folder holding the demo seed, and launches the system Chromium through playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const OUTPUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds web/dist (console, resident pages, field app, compressed copies) unless it is newer than
 * every source: the one stale check and build of `npm start` (scripts/ensure-web.mjs).
 */
export function buildWebIfStale(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-web.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready at ${url} after ${timeoutMs} ms`);
}

/**
 * Starts `tsx server/src/main.ts` with the demo seed in a fresh DATA_DIR: a copy of the demo street
 * seeded once per run (seededTemplate), so each test file starts from the same first-start state
 * without paying for the seed again; its output goes to test-output/e2e/server-<label>.log.
 */
export async function startServer(label: string): Promise<RunningServer> {
  const template = await seededTemplate();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'civicgrid-e2e-'));
  cpSync(template, dataDir, { recursive: true });
  return launch(label, dataDir);
}

/**
 * The seeded template: the demo street as a first start leaves it, after a clean stop. Built by the
 * first server of a run (global-setup.ts clears it before the run) and again when older than an
 * hour, since the demo cases are placed relative to the time of seeding.
 */
const TEMPLATE_DIR = path.join(OUTPUT_DIR, 'seeded-template');
const TEMPLATE_MAX_AGE_MS = 60 * 60_000;

async function seededTemplate(): Promise<string> {
  const data = path.join(TEMPLATE_DIR, 'data');
  const marker = path.join(TEMPLATE_DIR, 'ready');
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < TEMPLATE_MAX_AGE_MS) return data;
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const seeding = await launch('seed', data);
  await seeding.stop({ keepData: true });
  writeFileSync(marker, new Date().toISOString());
  return data;
}

async function launch(label: string, dataDir: string): Promise<RunningServer & { stop: (opts?: { keepData?: boolean }) => Promise<void> }> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const port = await freePort();
  const log = createWriteStream(path.join(OUTPUT_DIR, `server-${label}.log`));
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], {
    cwd: ROOT,
    // The webhook the console test creates names a host nobody resolves here: listed, it is accepted.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, CG_SEED_DEMO: 'true', DATABASE_URL: '', WEBHOOK_ALLOW_HOSTS: '12345.jinshui.example.gov.cn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async (opts: { keepData?: boolean } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Generous: the seed hashes the demo passwords, and the machine running the tests may be busy.
    await waitReady(`${baseUrl}/health/ready`, child, 420_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, dataDir, stop };
}

/** Before a run: the next server seeds a new template (global-setup.ts). */
export function clearSeededTemplate(): void {
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: node scripts/ensure-browser.mjs (or sudo apt-get install -y chromium fonts-wqy-microhei)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, `${name}.png`);
}

/**
 * Collects what a clean console must not show: uncaught errors ('pageerror') and every console
 * message of type error or warning (Vue and Element Plus warnings included). Nothing is allowed
 * but one thing the page does not write itself: Chromium logs "Failed to load resource" for every
 * HTTP answer of 4xx, and the console gets those on purpose (401 from /api/auth/me on the sign-in
 * page, 409 before a confirmation, the 400s a test provokes). A 5xx answer is still collected.
 */
export function watchConsole(page: Page, into: string[], label = ''): void {
  const prefix = label ? `${label}: ` : '';
  page.on('pageerror', (err) => into.push(`${prefix}uncaught ${err.message}`));
  page.on('console', (msg) => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') return;
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d\b/.test(text)) return;
    const at = msg.location().url ? ` (${msg.location().url.replace(/^https?:\/\/[^/]+/, '')}:${msg.location().lineNumber})` : '';
    into.push(`${prefix}console.${type}: ${text.slice(0, 500)}${at}`);
  });
}

/** A signed-out console in Chromium against a fresh server: what every browser test starts from. */
export interface ConsoleSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /**
   * Uncaught errors, console errors and console warnings of every page the session opened (see
   * watchConsole); a test file ends by expecting none.
   */
  pageErrors: string[];
  /**
   * Another person's browser beside the first (a context of its own: cookies, viewport), its
   * console held clean into pageErrors like the first page's; closed with the session.
   */
  newPage(label: string, opts?: BrowserContextOptions): Promise<Page>;
  /** A full-page screenshot once dialogs and tree branches have finished animating. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the SPA if stale, starts a seeded server and opens its console in Chromium, held to a clean console. */
export async function openConsole(label: string): Promise<ConsoleSession> {
  buildWebIfStale();
  const server = await startServer(label);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const newPage = async (pageLabel: string, opts: BrowserContextOptions = {}) => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...opts });
    contexts.push(context);
    // Every page of the context, a printed card's popup included.
    context.on('page', (opened) => watchConsole(opened, pageErrors, pageLabel));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  const page = await newPage('');
  return {
    server,
    browser,
    context: page.context(),
    page,
    pageErrors,
    newPage,
    shot: async (name) => {
      await page.waitForTimeout(500);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
    },
    close: async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.stop();
    },
  };
}
