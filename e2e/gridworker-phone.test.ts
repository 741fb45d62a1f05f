// A grid worker's day on a phone (390×844), against the real server with the demo street: 赵立新
// signs in and changes his initial password, opens 我的待办 and checks a handled case on site
// (核查通过 with a photo), then reports a blocked fire lane by its building with a photo (上报案件),
// is shown the earlier report of it, and reads his case; last he finds a resident in the register,
// opens her household and logs a visit (五必访). Every screen fits the phone's width (nothing
// scrolls sideways) and the console stays clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gradientPng } from '../server/src/seed/gradient-png';
import { DEMO_ADMIN, PHONE, expectFitsPhone } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let page: Page;
const NEW_PASSWORD = 'Phone2026grid';
const DESCRIPTION = '楼栋西侧消防通道又被两辆电动车和一堆纸箱占用，消防车无法通行。';
const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: gradientPng(64, 48) });
const caseState = () => page.getByTestId('case-state').textContent();

/** A picture of the screen, which must fit the phone's width. */
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(`phone-${name}`), fullPage: true });
  await expectFitsPhone(page, name);
}

// Building the console and starting a seeded server can be slow on a busy machine.
beforeAll(async () => {
  session = await openConsole('gridworker-phone');
  page = await session.newPage('gridworker phone', PHONE);
}, 600_000);

afterAll(() => session?.close());

describe('a grid worker on a phone', () => {
  it('signs in and sets his own password', async () => {
    await page.goto('/login');
    await page.getByTestId('login-username').waitFor();
    await shot('01-login');
    await page.getByTestId('login-username').fill('gridworker');
    await page.getByTestId('login-password').fill(DEMO_ADMIN.initialPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/change-password/);
    await shot('02-change-password');
    await page.getByTestId('pw-current').fill(DEMO_ADMIN.initialPassword);
    await page.getByTestId('pw-new').fill(NEW_PASSWORD);
    await page.getByTestId('pw-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL(/\/overview/);
    await shot('03-overview');
  });

  it('opens 我的待办 and checks a handled case of his grid on site (核查通过)', async () => {
    await page.goto('/cases/inbox');
    await page.getByTestId('inbox-toVerify').click();
    // The demo street has handled cases in his grids, waiting for him.
    await expect.poll(async () => Number(/\((\d+)\)/.exec((await page.getByTestId('inbox-toVerify').textContent()) ?? '')?.[1] ?? 0)).toBeGreaterThan(0);
    // On a phone the case list is cards, one per case.
    const row = page.locator('.el-tab-pane:visible .cg-row').first();
    await row.waitFor();
    await shot('04-inbox');

    await row.click();
    await page.waitForURL(/\/cases\/\d+$/);
    await expect.poll(caseState).toBe('待核查');
    await shot('05-case-handled');

    await page.getByTestId('action-verifyPass').click();
    const dialog = page.locator('.el-dialog:visible', { has: page.getByTestId('action-submit') });
    await dialog.waitFor();
    await dialog.getByTestId('action-photos').getByTestId('photo-input').setInputFiles(photo('现场核查.png'));
    await dialog.getByTestId('action-photos').getByTestId('photo-thumb').waitFor();
    await dialog.getByTestId('action-note').fill('现场核查：问题已处理，现场整洁。');
    await shot('06-verify-dialog');
    await dialog.getByTestId('action-submit').click();
    await expect.poll(caseState).toBe('已结案');
    await expect(page.getByTestId('case-timeline').textContent()).resolves.toContain('核查通过');
    await shot('07-case-closed');
  });

  it('reports a blocked fire lane where one was reported already (上报案件): the form names it, and opens his case', async () => {
    // The demo street's open report of a blocked fire lane (a hotline call), and its building.
    const earlier = await page.evaluate(async () => {
      const list = (await (await fetch(`/api/cases?state=reported&q=${encodeURIComponent('消防通道')}`)).json()) as { items: { number: string; address: string | null }[] };
      const me = (await (await fetch('/api/auth/me')).json()) as { user: { scopes: { orgUnitId: number }[] } };
      const buildings = (await (await fetch(`/api/geo/buildings?rootId=${me.user.scopes[0]!.orgUnitId}`)).json()) as { items: { name: string; address: string | null }[] };
      const found = list.items[0]!;
      return { number: found.number, building: buildings.items.find((b) => (b.address ?? b.name) === found.address)!.name };
    });

    await page.goto('/cases/new');
    await page.getByTestId('report-form').waitFor();
    await shot('08-report-empty');

    const category = page.getByTestId('report-category').locator('input');
    await category.click();
    await category.fill('消防通道');
    await page.locator('.el-cascader__suggestion-item:visible', { hasText: '占用消防通道' }).first().click();
    await page.getByTestId('report-description').fill(DESCRIPTION);
    const building = page.getByTestId('report-building');
    await building.locator('.el-select__wrapper').click();
    await building.locator('input').fill(earlier.building);
    await page.locator('.el-select-dropdown__item:visible', { hasText: earlier.building }).first().click();
    await expect.poll(() => page.getByTestId('report-address').inputValue()).toBe(earlier.building);
    await page.getByTestId('report-photos').getByTestId('photo-input').setInputFiles(photo('消防通道.png'));
    await page.getByTestId('report-photos').getByTestId('photo-thumb').waitFor();
    await shot('09-report-filled');

    // The same kind of problem at the same building: his report is made, and the earlier one named.
    await page.getByTestId('report-submit').click();
    const duplicates = page.getByTestId('report-duplicates');
    await duplicates.waitFor();
    await expect(duplicates.textContent()).resolves.toContain(earlier.number);
    await shot('10-report-duplicates');
    await page.getByTestId('report-open-case').click();
    await page.waitForURL(/\/cases\/\d+$/);
    await expect.poll(caseState).toBe('待受理');
    await expect(page.getByTestId('case-description').textContent()).resolves.toBe(DESCRIPTION);
    await expect(page.getByTestId('case-photos').getByTestId('case-photo').count()).resolves.toBe(1);
    await shot('11-case-reported');
  });

  it('finds a resident of his grid (人口与房屋), opens her record and her household, and logs a visit', async () => {
    await page.goto('/register');
    await page.getByTestId('register-search-input').fill('zmr');
    await page.getByTestId('register-search-submit').click();
    const persons = page.getByTestId('register-results-persons');
    await persons.waitFor();
    await expect(persons.textContent()).resolves.toContain('张美荣');
    await shot('12-register-search');

    await persons.locator('.el-table__row', { hasText: '张美荣' }).first().click();
    const drawer = page.getByTestId('person-drawer');
    await drawer.getByTestId('person-document').waitFor();
    await shot('13-person');
    await drawer.getByTestId('person-household').first().click();
    await page.waitForURL(/\/register-households\/\d+$/);
    await expect.poll(() => page.getByTestId('household-title').textContent()).toBe('张美荣户');
    await shot('14-household');

    await page.getByTestId('household-log-visit').click();
    const dialog = page.getByTestId('visit-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('visit-kind').getByText('节日必访').click();
    await dialog.getByTestId('visit-findings').fill('入户看望，老人身体尚可，家中用电用气安全。');
    await shot('15-visit-dialog');
    await dialog.getByTestId('visit-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('visit-item').first().textContent()).toContain('入户看望');
    await shot('16-visit-logged');
  });

  it('kept the console clean throughout', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
