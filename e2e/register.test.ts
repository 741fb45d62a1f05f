// The register in a real browser against the real server with the demo street: the demo grid
// worker finds 张美荣 by her pinyin initials, opens her record and her household, prints the
// household card (一户一卡), logs a visit and sees it in the history, and checks a persons ledger
// with a bad row (row-by-row report, nothing to import), and looks an item up in the proxy-service
// catalogue. At 1366×768, the common office screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mod11_2CheckChar } from '../core/src/register/id-card';
import { writeXlsx } from '../core/src/xlsx/index';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let page: Page;
let pageErrors: string[];

const GRID_WORKER = { username: 'gridworker', initialPassword: 'CivicGrid@2026', newPassword: 'Tongxin2026reg' };
const FINDINGS = '张美荣老人血压平稳，按时服药；老伴刘建国陪同，家中整洁，燃气灶已检查。';

const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
};
/** Polls as long as a locator waits (expect.poll alone gives up after a second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);

/** A grid of 通信花园社区 by name, through the API the page itself uses. */
async function firstGridName(): Promise<string> {
  return page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as { user: { scopes: { orgUnitId: number }[] } };
    const root = me.user.scopes[0]!.orgUnitId;
    const grids = (await (await fetch(`/api/territory/nodes?parentId=${root}`)).json()) as { items: { name: string }[] };
    return grids.items[0]!.name;
  });
}

beforeAll(async () => {
  session = await openConsole('register');
  ({ page, pageErrors } = session);
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(() => session?.close());

describe('CivicGrid register', () => {
  it('signs in as the demo grid worker of 通信花园社区', async () => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill(GRID_WORKER.username);
    await page.getByTestId('login-password').fill(GRID_WORKER.initialPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('pw-current').fill(GRID_WORKER.initialPassword);
    await page.getByTestId('pw-new').fill(GRID_WORKER.newPassword);
    await page.getByTestId('pw-confirm').fill(GRID_WORKER.newPassword);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL(/\/overview/);
    await expect(page.getByTestId('side-menu').textContent()).resolves.toContain('人口与房屋');
  });

  it('finds 张美荣 by the pinyin initials "zmr", masked', async () => {
    await page.getByTestId('menu-register').click();
    await page.waitForURL(/\/register$/);
    await page.getByTestId('register-search-input').fill('zmr');
    await page.getByTestId('register-search-submit').click();
    const persons = page.getByTestId('register-results-persons');
    await persons.waitFor();
    await expect(page.getByTestId('register-search-summary').textContent()).resolves.toContain('按拼音查找');
    const text = (await persons.textContent()) ?? '';
    expect(text).toContain('张美荣');
    expect(text).toMatch(/410105\*{8}\d{3}[\dX]/);
    expect(text).toMatch(/138\*{4}6721/);
    expect(text).not.toContain('13838206721');
    expect(text).toContain('第一网格');
    await shot('register-01-search');
  });

  it('opens her record: every field, tags, reveal behind a reason, her household', async () => {
    await page.getByTestId('register-results-persons').locator('.el-table__row', { hasText: '张美荣' }).first().click();
    const drawer = page.getByTestId('person-drawer');
    await drawer.getByTestId('person-document').waitFor();
    await expect(drawer.getByTestId('person-document').textContent()).resolves.toMatch(/\*{8}/);
    await expect(drawer.textContent()).resolves.toContain('退休教师');
    await expect(drawer.getByTestId('person-tags').textContent()).resolves.toContain('慢性病');
    await shot('register-02-person');

    await drawer.getByTestId('person-reveal').click();
    const box = page.locator('.el-message-box:visible');
    await box.locator('input').fill('核对高龄补贴申请');
    await box.locator('.el-button--primary').click();
    await poll(() => drawer.getByTestId('person-phone').textContent()).toBe('13838206721');
    await expect(drawer.getByTestId('person-document').textContent()).resolves.toMatch(/^410105195503129\d{2}[\dX]$/);
    await shot('register-02b-person-revealed');

    await drawer.getByTestId('person-household').first().click();
    await page.waitForURL(/\/register-households\/\d+$/);
  });

  it('shows the household: address, dwelling, members with their relation to the head', async () => {
    await poll(() => page.getByTestId('household-title').textContent()).toBe('张美荣户');
    const members = page.getByTestId('household-members');
    await poll(() => members.textContent()).toContain('刘建国');
    const text = (await members.textContent()) ?? '';
    expect(text).toContain('配偶');
    expect(text).toContain('刘晓东');
    expect(text).toContain('子女');
    expect(text).not.toContain('13838206721');
    await expect(page.getByTestId('household-dwelling').textContent()).resolves.toContain('自住');
    await shot('register-03-household');
  });

  it('prints the household card (一户一卡) with masked numbers', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('household-card').click()]);
    await popup.waitForLoadState();
    const body = (await popup.textContent('body')) ?? '';
    expect(body).toContain('一户一卡');
    expect(body).toContain('张美荣');
    expect(body).toContain('刘建国');
    expect(body).toMatch(/410105\*{8}/);
    expect(body).not.toContain('13838206721');
    await popup.setViewportSize({ width: 900, height: 1200 });
    await popup.screenshot({ path: screenshotPath('register-04-household-card'), fullPage: true });
    await popup.close();
  });

  it('logs a 五必访 visit and sees it in the history', async () => {
    await page.getByTestId('household-log-visit').click();
    const dialog = page.getByTestId('visit-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('visit-kind').getByText('节日必访').click();
    await dialog.getByTestId('visit-submit').click();
    await poll(() => dialog.textContent()).toContain('请填写走访情况');
    await dialog.getByTestId('visit-findings').fill(FINDINGS);
    await dialog.getByTestId('visit-needs').fill('希望社区卫生服务站每月上门测一次血压');
    await shot('register-05a-visit-dialog');
    await dialog.getByTestId('visit-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const first = page.getByTestId('visit-item').first();
    await poll(() => first.textContent()).toContain(FINDINGS);
    await expect(first.textContent()).resolves.toContain('节日必访');
    await expect(first.textContent()).resolves.toContain('赵立新');
    await page.getByTestId('household-visits').scrollIntoViewIfNeeded();
    await shot('register-05-visit-logged');
  });

  it('checks a persons ledger with a bad row: the row-by-row report, nothing to import', async () => {
    const grid = await firstGridName();
    await page.getByTestId('menu-register-persons').click();
    await page.waitForURL(/\/register-persons$/);
    await poll(() => page.getByTestId('persons-table').locator('.el-table__row').count()).toBeGreaterThan(5);
    await shot('register-06-persons');

    await page.getByTestId('persons-import').click();
    const dialog = page.getByTestId('ledger-import-dialog');
    await dialog.waitFor();
    await poll(() => dialog.getByTestId('ledger-root').textContent()).toContain('通信花园社区');
    const header = ['所属网格', '姓名', '证件号码', '联系电话', '人员类别', '居住证有效期至'];
    const xlsx = writeXlsx([
      {
        name: '实有人口登记表',
        columns: header.map((h) => ({ header: h, text: true })),
        rows: [
          [grid, '孙桂兰', idNumber('41010519620304208'), '13937152286', '户籍人口', ''],
          [grid, '周海涛', idNumber('41010519900611301').slice(0, 17) + (mod11_2CheckChar('41010519900611301') === '1' ? '2' : '1'), '1390000', '流动人口', '2026-02-30'],
        ],
      },
    ]);
    await dialog.getByTestId('ledger-file').setInputFiles({ name: '实有人口台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx) });
    await poll(() => dialog.getByTestId('ledger-file-info').textContent()).toContain('实有人口台账.xlsx');
    await dialog.getByTestId('ledger-check').click();
    const problems = dialog.getByTestId('ledger-problems');
    await problems.waitFor();
    const rows = await problems.locator('.el-table__row').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.startsWith('3'))).toBe(true);
    expect(rows.join('\n')).toContain('证件号码');
    expect(rows.join('\n')).toContain('联系电话');
    await expect(dialog.getByTestId('ledger-report').textContent()).resolves.toContain('检查发现问题');
    await expect(dialog.getByTestId('ledger-submit').isDisabled()).resolves.toBe(true);
    await shot('register-07-import-report');

    // The good row alone passes the check and may be imported.
    const clean = writeXlsx([{ name: '实有人口登记表', columns: header.map((h) => ({ header: h, text: true })), rows: [[grid, '孙桂兰', idNumber('41010519620304208'), '13937152286', '户籍人口', '']] }]);
    await dialog.getByTestId('ledger-file').setInputFiles({ name: '实有人口台账-修改后.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(clean) });
    await poll(() => dialog.getByTestId('ledger-report').count()).toBe(0);
    await dialog.getByTestId('ledger-check').click();
    await poll(() => dialog.getByTestId('ledger-report').textContent()).toContain('检查通过');
    await expect(dialog.getByTestId('ledger-submit').isDisabled()).resolves.toBe(false);
    await dialog.getByTestId('ledger-submit').click();
    await poll(() => dialog.getByTestId('ledger-report').textContent()).toContain('导入完成');
    await shot('register-07b-import-done');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('lists households not visited, 五必访 reminders and coverage counts', async () => {
    await page.getByTestId('menu-register-visits').click();
    await page.waitForURL(/\/register-visits$/);
    await poll(() => page.locator('.el-tabs__item').first().textContent()).toMatch(/久未走访的住户 \(\d+\)/);
    await shot('register-08-visits');
    await page.getByTestId('menu-register-coverage').click();
    await page.waitForURL(/\/register-coverage$/);
    const report = page.getByTestId('coverage-report');
    await poll(() => report.locator('.el-table__row').count()).toBeGreaterThan(1);
    await shot('register-09-coverage');
    const count = report.locator('.el-link[data-testid^="coverage-"]').first();
    if (await count.count()) {
      await count.click();
      await poll(() => page.getByTestId('coverage-items').locator('.el-table__row').count()).toBeGreaterThan(0);
      await shot('register-09b-coverage-items');
      await page.keyboard.press('Escape');
      await page.getByTestId('coverage-items').waitFor({ state: 'hidden' });
    }
  });

  it('lists dwellings, places and city components of the community', async () => {
    for (const [menu, name] of [
      ['register-dwellings', 'register-11-dwellings'],
      ['register-places', 'register-12-places'],
    ] as const) {
      await page.getByTestId(`menu-${menu}`).click();
      await page.waitForURL(new RegExp(`/${menu}$`));
      await poll(() => page.locator('.el-table__body .el-table__row').count()).toBeGreaterThan(0);
      await shot(name);
    }
    // The demo street has no components registered yet: the empty list says so.
    await page.getByTestId('menu-register-components').click();
    await page.waitForURL(/\/register-components$/);
    await poll(() => page.locator('.el-table__empty-text').textContent()).toContain('没有符合条件的部件');
    await shot('register-13-components');
    await page.getByTestId('menu-register-dwellings').click();
    await page.locator('.el-table__body .el-table__row').first().click();
    // The drawer has loaded the dwelling: its facts are listed under their labels.
    await poll(() => page.getByTestId('dwelling-drawer').textContent()).toContain('所属网格');
    await shot('register-11b-dwelling');
    await page.keyboard.press('Escape');
  });

  it('looks up the proxy-service catalogue (代办事项目录): a search, then the item with its materials', async () => {
    await page.getByTestId('menu-proxy-items').click();
    await page.waitForURL(/\/proxy-items$/);
    // The demo street's 42 items, 20 to a page.
    await poll(() => page.locator('[data-testid="proxy-items-table"] .el-table__body .el-table__row').count()).toBe(20);
    await expect(page.locator('.el-pagination__total').textContent()).resolves.toContain('42');
    await page.getByPlaceholder('事项名称 / 编码 / 承办部门').fill('残疾人证');
    await page.getByRole('button', { name: '查询' }).click();
    await poll(() => page.locator('[data-testid="proxy-items-table"] .el-table__body .el-table__row').count()).toBe(1);
    await page.locator('[data-testid="proxy-items-table"] .el-table__body .el-table__row').first().click();
    const drawer = page.getByTestId('proxy-item-drawer');
    await poll(() => drawer.textContent()).toContain('07-00501-000-01');
    await expect(drawer.textContent()).resolves.toContain('环节帮办');
    await expect(page.getByTestId('proxy-item-materials').textContent()).resolves.toContain('残疾人证申请表');
    await shot('register-14-proxy-item');
    await page.keyboard.press('Escape');
  });

  it('reads in English', async () => {
    await page.getByTestId('lang-en').click();
    await page.getByTestId('menu-register').click();
    await page.getByTestId('register-search-input').fill('zmr');
    await page.getByTestId('register-search-submit').click();
    await poll(() => page.getByTestId('register-search-summary').textContent()).toContain('read as pinyin');
    await shot('register-10-english');
    await page.getByTestId('lang-zh-CN').click();
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
