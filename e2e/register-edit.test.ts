// Keeping the register in the browser against the real server with the demo street: the demo grid
// worker registers a room (and a whole building's rooms), registers a migrant in that room through
// the dialog (the server's ID check shown under the field first), opens a household for him and
// registers his wife as a member, lets the room with him as tenant, registers a shop with a valid
// 统一社会信用代码 and a street lamp; then the admin adds a tag to the catalogue. At 1366×768.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { creditCodeCheckChar } from '../core/src/register/credit-code';
import { mod11_2CheckChar } from '../core/src/register/id-card';
import { confirmMessageBox } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let page: Page;
let pageErrors: string[];

const GRID_WORKER = { username: 'gridworker', initialPassword: 'CivicGrid@2026', newPassword: 'Tongxin2026edit' };
const ADMIN = { username: 'admin', initialPassword: 'CivicGrid@2026', newPassword: 'Huayuan2026tags' };
const idNumber = (first17: string) => first17 + mod11_2CheckChar(first17);
const HUSBAND_ID = idNumber('41162619900611301');
const WIFE_ID = idNumber('41162619920315302');
const SHOP_CODE = '92410105MA9GK3L7X' + creditCodeCheckChar('92410105MA9GK3L7X');

const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
};
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Opens a select (typing into it when it filters) and clicks the visible option with this text. */
async function pick(select: Locator, option: string, query?: string): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  if (query !== undefined) await select.locator('input').fill(query);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The text box of an Element Plus input: el-input puts the test id on the <input> itself. */
async function inputOf(field: Locator): Promise<Locator> {
  return ['INPUT', 'TEXTAREA'].includes(await field.evaluate((e) => e.tagName)) ? field : field.locator('input').first();
}

async function type(field: Locator, text: string): Promise<void> {
  await (await inputOf(field)).fill(text);
}

/** Types a date into an Element Plus date picker. */
async function fillDate(picker: Locator, day: string): Promise<void> {
  const input = await inputOf(picker);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

async function signIn(user: { username: string; initialPassword: string; newPassword: string }): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.initialPassword);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('pw-current').fill(user.initialPassword);
  await page.getByTestId('pw-new').fill(user.newPassword);
  await page.getByTestId('pw-confirm').fill(user.newPassword);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL(/\/overview/);
}

/** The first demo building of the grid worker's community, through the API the page uses. */
async function firstBuilding(): Promise<{ name: string; gridName: string; lng: number; lat: number }> {
  return page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as { user: { scopes: { orgUnitId: number }[] } };
    const root = me.user.scopes[0]!.orgUnitId;
    const answer = (await (await fetch(`/api/geo/buildings?rootId=${root}`)).json()) as { items: { name: string; gridName: string; lng: number; lat: number }[] };
    return answer.items[0]!;
  });
}

let building: { name: string; gridName: string; lng: number; lat: number };

beforeAll(async () => {
  session = await openConsole('register-edit');
  ({ page, pageErrors } = session);
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(() => session?.close());

// A failed step leaves a picture of the page behind, for the one who reads the failure.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await page.screenshot({ path: screenshotPath(`register-edit-failed-${task.name.slice(0, 30)}`), fullPage: true }).catch(() => {});
});

describe('CivicGrid register: registering and editing', () => {
  it('signs in as the demo grid worker', async () => {
    await signIn(GRID_WORKER);
    building = await firstBuilding();
    expect(building.name).toBeTruthy();
  });

  it('registers a room, then a whole building (created and skipped)', async () => {
    await page.getByTestId('menu-register-dwellings').click();
    await page.waitForURL(/\/register-dwellings$/);
    await page.getByTestId('dwellings-create').click();
    const dialog = page.getByTestId('dwelling-create-dialog');
    await dialog.waitFor();
    await pick(dialog.getByTestId('dwelling-building'), building.name, building.name);
    await type(dialog.getByTestId('dwelling-unit'), '2');
    await type(dialog.getByTestId('dwelling-floor'), '16');
    await type(dialog.getByTestId('dwelling-room'), '1602');
    await pick(dialog.getByTestId('dwelling-occupancy'), '出租');
    await shot('register-edit-01-dwelling');
    await dialog.getByTestId('dwelling-save').click();
    await dialog.waitFor({ state: 'hidden' });

    // The same room again: the server's 409 ROOM_EXISTS under the room field.
    await page.getByTestId('dwellings-create').click();
    await dialog.waitFor();
    await pick(dialog.getByTestId('dwelling-building'), building.name, building.name);
    await type(dialog.getByTestId('dwelling-unit'), '2');
    await type(dialog.getByTestId('dwelling-room'), '1602');
    await dialog.getByTestId('dwelling-save').click();
    await poll(() => dialog.locator('.el-form-item__error').allTextContents()).toEqual([expect.stringContaining('已登记')]);

    await dialog.getByTestId('dwelling-mode').getByText('整栋登记').click();
    await type(dialog.getByTestId('dwelling-units'), '1');
    await type(dialog.getByTestId('dwelling-floors'), '7');
    await type(dialog.getByTestId('dwelling-per-floor'), '2');
    await dialog.getByTestId('dwelling-save').click();
    await poll(() => dialog.getByTestId('dwelling-whole-result').textContent()).toMatch(/新增 \d+ 套，跳过已登记 \d+ 套/);
    await shot('register-edit-02-whole-building');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('registers a migrant in that room; a bad ID number is refused under the field', async () => {
    await page.getByTestId('menu-register-persons').click();
    await page.waitForURL(/\/register-persons$/);
    await page.getByTestId('persons-create').click();
    const dialog = page.getByTestId('person-create-dialog');
    await dialog.waitFor();
    await type(dialog.getByTestId('pc-name'), '陈志强');
    await type(dialog.getByTestId('pc-phone'), '13937150286');
    const wrongCheck = HUSBAND_ID.slice(0, 17) + (HUSBAND_ID.endsWith('1') ? '2' : '1');
    await type(dialog.getByTestId('pc-document'), wrongCheck);
    await dialog.getByTestId('pc-residence').getByText('流动人口').click();
    await type(dialog.getByTestId('pc-hukou'), '河南省周口市淮阳区城关镇东关村');
    await fillDate(dialog.getByTestId('pc-residence-from'), '2026-01-10');
    await fillDate(dialog.getByTestId('pc-residence-until'), '2027-01-09');
    await pick(dialog.getByTestId('dwelling-pick-building'), building.name, building.name);
    await pick(dialog.getByTestId('dwelling-pick-room'), '1602');
    await dialog.getByTestId('pc-save').click();
    await poll(() => dialog.locator('.el-form-item__error').allTextContents()).toEqual([expect.stringContaining('校验')]);
    await shot('register-edit-03-person-invalid-id');

    await type(dialog.getByTestId('pc-document'), HUSBAND_ID);
    await dialog.getByTestId('pc-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const drawer = page.getByTestId('person-drawer');
    await poll(() => drawer.textContent()).toContain('流动人口');
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('陈志强');
    expect(text).toContain('1602');
    expect(text).toContain('2026-01-10 ~ 2027-01-09');
    expect(text).not.toContain('13937150286');
    await shot('register-edit-04-person');
    await page.keyboard.press('Escape');
  });

  it('opens a household for him in the room and registers his wife as a member', async () => {
    await page.getByTestId('menu-register-dwellings').click();
    await type(page.getByTestId('dwellings-q'), '1602');
    await (await inputOf(page.getByTestId('dwellings-q'))).press('Enter');
    const row = page.getByTestId('dwellings-table').locator('.el-table__row', { hasText: building.name }).first();
    await row.waitFor();
    await row.click();
    const drawer = page.getByTestId('dwelling-drawer');
    await drawer.getByTestId('dwelling-new-household').click();
    const dialog = page.getByTestId('household-create-dialog');
    await dialog.waitFor();
    await pick(dialog.getByTestId('household-head'), '陈志强', 'czq');
    await shot('register-edit-05-new-household');
    await dialog.getByTestId('household-create-save').click();
    await page.waitForURL(/\/register-households\/\d+$/);
    await poll(() => page.getByTestId('household-title').textContent()).toBe('陈志强户');

    await page.getByTestId('household-register-member').click();
    const member = page.getByTestId('person-create-dialog');
    await member.waitFor();
    await type(member.getByTestId('pc-name'), '李秀梅');
    await type(member.getByTestId('pc-document'), WIFE_ID);
    await member.getByTestId('pc-residence').getByText('流动人口').click();
    await type(member.getByTestId('pc-hukou'), '河南省周口市淮阳区城关镇东关村');
    await expect(member.getByTestId('pc-relation').textContent()).resolves.toContain('配偶');
    await shot('register-edit-06-member-dialog');
    await member.getByTestId('pc-save').click();
    await member.waitFor({ state: 'hidden' });
    const members = page.getByTestId('household-members');
    await poll(() => members.textContent()).toContain('李秀梅');
    const text = (await members.textContent()) ?? '';
    expect(text).toContain('陈志强');
    expect(text).toContain('配偶');
    await shot('register-edit-07-household');
  });

  it('refuses to take the head off the register while his wife is a member', async () => {
    const head = page.getByTestId('household-members').locator('.el-table__row', { hasText: '陈志强' });
    await head.locator('[data-testid^="member-actions-"]').click();
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '注销' }).click();
    const dialog = page.getByTestId('deregister-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('deregister-save').click();
    await poll(() => dialog.getByTestId('deregister-error').textContent()).toContain('户主');
    await shot('register-edit-08-deregister-refused');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('lets the room with him as tenant', async () => {
    await page.getByTestId('menu-register-rentals').click();
    await page.waitForURL(/\/register-rentals$/);
    await page.getByTestId('rentals-create').click();
    const dialog = page.getByTestId('rental-create-dialog');
    await dialog.waitFor();
    await pick(dialog.getByTestId('dwelling-pick-building'), building.name, building.name);
    await pick(dialog.getByTestId('dwelling-pick-room'), '1602');
    await type(dialog.getByTestId('rental-landlord-name'), '王建国');
    await type(dialog.getByTestId('rental-landlord-phone'), '13803710021');
    await type(dialog.getByTestId('rental-rooms'), '2');
    await fillDate(dialog.getByTestId('rental-start'), '2026-01-10');
    await fillDate(dialog.getByTestId('rental-end'), '2027-01-09');
    await shot('register-edit-09-rental-dialog');
    await dialog.getByTestId('rental-save').click();
    await dialog.waitFor({ state: 'hidden' });

    const drawer = page.getByTestId('rental-drawer');
    await poll(() => drawer.textContent()).toContain('王建国');
    expect(await drawer.textContent()).toContain('138****0021');
    await drawer.getByTestId('rental-add-tenant').click();
    await pick(drawer.getByTestId('tenant-person'), '陈志强', '陈志强');
    await type(drawer.getByTestId('tenant-room'), '主卧');
    await drawer.getByTestId('tenant-save').click();
    await poll(() => drawer.getByTestId('rental-tenants').textContent()).toContain('陈志强');
    expect(await drawer.getByTestId('rental-tenants').textContent()).toContain('主卧');
    await shot('register-edit-10-rental-tenant');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('rentals-table').textContent()).toContain('王建国');
    await shot('register-edit-11-rentals');
  });

  it('registers a shop with a valid 统一社会信用代码 and opens it from the search box', async () => {
    await page.getByTestId('menu-register-places').click();
    await page.waitForURL(/\/register-places$/);
    await page.getByTestId('places-create').click();
    const dialog = page.getByTestId('place-dialog');
    await dialog.waitFor();
    await type(dialog.getByTestId('place-name'), '豫香园烩面馆');
    await type(dialog.getByTestId('place-address'), '纬五路13号院临街3号');
    await pick(dialog.getByTestId('place-building'), building.name, building.name);
    await type(dialog.getByTestId('place-credit-code'), SHOP_CODE.slice(0, 17) + (SHOP_CODE.endsWith('0') ? '1' : '0'));
    await type(dialog.getByTestId('place-contact'), '杨秀兰');
    await type(dialog.getByTestId('place-contact-phone'), '13607691234');
    await dialog.getByTestId('place-save').click();
    await poll(() => dialog.locator('.el-form-item__error').allTextContents()).toEqual([expect.stringContaining('校验位')]);
    await shot('register-edit-12-place-invalid-code');
    await type(dialog.getByTestId('place-credit-code'), SHOP_CODE);
    await dialog.getByTestId('place-save').click();
    await dialog.waitFor({ state: 'hidden' });

    const drawer = page.getByTestId('place-drawer');
    await poll(() => drawer.getByTestId('place-credit').textContent()).toBe(SHOP_CODE);
    await expect(drawer.getByTestId('place-phone').textContent()).resolves.toBe('136****1234');
    await drawer.getByTestId('place-reveal').click();
    await page.locator('.el-message-box:visible input').fill('核对食品经营许可联系人');
    await confirmMessageBox(page);
    await poll(() => drawer.getByTestId('place-phone').textContent()).toBe('13607691234');
    await drawer.getByTestId('place-verify').click();
    await poll(() => drawer.textContent()).toContain('已核实');
    await shot('register-edit-13-place');
    await page.keyboard.press('Escape');

    await page.getByTestId('menu-register').click();
    await page.getByTestId('register-search-input').fill('豫香园');
    await page.getByTestId('register-search-submit').click();
    await page.getByTestId('register-place-hit').first().click();
    await poll(() => page.getByTestId('place-drawer').getByTestId('place-credit').textContent()).toBe(SHOP_CODE);
    await page.keyboard.press('Escape');
  });

  it('registers a street lamp at a typed point and marks it damaged', async () => {
    await page.getByTestId('menu-register-components').click();
    await page.waitForURL(/\/register-components$/);
    await page.getByTestId('components-create').click();
    const dialog = page.getByTestId('component-dialog');
    await dialog.waitFor();
    const lamp = await page.evaluate(async () => {
      const c = (await (await fetch('/api/register/component-categories')).json()) as { classes: { name: string; items: { code: string; name: string }[] }[] };
      const cls = c.classes.find((k) => k.items.some((i) => i.name === '路灯')) ?? c.classes[0]!;
      return { cls: cls.name, item: (cls.items.find((i) => i.name === '路灯') ?? cls.items[0]!).name };
    });
    await dialog.getByTestId('component-category').locator('.el-cascader').click();
    await page.locator('.el-cascader-node:visible', { hasText: lamp.cls }).first().click();
    await page.locator('.el-cascader-node:visible', { hasText: lamp.item }).first().click();
    await type(dialog.getByTestId('component-lng'), building.lng.toFixed(6));
    await type(dialog.getByTestId('component-lat'), building.lat.toFixed(6));
    await type(dialog.getByTestId('component-name'), '纬五路13号院门口路灯');
    await (await inputOf(dialog.getByTestId('component-lat'))).press('Tab');
    await shot('register-edit-14-component-dialog');
    await dialog.getByTestId('component-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.el-table__row', { hasText: '纬五路13号院门口路灯' });
    await row.waitFor();
    await row.locator('.el-tag', { hasText: '完好' }).click();
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '损坏' }).click();
    await poll(() => row.textContent()).toContain('损坏');
    await shot('register-edit-15-components');
  });

  it('lets the admin add a tag to the catalogue and retire it', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    await signIn(ADMIN);
    await page.getByTestId('menu-register-tags').click();
    await page.waitForURL(/\/register-tags$/);
    const table = page.getByTestId('tags-table');
    await poll(() => table.textContent()).toContain('刑满释放');
    await page.getByTestId('tags-add').click();
    const dialog = page.getByTestId('tag-dialog');
    await dialog.waitFor();
    await type(dialog.getByTestId('tag-key'), 'lost_only_child');
    await type(dialog.getByTestId('tag-zh'), '失独家庭');
    await type(dialog.getByTestId('tag-en'), 'Bereaved only-child parents');
    await shot('register-edit-16-tag-dialog');
    await dialog.getByTestId('tag-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.locator('.el-table__row', { hasText: '失独家庭' });
    await row.waitFor();
    await shot('register-edit-17-tags');
    await page.getByTestId('tag-retire-lost_only_child').click();
    await confirmMessageBox(page);
    await poll(() => row.textContent()).toContain('已停用');
  });

  it('kept the console clean: no uncaught error, console error or warning', () => {
    expect(pageErrors).toEqual([]);
  });
});
