// UI steps several browser tests share.
import { expect } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { ConsoleSession } from './harness';

/** The demo admin; every demo user starts with this initial password (server/src/seed/demo.ts). */
export const DEMO_ADMIN = { username: 'admin', initialPassword: 'CivicGrid@2026' };

/** A phone as grid workers and residents hold it (iPhone 12–15 class: 390×844 CSS pixels). */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Signs in as a demo user (the admin unless named) on a fresh server and sets a new password (the
 * forced first step); ends on the overview.
 */
export async function signInFirstTime(page: Page, newPassword: string, username = DEMO_ADMIN.username): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_ADMIN.initialPassword);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('pw-current').fill(DEMO_ADMIN.initialPassword);
  await page.getByTestId('pw-new').fill(newPassword);
  await page.getByTestId('pw-confirm').fill(newPassword);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL(/\/overview/);
}

/**
 * One demo person in a browser of their own (side by side with the others), its console held clean
 * like every page of the session, signed in past the forced password change.
 */
export async function signInAs(session: ConsoleSession, username: string, newPassword: string, opts: BrowserContextOptions = {}): Promise<Page> {
  const page = await session.newPage(username, opts);
  await signInFirstTime(page, newPassword, username);
  return page;
}

/**
 * Nothing scrolls sideways on the phone: neither the document nor what scrolls on its own (the
 * console's content pane <main>, the overlay of an open dialog), and an open drawer keeps to the
 * screen; 1 px of rounding allowed. A failure names the elements that stick out on the right.
 */
export async function expectFitsPhone(page: Page, what: string): Promise<void> {
  const found = await page.evaluate(() => {
    interface Box {
      tagName: string;
      className: unknown;
      scrollWidth: number;
      clientWidth: number;
      getAttribute(name: string): string | null;
      getBoundingClientRect(): { right: number; width: number };
      parentElement: Box | null;
      matches(selector: string): boolean;
    }
    const g = globalThis as unknown as {
      innerWidth: number;
      getComputedStyle(box: Box): { overflowX: string };
      document: { scrollingElement: Box | null; documentElement: Box; body: Box; querySelectorAll(selector: string): ArrayLike<Box> };
    };
    const view = g.innerWidth;
    const name = (box: Box) => `${box.tagName.toLowerCase()}${typeof box.className === 'string' && box.className ? `.${box.className.trim().split(/\s+/).join('.')}` : ''}${box.getAttribute('data-testid') ? `[${box.getAttribute('data-testid')}]` : ''}`;
    const measured = 'main, .el-overlay-dialog, .el-overlay-message-box';
    const scrollers = [
      { box: g.document.scrollingElement ?? g.document.documentElement, width: view },
      { box: g.document.body, width: view },
      ...Array.from(g.document.querySelectorAll(measured)).map((box) => ({ box, width: box.clientWidth })),
    ];
    const drawers = Array.from(g.document.querySelectorAll('.el-drawer')).filter((box) => box.getBoundingClientRect().width > 0);
    const overflows = [
      ...scrollers.filter(({ box, width }) => box.scrollWidth > width + 1).map(({ box, width }) => `${name(box)}: ${box.scrollWidth} px wide in ${width} px`),
      ...drawers.filter((box) => box.getBoundingClientRect().width > view + 1).map((box) => `${name(box)}: ${Math.round(box.getBoundingClientRect().width)} px wide on a ${view} px screen`),
    ];
    // What sticks out and is not inside something that scrolls or clips on its own (a table's body).
    const contained = (el: Box) => {
      for (let up = el.parentElement; up && up !== g.document.body && !up.matches(measured); up = up.parentElement) {
        if (g.getComputedStyle(up).overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticking = overflows.length
      ? Array.from(g.document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > view + 1 && el.getBoundingClientRect().width > 0 && !contained(el))
          .slice(0, 8)
          .map((el) => `${name(el)} ends at ${Math.round(el.getBoundingClientRect().right)} px`)
      : [];
    return { overflows, sticking };
  });
  expect(found.overflows, `${what} scrolls sideways on a phone; sticking out: ${found.sticking.join('; ')}`).toEqual([]);
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
