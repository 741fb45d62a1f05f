// The console in a real browser against the real server: sign-in, forced password change, the
// territory tree of the demo street 花园路街道, search, adding a grid, and switching to English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './harness';

const ADMIN = { username: 'admin', initialPassword: 'CivicGrid@2026', newPassword: 'Huayuan2026road' };
const GRID_NAME = '通信花园社区第一网格';

let session: ConsoleSession;
let page: Page;
let context: BrowserContext;
let pageErrors: string[];
const shot = (name: string) => session.shot(name);
const tree = () => page.getByTestId('territory-tree');
const treeNode = (name: string) => tree().locator('.el-tree-node__content', { hasText: name }).first();

beforeAll(async () => {
  session = await openConsole('console');
  ({ page, context, pageErrors } = session);
});

afterAll(() => session?.close());

describe('CivicGrid console', () => {
  it('signs in and is made to change the initial password', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await expect(page.getByTestId('app-title').textContent()).resolves.toContain('CivicGrid 网格治理平台');
    await shot('01-login');

    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();

    await page.getByTestId('login-password').fill(ADMIN.initialPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('forced-hint').waitFor();
    await shot('02-change-password');
  });

  it('shows the server error for a wrong current password, then accepts a good new one', async () => {
    await page.getByTestId('pw-current').fill('not-the-password-9');
    await page.getByTestId('pw-new').fill(ADMIN.newPassword);
    await page.getByTestId('pw-confirm').fill(ADMIN.newPassword);
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('password-error').waitFor();

    await page.getByTestId('pw-current').fill(ADMIN.initialPassword);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL(/\/overview/);
    await page.getByTestId('chart-levels').waitFor();
    await page.getByTestId('chart-roles').waitFor();
    await expect(page.getByTestId('stat-cards').textContent()).resolves.toMatch(/社区数量/);
    await shot('03-overview');
  });

  it('browses the territory tree of 花园路街道 with its real communities', async () => {
    await page.getByTestId('menu-territory').click();
    await page.waitForURL(/\/territory/);
    await treeNode('通信花园社区').waitFor();
    await treeNode('甲院社区').waitFor();
    await expect(page.getByTestId('node-name').textContent()).resolves.toContain('花园路街道');
    await expect(tree().textContent()).resolves.toContain('金水区');
    await page.getByTestId('node-children').locator('.el-table__row', { hasText: '通信花园社区' }).waitFor();
    await shot('04-territory-street');

    await treeNode('甲院社区').click();
    await expect.poll(() => page.getByTestId('node-name').textContent()).toContain('甲院社区');
    await expect(page.getByTestId('node-detail').textContent()).resolves.toContain('410105002001');
    await shot('04-territory-community');
  });

  it('finds a community by search and selects it', async () => {
    await page.getByTestId('territory-search').fill('通信');
    const hit = page.locator('.cg-search-popper li', { hasText: '通信花园社区' }).first();
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toContain('花园路街道');
    await shot('05-search');
    await hit.click();
    await expect.poll(() => page.getByTestId('node-name').textContent()).toContain('通信花园社区');
    await expect(tree().locator('.el-tree-node.is-current').textContent()).resolves.toContain('通信花园社区');
  });

  it('adds a grid under the community and shows it in the tree', async () => {
    await page.getByTestId('action-add-child').click();
    const dialog = page.getByTestId('node-form-dialog');
    await dialog.waitFor();
    await expect(dialog.getByTestId('node-form-level').textContent()).resolves.toContain('网格');
    await dialog.getByTestId('node-form-name').fill(GRID_NAME);
    await shot('06-add-grid-dialog');
    await dialog.getByTestId('node-form-submit').click();

    await treeNode(GRID_NAME).waitFor();
    await expect.poll(() => page.getByTestId('node-name').textContent()).toContain(GRID_NAME);
    await expect(page.getByTestId('node-detail').textContent()).resolves.toContain('网格');
    await shot('07-grid-added');
  });

  it('lists the change in the audit log and the users', async () => {
    await page.getByTestId('menu-audit').click();
    await page.getByTestId('audit-table').locator('.el-table__row', { hasText: '新增辖区节点' }).first().waitFor();
    await page.getByTestId('audit-table').locator('.el-table__row', { hasText: '新增辖区节点' }).first().locator('.el-table__expand-icon').click();
    await page.getByTestId('audit-diff').first().waitFor();
    await expect(page.getByTestId('audit-diff').first().textContent()).resolves.toContain(GRID_NAME);
    await shot('08-audit');

    await page.getByTestId('menu-users').click();
    await page.getByTestId('users-table').locator('.el-table__row', { hasText: 'admin' }).first().waitFor();
    await shot('09-users');
  });

  it('comes back to the selected node, then switches to English and back', async () => {
    await page.getByTestId('menu-territory').click();
    await treeNode(GRID_NAME).waitFor();
    await expect.poll(() => page.getByTestId('node-name').textContent()).toContain(GRID_NAME);
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('menu-territory').textContent()).toContain('Territory');
    await expect(page.getByTestId('side-menu').textContent()).resolves.toContain('Users');
    await expect(page.getByTestId('breadcrumb').textContent()).resolves.toContain('Territory');
    await expect(page.getByTestId('node-detail').textContent()).resolves.toContain('Division code');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cg_lang')?.value).toBe('en');
    await shot('10-territory-en');

    await page.reload();
    await expect.poll(() => page.getByTestId('menu-territory').textContent()).toContain('Territory');
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.getByTestId('menu-territory').textContent()).toContain('辖区管理');
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
