// 代办统计 in a real browser: the demo street's 代办员 (刘芳, 通信花园社区) files three requests for residents
// of the register and one is terminated; the figures page counts them per item and per grid (with the
// community and street totals), draws the bar chart and hands out the Excel file. At 1366×768.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';
import { signInAs } from './flows';

let session: ConsoleSession;
let page: Page;

/** A JSON call as the signed-in user of the page (with its CSRF token), for set-up steps only. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([method, path, body]) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken };
      const res = await fetch(path as string, { method: method as string, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    [method, path, body] as const,
  );
}
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
/** The signed-in page (session.shot photographs the session's first, signed-out page). */
const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
};
const rows = () => page.locator('[data-testid="proxy-figures-table"] .el-table__body .el-table__row');

beforeAll(async () => {
  session = await openConsole('proxy-figures');
  page = await signInAs(session, 'proxy', 'Jiayuan2026fig');
  await page.setViewportSize({ width: 1366, height: 768 });
});
afterAll(() => session?.close());

describe('代办统计', () => {
  it('counts the requests filed today per item, with the totals, a chart and the Excel file', async () => {
    const persons = (await api<{ items: { id: number }[] }>('GET', '/api/register/persons?pageSize=3')).items;
    expect(persons.length).toBe(3);
    const items = (await api<{ items: { id: number; name: string }[] }>('GET', '/api/proxy/items?pageSize=2')).items;
    const filed: number[] = [];
    for (const [i, p] of persons.entries()) {
      filed.push((await api<{ id: number }>('POST', '/api/proxy/requests', { itemId: items[i % 2]!.id, personId: p.id, description: '老人行动不便，委托代办' })).id);
    }
    await api('POST', `/api/proxy/requests/${filed[2]}/actions/terminate`, { reason: '居民已自行办理' });

    await page.getByTestId('menu-proxy-figures').click();
    await page.waitForURL(/\/proxy-figures$/);
    await poll(() => rows().count()).toBe(2);
    const summary = page.getByTestId('proxy-figures-summary');
    await poll(() => summary.textContent()).toContain('3受理数');
    await expect(page.getByTestId('proxy-figures-table').textContent()).resolves.toContain(items[0]!.name);
    await expect(page.locator('[data-testid="proxy-figures-chart"] canvas').count()).resolves.toBe(1);
    await shot('proxy-figures-1-items');

    await page.getByTestId('proxy-figures-by').getByText('按网格').click();
    await poll(() => page.getByTestId('proxy-figures-table').textContent()).toContain('通信花园社区');
    await expect(page.getByTestId('proxy-figures-table').textContent()).resolves.toContain('社区合计');
    await shot('proxy-figures-2-grids');
    await page.getByTestId('proxy-figures-table').scrollIntoViewIfNeeded();
    await page.getByTestId('proxy-figures-table').screenshot({ path: screenshotPath('proxy-figures-3-grid-table') });

    const download = page.waitForEvent('download');
    await page.getByTestId('proxy-figures-export').click();
    expect((await download).suggestedFilename()).toMatch(/代办统计.*\.xlsx$/);
  });

  it('kept the console clean', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
