// A tour of the console as every demo role: sign in, click each menu entry in turn, and expect a
// clean browser console (no uncaught errors, no console errors or warnings — Vue's and Element
// Plus's deprecation warnings included) and a menu whose every entry and group reads in Chinese.
// Then once on a phone (390×844): every distinct entry, opened through the menu drawer, fits the
// screen's width; and the user menu's 手机端 shows the QR code of the field app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, expectFitsPhone, signInFirstTime } from './flows';
import { openConsole, screenshotPath, watchConsole, type ConsoleSession } from './harness';

const NEW_PASSWORD = 'Tour2026console';
// The demo street's users (server/src/seed/demo.ts), one per role.
const USERS = ['admin', 'dispatcher', 'leader', 'secretary', 'gridworker', 'gridworkerb', 'proxy', 'handler'];

let session: ConsoleSession;
// Who has set NEW_PASSWORD already (the desktop pass does, first thing).
const signedUp = new Set<string>();

// Building the console and starting a seeded server can be slow on a busy machine.
beforeAll(async () => {
  session = await openConsole('console-tour');
}, 600_000);

afterAll(async () => {
  await session?.close();
});

/** Chinese text: at least one Han character and no Latin word (a code like 12345 is fine). */
const readsChinese = (text: string) => /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z]{2,}/.test(text);

describe('the console as each role', () => {
  it.each(USERS)('%s: every menu entry opens without a console error or warning, and reads in Chinese', async (username) => {
    const context = await session.browser.newContext({ baseURL: session.server.baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    // Generous: several browser contexts and the server share a busy machine.
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    watchConsole(page, problems, username);
    try {
      await signInFirstTime(page, NEW_PASSWORD, username);
      signedUp.add(username);
      const menu = page.getByTestId('side-menu');
      const groupTitles = (await menu.locator('.el-sub-menu__title').allInnerTexts()).map((s) => s.trim());
      const entries = await menu.locator('[data-testid^="menu-"]').evaluateAll((els) =>
        els.map((el) => ({ testId: el.getAttribute('data-testid') ?? '', text: (el.textContent ?? '').trim() })),
      );
      expect(entries.length).toBeGreaterThan(1);
      expect([...groupTitles, ...entries.map((e) => e.text)].filter((text) => !readsChinese(text))).toEqual([]);

      for (const entry of entries) {
        if (!(await page.getByTestId(entry.testId).isVisible())) await page.goto('/overview');
        await page.getByTestId(entry.testId).click();
        // Let the page load its data and render (lazy chunks, tables, charts).
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        if (entry.testId === 'menu-command-board') {
          // The board is a full-screen page outside the console layout.
          await page.getByTestId('board').waitFor();
          await page.goto('/overview');
        }
      }
      await page.screenshot({ path: screenshotPath(`tour-${username}`), fullPage: true });
      if (username === 'admin') {
        // The desktop keeps its aside; the user menu's 手机端 shows the field app's QR code.
        await page.goto('/cases');
        await page.getByTestId('case-table').waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: screenshotPath('tour-desktop-cases') });
        await openFieldApp(page);
        await page.screenshot({ path: screenshotPath('tour-desktop-field-app') });
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('on a phone: every distinct menu entry, opened from the drawer, fits the screen', async () => {
    const problems: string[] = [];
    const visited = new Set<string>();
    const tooWide: string[] = [];
    for (const username of USERS) {
      const context = await session.browser.newContext({ baseURL: session.server.baseUrl, ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      watchConsole(page, problems, `phone ${username}`);
      try {
        await signInOnPhone(page, username);
        // No aside on a phone: the header's menu button opens the whole menu in a drawer.
        expect(await page.locator('.cg-aside:not(.cg-aside-drawer)').count()).toBe(0);
        await openDrawer(page);
        const menu = page.getByTestId('side-menu');
        const entries = await menu.locator('[data-testid^="menu-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
        if (username === USERS[0]) {
          await page.screenshot({ path: screenshotPath('phone-menu-drawer') });
          await expectFitsPhone(page, 'the menu drawer');
        }
        for (const entry of entries.filter((e) => !visited.has(e))) {
          visited.add(entry);
          await openDrawer(page);
          await page.getByTestId(entry).click();
          // Choosing a page closes the drawer.
          await menu.waitFor({ state: 'hidden' });
          const name = entry.replace(/^menu-/, '');
          await page.waitForURL((url) => url.pathname === `/${name === 'command-board' ? 'board' : name}`);
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(400);
          if (PICTURED.has(name)) await page.screenshot({ path: screenshotPath(`phone-${name.replace(/\//g, '-')}`), fullPage: true });
          if (entry === 'menu-command-board') {
            // The board is a full-screen page outside the console layout.
            await page.getByTestId('board').waitFor();
            await page.goto('/overview');
            continue;
          }
          // Every page is measured before the test fails, so one run names them all.
          await expectFitsPhone(page, `${username}: ${name}`).catch((err: Error) => tooWide.push(err.message.split('\n')[0]!));
        }
        if (username === USERS[0]) {
          await openFieldApp(page);
          await page.screenshot({ path: screenshotPath('phone-field-app') });
          await expectFitsPhone(page, 'the 手机端 dialog');
        }
      } finally {
        await context.close();
      }
    }
    expect(visited.size).toBeGreaterThan(10);
    expect(tooWide).toEqual([]);
    expect(problems).toEqual([]);
  }, 600_000);
});

// The pages pictured on the phone, by menu path.
const PICTURED = new Set(['overview', 'cases', 'register', 'map', 'register-persons']);

/** Signs in at phone size: with the new password when the desktop pass has set it, else the first time. */
async function signInOnPhone(page: Page, username: string): Promise<void> {
  if (!signedUp.has(username)) {
    await signInFirstTime(page, NEW_PASSWORD, username);
    signedUp.add(username);
    return;
  }
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(NEW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/overview/);
}

/** Opens the menu drawer from the header's menu button unless it is open. */
async function openDrawer(page: Page): Promise<void> {
  const menu = page.getByTestId('side-menu');
  if (await menu.isVisible()) return;
  // A drawer still sliding out counts as visible: wait until it is gone, then open it again.
  await page.locator('.cg-menu-drawer').waitFor({ state: 'hidden' });
  await page.getByTestId('menu-toggle').click();
  await menu.waitFor();
  // Let the drawer finish sliding in before an entry is tapped.
  await page.waitForTimeout(350);
}

/** User menu → 手机端: a QR code of this server's /m/ and its link. */
async function openFieldApp(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('field-app').click();
  const dialog = page.getByTestId('field-app-dialog');
  await dialog.getByTestId('field-app-qr').waitFor();
  const origin = new URL(page.url()).origin;
  await expect(dialog.getByTestId('field-app-link').textContent()).resolves.toBe(`${origin}/m/`);
  await expect(dialog.getByTestId('field-app-qr').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
  await expect(dialog.textContent()).resolves.toContain('添加到主屏幕');
  await page.waitForTimeout(400);
}

