// The field app's quick report (随手拍 / 现场解决), map and patrol (巡查) screens on a phone, in
// Chromium: 390×844 and 360 wide. The screens run in a Vite dev server of the field app's sources
// with the snapshot store replaced by a fixed snapshot of two grids of 通信花园社区 (the outbox is
// the real one, in the browser's IndexedDB; /api answers 503, so actions wait in it). The photo is a
// generated 12-megapixel camera JPEG; the position comes from Chromium's geolocation override.
// Each screen is photographed into test-output/field/ and checked with axe-core.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import vue from '@vitejs/plugin-vue';
import { createServer, type ViteDevServer } from 'vite';
import { HERE, fieldSignIn, openField, type FieldSession } from './field-harness';
import { ROOT, launchBrowser } from './harness';

const OUT = path.join(ROOT, 'test-output', 'field');
const M = path.join(ROOT, 'web', 'm');

// Two neighbouring grids near 花园路 (WGS-84), and a case to verify 30 m from the report's spot.
const square = (w: number, s: number, size: number) => [
  [w, s],
  [w + size, s],
  [w + size, s + size],
  [w, s + size],
  [w, s],
];
const INSIDE = { longitude: 113.6812, latitude: 34.7811 };
const OUTSIDE = { longitude: 113.6905, latitude: 34.7902 };
// As GET /api/field/snapshot sends them: the dictionary name in Chinese, kind component | matter | social.
const cat = (key: string, zh: string, className: string, pinyin: string, initials: string) => ({ key, kind: key.split(':')[0], name: zh, className, pinyin, initials });
const SNAPSHOT = {
  generatedAt: '2026-12-03T09:00:00+08:00',
  me: { id: 7, name: '赵立新', roles: ['grid_worker'] },
  grids: [
    { id: 31, code: '410105002012001', name: '通信花园第一网格', path: '金水区 › 花园路街道 › 通信花园社区 › 通信花园第一网格', communityName: '通信花园社区', geometry: { type: 'Polygon', coordinates: [square(113.68, 34.78, 0.0025)] } },
    { id: 32, code: '410105002012002', name: '通信花园第二网格', path: '金水区 › 花园路街道 › 通信花园社区 › 通信花园第二网格', communityName: '通信花园社区', geometry: { type: 'Polygon', coordinates: [square(113.6825, 34.78, 0.0025)] } },
  ],
  baseMap: { tileUrl: null, attribution: null, maxZoom: 19 },
  categories: [
    cat('matter:07001', '占道经营', '街面秩序类', 'zhandaojingying', 'zdjy'),
    cat('matter:06007', '乱堆物料', '市容环境类', 'luanduiwuliao', 'ldwl'),
    cat('matter:06001', '暴露垃圾', '市容环境类', 'baolulaji', 'bllj'),
    cat('component:01002', '污水井盖', '市政公用设施', 'wushuijinggai', 'wsjg'),
    cat('matter:01002', '污水井盖异常', '市政公用设施类', 'wushuijinggaiyichang', 'wsjgyc'),
    cat('social:S05', '养犬扰民', '社会事务', 'yangquanraomin', 'yqrm'),
  ],
  recentCategories: ['matter:06007', 'matter:07001', 'social:S05'],
  households: [],
  toVerify: [
    { id: 901, number: 'AJ20261202-0031', categoryKey: 'matter:06007', categoryName: '乱堆物料', description: '3号楼东侧堆放建筑垃圾', lng: 113.6815, lat: 34.7812, address: '文化路97号院3号楼', handledAt: '2026-12-02T16:20:00.000Z', handlingUnitName: '花园路街道城管中队', handledNote: '已清运', photoIds: [] },
  ],
  reportedByMe: [{ id: 880, number: 'AJ20261201-0007', state: 'dispatched', stateName: { zh: '已派遣', en: 'Dispatched' }, categoryName: '暴露垃圾', reportedAt: '2026-12-01T09:12:00+08:00', reportedClientAt: '2026-12-01T09:10:41+08:00' }],
  visitsDue: [],
  residenceExpiring: [],
};

const FAKE_DATA = `
import { computed, shallowRef } from 'vue';
const snapshot = shallowRef(${JSON.stringify(SNAPSHOT)});
export function useSnapshot() {
  return { snapshot, loading: computed(() => false), error: computed(() => ''), refresh: async () => false };
}
export function loadStoredSnapshot() { return Promise.resolve(); }
`;
const ENTRY = `
import { createApp, h } from 'vue';
import { RouterView, createRouter, createWebHashHistory } from 'vue-router';
import '/src/styles.css';
const router = createRouter({ history: createWebHashHistory(), routes: [
  { path: '/', redirect: '/report' },
  { path: '/report', component: () => import('/src/report/ReportPage.vue') },
  { path: '/patrol', component: () => import('/src/patrol/PatrolPage.vue') },
] });
createApp({ render: () => h('div', { class: 'shell' }, [h('main', { class: 'page' }, [h(RouterView)])]) }).use(router).mount('#app');
`;
const HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>网格通</title>
</head>
<body><div id="app"></div><script type="module" src="/@id/virtual:field-preview"></script></body></html>`;

/** A camera-like 4000×3000 JPEG (sky, walls, a road, sensor noise): about 12 megapixels, several MB. */
function cameraJpeg(): Buffer {
  const width = 4000;
  const height = 3000;
  const data = Buffer.alloc(width * height * 4);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 25) - 12;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const band = y < 1100 ? 0 : y < 2300 ? 1 : 2;
      const block = (Math.floor(x / 420) + Math.floor(y / 300)) % 3;
      const base = band === 0 ? [150 + y / 20, 185 + y / 40, 230] : band === 1 ? [170 + block * 25, 150 + block * 20, 120 + block * 15] : [95 + (x % 600 < 40 ? 120 : 0), 95, 100];
      const n = noise();
      data[i] = Math.max(0, Math.min(255, base[0]! + n));
      data[i + 1] = Math.max(0, Math.min(255, base[1]! + n));
      data[i + 2] = Math.max(0, Math.min(255, base[2]! + n));
      data[i + 3] = 255;
    }
  }
  return Buffer.from(jpeg.encode({ data, width, height }, 92).data);
}

let vite: ViteDevServer;
let browser: Browser;
let baseUrl = '';
let photo: Buffer;
const axeSource = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const pageErrors: string[] = [];

async function phone(width = 390, height = 844): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['geolocation'], geolocation: INSIDE });
  // No server behind the dev server: the outbox keeps every action waiting (503 = try later).
  await context.route('**/api/**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"UNAVAILABLE","message":"维护中"}}' }));
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text());
  });
  return { context, page };
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  // Nothing wider than the phone.
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
}

/** axe-core on the screen as it is: no serious or critical violations. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  // Browser code as text: this file is type-checked without the DOM library.
  const violations = await page.evaluate<string[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`);
  expect(violations, label).toEqual([]);
}

interface StoredAction {
  kind: string;
  title: string;
  method: string;
  path: string;
  body: Record<string, unknown>;
  photos: { type: string; data: ArrayBuffer }[];
}

/** The outbox as the app stored it (IndexedDB civicgrid-field), in sending order. */
function outbox(page: Page): Promise<(Omit<StoredAction, 'photos'> & { photoBytes: number[] })[]> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('civicgrid-field');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('outbox')) return resolve([]);
      const all = db.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => {
        resolve(all.result.map(({ photos, ...rest }) => ({ ...rest, photoBytes: photos.map((p) => p.data.byteLength) })));
        db.close();
      };
    };
  })`);
}

beforeAll(async () => {
  photo = cameraJpeg();
  vite = await createServer({
    configFile: false,
    root: M,
    logLevel: 'warn',
    // Pre-bundled before the first page: a dependency found later (Leaflet, loaded with the map)
    // would make the dev server reload the page in the middle of a test.
    optimizeDeps: { include: ['vue', 'vue-router', 'dexie', 'leaflet'], entries: [] },
    cacheDir: path.join(tmpdir(), 'civicgrid-field-vite'),
    server: { port: 0, host: '127.0.0.1', hmr: false, fs: { allow: [ROOT] } },
    resolve: { alias: [{ find: /^@m\/data$/, replacement: 'virtual:fake-snapshot' }, { find: '@m', replacement: path.join(M, 'src') }] },
    plugins: [
      vue(),
      {
        name: 'field-preview',
        resolveId: (id) => (id === 'virtual:field-preview' || id === 'virtual:fake-snapshot' ? id : null),
        load: (id) => (id === 'virtual:field-preview' ? ENTRY : id === 'virtual:fake-snapshot' ? FAKE_DATA : null),
        configureServer: (server) => {
          server.middlewares.use((req, res, next) => {
            if (req.url !== '/' && !req.url?.startsWith('/?')) return next();
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.end(HTML);
          });
        },
      },
    ],
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

describe('quick report on a phone', () => {
  it('a 12-megapixel photo, GPS, a recent category, save: four taps, a photo of at most 300 KB in the outbox', async () => {
    expect(photo.byteLength).toBeGreaterThan(1_000_000);
    const { context, page } = await phone();
    await page.goto(`${baseUrl}/#/report`);
    await page.getByTestId('report-submit').waitFor();
    await shot(page, 'report-01-empty-390');
    await expectAccessible(page, 'empty form');

    await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_20261203_101500.jpg', mimeType: 'image/jpeg', buffer: photo }); // tap 1
    await page.getByText(/已压缩为 \d+ KB/).waitFor({ timeout: 60_000 });
    await page.getByTestId('report-gps').click(); // tap 2
    await expect.poll(() => page.getByTestId('report-place').textContent()).toContain('通信花园第一网格');
    await page.getByTestId('report-recent-category').first().click(); // tap 3
    // The case to verify 30 m away with the same category is shown without a tap.
    await expect.poll(() => page.getByTestId('report-duplicates').textContent()).toContain('AJ20261202-0031');
    await expect(page.getByTestId('report-outside-warning').count()).resolves.toBe(0);
    await page.locator('.leaflet-container').waitFor();
    await shot(page, 'report-02-ready-390');
    await expectAccessible(page, 'filled form with map');

    await page.getByTestId('report-submit').click(); // tap 4
    await page.getByTestId('report-saved').waitFor();
    await shot(page, 'report-03-saved-390');
    const [action] = await outbox(page);
    expect(action).toMatchObject({ kind: 'report', title: '随手拍：乱堆物料', method: 'POST', path: '/api/cases' });
    expect(action!.body).toEqual({ categoryKey: 'matter:06007', description: '乱堆物料（见照片）', lng: INSIDE.longitude, lat: INSIDE.latitude });
    expect(action!.photoBytes).toHaveLength(1);
    expect(action!.photoBytes[0]).toBeLessThanOrEqual(300_000);
    // The form is ready for the next report.
    expect(await page.getByTestId('report-description').inputValue()).toBe('');
    expect(await page.locator('.pp-item').count()).toBe(0);
    await context.close();
  });

  it('现场解决 by a searched category (pinyin initials) on a 360-wide phone', async () => {
    const { context, page } = await phone(360, 780);
    await page.goto(`${baseUrl}/#/report`);
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_20261203_102000.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText(/已压缩为 \d+ KB/).waitFor({ timeout: 60_000 });
    await page.getByTestId('report-gps').click();
    await page.getByTestId('report-category-search').fill('zdjy');
    await expect.poll(() => page.getByTestId('report-category-option').first().textContent()).toContain('占道经营');
    await shot(page, 'report-04-search-360');
    await page.getByTestId('report-category-option').first().click();
    await page.getByTestId('report-description').fill('文化路口流动摊贩占用人行道，已劝离');
    await page.locator('label.rp-switch').click();
    expect(await page.getByTestId('report-fix-on-spot').isChecked()).toBe(true);
    await shot(page, 'report-05-fix-on-spot-360');
    await expectAccessible(page, 'fix on spot');
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-saved').waitFor();
    const [action] = await outbox(page);
    expect(action!.body).toMatchObject({ categoryKey: 'matter:07001', description: '文化路口流动摊贩占用人行道，已劝离', fixOnSpot: true });
    await context.close();
  });

  it('flags a point outside my grids and does not save it', async () => {
    const { context, page } = await phone();
    await context.setGeolocation(OUTSIDE);
    await page.goto(`${baseUrl}/#/report`);
    await page.getByTestId('report-description').fill('路边有一处积水');
    await page.getByTestId('report-gps').click();
    await page.getByTestId('report-outside-warning').waitFor();
    await page.getByTestId('report-recent-category').nth(1).click();
    await page.getByTestId('report-submit').click();
    await shot(page, 'report-06-outside-390');
    await expectAccessible(page, 'outside warning');
    expect(await outbox(page)).toEqual([]);
    await context.close();
  });
});

describe('patrol on a phone', () => {
  it('records a walk while the worker keeps the page open, resumes after a reload, and queues start, points and stop', async () => {
    const { context, page } = await phone();
    await page.goto(`${baseUrl}/#/patrol`);
    await page.getByTestId('patrol-start').waitFor();
    await expect.poll(() => page.getByTestId('patrol-keep-open').textContent()).toContain('网页应用无法在后台记录轨迹：巡查时请保持本页打开、屏幕常亮');
    await shot(page, 'patrol-01-idle-390');
    // A walk east through the first grid into the second, a fix every 20 m.
    const walk = (i: number) => ({ longitude: 113.6803 + i * 0.00022, latitude: 34.7812, accuracy: 8 });
    await context.setGeolocation(walk(0));
    await page.getByTestId('patrol-start').click();
    await page.getByTestId('patrol-recording').waitFor();
    await expect.poll(() => page.getByText(/已记录 \d+ 个位置点/).textContent().catch(() => '')).toContain('已记录 1 个');
    for (let i = 1; i < 24; i++) {
      await context.setGeolocation(walk(i));
      await expect.poll(() => page.getByText(/已记录 \d+ 个位置点/).textContent().catch(() => '')).toContain(`已记录 ${i + 1} 个`);
    }
    await expect.poll(async () => (await outbox(page)).map((a) => a.kind)).toEqual(['patrolStart', 'patrolPoints']);
    await expect.poll(() => page.getByTestId('patrol-grids').textContent()).toContain('通信花园第二网格');
    await shot(page, 'patrol-02-running-390');
    await expectAccessible(page, 'patrol running');

    await page.reload();
    await page.getByTestId('patrol-recording').waitFor();
    await page.getByText('已恢复未结束的巡查').waitFor();
    await expect.poll(() => page.getByText(/已记录 \d+ 个位置点/).textContent()).toContain('已记录 24 个');

    await page.getByTestId('patrol-stop').click();
    await page.getByTestId('patrol-done').waitFor();
    expect(await page.getByTestId('patrol-recording').count()).toBe(0);
    await shot(page, 'patrol-03-stopped-390');
    const actions = await outbox(page);
    expect(actions.map((a) => a.kind)).toEqual(['patrolStart', 'patrolPoints', 'patrolPoints', 'patrolStop']);
    const uuid = /\/api\/field\/patrols\/([0-9a-f-]{36})$/.exec(actions[0]!.path)?.[1];
    expect(uuid).toBeTruthy();
    expect(actions[0]).toMatchObject({ method: 'PUT' });
    const seqs = actions.slice(1, 3).flatMap((a) => (a.body.points as { seq: number }[]).map((p) => p.seq));
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(actions[3]).toMatchObject({ method: 'POST', path: `/api/field/patrols/${uuid}/stop` });
    await context.close();
  });

  it('left the console clean', () => {
    expect(pageErrors).toEqual([]);
    expect(existsSync(path.join(OUT, 'report-02-ready-390.png'))).toBe(true);
  });
});

// The same screens in the built app against the real server with the demo street: 赵立新 reports
// with a photo where his phone says he stands (inside his grid) and walks a short patrol; the
// outbox sends both, and the server has the case with its photo and the ended patrol.
describe('against the real server', () => {
  let field: FieldSession;
  let page: Page;
  beforeAll(async () => {
    field = await openField('field-report');
    page = await field.phone('report phone');
    await fieldSignIn(page, 'gridworker', 'Report2026grid');
  }, 600_000);
  afterAll(() => field?.close());

  const api = <T>(path: string): Promise<T> => page.evaluate((p) => fetch(p).then((r) => r.json() as Promise<T>), path);

  it('sends a quick report with its photo', async () => {
    await page.goto('/m/report');
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_20261203_110500.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText(/已压缩为 \d+ KB/).waitFor({ timeout: 60_000 });
    // His phone stands in the middle of his first grid (the demo office, HERE, lies outside his grids).
    const snap = await api<{ grids: { name: string; geometry: { coordinates: number[][][] } }[] }>('/api/field/snapshot');
    const ring = snap.grids[0]!.geometry.coordinates[0]!;
    const mid = { longitude: ring.reduce((a, p) => a + p[0]!, 0) / ring.length, latitude: ring.reduce((a, p) => a + p[1]!, 0) / ring.length };
    await page.context().setGeolocation(mid);
    await page.getByTestId('report-gps').click();
    await expect.poll(() => page.getByTestId('report-place').textContent()).toContain(snap.grids[0]!.name);
    expect(await page.getByTestId('report-outside-warning').count()).toBe(0);
    await page.getByTestId('report-category-search').fill('zdjy');
    await page.getByTestId('report-category-option').first().click();
    await page.getByTestId('report-description').fill('花园路与农业路口东北角流动摊贩占道经营，影响行人通行');
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-saved').waitFor();
    await expect
      .poll(async () => (await api<{ items: { description: string }[] }>('/api/cases?queue=all&q=' + encodeURIComponent('农业路口东北角'))).items.length, { timeout: 30_000 })
      .toBe(1);
    const [found] = (await api<{ items: { id: number; categoryName: string }[] }>('/api/cases?queue=all&q=' + encodeURIComponent('农业路口东北角'))).items;
    expect(found!.categoryName).toContain('占道');
    const detail = await api<{ case?: { photos?: unknown[] }; photos?: unknown[] }>(`/api/cases/${found!.id}`);
    expect(JSON.stringify(detail)).toMatch(/photo/i);
  });

  it('sends a patrol: start, points, stop', async () => {
    await page.goto('/m/patrol');
    await page.getByTestId('patrol-start').click();
    await page.getByTestId('patrol-recording').waitFor();
    // The first fix is where he stands; only then does he walk (on a loaded machine the watch can
    // start after the next move, and that move would then be the first point).
    await expect.poll(() => page.getByText(/已记录 \d+ 个位置点/).textContent().catch(() => '')).toContain('已记录 1 个');
    for (let i = 1; i <= 3; i++) {
      await page.context().setGeolocation({ longitude: HERE.longitude + i * 0.0003, latitude: HERE.latitude, accuracy: 10 });
      await expect.poll(() => page.getByText(/已记录 \d+ 个位置点/).textContent().catch(() => '')).toContain(`已记录 ${i + 1} 个`);
    }
    await page.getByTestId('patrol-stop').click();
    await page.getByTestId('patrol-done').waitFor();
    await expect
      .poll(async () => (await api<{ items: { endedAt: string | null; distanceM: number | null }[] }>('/api/field/patrols')).items[0], { timeout: 30_000 })
      .toMatchObject({ endedAt: expect.any(String), distanceM: expect.any(Number) });
    expect(field.pageErrors).toEqual([]);
  });
});
