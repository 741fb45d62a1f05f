// The administrator's case settings in the browser against the real server with the demo street:
// the 处置 limit of 社会事务·邻里纠纷 for 一般 priority becomes 3 working days; a routing rule sends
// 邻里纠纷 in 通信花园社区 to the estate's property office and 试一试 proposes it for a grid there; a
// custom holiday goes on the 2026 calendar; 2027 shows its holidays computed from the statutory rule
// as provisional (暂定) until its notice is imported, 2028 is confirmed, and the header warns while
// any of the next 60 days is provisional; a webhook is created and its secret shown once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { signInFirstTime } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let page: Page;
let pageErrors: string[];

const NEIGHBOUR_DISPUTE = 'social:S01'; // 社会事务 · 邻里纠纷
const PROPERTY_OFFICE = '纬五路13号院物业服务中心';
const ROUTING_NOTE = '纬五路13号院内的邻里纠纷先由物业调解';

const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(`case-config-${name}`), fullPage: true });
};
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Opens a select, types when it filters, and clicks the visible option whose text matches. */
async function pick(select: Locator, option: string | RegExp, query?: string): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  if (query !== undefined) await select.locator('input').fill(query);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The text box of an Element Plus input: el-input puts the test id on the <input> itself. */
async function typeInto(field: Locator, text: string): Promise<void> {
  const isBox = ['INPUT', 'TEXTAREA'].includes(await field.evaluate((e) => e.tagName));
  await (isBox ? field : field.locator('input, textarea').first()).fill(text);
}

/**
 * The header warns exactly while the server counts provisional days among the next 60 (from the
 * real today, so the test asks the server rather than assuming a date).
 */
async function expectHeaderNotice(): Promise<void> {
  const outlook = await page.evaluate(() => fetch('/api/case-config/calendar/outlook').then((r) => r.json() as Promise<{ provisionalDays: number; provisionalFrom: string | null }>));
  const notice = page.getByTestId('calendar-notice');
  if (outlook.provisionalDays === 0) return void (await notice.waitFor({ state: 'hidden' }));
  await notice.waitFor();
  await notice.hover();
  await poll(() => page.getByTestId('calendar-notice-text').textContent()).toContain(`${outlook.provisionalDays} 天（自 ${outlook.provisionalFrom} 起）`);
  await page.mouse.move(0, 0);
}

async function openArea(path: string): Promise<void> {
  await page.getByTestId(`menu-${path}`).click();
  await page.waitForURL(new RegExp(`/${path}$`));
}

beforeAll(async () => {
  session = await openConsole('case-config');
  ({ page, pageErrors } = session);
});

afterAll(() => session?.close());

// A failed step leaves a picture of the page behind, for the one who reads the failure.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await page.screenshot({ path: screenshotPath(`case-config-failed-${task.name.slice(0, 30)}`), fullPage: true }).catch(() => {});
});

describe('CivicGrid case settings', () => {
  it('signs in as the demo admin', async () => {
    await signInFirstTime(page, 'Huayuan2026cases');
  });

  it('sets the 处置 limit of 邻里纠纷 at 一般 priority to 3 working days', async () => {
    await openArea('case-config/categories');
    await page.getByTestId('category-kind').locator('label', { hasText: '社会事务' }).click();
    const cell = page.getByTestId(`category-limits-${NEIGHBOUR_DISPUTE}`);
    await poll(() => cell.textContent()).toContain('处置72小时');
    await page.getByTestId(`category-edit-${NEIGHBOUR_DISPUTE}`).click();
    const drawer = page.getByTestId('category-drawer');
    await drawer.waitFor();
    const handle = drawer.getByTestId('limit-normal-handle');
    await pick(handle.locator('.el-select'), '工作日');
    const amount = handle.locator('.el-input-number input');
    // More than a year of working days: the server's check answers, shown above the form.
    await amount.fill('400');
    await amount.press('Tab');
    await drawer.getByTestId('category-save').click();
    await poll(() => drawer.getByTestId('category-problem').textContent()).toContain('一般 · 处置');
    expect(await drawer.getByTestId('category-problem').textContent()).toContain('不超过一年');
    await shot('01-limits-problem');
    await amount.fill('3');
    await amount.press('Tab');
    await shot('01-limits-drawer');
    await drawer.getByTestId('category-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await poll(() => cell.textContent()).toContain('处置3工作日');
    const row = page.getByTestId('categories-table').locator('.el-table__row', { hasText: '邻里纠纷' });
    expect(await row.textContent()).toContain('已调整');
    await shot('02-categories');

    // Reopened, the drawer shows the stored limit and marks it as adjusted.
    await page.getByTestId(`category-edit-${NEIGHBOUR_DISPUTE}`).click();
    await drawer.waitFor();
    await poll(() => drawer.getByTestId('limit-normal-handle').textContent()).toContain('已调整');
    expect(await drawer.getByTestId('limit-normal-handle').locator('.el-input-number input').inputValue()).toBe('3');
    await drawer.locator('.el-drawer__footer button', { hasText: '取消' }).click();
    await drawer.waitFor({ state: 'hidden' });
  });

  it('adds a routing rule for 通信花园社区 and sees it proposed for a grid there', async () => {
    await openArea('case-config/routing');
    await page.getByTestId('routing-add').click();
    const dialog = page.getByTestId('routing-dialog');
    await dialog.waitFor();
    await pick(dialog.getByTestId('routing-territory'), /通信花园社区$/, '通信花园社区');
    await pick(dialog.getByTestId('routing-category'), '邻里纠纷', '邻里');
    await pick(dialog.getByTestId('routing-unit'), PROPERTY_OFFICE, '物业');
    await typeInto(dialog.getByTestId('routing-note'), ROUTING_NOTE);
    await shot('03-routing-dialog');
    await dialog.getByTestId('routing-save').click();
    await dialog.waitFor({ state: 'hidden' });
    // The demo street already routes a few matters; the new rule is the one with this note.
    const row = page.getByTestId('routing-table').locator('.el-table__row', { hasText: ROUTING_NOTE });
    await poll(() => row.textContent()).toContain(PROPERTY_OFFICE);
    expect(await row.textContent()).toContain('通信花园社区');
    expect(await row.textContent()).toContain('邻里纠纷');

    const trial = page.getByTestId('routing-try');
    await pick(trial.getByTestId('routing-try-grid'), /通信花园社区第一网格$/, '通信花园社区第一网格');
    await pick(trial.getByTestId('routing-try-category'), '邻里纠纷', '邻里');
    await trial.getByTestId('routing-try-run').click();
    const answer = trial.getByTestId('routing-try-answer');
    await poll(() => answer.textContent()).toContain(PROPERTY_OFFICE);
    expect(await answer.textContent()).toContain('按派遣规则');
    await shot('04-routing');
  });

  it('adds a custom holiday to the 2026 calendar and shows 2027 as provisional', async () => {
    await openArea('case-config/calendar');
    await pick(page.getByTestId('calendar-year'), '2027');
    await page.getByTestId('calendar-provisional').waitFor();
    expect(await page.getByTestId('calendar-provisional').textContent()).toContain('2027年节假日为暂定');
    // 除夕 2027-02-05 is off by the rule, hatched as provisional.
    expect(await page.getByTestId('calendar-grid').locator('[data-date="2027-02-05"]').getAttribute('class')).toContain('yg-provisional');
    await expectHeaderNotice();
    await shot('05-calendar-2027');

    await pick(page.getByTestId('calendar-year'), '2026');
    await page.getByTestId('calendar-provisional').waitFor({ state: 'hidden' });
    // A click on a day of the year's sheet opens the dialog for that date.
    await page.getByTestId('calendar-grid').locator('[data-date="2026-12-31"]').click();
    const dialog = page.getByTestId('calendar-day-dialog');
    await dialog.waitFor();
    await typeInto(dialog.getByTestId('calendar-day-name'), '元旦（区政府通知提前放假）');
    await shot('06-calendar-day-dialog');
    await dialog.getByTestId('calendar-day-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const day = page.getByTestId('calendar-grid').locator('[data-date="2026-12-31"]');
    await poll(() => day.getAttribute('class')).toContain('yg-off');
    expect(await day.getAttribute('class')).toContain('yg-custom');
    await shot('07-calendar-2026');
    await page.locator('.cp-bar label', { hasText: '日期列表' }).click();
    const row = page.getByTestId('calendar-list').locator('.el-table__row', { hasText: '2026-12-31' });
    await poll(() => row.textContent()).toContain('自定义');
    expect(await row.textContent()).toContain('元旦（区政府通知提前放假）');
    await shot('08-calendar-list');
  });

  it('checks a 2027 import (problems first), imports it, and the warning goes', async () => {
    await pick(page.getByTestId('calendar-year'), '2027');
    await page.getByTestId('calendar-provisional').waitFor();
    await page.getByTestId('calendar-import-open').click();
    const dialog = page.getByTestId('calendar-import');
    await dialog.waitFor();
    const text = dialog.getByTestId('calendar-import-text');
    await typeInto(text, JSON.stringify({ year: 2027, holidays: [{ date: '2027-02-30', name: '春节' }], workdays: [] }));
    await dialog.getByTestId('calendar-import-check').click();
    await poll(() => dialog.getByTestId('calendar-import-problems').textContent()).toContain('2027-02-30');
    await shot('09-calendar-import-problems');
    const year2027 = {
      year: 2027,
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'].map((date) => ({ date, name: '春节' })),
        ...['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'].map((date) => ({ date, name: '国庆节' })),
      ],
      workdays: [
        { date: '2027-02-14', name: '春节' },
        { date: '2027-09-26', name: '国庆节' },
      ],
    };
    await typeInto(text, JSON.stringify(year2027, null, 2));
    await dialog.getByTestId('calendar-import-check').click();
    await poll(() => dialog.getByTestId('calendar-import-ok').textContent()).toContain('放假 16 天');
    await dialog.getByTestId('calendar-import-run').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('calendar-provisional').waitFor({ state: 'hidden' });
    await expectHeaderNotice();
    await page.locator('.cp-bar label', { hasText: '全年日历' }).click();
    await poll(() => page.getByTestId('calendar-grid').locator('[data-date="2027-02-14"]').getAttribute('class')).toContain('yg-on');
    await shot('10-calendar-2027-imported');
  });

  it('confirms the provisional 2028 as published', async () => {
    await pick(page.getByTestId('calendar-year'), '2028');
    await page.getByTestId('calendar-provisional').waitFor();
    await page.getByTestId('calendar-confirm').click();
    await page.locator('.el-message-box').waitFor();
    await shot('10b-calendar-confirm');
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.getByTestId('calendar-provisional').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('calendar-grid').locator('[data-date="2028-01-03"]').getAttribute('class')).toContain('yg-custom');
  });

  it('creates a webhook and sees its secret once', async () => {
    await openArea('case-config/webhooks');
    await page.getByTestId('webhook-add').click();
    const dialog = page.getByTestId('webhook-dialog');
    await dialog.waitFor();
    await typeInto(dialog.getByTestId('webhook-name'), '金水区12345热线平台');
    await typeInto(dialog.getByTestId('webhook-url'), 'https://12345.jinshui.example.gov.cn/api/civicgrid/events');
    await dialog.getByTestId('webhook-all-events').click();
    await dialog.locator('.el-checkbox', { hasText: '案件上报' }).click();
    await dialog.locator('.el-checkbox', { hasText: '案件变更' }).click();
    await shot('11-webhook-dialog');
    await dialog.getByTestId('webhook-save').click();
    const secret = page.getByTestId('secret-dialog');
    await secret.waitFor();
    const value = (await secret.getByTestId('secret-value').textContent())?.trim() ?? '';
    expect(value).toMatch(/^[0-9a-f]{64}$/);
    await shot('12-webhook-secret');
    await secret.locator('button', { hasText: '我已妥善保存' }).click();
    await secret.waitFor({ state: 'hidden' });
    const row = page.getByTestId('webhooks-table').locator('.el-table__row', { hasText: '金水区12345热线平台' });
    await row.waitFor();
    expect(await row.textContent()).toContain('时限预警');
    expect(await row.textContent()).not.toContain('案件上报');
    await shot('13-webhooks');

    // A test ping is queued and shows in the deliveries; a rotated secret is shown once again.
    const id = await page.evaluate(async () => ((await (await fetch('/api/webhooks')).json()) as { items: { id: number }[] }).items[0]!.id);
    await page.getByTestId(`webhook-test-${id}`).click();
    await page.locator('.el-message--success', { hasText: '已加入推送队列' }).waitFor();
    await page.getByTestId(`webhook-deliveries-${id}`).click();
    const drawer = page.getByTestId('webhook-deliveries');
    await drawer.waitFor();
    await poll(() => drawer.locator('.el-table__row').first().textContent()).toContain('case.changed');
    // The example host resolves nowhere here: the worker's attempt is logged as blocked, in words.
    await poll(async () => {
      await drawer.locator('button', { hasText: '刷新' }).click();
      return drawer.getByTestId('delivery-result').first().textContent();
    }).toBe('已拦截：主机名无法解析');
    await shot('14-webhook-deliveries');
    await drawer.locator('.el-drawer__close-btn').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId(`webhook-rotate-${id}`).click();
    await page.locator('.el-message-box:visible .el-button--primary').click();
    await secret.waitFor();
    await poll(async () => (await secret.getByTestId('secret-value').textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await secret.getByTestId('secret-value').textContent())?.trim()).not.toBe(value);
    await secret.locator('button', { hasText: '我已妥善保存' }).click();
    await secret.waitFor({ state: 'hidden' });
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
