// Browser-test harness of the field app (/m/): builds the web pages when stale (console, resident
// pages, field app and their .br/.gz copies: scripts/ensure-web.mjs) and starts the seeded server,
// which serves /m/ itself (server/src/http/static.ts: precompressed files, SPA fallback to the
// field app's index.html). Phones are Chromium contexts at 390×844 with touch, a position and
// service workers.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, buildWebIfStale, launchBrowser, startServer, watchConsole, type RunningServer } from './harness';

/** Every demo user's initial password (server/src/seed/demo.ts). */
export const INITIAL_PASSWORD = 'CivicGrid@2026';

export const FIELD_OUTPUT = path.join(ROOT, 'test-output', 'field');
/** The built field app (scripts/build-web.mjs), as the server sends it. */
export const FIELD_DIST = path.join(ROOT, 'web', 'dist', 'm');

/** 花园路街道 demo: the grid worker's office, where his phone says he stands. */
export const HERE = { longitude: 113.6655, latitude: 34.7925 };

export interface FieldSession {
  server: RunningServer;
  /** The server's URL: the API and the field app at /m/. */
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
  const server = await startServer(label);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (pageLabel: string, opts: Parameters<Browser['newContext']>[0]) => {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow', bypassCSP: true, ...opts });
    contexts.push(context);
    context.on('page', (opened) => watchConsole(opened, pageErrors, pageLabel));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  return {
    server,
    baseUrl: server.baseUrl,
    browser,
    pageErrors,
    phone: (pageLabel, width = 390) =>
      open(pageLabel, { viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: HERE, permissions: ['geolocation'] }),
    desk: (pageLabel) => open(pageLabel, { viewport: { width: 1440, height: 900 } }),
    close: async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
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
