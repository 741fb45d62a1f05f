// The grid map in a real browser against the real server: the generated boundaries of 花园路街道,
// a click on a grid and its card (15-digit code, team), team editing with the 4-grid limit, the
// tiling check of the street, locating a point, importing boundaries, the base-map settings, and a
// split from the grid card with what moved.
import { writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUTPUT_DIR, openConsole, screenshotPath, type ConsoleSession } from './harness';
import { signInFirstTime } from './flows';

let session: ConsoleSession;
let page: Page;
let pageErrors: string[];

interface Feature {
  geometry: unknown;
  properties: { id: number; name: string; code: string | null; level: number; parentId: number | null; labelAt: [number, number] };
}

const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
};
const card = () => page.getByTestId('grid-card');

/** Calls the API from the page, with the session cookie and the CSRF token of the signed-in user. */
async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'X-CSRF-Token': me.csrfToken };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, url, body },
  ) as Promise<{ status: number; json: T }>;
}

/** Labels on the map, nearest to its centre first, with the centre of each on screen. */
async function visibleLabels(): Promise<{ id: string; name: string; x: number; y: number }[]> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const labels = await page.getByTestId('map-label').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute('data-id') ?? '', name: e.textContent ?? '', x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }),
  );
  // Away from the edges, the legend and the hover box.
  const inside = labels.filter((l) => Math.abs(l.x - centre.x) < box.width / 3 && Math.abs(l.y - centre.y) < box.height / 3);
  return inside.sort((a, b) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y));
}

async function streamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let features: Feature[] = [];
const gridIds = () => new Set(grids().map((g) => String(g.properties.id)));

/** Zooms in until grids carry their names, and answers the grid labels. */
async function zoomToGridLabels(): Promise<{ id: string; name: string; x: number; y: number }[]> {
  const ids = gridIds();
  const gridLabels = async () => (await visibleLabels()).filter((l) => ids.has(l.id));
  for (let i = 0; i < 5 && (await gridLabels()).length === 0; i++) {
    await page.locator('.leaflet-control-zoom-in').click();
    await page.waitForTimeout(500);
  }
  return gridLabels();
}
const grids = () => features.filter((f) => f.properties.level === 3);

beforeAll(async () => {
  session = await openConsole('map');
  ({ page, pageErrors } = session);
});

afterAll(() => session?.close());

describe('CivicGrid grid map', () => {
  it('names the deployment on the sign-in page (GET /api/site)', async () => {
    await page.goto('/login');
    await expect.poll(() => page.getByTestId('site-name').textContent()).toContain('花园路街道');
    await signInFirstTime(page, 'Huayuan2026map');
  });

  it('draws the boundaries of 花园路街道 with its communities and grids', async () => {
    await page.getByTestId('menu-map').click();
    await page.waitForURL(/\/map/);
    await page.getByTestId('map-legend').waitFor();
    await expect(page.getByTestId('map-mode').textContent()).resolves.toContain('离线底图');
    features = (await api<{ features: Feature[] }>('GET', '/api/geo/features')).json.features;
    expect(features.filter((f) => f.properties.level === 2)).toHaveLength(10);
    expect(grids().length).toBeGreaterThanOrEqual(40);
    // The side list holds every shape; the map labels the communities at the start.
    await expect(page.getByTestId('map-feature-tree').textContent()).resolves.toContain('花园路街道');
    await expect.poll(() => page.getByTestId('map-label').count()).toBeGreaterThanOrEqual(8);
    await expect(page.getByTestId('map-legend').textContent()).resolves.toMatch(/街道.*社区.*网格/);
    await shot('map-01-street');
  });

  it('opens the card of a grid clicked on the map', async () => {
    // The label sits on the grid's labelAt: a click there is a click inside that grid.
    const target = (await zoomToGridLabels())[0]!;
    const grid = grids().find((g) => String(g.properties.id) === target.id)!;
    await page.mouse.move(target.x, target.y);
    await expect.poll(() => page.getByTestId('map-hover').textContent()).toContain(grid.properties.name);
    await page.mouse.click(target.x, target.y);

    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toBe(grid.properties.name);
    await expect(page.getByTestId('grid-card-code').textContent()).resolves.toMatch(/^\d{15}$/);
    await expect(card().textContent()).resolves.toContain('GB/T 30428.1');
    // 户数 is the register's count for the grid, as the API answers it.
    const households = (await (await page.request.get(`/api/geo/nodes/${grid.properties.id}`)).json()).households as number;
    await expect(page.getByTestId('grid-card-households').textContent()).resolves.toBe(String(households));
    await expect(page.getByTestId('grid-card-area').textContent()).resolves.toMatch(/m²/);
    await expect(page.getByTestId('team-table').textContent()).resolves.toContain('网格长');
    await shot('map-02-grid-card');

    // 打印联系卡 opens the print-ready card; 导出 GeoJSON downloads the grid in GCJ-02.
    const href = await page.getByTestId('grid-card-contact').getAttribute('href');
    expect(href).toBe(`/api/geo/nodes/${grid.properties.id}/contact-card`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('grid-card-contact').click()]);
    await popup.waitForLoadState();
    await expect(popup.textContent('body')).resolves.toContain('便民服务联系卡');
    await popup.screenshot({ path: screenshotPath('map-02b-contact-card') });
    await popup.close();
    await page.getByTestId('grid-card-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.el-dropdown-menu__item:visible', { hasText: 'GCJ-02' }).click()]);
    expect(download.suggestedFilename()).toBe('grids-gcj02.geojson');
    const exported = JSON.parse(await streamText(await download.createReadStream())) as { features: Feature[] };
    expect(exported.features.map((f) => f.properties.id)).toEqual([grid.properties.id]);
  });

  it('adds and removes team members, and shows the 4-grid limit', async () => {
    const gridName = await page.getByTestId('grid-card-name').textContent();
    const current = grids().find((g) => g.properties.name === gridName)!;
    // 王卫东 already serves four other grids (seed 003: one person serves 2–4 grids).
    for (const other of grids().filter((g) => g !== current).slice(0, 4)) {
      const added = await api('POST', `/api/geo/nodes/${other.properties.id}/team`, { role: 'volunteer', name: '王卫东', phone: '13700001234' });
      expect(added.status).toBe(201);
    }
    const dialog = page.getByTestId('team-dialog');
    await page.getByTestId('team-add').click();
    await dialog.getByTestId('team-source').getByText('手动填写').click();
    await dialog.getByTestId('team-role').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '志愿者' }).click();
    await dialog.getByTestId('team-name').fill('王卫东');
    await dialog.getByTestId('team-phone').fill('13700001234');
    await dialog.getByTestId('team-submit').click();
    await expect.poll(() => dialog.getByTestId('team-error').textContent()).toContain('最多 4 个');
    await shot('map-03-team-limit');

    await dialog.getByTestId('team-name').fill('赵晓红');
    await dialog.getByTestId('team-phone').fill('13700005678');
    await dialog.getByTestId('team-submit').click();
    const row = page.getByTestId('team-table').locator('.el-table__row', { hasText: '赵晓红' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('志愿者');
    await row.getByTestId('team-remove').click();
    await page.locator('.el-popconfirm:visible .el-button--primary').click();
    await row.waitFor({ state: 'detached' });
  });

  it('checks the tiling of 花园路街道: complete', async () => {
    await page.getByTestId('grid-card-parent').click(); // the community
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toMatch(/社区$/);
    await page.getByTestId('grid-card-parent').click(); // the street
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toBe('花园路街道');
    await expect(page.getByTestId('grid-card-code').textContent()).resolves.toBe('410105002');
    await page.getByTestId('grid-card-tiling').click();
    await page.getByTestId('tiling-ok').waitFor();
    await expect(page.getByTestId('tiling-panel').textContent()).resolves.toContain('拼接完整，无缝隙无重叠');
    await shot('map-04-tiling');
    await page.getByTestId('tiling-back').click();
    await card().waitFor();
  });

  it('draws a gap of a community in red and lists it', async () => {
    // A grid redrawn as a small triangle around its label point leaves a gap in its community
    // (drawing grids one by one may leave gaps; overlaps would be refused).
    const community = features.filter((f) => f.properties.level === 2)[3]!;
    const grid = grids().find((g) => g.properties.parentId === community.properties.id)!;
    const [x, y] = grid.properties.labelAt;
    const d = 0.0002;
    const triangle = { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x, y + d], [x - d, y - d]]] };
    expect((await api('PUT', `/api/geo/nodes/${grid.properties.id}/geometry`, { geometry: triangle })).status).toBe(200);

    await page.getByTestId('grid-card-close').click();
    await page.getByTestId('map-list-filter').fill(community.properties.name);
    await page.getByTestId(`map-item-${community.properties.id}`).click();
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toBe(community.properties.name);
    await page.getByTestId('grid-card-tiling').click();
    const panel = page.getByTestId('tiling-panel');
    await panel.getByTestId('tiling-problems').waitFor();
    await expect(panel.getByTestId('tiling-list').textContent()).resolves.toContain('缝隙 1');
    await shot('map-05a-tiling-gap');
    await panel.getByTestId('tiling-back').click();
  });

  it('locates a typed point and a clicked point to their grid', async () => {
    await page.getByTestId('map-locate').click();
    const panel = page.getByTestId('locate-panel');
    // The label point of a grid in another community: inside that grid by construction.
    const grid = grids().find((g) => g.properties.parentId === features.filter((f) => f.properties.level === 2)[6]!.properties.id)!;
    const [lng, lat] = grid.properties.labelAt;
    await panel.getByTestId('locate-lat').fill(lat.toFixed(7));
    await panel.getByTestId('locate-lng').fill(lng.toFixed(7));
    await panel.getByTestId('locate-submit').click();
    await expect.poll(() => panel.getByTestId('locate-grid').textContent()).toBe(grid.properties.name);
    await expect(panel.getByTestId('locate-path').textContent()).resolves.toContain('花园路街道');
    const typed = grid.properties.name;
    await shot('map-05-locate');

    // A click on the map, where another grid's label is.
    const spot = (await zoomToGridLabels()).find((l) => l.name !== typed)!;
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(() => panel.getByTestId('locate-grid').textContent()).toBe(spot.name);
    await expect(panel.getByTestId('locate-path').textContent()).resolves.toContain('花园路街道');
    await panel.getByTestId('locate-open').click();
    await card().waitFor();
  });

  it('refuses a bad file and imports boundaries after a clean check', async () => {
    await page.getByTestId('map-import').click();
    const dialog = page.getByTestId('geo-import-dialog');
    await dialog.waitFor();
    const file = dialog.getByTestId('geo-import-file');

    await file.setInputFiles({ name: 'broken.geojson', mimeType: 'application/json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [') });
    await expect.poll(() => dialog.getByTestId('geo-import-file-error').textContent()).toContain('不是有效的 JSON');
    // From disk: a 21 MB buffer sent through the browser protocol outlasted the step's timeout.
    const hugePath = path.join(OUTPUT_DIR, 'map-huge.geojson');
    writeFileSync(hugePath, Buffer.alloc(21 * 1024 * 1024, 32));
    await file.setInputFiles(hugePath);
    await expect.poll(() => dialog.getByTestId('geo-import-file-error').textContent()).toContain('超过 20 MB');

    // The grids of one community, as exported, back in by code: matched, the tiling stays complete.
    const community = features.find((f) => f.properties.level === 2)!;
    const own = grids().filter((g) => g.properties.parentId === community.properties.id);
    const fc = { type: 'FeatureCollection', features: own.map((g) => ({ type: 'Feature', geometry: g.geometry, properties: { name: g.properties.name, code: g.properties.code } })) };
    const unclosed = structuredClone(fc) as { features: { geometry: { coordinates: number[][][] } }[] };
    unclosed.features[1]!.geometry.coordinates[0]!.pop();
    const unclosedPath = path.join(OUTPUT_DIR, 'map-unclosed.geojson');
    writeFileSync(unclosedPath, JSON.stringify(unclosed));
    const goodPath = path.join(OUTPUT_DIR, 'map-community.geojson');
    writeFileSync(goodPath, JSON.stringify(fc));

    await dialog.getByTestId('geo-import-parent').locator('.el-select__wrapper').click();
    await dialog.getByTestId('geo-import-parent').locator('input').fill(community.properties.name);
    await page.locator('.el-select-dropdown__item:visible', { hasText: community.properties.name }).first().click();
    await file.setInputFiles(unclosedPath);
    await expect.poll(() => dialog.getByTestId('geo-import-file-info').textContent()).toContain(`${own.length} 个要素`);
    await dialog.getByTestId('geo-import-check').click();
    await expect.poll(() => dialog.getByTestId('geo-import-error').textContent()).toContain('第 2 个要素');
    await shot('map-06-import-invalid');

    await file.setInputFiles(goodPath);
    await dialog.getByTestId('geo-import-check').click();
    const report = dialog.getByTestId('geo-import-report');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('检查通过');
    await expect(report.textContent()).resolves.toContain(String(own.length));
    await shot('map-07-import-report');
    await dialog.getByTestId('geo-import-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toBe(community.properties.name);

    // A file whose first grid repeats the second: an overlap and a gap. It can only be kept as a draft.
    const broken = structuredClone(fc);
    broken.features[0]!.geometry = broken.features[1]!.geometry;
    const brokenPath = path.join(OUTPUT_DIR, 'map-overlap.geojson');
    writeFileSync(brokenPath, JSON.stringify(broken));
    await page.getByTestId('map-import').click();
    await expect.poll(() => dialog.getByTestId('geo-import-parent').textContent()).toContain(community.properties.name);
    await file.setInputFiles(brokenPath);
    await dialog.getByTestId('geo-import-check').click();
    await expect.poll(() => report.textContent()).toContain('拼接不完整');
    await expect(dialog.getByTestId('geo-import-submit').count()).resolves.toBe(0);
    await shot('map-07b-import-broken');
    await dialog.getByTestId('geo-import-draft').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message', { hasText: '已保存为草稿' }).waitFor();
    const drafts = (await api<{ features: Feature[] }>('GET', '/api/geo/features?includeDrafts=true')).json.features;
    expect(drafts.length).toBe(features.length + own.length);
    await page.getByTestId('grid-card-close').click();
    await page.getByTestId('map-drafts').click();
    await expect.poll(() => page.getByTestId('map-side').textContent()).toContain(`共 ${drafts.length} 个区域`);
    await shot('map-07c-drafts');
    await page.getByTestId('map-drafts').click();
    await expect.poll(() => page.getByTestId('map-side').textContent()).toContain(`共 ${features.length} 个区域`);
  });

  it('shows the base-map settings with the offline explanation', async () => {
    await page.getByTestId('map-settings').click();
    const dialog = page.getByTestId('map-settings-dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('离线模式');
    await dialog.getByTestId('map-settings-mode').getByText('在线瓦片').click();
    await dialog.getByText('天地图（WGS-84）').click();
    await dialog.getByTestId('map-settings-save').click();
    await expect.poll(() => dialog.textContent()).toContain('换成您的密钥');
    await shot('map-08-settings');
    await dialog.getByTestId('map-settings-mode').getByText('离线（不加载瓦片）').click();
    await dialog.getByTestId('map-settings-save').click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('switches the map to English', async () => {
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('Grid');
    await expect(page.getByTestId('map-side').textContent()).resolves.toContain(`${features.length} areas`);
    const grid = grids()[0]!;
    await page.getByTestId('map-list-filter').fill(grid.properties.name);
    await page.getByTestId(`map-item-${grid.properties.id}`).click();
    await expect.poll(() => page.getByTestId('team-table').textContent()).toContain('Grid leader');
    await expect(page.getByTestId('grid-card-households').textContent()).resolves.toMatch(/^\d+$/);
    await shot('map-09-english');
    await page.getByTestId('lang-zh-CN').click();
  });

  it('splits a grid from its card and shows in Chinese what moved with it', async () => {
    // A grid 王卫东 serves (he serves four): the second piece would be his fifth, so the dialog says so.
    let grid: Feature | undefined;
    for (const g of grids()) {
      const team = (await api<{ items: Array<{ name: string }> }>('GET', `/api/geo/nodes/${g.properties.id}/team`)).json.items;
      if (team.some((m) => m.name === '王卫东')) {
        grid = g;
        break;
      }
    }
    expect(grid).toBeDefined();
    await page.getByTestId('grid-card-close').click();
    await page.getByTestId('map-list-filter').fill(grid!.properties.name);
    await page.getByTestId(`map-item-${grid!.properties.id}`).click();
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toBe(grid!.properties.name);
    await page.getByTestId('grid-card-split').click();
    const dialog = page.getByTestId('redraw-dialog');
    await expect.poll(() => dialog.getByTestId('redraw-name-0').inputValue()).toBe(`${grid!.properties.name}西片`);
    await dialog.getByTestId('redraw-submit').click();
    const result = dialog.getByTestId('redraw-result');
    await result.waitFor();
    await expect(result.getByTestId('redraw-moved').textContent()).resolves.toMatch(/楼栋.*网格团队成员/);
    await expect(result.getByTestId('redraw-fallback').textContent()).resolves.toContain('无位置的记录归入');
    await expect(result.getByTestId('redraw-not-carried').textContent()).resolves.toContain('王卫东');
    await shot('map-10-split-result');
    await dialog.getByTestId('redraw-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('grid-card-name').textContent()).toMatch(/[西东]片$/);
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
