// A tour of the console as every demo role: sign in, click each menu entry in turn, and expect a
// clean browser console (no uncaught errors, no console errors or warnings — Vue's and Element
// Plus's deprecation warnings included) and a menu whose every entry and group reads in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInFirstTime } from './flows';
import { openConsole, screenshotPath, watchConsole, type ConsoleSession } from './harness';

const NEW_PASSWORD = 'Tour2026console';
// The demo street's users (server/src/seed/demo.ts), one per role.
const USERS = ['admin', 'dispatcher', 'leader', 'secretary', 'gridworker', 'gridworkerb', 'proxy', 'handler'];

let session: ConsoleSession;

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
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
