// Administration in a real browser: creating a street from its division code, moving and retiring
// nodes (with the cascade question), users with a one-time initial password, departments, levels,
// API tokens, and signing out everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';
import { confirmMessageBox, pickRemoteOption, signInFirstTime, treeNode } from './flows';

let session: ConsoleSession;
let page: Page;
let pageErrors: string[];
const shot = (name: string) => session.shot(name);
const detailName = () => page.getByTestId('node-name').textContent();

beforeAll(async () => {
  session = await openConsole('admin');
  ({ page, pageErrors } = session);
  await signInFirstTime(page, 'Jinshui2026road');
});

afterAll(() => session?.close());

describe('CivicGrid administration', () => {
  it('creates 人民路街道 from its division code under 金水区', async () => {
    await page.goto('/territory');
    await treeNode(page, '通信花园社区').waitFor();
    await page.getByTestId('open-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByTestId('import-code').fill('410105003');
    await dialog.getByTestId('import-preview').click();
    const preview = dialog.getByTestId('import-preview-result');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain('人民路街道');
    // the names the nodes will carry beside the official ones, and the edition of the codes
    await expect(preview.textContent()).resolves.toContain('社区居民委员会');
    await expect(dialog.getByTestId('import-edition').textContent()).resolves.toContain('2023');
    await pickRemoteOption(page, dialog.getByTestId('import-parent'), '金水', '金水区');
    await shot('20-import-preview');
    await dialog.getByTestId('import-submit').click();

    await expect.poll(detailName).toContain('人民路街道');
    await treeNode(page, '人民路街道').waitFor();
    const children = page.getByTestId('node-children').locator('.el-table__row');
    await expect.poll(() => children.count()).toBeGreaterThan(3);
    await shot('21-imported-street');
  });

  it('moves a grid to another community', async () => {
    await page.getByTestId('territory-search').fill('甲院');
    await page.locator('.cg-search-popper li', { hasText: '甲院社区' }).first().click();
    await expect.poll(detailName).toContain('甲院社区');
    await page.getByTestId('action-add-child').click();
    await page.getByTestId('node-form-name').fill('甲院社区第二网格');
    await page.getByTestId('node-form-submit').click();
    await expect.poll(detailName).toContain('甲院社区第二网格');

    await page.getByTestId('action-move').click();
    const dialog = page.getByTestId('move-dialog');
    await pickRemoteOption(page, dialog.getByTestId('move-parent'), '戊院', '戊院社区');
    await shot('22-move');
    await dialog.locator('.el-button--primary').click();
    await expect.poll(() => page.getByTestId('node-detail').locator('.el-breadcrumb').textContent()).toContain('戊院社区');
    await expect(treeNode(page, '戊院社区').locator('xpath=..').textContent()).resolves.toContain('甲院社区第二网格');
  });

  it('retires a street with communities after asking to cascade, and shows it when asked', async () => {
    await treeNode(page, '人民路街道').click();
    await expect.poll(detailName).toContain('人民路街道');
    await page.getByTestId('action-retire').click();
    await page.getByTestId('retire-reason').fill('区划调整，并入其他街道');
    await page.getByTestId('retire-submit').click();
    // 409 HAS_ACTIVE_CHILDREN: the console asks whether to retire the children too.
    await page.locator('.el-message-box:visible').waitFor();
    await shot('23-retire-cascade-question');
    await confirmMessageBox(page);
    await expect.poll(() => page.getByTestId('node-detail').textContent()).toContain('已撤销');
    await expect.poll(() => page.getByTestId('territory-tree').textContent()).not.toContain('人民路街道');

    await page.getByTestId('show-retired').click();
    await treeNode(page, '人民路街道').waitFor();
    await expect(treeNode(page, '人民路街道').textContent()).resolves.toContain('已撤销');
    await shot('24-show-retired');
    await page.getByTestId('show-retired').click();
  });

  it('creates a user and shows the initial password once', async () => {
    await page.getByTestId('menu-users').click();
    await page.getByTestId('user-create').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-username').fill('wanggrid');
    await dialog.getByTestId('user-display-name').fill('王网格');
    await dialog.getByTestId('user-roles').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '网格员（A岗）' }).click();
    await dialog.locator('.el-dialog__title').click(); // close the roles dropdown
    await pickRemoteOption(page, dialog.getByTestId('user-scopes'), '甲院', '甲院社区');
    // The demo street has grids now (甲院第1网格 …): the longer list covers the buttons until closed.
    await dialog.locator('.el-dialog__title').click();
    // A multiple select stays open after a pick (甲院 also matches its grids): close it.
    await dialog.locator('.el-dialog__title').click();
    await shot('25-user-dialog');
    await dialog.getByTestId('user-submit').click();

    const secret = page.getByTestId('secret-dialog');
    await secret.getByTestId('secret-value').waitFor();
    await expect(secret.getByTestId('secret-value').textContent()).resolves.toMatch(/^\S{10,}$/);
    await shot('26-initial-password');
    await secret.locator('.el-button--primary').click();
    await page.getByTestId('users-table').locator('.el-table__row', { hasText: 'wanggrid' }).waitFor();
  });

  it('creates a department owned by the street', async () => {
    await page.getByTestId('menu-departments').click();
    await page.getByTestId('dept-create').click();
    const dialog = page.getByTestId('dept-dialog');
    await dialog.getByTestId('dept-name').fill('花园路街道市政维护站');
    await pickRemoteOption(page, dialog.getByTestId('dept-org-unit'), '花园路', '花园路街道');
    await dialog.getByTestId('dept-submit').click();
    await page.getByTestId('departments-table').locator('.el-table__row', { hasText: '花园路街道市政维护站' }).waitFor();
    await shot('27-departments');
  });

  it('shows the level settings', async () => {
    await page.getByTestId('menu-levels').click();
    await page.getByTestId('levels-table').locator('.el-table__row').nth(5).waitFor();
    await shot('28-levels');
  });

  it('a street administrator reads the deployment-wide settings and is not offered to change them', async () => {
    await page.getByTestId('menu-users').click();
    await page.getByTestId('user-create').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-username').fill('hylstreet');
    await dialog.getByTestId('user-display-name').fill('赵建华');
    await dialog.getByTestId('user-roles').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '系统管理员' }).click();
    await dialog.locator('.el-dialog__title').click();
    await pickRemoteOption(page, dialog.getByTestId('user-scopes'), '花园路', '花园路街道');
    await dialog.locator('.el-dialog__title').click();
    await dialog.locator('.el-dialog__title').click();
    await dialog.getByTestId('user-submit').click();
    const secret = page.getByTestId('secret-dialog');
    const initial = ((await secret.getByTestId('secret-value').textContent()) ?? '').trim();
    await secret.locator('.el-button--primary').click();

    const street = await session.newPage('street-admin');
    await street.goto('/login');
    await street.getByTestId('login-username').fill('hylstreet');
    await street.getByTestId('login-password').fill(initial);
    await street.getByTestId('login-submit').click();
    await street.waitForURL(/\/change-password/);
    await street.getByTestId('pw-current').fill(initial);
    await street.getByTestId('pw-new').fill('Huayuan2026street');
    await street.getByTestId('pw-confirm').fill('Huayuan2026street');
    await street.getByTestId('pw-submit').click();
    await street.waitForURL(/\/overview/);
    // Webhooks are the deployment's alone: no menu entry, and the address leads back home.
    await expect(street.getByTestId('menu-case-config/webhooks').count()).resolves.toBe(0);
    await street.goto('/case-config/webhooks');
    await street.waitForURL(/\/overview/);
    for (const [path, table, editControl] of [
      ['/levels', 'levels-table', 'levels-save'],
      ['/case-config/categories', 'categories-table', 'category-edit-matter:01001'],
      ['/case-config/calendar', 'office-hours', 'calendar-add'],
      ['/register-tags', 'tags-table', 'tags-add'],
    ] as const) {
      await street.goto(path);
      // The page has loaded what it shows (a table's first row), not only its frame.
      await (table === 'office-hours' ? street.getByTestId(table) : street.getByTestId(table).locator('.el-table__row').first()).waitFor();
      await street.getByTestId('deployment-wide-note').waitFor();
      await expect(street.getByTestId(editControl).count()).resolves.toBe(0);
      await street.screenshot({ path: screenshotPath(`admin-street-${path.replace(/\W+/g, '-').replace(/^-/, '')}`), fullPage: true });
    }
    await street.context().close();
  });

  it('creates an API token, shows it once, and revokes it', async () => {
    await page.getByTestId('menu-tokens').click();
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('网格员移动端同步');
    await page.getByTestId('token-submit').click();
    const secret = page.getByTestId('secret-dialog');
    await expect.poll(() => secret.getByTestId('secret-value').textContent()).toMatch(/^cg_/);
    await shot('29-token-created');
    await secret.locator('.el-button--primary').click();

    const row = page.getByTestId('tokens-table').locator('.el-table__row', { hasText: '网格员移动端同步' });
    await row.waitFor();
    await row.getByRole('button', { name: '吊销' }).click();
    await confirmMessageBox(page);
    await expect.poll(() => row.count()).toBe(0);
  });

  it('signs out everywhere', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out-all').click();
    await confirmMessageBox(page);
    await page.waitForURL(/\/login/);
    await page.goto('/overview');
    await page.waitForURL(/\/login/);
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
