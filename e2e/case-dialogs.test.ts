// The case loop's side paths, clicked through their dialogs in real browsers against the demo
// street: the handler 马涛 returns a mis-dispatch (退回); the dispatcher 李建国 dispatches it again;
// the handler asks for more time (申请延期) and the dispatcher denies, then approves it; the
// dispatcher brings in the district's 金水区市政工程管理中心 (协办); the dispatcher suspends the case (挂账) and resumes it
// (恢复办理), then escalates it to the street (上报上级). A second case is closed, the grid worker
// 赵立新 rates it 不满意 on a phone-sized screen (390×844) and the dispatcher reopens it (重新办理).
// Only the set-up steps that other browser tests already click (report, register, dispatch,
// accept, handle, verify) go through the API here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { gradientPng } from '../server/src/seed/gradient-png';
import { PHONE, expectFitsPhone, signInAs } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
const pages: Record<string, Page> = {};
const NEW_PASSWORD = 'Dialogs2026case';
const DESKTOP = { width: 1440, height: 1000 };

let caseA = 0;
let caseB = 0;

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const caseState = (page: Page) => page.getByTestId('case-state').textContent();

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

async function signIn(username: string, opts: BrowserContextOptions = { viewport: DESKTOP }): Promise<Page> {
  const page = await signInAs(session, username, NEW_PASSWORD, opts);
  // Generous: three people's browsers and the server share a busy machine.
  page.setDefaultTimeout(30_000);
  pages[username] = page;
  return page;
}

/** A JSON call as the signed-in user of the page (with its CSRF token), for set-up steps only. */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([method, path, body]) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken, 'Idempotency-Key': crypto.randomUUID() };
      const res = await fetch(path as string, { method: method as string, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    [method, path, body] as const,
  );
}

const act = (page: Page, caseId: number, action: string, body: Record<string, unknown> = {}) => api(page, 'POST', `/api/cases/${caseId}/actions/${action}`, body);

async function uploadPhoto(page: Page): Promise<number> {
  const bytes = [...gradientPng(64, 48)];
  return page.evaluate(async (bytes) => {
    const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
    const res = await fetch('/api/cases/photos', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-CSRF-Token': me.csrfToken }, body: new Uint8Array(bytes) });
    return ((await res.json()) as { id: number }).id;
  }, bytes);
}

/** A report in grid 1 by the grid worker, registered and dispatched to the street's 城管 by the dispatcher. */
async function dispatchedCase(description: string): Promise<number> {
  const gw = pages.gridworker!;
  const d = pages.dispatcher!;
  const meta = await api<{ categories: { key: string; name: string }[] }>(gw, 'GET', '/api/cases/meta');
  const categoryKey = meta.categories.find((c) => c.name === '污水井盖异常')!.key;
  const grids = await api<{ features: { properties: { name: string; labelAt: [number, number] } }[] }>(gw, 'GET', '/api/geo/features?crs=wgs84&rootId=12');
  const [lng, lat] = grids.features.find((f) => f.properties.name === '通信花园社区第一网格')!.properties.labelAt;
  const answer = await api<{ case: { id: number } }>(gw, 'POST', '/api/cases', { categoryKey, description, lng, lat, address: '通信花园5号楼北侧' });
  const id = answer.case.id;
  await act(d, id, 'register');
  await act(d, id, 'dispatch', { unit: await cityManagement() });
  return id;
}

async function cityManagement(): Promise<string> {
  const units = await api<{ items: { key: string; name: string }[] }>(pages.dispatcher!, 'GET', `/api/case-config/units?q=${encodeURIComponent('城市管理')}`);
  return units.items.find((u) => u.name === '花园路街道城市管理办公室')!.key;
}

/** Opens the step's dialog from the case page's action bar. */
async function openAction(page: Page, action: string) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.el-dialog:visible', { has: page.getByTestId('action-submit') });
  await dialog.waitFor();
  return dialog;
}

/** The texts of the open dropdown's options. */
const visibleOptions = (page: Page) => page.locator('.el-select-dropdown__item:visible').allTextContents();

/** Types into a unit select and waits for the search's answer (a click on the list being replaced may land on another option). */
async function searchUnits(page: Page, select: Locator, query: string): Promise<void> {
  const answered = page.waitForResponse((res) => res.url().includes(`/api/case-config/units?q=${encodeURIComponent(query)}`));
  await select.locator('input').fill(query);
  await answered;
}

/** Picks a unit in a unit select by searching for it; the select then shows it as chosen. */
async function pickUnit(page: Page, select: Locator, query: string, name: string): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  await searchUnits(page, select, query);
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
  await poll(async () => (await select.textContent()) ?? '').toContain(name);
}

async function openCase(page: Page, id: number): Promise<void> {
  await page.goto(`/cases/${id}`);
  await page.getByTestId('case-state').waitFor();
}

/** Types a date (YYYY-MM-DD) into an Element Plus date picker and closes its panel. */
async function pickDate(page: Page, dialog: ReturnType<Page['locator']>, date: string): Promise<void> {
  const input = dialog.locator('.el-date-editor input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  // Not Escape: that would close the step's dialog too.
  await page.locator('.el-dialog:visible .el-dialog__title').first().click();
}

/** A date n days after today in Asia/Shanghai. */
function daysAhead(n: number): string {
  const today = new Date(Date.now() + 8 * 3600_000);
  today.setUTCDate(today.getUTCDate() + n);
  return today.toISOString().slice(0, 10);
}

// Building the console and starting a seeded server can be slow on a busy machine.
beforeAll(async () => {
  session = await openConsole('case-dialogs');
}, 600_000);

afterAll(() => session?.close());

describe('case dialogs: the side paths of the loop, clicked', () => {
  it('the grid worker (on a phone), the dispatcher and the handler sign in; a case is dispatched to 城管', async () => {
    await signIn('gridworker', PHONE);
    await signIn('dispatcher');
    await signIn('handler');
    caseA = await dispatchedCase('通信花园5号楼北侧雨水篦子被杂物堵塞，下雨时路面积水约二十厘米。');
  }, 300_000);

  it('the handler returns a mis-dispatch (退回) with a reason', async () => {
    const h = pages.handler!;
    await openCase(h, caseA);
    await poll(() => caseState(h)).toBe('已派遣');
    const dialog = await openAction(h, 'return');
    // The reason is required: the server says so inside the dialog.
    await dialog.getByTestId('action-submit').click();
    await poll(() => dialog.getByTestId('action-error').isVisible()).toBe(true);
    await dialog.getByTestId('action-reason').fill('雨水篦子属市政排水设施，不在城管办职责范围，请改派市政。');
    await shot(h, 'dialogs-01-return');
    await dialog.getByTestId('action-submit').click();
    // Returned, the case leaves the handler's unit: the dispatcher sees it with the reason.
    const d = pages.dispatcher!;
    await openCase(d, caseA);
    await poll(() => caseState(d)).toBe('已退回');
    await expect(d.getByTestId('case-timeline').textContent()).resolves.toContain('请改派市政');
  });

  it('the dispatcher dispatches it again, and the handler accepts it', async () => {
    const d = pages.dispatcher!;
    await openCase(d, caseA);
    await poll(() => caseState(d)).toBe('已退回');
    const dialog = await openAction(d, 'dispatch');
    await pickUnit(d, dialog.getByTestId('action-unit'), '城市管理', '花园路街道城市管理办公室');
    await dialog.getByTestId('action-submit').click();
    await poll(() => caseState(d)).toBe('已派遣');

    const h = pages.handler!;
    await openCase(h, caseA);
    const accept = await openAction(h, 'accept');
    await accept.getByTestId('action-submit').click();
    await poll(() => caseState(h)).toBe('处置中');
  });

  it('the handler asks for more time (申请延期); the dispatcher denies it, then approves a second request', async () => {
    const h = pages.handler!;
    const d = pages.dispatcher!;
    let dialog = await openAction(h, 'requestExtension');
    await pickDate(h, dialog, daysAhead(10));
    await dialog.getByTestId('action-reason').fill('需协调市政断水后施工，预计十个工作日。');
    await shot(h, 'dialogs-02-request-extension');
    await dialog.getByTestId('action-submit').click();
    await poll(async () => (await h.getByTestId('case-actions').textContent()) ?? '').not.toContain('申请延期');

    await openCase(d, caseA);
    await poll(() => d.getByText(daysAhead(10)).count()).toBeGreaterThan(0);
    dialog = await openAction(d, 'denyExtension');
    await dialog.getByTestId('action-reason').fill('积水影响通行，不宜延期，请先临时疏通。');
    await dialog.getByTestId('action-submit').click();
    await poll(() => d.getByTestId('action-denyExtension').count()).toBe(0);
    await expect(d.getByTestId('case-timeline').textContent()).resolves.toContain('驳回延期');

    await openCase(h, caseA);
    dialog = await openAction(h, 'requestExtension');
    await pickDate(h, dialog, daysAhead(5));
    await dialog.getByTestId('action-reason').fill('已临时疏通，彻底清掏需五天。');
    await dialog.getByTestId('action-submit').click();

    await openCase(d, caseA);
    const before = (await d.getByTestId('case-deadline').textContent()) ?? '';
    dialog = await openAction(d, 'approveExtension');
    await shot(d, 'dialogs-03-approve-extension');
    await dialog.getByTestId('action-submit').click();
    await poll(() => d.getByTestId('action-approveExtension').count()).toBe(0);
    await expect(d.getByTestId('case-timeline').textContent()).resolves.toContain('批准延期');
    await poll(async () => (await d.getByTestId('case-deadline').textContent()) ?? '').not.toBe(before);
  });

  it('the dispatcher brings in a coordinating unit (协办) of the district', async () => {
    // The district's 市政 centre serves the street: the dispatcher sees it, the street's 城管 handler does not.
    const h = pages.dispatcher!;
    await openCase(h, caseA);
    const dialog = await openAction(h, 'coordinate');
    const units = dialog.getByTestId('action-units');
    // The street's 城管 handles the case: it is no 协办 choice (the server would refuse it).
    await units.locator('.el-select__wrapper').click();
    await searchUnits(h, units, '城市管理');
    expect(await visibleOptions(h)).not.toContain('花园路街道城市管理办公室');
    await pickUnit(h, units, '市政', '金水区市政工程管理中心');
    // Closes the dropdown (Escape would close the dialog too).
    await dialog.locator('.el-dialog__title').click();
    await dialog.getByTestId('action-reason').fill('需市政中心配合开启检查井清掏。');
    await shot(h, 'dialogs-04-coordinate');
    const answer = h.waitForResponse((res) => res.url().endsWith(`/api/cases/${caseA}/actions/coordinate`));
    await dialog.getByTestId('action-submit').click();
    expect((await answer).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => h.getByText('金水区市政工程管理中心').count()).toBeGreaterThan(0);
    await expect(h.getByTestId('case-timeline').textContent()).resolves.toContain('协办');
  });

  it('the dispatcher suspends the case (挂账) with a review date, and resumes it (恢复办理)', async () => {
    const d = pages.dispatcher!;
    await openCase(d, caseA);
    let dialog = await openAction(d, 'suspend');
    await pickDate(d, dialog, daysAhead(30));
    await dialog.getByTestId('action-reason').fill('待汛期结束后统一改造排水管网。');
    await shot(d, 'dialogs-05-suspend');
    await dialog.getByTestId('action-submit').click();
    await poll(() => caseState(d)).toBe('挂账');
    await expect(d.getByTestId('case-unit').textContent()).resolves.toBe('—');

    dialog = await openAction(d, 'resume');
    await dialog.getByTestId('action-submit').click();
    await poll(() => caseState(d)).toBe('已立案');
  });

  it('the dispatcher escalates it to the street (上报上级)', async () => {
    const d = pages.dispatcher!;
    const before = await api<{ holder: { level: number; name: string } }>(d, 'GET', `/api/cases/${caseA}`);
    const dialog = await openAction(d, 'escalate');
    await dialog.getByTestId('action-reason').fill('涉及跨社区管网，社区无力解决，提请街道协调。');
    await dialog.getByTestId('action-submit').click();
    await poll(async () => (await d.getByTestId('case-timeline').textContent()) ?? '').toContain('上报上级');
    const after = await api<{ holder: { level: number; name: string }; escalationCount: number; state: string }>(d, 'GET', `/api/cases/${caseA}`);
    expect(after.holder.level).toBeLessThan(before.holder.level);
    expect(after.escalationCount).toBe(1);
    expect(after.state).toBe('registered');
    await d.setViewportSize({ width: 1440, height: 1600 });
    await shot(d, 'dialogs-06-escalated');
    await d.setViewportSize(DESKTOP);
  });

  it('on a phone, the grid worker rates a closed case 不满意 and the dispatcher reopens it (重新办理)', async () => {
    const gw = pages.gridworker!;
    const h = pages.handler!;
    const d = pages.dispatcher!;
    caseB = await dispatchedCase('通信花园2号楼东侧绿化带内堆放装修垃圾，散发异味。');
    await act(h, caseB, 'accept');
    await act(h, caseB, 'handle', { note: '已清运装修垃圾两车。' });
    await act(gw, caseB, 'verifyPass', { photos: [await uploadPhoto(gw)], note: '现场已清理。' });

    // The report page and the case page as the grid worker's phone shows them.
    await gw.goto('/cases/new');
    await gw.getByTestId('report-form').waitFor();
    await expectFitsPhone(gw, 'the report form');
    await shot(gw, 'dialogs-07-phone-report');

    await openCase(gw, caseB);
    await poll(() => caseState(gw)).toBe('已结案');
    await expectFitsPhone(gw, 'the closed case');
    const dialog = await openAction(gw, 'rate');
    await dialog.getByTestId('action-rating').getByText('不满意').click();
    await dialog.locator('textarea').first().fill('垃圾清了，但绿化带被压坏没有恢复。');
    await shot(gw, 'dialogs-08-phone-rate');
    await dialog.getByTestId('action-submit').click();
    await poll(async () => (await gw.getByTestId('case-timeline').textContent()) ?? '').toContain('不满意');
    await expectFitsPhone(gw, 'the rated case');
    await shot(gw, 'dialogs-09-phone-rated');

    await openCase(d, caseB);
    const reopen = await openAction(d, 'reopen');
    await reopen.getByTestId('action-reason').fill('居民不满意：绿化带未恢复，重新派遣处置。');
    await reopen.getByTestId('action-submit').click();
    await poll(() => caseState(d)).toBe('已立案');
    await expect(d.getByTestId('case-timeline').textContent()).resolves.toContain('重新办理');
    await expect(d.getByTestId('case-unit').textContent()).resolves.toBe('—');
  });

  it('kept the console clean throughout', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
