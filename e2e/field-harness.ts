// Browser-test harness of the field app (/m/): builds it when stale (after the console, whose build
// empties web/dist), starts the seeded server, and puts a small front in front of it that serves
// /m/* from web/dist/m with SPA fallback to its index.html and passes everything else to the server
// (byte for byte, server-sent events too) — what the server's own static serving of /m/ does once it
// is wired up. Phones are Chromium contexts at 390×844 with touch, a position and service workers.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, buildWebIfStale, freePort, launchBrowser, startServer, watchConsole, type RunningServer } from './harness';

/** Every demo user's initial password (server/src/seed/demo.ts). */
export const INITIAL_PASSWORD = 'CivicGrid@2026';

const FIELD_SRC = path.join(ROOT, 'web', 'm');
export const FIELD_DIST = path.join(ROOT, 'web', 'dist', 'm');
export const FIELD_OUTPUT = path.join(ROOT, 'test-output', 'field');

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds web/dist/m unless it is newer than every source of the field app (web/m, core/src). */
export function buildFieldIfStale(): void {
  const index = path.join(FIELD_DIST, 'index.html');
  const newestSource = Math.max(newestMtime(FIELD_SRC), newestMtime(path.join(ROOT, 'core', 'src')));
  if (existsSync(index) && statSync(index).mtimeMs > newestSource && existsSync(path.join(FIELD_DIST, 'sw.js'))) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/m/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`field app build failed (exit ${result.status})`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

/** The front: /m/* from the build (index.html for any page URL), the rest proxied to `target`. */
export async function startFront(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    if (url.pathname === '/m' || url.pathname.startsWith('/m/')) {
      const rel = decodeURIComponent(url.pathname.slice(3));
      let file = path.join(FIELD_DIST, rel);
      if (!file.startsWith(FIELD_DIST) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(FIELD_DIST, 'index.html');
      const hashed = /\/assets\//.test(url.pathname);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      // Compressed as a production server sends it (gzip), so the bench weighs what a phone downloads.
      const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? '')) && /text|javascript|json|svg|manifest/.test(type);
      res.writeHead(200, {
        'Content-Type': type,
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
      else createReadStream(file).pipe(res);
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 花园路街道 demo: the grid worker's office, where his phone says he stands. */
export const HERE = { longitude: 113.6655, latitude: 34.7925 };

export interface FieldSession {
  server: RunningServer;
  baseUrl: string;
  browser: Browser;
  pageErrors: string[];
  /** A phone (390×844, touch, the position above, service workers on). */
  phone(label: string, width?: number): Promise<Page>;
  /** A desktop console beside it. */
  desk(label: string): Promise<Page>;
  close(): Promise<void>;
}

export async function openField(label: string): Promise<FieldSession> {
  buildWebIfStale();
  buildFieldIfStale();
  const server = await startServer(label);
  const front = await startFront(server.baseUrl);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (pageLabel: string, opts: Parameters<Browser['newContext']>[0]) => {
    const context = await browser.newContext({ baseURL: front.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow', bypassCSP: true, ...opts });
    contexts.push(context);
    context.on('page', (opened) => watchConsole(opened, pageErrors, pageLabel));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  return {
    server,
    baseUrl: front.url,
    browser,
    pageErrors,
    phone: (pageLabel, width = 390) =>
      open(pageLabel, { viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: HERE, permissions: ['geolocation'] }),
    desk: (pageLabel) => open(pageLabel, { viewport: { width: 1440, height: 900 } }),
    close: async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await front.close();
      await server.stop();
    },
  };
}

/** Signs a demo user in to the field app for the first time, past the forced password change; ends on 我的工作. */
export async function fieldSignIn(page: Page, username: string, newPassword: string): Promise<void> {
  await page.goto('/m/login');
  await page.getByTestId('m-login-username').fill(username);
  await page.getByTestId('m-login-password').fill(INITIAL_PASSWORD);
  await page.getByTestId('m-login-submit').click();
  await page.getByTestId('m-pw-current').fill(INITIAL_PASSWORD);
  await page.getByTestId('m-pw-new').fill(newPassword);
  await page.getByTestId('m-pw-confirm').fill(newPassword);
  await page.getByTestId('m-pw-submit').click();
  await page.getByTestId('m-me').waitFor();
}

/** Waits until the service worker controls the page (the app shell is cached for offline use). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction('!!(navigator.serviceWorker && navigator.serviceWorker.controller)', undefined, { timeout: 30_000 });
}

/** Runs axe-core on the page: the serious and critical violations, as lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  const has = await page.evaluate(() => 'axe' in globalThis);
  if (!has) await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
  return found;
}

/** A signed-in API client in Node (cookie session + CSRF), for what another person does meanwhile. */
export interface ApiClient {
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; data: T }>;
  upload(bytes: Uint8Array, type: string, key?: string): Promise<number>;
}

export async function apiAs(baseUrl: string, username: string, password: string, newPassword?: string): Promise<ApiClient> {
  let cookie = '';
  let csrf = '';
  const keep = (res: Response) => {
    const jar = new Map(cookie.split('; ').filter(Boolean).map((c) => [c.split('=')[0]!, c] as const));
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      jar.set(pair.split('=')[0]!, pair);
    }
    cookie = [...jar.values()].join('; ');
  };
  const raw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, contentType = 'application/json') => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(csrf ? { 'X-CSRF-Token': csrf } : {}), ...(body !== undefined ? { 'Content-Type': contentType } : {}), ...headers },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    keep(res);
    const text = await res.text();
    return { status: res.status, data: (text ? JSON.parse(text) : null) as never };
  };
  const login = async (pw: string) => {
    const answer = await raw('POST', '/api/auth/login', { username, password: pw });
    if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status}`);
    csrf = (answer.data as { csrfToken: string }).csrfToken;
  };
  await login(password);
  if (newPassword) {
    const changed = await raw('POST', '/api/auth/password', { currentPassword: password, newPassword });
    if (changed.status >= 300) throw new Error(`password change of ${username}: ${changed.status}`);
    await login(newPassword);
  }
  return {
    call: (method, path, body, headers) => raw(method, path, body, headers),
    upload: async (bytes, type, key) => {
      const answer = await raw('POST', '/api/cases/photos', bytes, key ? { 'Idempotency-Key': key } : {}, type);
      if (answer.status !== 201) throw new Error(`photo upload: ${answer.status}`);
      return (answer.data as { id: number }).id;
    },
  };
}

/** A point inside a grid (where the map labels it), by the grid's name, from the public geo answer. */
export async function pointInGrid(api: ApiClient, gridName: string): Promise<{ longitude: number; latitude: number }> {
  const answer = await api.call<{ features: { properties: { name: string; labelAt: [number, number] } }[] }>('GET', '/api/geo/features?crs=wgs84&rootId=12');
  const at = answer.data.features.find((f) => f.properties.name === gridName)?.properties.labelAt;
  if (!at) throw new Error(`no grid named ${gridName}`);
  return { longitude: at[0], latitude: at[1] };
}

/** How many actions wait on the phone (the 待发送 badge; 0 when it is gone). */
export async function badgeCount(page: Page): Promise<number> {
  const badge = page.getByTestId('outbox-badge');
  if (!(await badge.count())) return 0;
  return Number((await badge.textContent())?.replace('+', '') ?? 0);
}

export interface QueuedAction {
  kind: string;
  title: string;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
}

/**
 * Puts actions into the phone's outbox as `enqueue` does (same record: a uuid key, the phone's time,
 * waiting), straight into its IndexedDB — for hundreds of them at once; the app sends them after a
 * reload like any it kept. Resolves with the keys.
 */
export async function seedOutbox(page: Page, actions: QueuedAction[]): Promise<string[]> {
  return page.evaluate(
    `(async (actions) => {
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('civicgrid-field');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const keys = [];
      await new Promise((resolve, reject) => {
        const tx = db.transaction('outbox', 'readwrite');
        const store = tx.objectStore('outbox');
        const now = Date.now();
        actions.forEach((a, n) => {
          const key = crypto.randomUUID();
          keys.push(key);
          store.add({ ...a, key, photos: [], photoIds: [], clientAt: now + n, clientOffset: -new Date(now).getTimezoneOffset(), status: 'waiting', attempts: 0, nextAt: 0 });
        });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return keys;
    })(${JSON.stringify(actions)})`,
  );
}
