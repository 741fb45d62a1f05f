// What a phone downloads on its first visit (nothing cached): the JavaScript of the resident pages
// (the QR code of a grid's contact card opens its home /r/{gridCode}; the report page, the services
// page where a resident signs a proxy request, and the progress page /r/track) and of the
// field app (/m/, when built) must stay within 250 KB as transferred (compressed, as the server sends
// the build's .br/.gz copies), so they open quickly on a weak mobile signal. The console's first
// visit (the sign-in page) is measured for the record. Bytes are Chromium's own count of what came
// over the wire (CDP Network.loadingFinished encodedDataLength), for every script the page loaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN, PHONE } from './flows';
import { openConsole, ROOT, type ConsoleSession } from './harness';

const BUDGET = 250 * 1024;
const FIELD_APP_BUILT = () => existsSync(path.join(ROOT, 'web', 'dist', 'm', 'index.html'));

let session: ConsoleSession;
let gridCode = '';
const figures: string[] = [];

interface Weight {
  scripts: number;
  scriptBytes: number;
  otherBytes: number;
  encodings: Set<string>;
}

/** Opens `url` in a fresh browser (nothing cached), waits for `ready`, and sums what came over the wire. */
async function firstVisit(url: string, ready: (page: Page) => Promise<unknown>, phone = true): Promise<Weight> {
  const page = await session.newPage(`weight ${url}`, phone ? PHONE : {});
  const cdp = await page.context().newCDPSession(page);
  const requests = new Map<string, { type: string; encoding: string; bytes: number | null }>();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { type: e.type ?? 'Other', encoding: '', bytes: null }));
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.type = e.type;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    r.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = 0;
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url);
  await ready(page);
  // Every script the page asked for has finished arriving (the page rendered, so none is still pending).
  await expect.poll(() => [...requests.values()].filter((r) => r.type === 'Script' && r.bytes === null).length).toBe(0);
  const all = [...requests.values()];
  const scripts = all.filter((r) => r.type === 'Script');
  await page.context().close();
  return {
    scripts: scripts.length,
    scriptBytes: scripts.reduce((sum, r) => sum + (r.bytes ?? 0), 0),
    otherBytes: all.filter((r) => r.type !== 'Script').reduce((sum, r) => sum + (r.bytes ?? 0), 0),
    encodings: new Set(scripts.map((r) => r.encoding)),
  };
}

function record(what: string, w: Weight): void {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const line = `${what}: JavaScript ${kb(w.scriptBytes)} in ${w.scripts} files (${[...w.encodings].join(', ')}), everything else ${kb(w.otherBytes)}`;
  figures.push(line);
  console.log(`[weight] ${line}`);
}

beforeAll(async () => {
  session = await openConsole('weight');
  // The first grid of 通信花园社区, whose contact card's QR code a resident scans.
  const api = (await session.browser.newContext({ baseURL: session.server.baseUrl })).request;
  const login = await api.post('/api/auth/login', { data: { username: DEMO_ADMIN.username, password: DEMO_ADMIN.initialPassword } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const changed = await api.post('/api/auth/password', { data: { currentPassword: DEMO_ADMIN.initialPassword, newPassword: 'Huayuanlu2026w' }, headers: { 'X-CSRF-Token': csrfToken } });
  expect(changed.status()).toBe(204);
  if ((await api.get('/api/auth/me')).status() !== 200) await api.post('/api/auth/login', { data: { username: DEMO_ADMIN.username, password: 'Huayuanlu2026w' } });
  const features = (await (await api.get('/api/geo/features')).json()) as { features: { properties: { code: string | null } }[] };
  gridCode = features.features.map((f) => f.properties.code ?? '').filter((c) => c.startsWith('410105002012') && c.length === 15).sort()[0]!;
}, 300_000);

afterAll(async () => {
  if (figures.length) console.log(`[weight] first visits, transferred:\n  ${figures.join('\n  ')}`);
  await session?.close();
});

describe('first-visit weight (compressed JavaScript)', () => {
  it('the grid home a QR code opens (/r/{gridCode}) loads at most 250 KB of JavaScript', async () => {
    expect(gridCode).toMatch(/^410105002012\d{3}$/);
    const w = await firstVisit(`/r/${gridCode}`, (page) => page.getByTestId('home-team').waitFor());
    record(`/r/${gridCode}`, w);
    expect(w.encodings.has('br') || w.encodings.has('gzip')).toBe(true);
    expect(w.scriptBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('the report page (/r/{gridCode}/report) loads at most 250 KB of JavaScript', async () => {
    const w = await firstVisit(`/r/${gridCode}/report`, (page) => page.getByTestId('resident-form').waitFor());
    record(`/r/${gridCode}/report`, w);
    expect(w.scriptBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('the services page (/r/{gridCode}/services) loads at most 250 KB of JavaScript', async () => {
    const w = await firstVisit(`/r/${gridCode}/services`, (page) => page.getByTestId('services-item').first().waitFor());
    record(`/r/${gridCode}/services`, w);
    expect(w.scriptBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('the progress page (/r/track) loads at most 250 KB of JavaScript', async () => {
    const w = await firstVisit('/r/track', (page) => page.getByTestId('track-code').waitFor());
    record('/r/track', w);
    expect(w.scriptBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('the field app (/m/) loads at most 250 KB of JavaScript', async ({ skip }) => {
    if (!FIELD_APP_BUILT()) skip('web/dist/m is not built (no web/m/vite.config.ts yet)');
    const w = await firstVisit('/m/', (page) => page.locator('#app > *').first().waitFor());
    record('/m/', w);
    expect(w.scriptBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('the console (its sign-in page) is measured for the record', async () => {
    const w = await firstVisit('/', (page) => page.getByTestId('login-username').waitFor(), false);
    record('console /login', w);
    expect(w.scripts).toBeGreaterThan(0);
    expect(session.pageErrors).toEqual([]);
  });
});
