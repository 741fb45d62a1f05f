// UI steps several browser tests share.
import type { Locator, Page } from 'playwright-core';

export const DEMO_ADMIN = { username: 'admin', initialPassword: 'CivicGrid@2026' };

/** Signs in as the demo admin on a fresh server and sets a new password (the forced first step). */
export async function signInFirstTime(page: Page, newPassword: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(DEMO_ADMIN.username);
  await page.getByTestId('login-password').fill(DEMO_ADMIN.initialPassword);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('pw-current').fill(DEMO_ADMIN.initialPassword);
  await page.getByTestId('pw-new').fill(newPassword);
  await page.getByTestId('pw-confirm').fill(newPassword);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL(/\/overview/);
}

/** Types into a remote-search select (NodePicker, actor filter) and picks the option with this text. */
export async function pickRemoteOption(page: Page, select: Locator, query: string, option: string): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  await select.locator('input').fill(query);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The tree row of a node, by its name. */
export function treeNode(page: Page, name: string): Locator {
  return page.getByTestId('territory-tree').locator('.el-tree-node__content', { hasText: name }).first();
}

/** Clicks the confirm button of the Element Plus message box that is open. */
export async function confirmMessageBox(page: Page): Promise<void> {
  await page.locator('.el-message-box:visible .el-button--primary, .el-message-box:visible .el-button--danger').last().click();
}
