// Proxy services (代办) in the console on the demo street, each person in a browser of their own:
// 赵立新 (grid worker, on a phone) files a request for 王秀英 — 高龄津贴申领, the materials to bring
// shown, her signature drawn on the screen; 王秀兰 (community secretary) finds it among the open
// requests and urges it (催办); 刘芳 (the grid's 代办员, on a phone) sees it among hers, accepts it,
// receives the materials (the item's checklist, one taken out), delivers the result, returns the
// originals and archives it, each materials step a 材料交接单 in the timeline; the secretary then
// records the resident's rating (回访). The administrator edits a catalogue item (limit and a
// material) and runs an Excel import's dry run with a bad row (row-by-row report, nothing to
// import) and a clean one. Screens at desktop and phone size; every phone screen fits its width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { writeXlsx } from '../core/src/xlsx/index';
import { PHONE, expectFitsPhone, signInAs } from './flows';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let worker: Page;
let agent: Page;
let secretary: Page;
let admin: Page;
let requestPath = '';
let number = '';
const PASSWORD = 'Daiban2026console';
const RESIDENT = '王秀英';
const ITEM = '高龄津贴申领';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

async function shot(page: Page, name: string, phone = false): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(`proxy-${name}`), fullPage: !phone });
  if (phone) await expectFitsPhone(page, name);
}

/** Opens a select (typing into it when it searches) and clicks the visible option with this text. */
async function pick(page: Page, select: Locator, option: string, query?: string): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  if (query !== undefined) await select.locator('input').fill(query);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** Takes one step on the open request page: its button, then the dialog's submit. */
async function step(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>): Promise<Locator> {
  await page.getByTestId(`proxy-action-${action}`).click();
  const dialog = page.getByTestId('proxy-action-dialog');
  await dialog.waitFor();
  if (fill) await fill(dialog);
  return dialog;
}

async function submit(page: Page): Promise<void> {
  const dialog = page.getByTestId('proxy-action-dialog');
  await dialog.getByTestId('proxy-action-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

const stateOf = (page: Page) => page.getByTestId('proxy-state').textContent();

// Building the console and starting a seeded server can be slow on a busy machine.
beforeAll(async () => {
  session = await openConsole('proxy');
  worker = await signInAs(session, 'gridworker', PASSWORD, PHONE);
}, 600_000);

afterAll(() => session?.close());

describe('proxy services', () => {
  it('a grid worker on a phone files a request for a resident, who signs on the screen', async () => {
    await worker.goto('/proxy/requests');
    await worker.getByTestId('proxy-file-open').click();
    const dialog = worker.getByTestId('proxy-file-dialog');
    await dialog.waitFor();
    await pick(worker, dialog.getByTestId('proxy-file-person'), RESIDENT, RESIDENT);
    await pick(worker, dialog.getByTestId('proxy-file-item'), ITEM, '高龄津贴');
    await poll(() => dialog.getByTestId('proxy-file-materials').textContent()).toContain('代办委托书');
    await dialog.getByTestId('proxy-file-description').fill('王秀英老人85岁独居，行动不便，委托代办员上门收取材料，代为申领高龄津贴。');
    // The signature: a stroke of the finger (a tap) and a name written with the pointer.
    const pad = dialog.getByTestId('proxy-file-signature');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await worker.touchscreen.tap(box.x + 30, box.y + box.height / 2);
    await worker.mouse.move(box.x + 40, box.y + box.height * 0.6);
    await worker.mouse.down();
    for (let i = 1; i <= 24; i++) await worker.mouse.move(box.x + 40 + i * 11, box.y + box.height * (0.6 - 0.25 * Math.sin(i / 2.5)), { steps: 2 });
    await worker.mouse.up();
    await poll(() => pad.getAttribute('data-empty')).toBe('false');
    await shot(worker, '01-phone-file', true);
    await dialog.getByTestId('proxy-file-submit').click();
    await worker.waitForURL(/\/proxy\/requests\/\d+$/);
    requestPath = new URL(worker.url()).pathname;
    number = ((await worker.getByTestId('proxy-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^DB\d{8}-\d{4}$/);
    expect(await stateOf(worker)).toContain('待受理');
    await poll(() => worker.getByTestId('proxy-agent').textContent()).toBe('刘芳');
    // The signature comes back from the server as a picture.
    const signature = worker.getByTestId('proxy-signature');
    await poll(() => signature.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await shot(worker, '02-phone-filed', true);
  });

  it('the community secretary finds it among the open requests and urges it', async () => {
    secretary = await signInAs(session, 'secretary', PASSWORD);
    await secretary.goto('/proxy/requests');
    const row = secretary.getByTestId(`proxy-row-${number}`);
    await row.waitFor();
    await row.click();
    await secretary.waitForURL(new RegExp(`${requestPath}$`));
    await step(secretary, 'urge', async (d) => d.getByTestId('proxy-action-note').fill('老人家里着急，请今天上门收材料。'));
    await submit(secretary);
    await poll(() => secretary.getByTestId('proxy-urged').textContent()).toContain('1');
    await shot(secretary, '03-desktop-urged');
  });

  it('the 代办员 on a phone accepts, receives the materials, delivers, returns the originals and archives', async () => {
    agent = await signInAs(session, 'proxy', PASSWORD, PHONE);
    await agent.goto('/proxy/requests');
    // Hers by default, as cards on the phone.
    await poll(() => agent.getByTestId('proxy-filter-mine').locator('input').isChecked()).toBe(true);
    const card = agent.locator('.cg-row', { hasText: number });
    await card.waitFor();
    await shot(agent, '04-phone-list', true);
    await card.click();
    await agent.waitForURL(new RegExp(`${requestPath}$`));
    await agent.getByTestId('proxy-action-accept').waitFor();
    await shot(agent, '05-phone-request', true);

    await step(agent, 'accept');
    await submit(agent);
    await poll(() => stateOf(agent)).toContain('办理中');

    // 接收材料: the item's checklist, less the bank card the resident keeps.
    const receive = await step(agent, 'receiveMaterials');
    const rows = receive.getByTestId('material-row');
    await poll(() => rows.count()).toBe(4);
    // The checklist's order: 居民身份证, 居民户口簿, 本人银行卡或存折, 代办委托书.
    await rows.nth(2).getByTestId('material-remove').click();
    await poll(() => rows.count()).toBe(3);
    await shot(agent, '06-phone-receive', true);
    await submit(agent);
    await poll(() => agent.locator('[data-testid^="proxy-handover-"]').count()).toBe(1);

    await step(agent, 'deliver', async (d) => d.getByTestId('proxy-action-note').fill('高龄津贴已审批通过，自下月起每月发放至老人社保卡。'));
    await submit(agent);
    await poll(() => stateOf(agent)).toContain('已送达');
    await poll(() => agent.getByTestId('proxy-result').textContent()).toContain('高龄津贴已审批通过');

    // 退还材料: the originals received, prefilled.
    const back = await step(agent, 'returnMaterials');
    await poll(() => back.getByTestId('material-row').count()).toBeGreaterThan(0);
    await submit(agent);
    await poll(() => agent.locator('[data-testid^="proxy-handover-"]').count()).toBe(2);

    await step(agent, 'archive');
    await submit(agent);
    await poll(() => stateOf(agent)).toContain('已办结');
    await expect(agent.getByTestId('proxy-print-completion').getAttribute('href')).resolves.toMatch(/\/documents\/completion$/);
    await expect(agent.locator('[data-testid^="proxy-print-handover-"]').first().getAttribute('href')).resolves.toMatch(/\/documents\/handover\?eventId=\d+$/);
    await shot(agent, '07-phone-archived', true);
  });

  it('the secretary records the resident’s rating (回访)', async () => {
    await secretary.reload();
    await step(secretary, 'rate', async (d) => {
      await d.getByTestId('proxy-action-rating').getByText('满意', { exact: true }).click();
      await d.getByTestId('proxy-action-comment').fill('老人说代办员上门两次，很贴心。');
    });
    await submit(secretary);
    await poll(() => secretary.getByTestId('proxy-summary').textContent()).toContain('很贴心');
    await shot(secretary, '08-desktop-rated');
  });

  it('the administrator edits a catalogue item and runs an import’s dry run', async () => {
    admin = await signInAs(session, 'admin', PASSWORD);
    await admin.goto('/proxy-items');
    await admin.getByPlaceholder('事项名称 / 编码 / 承办部门').fill(ITEM);
    await admin.getByRole('button', { name: '查询' }).click();
    const rows = admin.locator('[data-testid="proxy-items-table"] .el-table__body .el-table__row');
    await poll(() => rows.count()).toBe(1);
    await rows.first().locator('[data-testid^="proxy-item-edit-"]').click();
    const dialog = admin.getByTestId('proxy-item-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('item-days').locator('input').fill('15');
    await dialog.getByTestId('material-add').click();
    await dialog.getByTestId('material-name').last().fill('老年人优待证');
    await shot(admin, '09-desktop-item-edit');
    await dialog.getByTestId('item-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => rows.first().textContent()).toContain('15 个工作日');
    await rows.first().click();
    await poll(() => admin.getByTestId('proxy-item-materials').textContent()).toContain('老年人优待证');
    await admin.keyboard.press('Escape');

    await admin.getByTestId('proxy-items-import').click();
    const importer = admin.getByTestId('proxy-import-dialog');
    await importer.waitFor();
    const header = ['事项编码', '事项名称', '服务方式', '办理时限（工作日）', '承办部门', '办理窗口', '材料清单', '收费标准', '设定依据'];
    const sheet = (rows: string[][]) => Buffer.from(writeXlsx([{ name: '代办事项目录', columns: header.map((h) => ({ header: h, text: true })), rows }]));
    const good = ['11-00201-000-01', '失业登记', '全程代办', '1', '金水区人力资源和社会保障局', '花园路街道党群服务中心 就业社保窗口', '居民身份证（原件及复印件）；代办委托书（原件）', '不收费', '《就业服务与就业管理规定》'];
    const bad = ['12-345', '独生子女父母光荣证', '上门代办', '0', '金水区卫生健康委员会', '', '', '不收费', ''];
    await importer.getByTestId('proxy-import-file').setInputFiles({ name: '代办事项目录.xlsx', mimeType: XLSX, buffer: sheet([good, bad]) });
    await importer.getByTestId('proxy-import-check').click();
    await poll(() => importer.getByTestId('proxy-import-report').textContent()).toContain('未导入任何数据');
    await expect(importer.getByTestId('proxy-import-problems').textContent()).resolves.toContain('第3行「事项编码」');
    expect(await importer.getByTestId('proxy-import-run').isDisabled()).toBe(true);
    await shot(admin, '10-desktop-import-problems');
    await importer.getByTestId('proxy-import-file').setInputFiles({ name: '代办事项目录-修改后.xlsx', mimeType: XLSX, buffer: sheet([good]) });
    await importer.getByTestId('proxy-import-check').click();
    await poll(() => importer.getByTestId('proxy-import-report').textContent()).toContain('检查通过');
    expect(await importer.getByTestId('proxy-import-run').isDisabled()).toBe(false);
    await shot(admin, '11-desktop-import-clean');
  });

  it('the request page reads on a desktop too, and nothing went wrong in any console', async () => {
    await admin.goto(requestPath);
    await admin.getByTestId('proxy-timeline').waitFor();
    await poll(() => admin.locator('[data-testid^="proxy-timeline-"]').count()).toBe(8);
    await shot(admin, '12-desktop-request');
    expect(session.pageErrors).toEqual([]);
  });
});
