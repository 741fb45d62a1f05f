// The community's resident pages and their staff side, in a real browser against the seeded demo
// street: on a phone (390×844) a resident of 通信花园社区's first grid reads the notices (the
// community's pinned 供暖 notice first) and one in full, asks a question and gets a tracking code,
// orders 上门助浴 from the service supermarket; at a desk, the community secretary 王秀兰 answers the
// question, and records the provider's 接单 and 完成 of the order; the resident reads the answer,
// sees the order done and rates it. No screen scrolls sideways; the browser console stays clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, expectFitsPhone, signInAs } from './flows';
import { expectAccessible } from './axe';
import { openConsole, screenshotPath, type ConsoleSession } from './harness';

let session: ConsoleSession;
let phone: Page;
let desk: Page;
let gridCode = '';
let askCode = '';
let orderCode = '';
let orderNumber = '';

/** Every resident page state the test reaches: photographed, held to the phone's width and checked by axe-core. */
async function phoneShot(name: string): Promise<void> {
  await phone.waitForTimeout(500);
  await phone.screenshot({ path: screenshotPath(`resident-community-${name}`), fullPage: true });
  await expectFitsPhone(phone, name);
  await expectAccessible(phone, name);
}
async function deskShot(name: string): Promise<void> {
  await desk.waitForTimeout(600);
  await desk.screenshot({ path: screenshotPath(`resident-community-desk-${name}`), fullPage: true });
}

beforeAll(async () => {
  session = await openConsole('resident-community');
  phone = await session.newPage('resident phone', PHONE);
}, 240_000);

afterAll(() => session?.close());

describe('the resident (phone)', () => {
  it('reads the notices of the grid: the community’s pinned notice first, then one in full', async () => {
    // The first grid of 通信花园社区 (GB/T 30428.1: community code + 001): the community's and the street's notices show there.
    gridCode = '410105002012001';
    expect((await phone.request.get(`/api/public/grids/${gridCode}/shop`)).status()).toBe(200);
    await phone.goto(`/r/${gridCode}/news`);
    await expect.poll(() => phone.getByTestId('news-item').count()).toBe(4);
    const first = phone.getByTestId('news-item').first();
    expect(await first.textContent()).toContain('供暖缴费');
    expect(await first.textContent()).toContain('置顶');
    expect(await phone.getByTestId('news-list').textContent()).toContain('花园路街道冬季消防安全提示');
    await phoneShot('news');
    await first.click();
    await expect.poll(() => phone.getByTestId('news-detail').textContent()).toContain('郑州热力');
    await phoneShot('news-detail');
  });

  it('asks a question and gets a tracking code', async () => {
    await phone.goto(`/r/${gridCode}/ask`);
    await phone.getByTestId('ask-submit').click();
    await expect.poll(() => phone.getByTestId('ask-error').textContent()).toContain('至少写5个字');
    await phone.getByTestId('ask-text').fill('我家老人82岁，行动不便，高龄津贴可以请网格员上门帮忙办理吗？');
    await phone.getByTestId('ask-name').fill('孙阿姨');
    await phone.getByTestId('ask-phone').fill('13783610245');
    await phoneShot('ask-form');
    await phone.getByTestId('ask-submit').click();
    await expect.poll(() => phone.getByTestId('ask-code').textContent()).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    askCode = (await phone.getByTestId('ask-code').textContent())!;
    await phoneShot('ask-done');
    await phone.getByTestId('ask-view').click();
    await expect.poll(() => phone.getByTestId('ask-answer').textContent()).toContain('待答复');
  });

  it('orders 上门助浴 from the service supermarket and follows the order', async () => {
    await phone.goto(`/r/${gridCode}/shop`);
    await expect.poll(() => phone.getByTestId('shop-provider').count()).toBe(4);
    expect(await phone.getByTestId('shop-provider').first().textContent()).toContain('郑州绿都物业服务有限公司');
    await phoneShot('shop');
    const bath = phone.getByTestId('shop-provider').filter({ hasText: '福寿康' }).getByTestId('shop-order').first();
    await bath.click();
    await phone.getByTestId('shop-address').fill('通信花园小区3号楼2单元501');
    await phone.getByTestId('shop-phone').fill('13783610245');
    await phone.getByTestId('shop-name').fill('孙阿姨');
    await phone.getByTestId('shop-note').fill('老人腿脚不便，需要两位护理员');
    await phoneShot('shop-form');
    await phone.getByTestId('shop-submit').click();
    await expect.poll(() => phone.getByTestId('shop-code').textContent()).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    orderCode = (await phone.getByTestId('shop-code').textContent())!;
    orderNumber = ((await phone.getByTestId('shop-done').textContent()) ?? '').match(/FW\d{8}-\d{4}/)![0];
    await phoneShot('shop-done');
    await phone.getByTestId('shop-follow').click();
    await expect.poll(() => phone.getByTestId('order-state').textContent()).toBe('待接单');
    await phoneShot('order');
  });
});

describe('the community desk (desktop)', () => {
  it('the secretary answers the question', async () => {
    desk = await signInAs(session, 'secretary', 'Huayuanlu2026c');
    await desk.goto('/community/consultations');
    const row = desk.getByTestId('consultations-table').locator('.el-table__row', { hasText: '高龄津贴' }).first();
    await row.click();
    await desk.getByTestId('consultation-answer').fill('可以。网格代办员刘芳会在两个工作日内与您电话联系，上门帮老人办理高龄津贴申请，请准备好老人的身份证和户口本。');
    await deskShot('consultation');
    await desk.getByTestId('consultation-send').click();
    await expect.poll(() => desk.getByTestId('consultation-drawer').textContent()).toContain('已答复');
  });

  it('records the provider’s 接单 and 完成 of the order', async () => {
    await desk.goto('/community/shop');
    const row = desk.getByTestId('orders-table').locator('.el-table__row', { hasText: orderNumber });
    await row.click();
    await expect.poll(() => desk.getByTestId('order-drawer').textContent()).toContain('待接单');
    await desk.getByTestId('order-action-accept').click();
    await desk.getByTestId('order-step-note').fill('福寿康李淑芬电话接单，明天上午9点两名护理员上门');
    await desk.getByTestId('order-step-submit').click();
    await expect.poll(() => desk.getByTestId('order-drawer').textContent()).toContain('服务中');
    await deskShot('order-accepted');
    await desk.getByTestId('order-action-complete').click();
    await desk.getByTestId('order-step-note').fill('已上门助浴，居民家属确认');
    await desk.getByTestId('order-step-submit').click();
    await expect.poll(() => desk.getByTestId('order-drawer').textContent()).toContain('已完成');
    await deskShot('order-done');
  });

  it('shows the notices and providers of the community', async () => {
    await desk.goto('/community/notices');
    await expect.poll(() => desk.getByTestId('notices-table').textContent()).toContain('供暖缴费');
    await deskShot('notices');
    await desk.goto('/community/shop');
    await desk.getByRole('tab', { name: '服务商' }).click();
    await expect.poll(() => desk.getByTestId('provider-card').count()).toBe(4);
    await deskShot('providers');
  });
});

describe('the resident again (phone)', () => {
  it('reads the answer, sees the order done and rates it', async () => {
    await phone.goto(`/r/${gridCode}/ask?code=${askCode}`);
    await expect.poll(() => phone.getByTestId('ask-answer-text').textContent()).toContain('网格代办员刘芳');
    await phoneShot('ask-answer');
    await phone.goto(`/r/${gridCode}/shop/order/${orderCode}`);
    await expect.poll(() => phone.getByTestId('order-state').textContent()).toBe('已完成');
    await phone.getByTestId('order-rating-satisfied').click();
    await phone.getByTestId('order-rate-submit').click();
    await expect.poll(() => phone.getByTestId('order-view').textContent()).toContain('您的评价：满意');
    await phoneShot('order-rated');
    expect(session.pageErrors).toEqual([]);
  });
});
