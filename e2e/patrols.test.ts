// 巡查轨迹 in a real browser: two grid workers of 通信花园社区 walk (one stops, one is still out) and
// one reports a case kept on the phone for a while; the street's leader 孙志强 sees both tracks and
// last positions on the grid map (running and ended told apart, the layer toggled off and on) and on
// the command board's map, and the report's phone time beside its received time in the case list.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';
import { signInAs } from './flows';

const NEW_PASSWORD = 'Huayuan2026patrol';
let session: ConsoleSession;
const pages: Record<string, Page> = {};
let caseNumber = '';
let phoneClock = '';

/** A JSON call as the signed-in user of the page, with its CSRF token and an Idempotency-Key. */
async function api<T>(page: Page, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
  return page.evaluate(
    async ([method, path, body, extra]) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken, 'Idempotency-Key': crypto.randomUUID(), ...extra };
      const res = await fetch(path as string, { method: method as string, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    [method, path, body, extra] as const,
  );
}

/** A walk of `n` points from `from`, about 22 m a step going north-east, the last one a few seconds ago. */
function walk(from: [number, number], n: number, startSeq = 0) {
  return Array.from({ length: n }, (_, i) => ({
    seq: startSeq + i,
    at: new Date(Date.now() - (n - i) * 5000).toISOString(),
    lng: from[0] + (startSeq + i) * 0.0002,
    lat: from[1] + (startSeq + i) * 0.0001,
    accuracy: 6,
  }));
}

/** Hours and minutes as the console shows them (Asia/Shanghai). */
const hhmm = (at: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
};

const tracks = (page: Page) => page.locator('path.cg-patrol-track');
const worker = (page: Page, name: string) => page.getByTestId('patrol-worker').filter({ hasText: name });

/** A click on a worker's last position shows their walks of today whole. */
async function zoomTo(page: Page, name: string): Promise<void> {
  const dot = page.locator(`path.cg-patrol-last--${name === '陈静' ? 'running' : 'ended'}`);
  await dot.scrollIntoViewIfNeeded();
  const before = await page.locator('.leaflet-control-scale-line').textContent();
  await dot.click();
  await expect.poll(() => page.locator('.leaflet-control-scale-line').textContent()).not.toBe(before);
  await worker(page, name).waitFor();
  await page.waitForTimeout(400);
}

beforeAll(async () => {
  session = await openConsole('patrols');
});

afterAll(() => session?.close());

describe('CivicGrid patrols on the map and the board', () => {
  it('two grid workers walk today: 赵立新 stops, 陈静 is still out; 赵立新 reports a case kept on his phone', async () => {
    pages.gridworker = await signInAs(session, 'gridworker', NEW_PASSWORD);
    pages.gridworkerb = await signInAs(session, 'gridworkerb', NEW_PASSWORD);
    const gw = pages.gridworker;
    const grids = await api<{ features: { properties: { name: string; labelAt: [number, number] } }[] }>(gw, 'GET', '/api/geo/features?crs=wgs84');
    const start = grids.features.find((f) => f.properties.name === '通信花园社区第一网格')!.properties.labelAt;

    const ended = randomUUID();
    await api(gw, 'PUT', `/api/field/patrols/${ended}`, { startedAt: new Date(Date.now() - 120_000).toISOString() });
    await api(gw, 'POST', `/api/field/patrols/${ended}/points`, { points: walk(start, 8) });
    const stop = await api<{ distanceM: number }>(gw, 'POST', `/api/field/patrols/${ended}/stop`, { endedAt: new Date().toISOString() });
    expect(stop.distanceM).toBeGreaterThan(100);

    const running = randomUUID();
    const other: [number, number] = [start[0] - 0.0015, start[1] - 0.0008];
    await api(pages.gridworkerb, 'PUT', `/api/field/patrols/${running}`, { startedAt: new Date(Date.now() - 60_000).toISOString() });
    await api(pages.gridworkerb, 'POST', `/api/field/patrols/${running}/points`, { points: walk(other, 5) });

    // Written on the phone 40 minutes ago, sent now (the outbox's X-Client-Time).
    const phoneAt = new Date(Date.now() - 40 * 60_000);
    phoneClock = hhmm(phoneAt);
    const meta = await api<{ categories: { key: string; name: string }[] }>(gw, 'GET', '/api/cases/meta');
    const categoryKey = meta.categories.find((c) => c.name === '污水井盖异常')!.key;
    const report = await api<{ case: { number: string } }>(gw, 'POST', '/api/cases', { categoryKey, description: '巡查中发现井盖破损（离线保存后补发）', lng: start[0], lat: start[1] }, { 'X-Client-Time': phoneAt.toISOString() });
    caseNumber = report.case.number;

    // A grid worker has no live view to read: no toggle on the map.
    await gw.goto('/map');
    await gw.getByTestId('map-legend').waitFor();
    expect(await gw.getByTestId('map-patrols').count()).toBe(0);
    expect(await tracks(gw).count()).toBe(0);
  });

  it('the leader sees both tracks and last positions on the map, running and ended told apart', async () => {
    const leader = (pages.leader = await signInAs(session, 'leader', NEW_PASSWORD));
    await leader.getByTestId('menu-map').click();
    await leader.waitForURL(/\/map/);
    // On by default for a supervisor.
    await expect.poll(() => leader.getByTestId('map-patrols').locator('input').isChecked()).toBe(true);
    await expect.poll(() => tracks(leader).count()).toBe(2);
    await expect(leader.locator('path.cg-patrol-track--running').count()).resolves.toBe(1);
    await expect(worker(leader, '赵立新').getAttribute('data-state')).resolves.toBe('ended');
    await expect(worker(leader, '陈静').getAttribute('data-state')).resolves.toBe('running');
    await expect(leader.locator('path.cg-patrol-last--running').count()).resolves.toBe(1);
    await expect(leader.getByTestId('map-legend').textContent()).resolves.toContain('巡查中');

    await zoomTo(leader, '赵立新');
    // The track's tooltip: who, from when to when, how far.
    const line = (await leader.locator('path.cg-patrol-track:not(.cg-patrol-track--running)').boundingBox())!;
    await leader.mouse.move(line.x + line.width / 2, line.y + line.height / 2);
    await expect.poll(() => leader.getByTestId('patrol-track-tip').textContent()).toMatch(/^赵立新 · \d\d:\d\d–\d\d:\d\d · \d+ 米$/);
    await shot(leader, 'patrols-01-map');

    // Off: gone (and no more asking); on again: back.
    await leader.getByTestId('map-patrols').click();
    await expect.poll(() => tracks(leader).count()).toBe(0);
    await expect(leader.getByTestId('map-legend').textContent()).resolves.not.toContain('巡查中');
    await leader.getByTestId('map-patrols').click();
    await expect.poll(() => tracks(leader).count()).toBe(2);
  });

  it('the board shows the same layer on its map and the phone’s time beside the received time', async () => {
    const leader = pages.leader!;
    await leader.goto('/board');
    await expect.poll(() => leader.getByTestId('board-live').textContent()).toContain('实时');
    await expect.poll(() => tracks(leader).count()).toBe(2);
    await expect(worker(leader, '陈静').getAttribute('data-state')).resolves.toBe('running');
    const row = leader.getByTestId(`board-case-${caseNumber}`);
    // The board dates a time of another day (MM-DD HH:mm): 40 minutes before a report made just after
    // midnight in Shanghai is yesterday's.
    await expect.poll(() => row.getByTestId('board-phone-time').textContent()).toMatch(new RegExp(`^手机 (\\d{2}-\\d{2} )?${phoneClock}$`));
    await shot(leader, 'patrols-02-board');
    await zoomTo(leader, '陈静');
    await shot(leader, 'patrols-03-board-zoomed');
    // The board's toggle hides the layer there too.
    await leader.getByTestId('board-patrols').click();
    await expect.poll(() => tracks(leader).count()).toBe(0);
  });

  it('keeps the console clean', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
